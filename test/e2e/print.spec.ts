import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import type { Language } from '../../src/shared/domain/staff'
import { renderHtml, type PrintAssets, type PrintDocument } from '../../src/shared/print'
import { loadPrintAssets } from '../../src/shared/print/assets.node'
import { RESOURCES_DIR } from '../support/e2e-paths'
import {
  HOSTILE,
  PURPOSE_TITLES,
  RECEIPT_NUMBER,
  RIGHTS_TEXT,
  VERIFICATION_CODE,
  confirmationDocument,
  receiptDocument,
  reportDocument
} from '../support/print-fixtures'

/**
 * The print pipeline in real Chromium: the standalone HTML from renderHtml → page.pdf(), as
 * Electron's printToPDF does in the app, checked with poppler (pdftotext, pdffonts, pdfinfo).
 * PDFs and page images land in test-results/print/ for people to look at.
 */

const OUT_DIR = resolve(import.meta.dirname, '../../test-results/print')
const LANGUAGES: readonly Language[] = ['lv', 'en', 'ru']

/** Every Latvian letter with its capital, and the whole Russian alphabet. */
const LATVIAN_LETTERS = 'ĀČĒĢĪĶĻŅŠŪŽ āčēģīķļņšūž'
const RUSSIAN_LETTERS = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ абвгдеёжзийклмнопрстуфхцчшщъыьэюя'

const EXPECTED: Record<
  Language,
  { title: string; changed: RegExp; offersChannel: RegExp; rights: string }
> = {
  lv: {
    title: 'Piekrišanu apliecinājums',
    changed: /Kredītinformācija.*Nav dota\s+Dota/,
    offersChannel: /Īsziņa\s+Atsaukta\s+Dota/,
    rights: 'Klientam ir tiesības jebkurā laikā savas piekrišanas vieglā veidā atsaukt'
  },
  en: {
    title: 'Consent receipt',
    changed: /Credit information.*Never given\s+Given/,
    offersChannel: /SMS\s+Withdrawn\s+Given/,
    rights: 'The client has the right to withdraw their consents at any time'
  },
  ru: {
    title: 'Подтверждение согласий',
    changed: /Кредитная информация.*Не давалось\s+Дано/,
    offersChannel: /SMS\s+Отозвано\s+Дано/,
    rights: 'Клиент вправе в любое время простым способом отозвать свои согласия'
  }
}

// Tracing snapshots every page action, megabytes of HTML included: it would be in the timings.
// What these tests leave to look at is in test-results/print/.
test.use({ trace: 'off' })

let assets: PrintAssets

test.beforeAll(async () => {
  assets = await loadPrintAssets(RESOURCES_DIR)
  mkdirSync(OUT_DIR, { recursive: true })
})

interface PageWatch {
  /** Console errors (Chromium reports every CSP violation there), page errors, dialogs. */
  problems: string[]
}

function watch(page: Page): PageWatch {
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) {
      problems.push(`console ${message.type()}: ${message.text()}`)
    }
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  page.on('dialog', (dialog) => {
    problems.push(`dialog ${dialog.type()}: ${dialog.message()}`)
    void dialog.dismiss()
  })
  return { problems }
}

async function pdfOf(page: Page, html: string): Promise<Buffer> {
  await page.setContent(html, { waitUntil: 'load' })
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  return page.pdf({ format: 'A4', printBackground: true })
}

function save(name: string, pdf: Buffer): string {
  const path = join(OUT_DIR, `${name}.pdf`)
  writeFileSync(path, pdf)
  return path
}

function pdftotext(path: string, layout = false): string {
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', path, '-'], {
    encoding: 'utf8'
  })
}

function pages(path: string): number {
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' })
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1])
}

/** pdffonts' table: one row per font, with its name and whether it is embedded. */
function fonts(path: string): { name: string; embedded: boolean }[] {
  const lines = execFileSync('pdffonts', [path], { encoding: 'utf8' }).trim().split('\n').slice(2)
  return lines.map((line) => {
    const columns = line.trim().split(/\s+/)
    // name type [encoding words…] emb sub uni object ID: emb is the fifth column from the end.
    return { name: columns[0]!, embedded: columns[columns.length - 5] === 'yes' }
  })
}

function png(pdfPath: string, name: string, page = 1): string {
  const prefix = join(OUT_DIR, name)
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '60',
    '-f',
    `${page}`,
    '-l',
    `${page}`,
    '-singlefile',
    pdfPath,
    prefix
  ])
  return `${prefix}.png`
}

const squash = (text: string): string => text.replace(/\s+/g, '')

