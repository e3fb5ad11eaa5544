/**
 * @file Node only (reads files): the print stylesheet and the embedded fonts, for callers of
 * renderHtml in main and in tests. The renderer never imports this file.
 */
import { access, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PrintAssets, PrintFont } from './types'

/** The unicode ranges are the @fontsource packages' unicode.json (resources/fonts/README.md). */
const LATIN =
  'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,' +
  'U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD'
const LATIN_EXT =
  'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,' +
  'U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,' +
  'U+A720-A7FF'
const CYRILLIC = 'U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116'

export const PRINT_FONT_FILES: readonly (Omit<PrintFont, 'data'> & { file: string })[] = [
  ...([400, 700] as const).flatMap((weight) =>
    [
      { file: `noto-sans-latin-${weight}-normal.woff2`, unicodeRange: LATIN },
      { file: `noto-sans-latin-ext-${weight}-normal.woff2`, unicodeRange: LATIN_EXT },
      { file: `noto-sans-cyrillic-${weight}-normal.woff2`, unicodeRange: CYRILLIC }
    ].map((font) => ({ ...font, family: 'sans' as const, weight, format: 'woff2' as const }))
  ),
  {
    file: 'noto-sans-mono-latin-700-normal.woff2',
    family: 'mono',
    weight: 700,
    unicodeRange: LATIN,
    format: 'woff2'
  }
]

export interface LoadPrintAssetsOptions {
  /** print.css, where the default places do not have it (a packaged app). */
  cssPath?: string
}

/**
 * Reads the fonts from `<resourcesDir>/fonts` and print.css: from `cssPath`, else beside this
 * file (tests, tsx), else the repository's src/shared/print next to `resourcesDir` (the built
 * main process, whose code is bundled into out/main).
 */
export async function loadPrintAssets(
  resourcesDir: string,
  options: LoadPrintAssetsOptions = {}
): Promise<PrintAssets> {
  const fontsDir = join(resourcesDir, 'fonts')
  const [css, fonts] = await Promise.all([
    readFile(await findStylesheet(resourcesDir, options.cssPath), 'utf8'),
    Promise.all(
      PRINT_FONT_FILES.map(async ({ file, ...font }) => ({
        ...font,
        data: new Uint8Array(await readFile(join(fontsDir, file)))
      }))
    )
  ])
  return { css, fonts }
}

async function findStylesheet(resourcesDir: string, cssPath: string | undefined): Promise<string> {
  const candidates = cssPath
    ? [cssPath]
    : [
        join(dirname(fileURLToPath(import.meta.url)), 'print.css'),
        join(resourcesDir, '..', 'src', 'shared', 'print', 'print.css')
      ]
  for (const candidate of candidates) {
    try {
      await access(candidate)
      return candidate
    } catch {
      // Not here; try the next place.
    }
  }
  throw new Error(`print.css not found (looked in ${candidates.join(', ')})`)
}
