import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import type { Language } from '../../src/shared/domain/staff'
import { renderHtml, type PrintAssets } from '../../src/shared/print'
import { loadPrintAssets } from '../../src/shared/print/assets.node'
import { RESOURCES_DIR } from '../support/e2e-paths'
import {
  HOSTILE,
  RATIONALE,
  REVIEW_CASE_NUMBER,
  REVIEW_STAFF,
  buildFactors,
  reviewLetterDocument,
  type ReviewCaseOverrides
} from '../support/print-fixtures'

/**
 * The review letters of issue 9 through Chromium's page.pdf(), as Electron's printToPDF makes
 * them in the app, read back with poppler. PDFs and page images land in
 * test-results/print-review/ for people to look at.
 */

const OUT_DIR = resolve(import.meta.dirname, '../../test-results/print-review')
const LANGUAGES: readonly Language[] = ['lv', 'en', 'ru']

test.use({ trace: 'off' })

let assets: PrintAssets

test.beforeAll(async () => {
  assets = await loadPrintAssets(RESOURCES_DIR)
  mkdirSync(OUT_DIR, { recursive: true })
})

async function pdfOf(page: Page, html: string): Promise<Buffer> {
  await page.setContent(html, { waitUntil: 'load' })
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  return page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
}

/** The PDF, with a 60 dpi image of every page beside it. */
async function print(
  page: Page,
  name: string,
  letter: 'request' | 'extension' | 'outcome',
  language: Language,
  overrides: ReviewCaseOverrides = {}
): Promise<{ text: string; pages: number }> {
  const document = reviewLetterDocument(letter, { language, ...overrides })
  const path = join(OUT_DIR, `${name}.pdf`)
  writeFileSync(path, await pdfOf(page, renderHtml([document], language, assets)))
  execFileSync('pdftoppm', ['-png', '-r', '60', path, join(OUT_DIR, name)])
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' })
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' })
  for (const line of execFileSync('pdffonts', [path], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .slice(2)) {
    const columns = line.trim().split(/\s+/)
    expect(columns[0], 'only the embedded Noto fonts').toMatch(/^([A-Z]{6}\+)?NotoSans(Mono)?-/)
    expect(columns[columns.length - 5], `${columns[0]} is embedded`).toBe('yes')
  }
  return { text, pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]) }
}

const squash = (text: string): string => text.replace(/\s+/g, ' ')
/** For text that may wrap anywhere: pdftotext drops the hyphen a line ends on, and the spaces. */
const bare = (text: string): string => text.replace(/[\s-]+/g, '')

const EXPECTED: Record<
  Language,
  {
    request: string
    due: string
    extension: string
    result: string
    complaint: string
    court: string
  }
> = {
  lv: {
    request: 'Apstiprinājums par pieprasījuma saņemšanu',
    due: 'ne vēlāk kā 28.02.2027',
    extension: 'ir pagarināts par 2 mēnešiem — līdz 30.04.2027',
    result: 'Jaunais lēmums: apstiprināts ar kredītlimitu 1 500,00 EUR',
    complaint: 'Datu valsts inspekcijā (Elijas iela 17, Rīga, www.dvi.gov.lv)',
    court: 'vērsties tiesā'
  },
  en: {
    request: 'Confirmation that we received your request',
    due: 'no later than 28/02/2027',
    extension: 'has been extended by 2 months, to 30/04/2027',
    result: 'New decision: approved with a limit of EUR 1,500.00',
    complaint:
      'Data State Inspectorate (Datu valsts inspekcija, Elijas iela 17, Rīga, www.dvi.gov.lv)',
    court: 'the right to go to court'
  },
  ru: {
    request: 'Подтверждение получения запроса',
    due: 'не позднее 28.02.2027',
    extension: 'продлён на 2 месяца — до 30.04.2027',
    result: 'Новое решение: одобрено с лимитом 1 500,00 EUR',
    complaint:
      'Государственную инспекцию данных (Datu valsts inspekcija, Elijas iela 17, Rīga, www.dvi.gov.lv)',
    court: 'обратиться в суд'
  }
}