for (const language of LANGUAGES) {
  test(`the receipt in ${language} prints the controller, the changes and the code in its font`, async ({
    page
  }) => {
    const problems = watch(page).problems
    const printed = receiptDocument(language, {
      agentName: `${LATVIAN_LETTERS} ${RUSSIAN_LETTERS}`
    })
    const path = save(
      `receipt-${language}`,
      await pdfOf(page, renderHtml([printed], language, assets))
    )
    png(path, `receipt-${language}-1`, 1)
    png(path, `receipt-${language}-2`, 2)

    const text = pdftotext(path)
    const layout = pdftotext(path, true)
    const expected = EXPECTED[language]
    // The controller block, with the country.
    expect(text).toContain('SIA "Latvijas Mobilais Telefons"')
    expect(text).toContain('LV50003050931')
    expect(text).toContain('Ropažu iela 6, Rīga, Latvija')
    expect(text).toContain('info@lmt.lv')
    expect(text).toContain('80768076')
    // Title, number, time, client, the code.
    expect(text).toContain(expected.title)
    expect(text).toContain(RECEIPT_NUMBER)
    expect(text).toContain(language === 'en' ? '01/12/2026 10:15' : '01.12.2026 10:15')
    expect(text).toContain('Ģirts Ķēniņš-Žūriņa')
    expect(text).toContain(VERIFICATION_CODE)
    // The changes, before and after, on their rows; the rights the client confirmed.
    expect(layout).toMatch(expected.changed)
    expect(layout).toMatch(expected.offersChannel)
    expect(squash(text)).toContain(squash(expected.rights))
    expect(text).toContain(PURPOSE_TITLES[language].offers)
    // Latvian and Russian letters come out as themselves.
    expect(squash(text)).toContain(squash(`${LATVIAN_LETTERS} ${RUSSIAN_LETTERS}`))
    // Page numbers in the footer.
    expect(text).toMatch(/1\s*\/\s*2/)
    expect(pages(path)).toBe(2)

    const used = fonts(path)
    expect(used.length).toBeGreaterThan(0)
    for (const font of used) {
      expect(font.name, 'only the embedded Noto fonts').toMatch(/^([A-Z]{6}\+)?NotoSans(Mono)?-/)
      expect(font.embedded, `${font.name} is embedded`).toBe(true)
    }
    expect(problems).toEqual([])
  })
}

test('a reprint is marked as a copy with its reprint time', async ({ page }) => {
  const printed = receiptDocument('lv', { copy: { reprintedAt: '2026-12-05T14:30:00Z' } })
  const path = save('receipt-copy-lv', await pdfOf(page, renderHtml([printed], 'lv', assets)))
  png(path, 'receipt-copy-lv-1')
  expect(pdftotext(path)).toContain('KOPIJA — atkārtoti izdrukāta 05.12.2026 16:30')
})

test('hostile names and statements print literally, run nothing and break no policy', async ({
  page
}) => {
  const problems = watch(page).problems
  const hostile = `${HOSTILE.img} ${HOSTILE.script} ${HOSTILE.svg}`
  const printed = receiptDocument('lv', {
    clientName: hostile,
    centreName: HOSTILE.script,
    agentName: HOSTILE.svg,
    withdrawalMethod: `- ${HOSTILE.img}`,
    rightsText: `${HOSTILE.script}\n\n- ${HOSTILE.img}\n- ${HOSTILE.svg}`
  })
  const html = renderHtml([printed], 'lv', assets)
  const path = save('receipt-hostile', await pdfOf(page, html))
  png(path, 'receipt-hostile-1')

  // Nothing ran and nothing was refused: no dialog, no page error, no CSP report.
  expect(problems).toEqual([])
  const dom = await page.evaluate(() => ({
    scripts: document.querySelectorAll('script').length,
    active: document.querySelectorAll('img, iframe, object, embed, link, form').length,
    handlers: [...document.querySelectorAll('*')].flatMap((element) =>
      element.getAttributeNames().filter((name) => name.startsWith('on'))
    ),
    svgs: document.querySelectorAll('svg').length,
    text: document.body.innerText
  }))
  expect(dom.scripts).toBe(0)
  expect(dom.active).toBe(0)
  expect(dom.handlers).toEqual([])
  expect(dom.svgs).toBe(1 + 4) // the QR code and the four change arrows: none from the data
  expect(dom.text).toContain(HOSTILE.img)
  expect(dom.text).toContain(HOSTILE.script)

  const text = squash(pdftotext(path))
  for (const value of Object.values(HOSTILE)) expect(text).toContain(squash(value))
})

test('the CSP of the print refuses what the data could smuggle in, and the watch sees it', async ({
  page
}) => {
  // A control for the test above: were escaping to fail, this is what it would report.
  const problems = watch(page).problems
  const html = renderHtml([receiptDocument('lv')], 'lv', assets).replace(
    '<body class="print-body">',
    '<body class="print-body"><img src="https://example.invalid/x.png"><script>alert(1)</script>'
  )
  await page.setContent(html, { waitUntil: 'load' })
  await expect.poll(() => problems.length).toBeGreaterThan(0)
  expect(problems.join('\n')).toMatch(/Content Security Policy/)
  expect(problems.join('\n')).not.toMatch(/^dialog/m)
})

