import type { ReactElement } from 'react'
import type { Language } from '../domain/staff'
import { printContext } from './print-i18n'
import { templateOf, type PrintDocument } from './templates'

/**
 * One document as it prints, in `language`. The renderer shows it as the preview (with
 * print.css imported); renderHtml puts one or more of them into a standalone page.
 */
export function PrintDocumentView({
  document,
  language
}: {
  document: PrintDocument
  language: Language
}): ReactElement {
  const ctx = printContext(language)
  const { Body } = templateOf(document)
  return (
    <article className={`print-document doc-${document.kind}`} lang={ctx.language}>
      <Body data={document.data} ctx={ctx} />
    </article>
  )
}