for (const language of LANGUAGES) {
  test(`the three letters in ${language}: case, due dates, result, rights; names never`, async ({
    page
  }) => {
    const want = EXPECTED[language]
    const request = await print(page, `request-${language}`, 'request', language)
    expect(squash(request.text)).toContain(want.request)
    expect(squash(request.text)).toContain(want.due)
    expect(squash(request.text)).toContain(want.complaint)

    const extension = await print(page, `extension-${language}`, 'extension', language)
    expect(squash(extension.text)).toContain(want.extension)

    const outcome = await print(page, `outcome-${language}`, 'outcome', language)
    expect(squash(outcome.text)).toContain(want.result)
    expect(bare(outcome.text)).toContain(bare(RATIONALE[language]))
    expect(squash(outcome.text)).toContain(want.complaint)
    expect(squash(outcome.text)).toContain(want.court)

    for (const letter of [request, extension, outcome]) {
      expect(letter.text).toContain(REVIEW_CASE_NUMBER)
      expect(letter.text).toContain('Ģirts Ķēniņš-Žūriņa')
      expect(letter.text).toMatch(/1\s*\/\s*\d/) // page numbers
      for (const person of Object.values(REVIEW_STAFF)) {
        expect(letter.text).not.toContain(person.displayName)
      }
      expect(letter.pages).toBeLessThanOrEqual(2)
    }
    // The confirmation and the notice fit one page.
    expect(request.pages).toBe(1)
    expect(extension.pages).toBe(1)
  })

  test(`a manual assessment in ${language}: the request and an outcome with conditions`, async ({
    page
  }) => {
    const request = await print(page, `manual-request-${language}`, 'request', language, {
      kind: 'manual_credit',
      replyChannel: 'centre'
    })
    expect(request.pages).toBe(1)
    const outcome = await print(page, `manual-outcome-${language}`, 'outcome', language, {
      kind: 'manual_credit',
      outcome: 'approved_with_conditions'
    })
    expect(squash(outcome.text)).toContain(
      {
        lv: 'Apstiprināts ar nosacījumiem',
        en: 'Approved with conditions',
        ru: 'Одобрено с условиями'
      }[language]
    )
    // The rights stay whole with the closing: on the first page or together on the second.
    expect(outcome.pages).toBeLessThanOrEqual(2)
  })
}

test('a long statement and many factors break across pages and print whole', async ({ page }) => {
  const statement = Array.from(
    { length: 24 },
    (_, index) =>
      `${index + 1}. Rindkopa ar garu paskaidrojumu par to, kāpēc lēmums, manuprāt, ir kļūdains, un kādi dokumenti to apliecina — ĀČĒĢĪĶĻŅŠŪŽ āčēģīķļņšūž.`
  ).join('\n')
  const rationale = `${HOSTILE.script}\n${'Ļoti garš pamatojums bez atstarpēm: '}${'Ž'.repeat(300)}`
  const request = await print(page, 'long-request-lv', 'request', 'lv', {
    clientStatement: statement
  })
  // Every paragraph whole, in order, the quote breaking across the pages.
  const body = bare(request.text.replace(/^\d+\/\d+$/gm, '')) // without the page numbers
  for (const line of statement.split('\n')) expect(body).toContain(bare(line))
  expect(request.pages).toBe(2)
  const outcome = await print(page, 'long-outcome-ru', 'outcome', 'ru', {
    rationale,
    factors: buildFactors(30)
  })
  expect(outcome.text.replace(/\s/g, '')).toContain('Ž'.repeat(300))
  expect(outcome.text).toContain(HOSTILE.script)
  // Nothing overflows the page's width.
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth
    return [...document.querySelectorAll('.print-document *')]
      .filter((element) => element.getBoundingClientRect().right > width + 0.5)
      .map((element) => element.className || element.tagName)
  })
  expect(overflow).toEqual([])
})