test('a 200-character name wraps and is printed whole', async ({ page }) => {
  const words = 'Jānis-Pēteris Ščerbakovs-Ūdriņš Ļūdmila Ķēniņa-Žagare Ņikita Ēvalds Āboliņš '
  const name = (words.repeat(4) + 'Ģ'.repeat(200)).slice(0, 200)
  const unbroken = 'Ž'.repeat(120)
  expect(name).toHaveLength(200)
  const printed = receiptDocument('ru', { clientName: name, centreName: unbroken })
  const path = save('receipt-long-name', await pdfOf(page, renderHtml([printed], 'ru', assets)))
  png(path, 'receipt-long-name-1')
  const text = squash(pdftotext(path))
  expect(text).toContain(squash(name))
  expect(text).toContain(unbroken)
  // Nothing overflows the page: every element's box is inside the body's width.
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth
    return [...document.querySelectorAll('.print-document *')]
      .filter((element) => element.getBoundingClientRect().right > width + 0.5)
      .map((element) => element.className || element.tagName)
  })
  expect(overflow).toEqual([])
})

test('the consent report prints current state, history and the decisions section', async ({
  page
}) => {
  const problems = watch(page).problems
  for (const language of LANGUAGES) {
    const printed = reportDocument(language, { events: 40 })
    const path = save(
      `report-${language}`,
      await pdfOf(page, renderHtml([printed], language, assets))
    )
    png(path, `report-${language}-1`)
    const text = pdftotext(path)
    expect(text).toContain('LV50003050931')
    expect(text).toContain('Ropažu iela 6, Rīga, Latvija')
    expect(text).toContain({ lv: '40 notikumu', en: '40 events', ru: '40 событий' }[language])
    expect(squash(text)).toContain(
      squash(
        {
          lv: 'Par klientu nav reģistrēts neviens automatizēts lēmums.',
          en: 'No automated decisions about the client are recorded.',
          ru: 'Автоматизированных решений в отношении клиента не зарегистрировано.'
        }[language]
      )
    )
    for (const font of fonts(path)) expect(font.embedded).toBe(true)
  }
  expect(problems).toEqual([])
})

test('a batch of 500 confirmations is one PDF, one client per page; times are measured', async ({
  page
}) => {
  test.setTimeout(240_000)
  const problems = watch(page).problems

  // One receipt: warm up, then the median of ten (HTML, then PDF).
  const receipt = receiptDocument('lv')
  for (let run = 0; run < 3; run++) await pdfOf(page, renderHtml([receipt], 'lv', assets))
  const runs: { html: number; total: number }[] = []
  for (let run = 0; run < 10; run++) {
    const started = performance.now()
    const html = renderHtml([receipt], 'lv', assets)
    const rendered = performance.now()
    await pdfOf(page, html)
    runs.push({ html: rendered - started, total: performance.now() - started })
  }
  const median = (values: number[]): number => values.sort((a, b) => a - b)[values.length >> 1]!
  // eslint-disable-next-line no-console -- the measurements the issue asks for, in the test log
  console.log(
    `print: one receipt PDF ${median(runs.map((r) => r.total)).toFixed(0)} ms median of 10 ` +
      `(HTML ${median(runs.map((r) => r.html)).toFixed(1)} ms), goal ≤ 300 ms`
  )

  const documents: PrintDocument[] = Array.from({ length: 500 }, (_, index) =>
    confirmationDocument(LANGUAGES[index % 3]!, index, { withReceipt: index % 50 !== 7 })
  )
  const started = performance.now()
  // Russian labels and (for a third of the clients) Russian titles: the longest texts there are.
  const html = renderHtml(documents, 'ru', assets)
  const rendered = performance.now()
  const pdf = await pdfOf(page, html)
  const finished = performance.now()
  const path = save('confirmations-500', pdf)
  // eslint-disable-next-line no-console -- the measurements the issue asks for, in the test log
  console.log(
    `print: batch of 500 confirmations ${((finished - started) / 1000).toFixed(1)} s ` +
      `(HTML ${(rendered - started).toFixed(0)} ms, ${(html.length / 1e6).toFixed(1)} MB; ` +
      `PDF ${(pdf.length / 1e6).toFixed(1)} MB), goal ≤ 60 s`
  )
  png(path, 'confirmations-500-1', 1)
  png(path, 'confirmations-500-8', 8)

  // One page each, in every language: a confirmation never spills onto a second sheet.
  const pageCount = pages(path)
  expect(pageCount).toBe(500)
  // Each confirmation starts a page: page n begins with the controller, client n-1's name on it.
  const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', path, '-'], { encoding: 'utf8' })
  const last = execFileSync('pdftotext', ['-f', `${pageCount}`, '-l', `${pageCount}`, path, '-'], {
    encoding: 'utf8'
  })
  expect(first).toContain('Klients 0 Bērziņš')
  expect(last).toContain('Klients 499 Bērziņš')
  expect(problems).toEqual([])
  // The rights text of the fixture is not part of a confirmation.
  expect(first).not.toContain(RIGHTS_TEXT.lv.slice(0, 30))
})
