import { renderToStaticMarkup } from 'react-dom/server'
import type { Language } from '../domain/staff'
import { printContext } from './print-i18n'
import { PrintDocumentView } from './PrintDocumentView'
import { templateOf, type PrintDocument } from './templates'
import type { PrintAssets, PrintFont } from './types'

/**
 * Nothing may load or run: styles are inline, fonts and images are data: URLs, and no script is
 * allowed at all. Printing hostile data can then at worst print odd text.
 */
export const PRINT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:"

const FAMILY: Record<PrintFont['family'], string> = { sans: 'Print Sans', mono: 'Print Mono' }

/**
 * The documents as one standalone HTML page in `language`: fonts and stylesheet inlined, no
 * script, each document starting on a new page. Chromium (`page.pdf()`) or Electron
 * (`printToPDF`) turns it into the PDF.
 */
export function renderHtml(
  documents: readonly PrintDocument[],
  language: Language,
  assets: PrintAssets
): string {
  const ctx = printContext(language)
  const body = renderToStaticMarkup(
    <>
      {documents.map((document, index) => (
        <PrintDocumentView key={index} document={document} language={ctx.language} />
      ))}
    </>
  )
  const first = documents[0]
  const title = first ? templateOf(first).title(first.data, ctx) : ''
  return [
    '<!DOCTYPE html>',
    `<html lang="${ctx.language}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${PRINT_CSP}">`,
    `<title>${escapeText(title)}</title>`,
    `<style>${headStyle(assets)}</style>`,
    '</head>',
    `<body class="print-body">${body}</body>`,
    '</html>'
  ].join('\n')
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

const styles = new WeakMap<PrintAssets, string>()

/** The @font-face rules and the stylesheet, built once per assets object. */
function headStyle(assets: PrintAssets): string {
  let style = styles.get(assets)
  if (style === undefined) {
    const faces = assets.fonts.map(
      (font) =>
        `@font-face{font-family:'${FAMILY[font.family]}';font-style:normal;` +
        `font-weight:${font.weight};font-display:block;unicode-range:${font.unicodeRange};` +
        `src:url(data:font/${font.format};base64,${toBase64(font.data)}) format('${font.format}')}`
    )
    // A stylesheet must not be able to end its own <style> element.
    style = [...faces, assets.css.replace(/<\/style/gi, '<\\/style')].join('\n')
    styles.set(assets, style)
  }
  return style
}

/** Base64 without Node's Buffer, so that the module also runs in the renderer. */
function toBase64(bytes: Uint8Array): string {
  let binary = ''
  const chunk = 0x8000
  for (let index = 0; index < bytes.length; index += chunk) {
    binary += String.fromCharCode(...bytes.subarray(index, index + chunk))
  }
  return btoa(binary)
}
