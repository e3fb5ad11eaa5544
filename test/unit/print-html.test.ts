import { beforeAll, describe, expect, it } from 'vitest'
import type { Language } from '../../src/shared/domain/staff'
import { PRINT_CSP, renderHtml, type PrintAssets, type PrintDocument } from '../../src/shared/print'
import { loadPrintAssets } from '../../src/shared/print/assets.node'
import {
  accessLogDocument,
  HOSTILE,
  PURPOSE_TITLES,
  RECEIPT_NUMBER,
  VERIFICATION_CODE,
  buildReceipt,
  buildReviewCase,
  confirmationDocument,
  receiptDocument,
  reportDocument,
  reviewLetterDocument
} from '../support/print-fixtures'

const RESOURCES = new URL('../../resources', import.meta.url).pathname
const LANGUAGES: readonly Language[] = ['lv', 'en', 'ru']

let assets: PrintAssets
beforeAll(async () => {
  assets = await loadPrintAssets(RESOURCES)
})

const TITLES: Record<Language, Record<PrintDocument['kind'], string>> = {
  lv: {
    receipt: 'Piekrišanu apliecinājums',
    confirmation: 'Izziņa par piekrišanām',
    report: 'Pārskats par piekrišanām',
    review: 'Atbilde uz pieprasījumu pārskatīt automatizētu lēmumu',
    'access-log': 'Piekļuves žurnāla izraksts'
  },
  en: {
    receipt: 'Consent receipt',
    confirmation: 'Consent confirmation',
    report: 'Consent report',
    review: 'Outcome of the review of an automated decision',
    'access-log': 'Access log extract'
  },
  ru: {
    receipt: 'Подтверждение согласий',
    confirmation: 'Справка о согласиях',
    report: 'Отчёт о согласиях',
    review: 'Результат пересмотра автоматизированного решения',
    'access-log': 'Выписка из журнала доступа'
  }
}

function documentOf(kind: PrintDocument['kind'], language: Language): PrintDocument {
  if (kind === 'receipt') return receiptDocument(language)
  if (kind === 'confirmation') return confirmationDocument(language)
  if (kind === 'review') return reviewLetterDocument('outcome', { language })
  if (kind === 'access-log') return accessLogDocument(language)
  return reportDocument(language)
}

/** Every tag of the output: after escaping, a `<` in the HTML can only start a real tag. */
function tags(html: string): string[] {
  return html.match(/<[^>]*>/g) ?? []
}

/** The output is one inert page: no script, no handler, nothing loaded from anywhere. */
function expectInert(html: string): void {
  expect(html).not.toMatch(/<script/i)
  expect(html).not.toMatch(/<(img|iframe|object|embed|link|form|base|meta http-equiv="refresh")/i)
  for (const tag of tags(html)) {
    expect(tag, tag).not.toMatch(/\son[a-z]+\s*=/i)
    expect(tag, tag).not.toMatch(
      /\s(src|href|xlink:href|action)\s*=\s*["']?\s*(https?:|\/\/|javascript:)/i
    )
  }
  // Fonts are the only URLs, and they are data: URLs.
  for (const url of html.match(/url\([^)]{0,40}/g) ?? [])
    expect(url).toMatch(/^url\(data:font\/woff2;base64,/)
}

describe('renderHtml: every document in every language', () => {
  for (const language of LANGUAGES) {
    for (const kind of ['receipt', 'confirmation', 'report', 'review', 'access-log'] as const) {
      it(`${kind} in ${language}: a standalone page with the controller block and its title`, () => {
        const html = renderHtml([documentOf(kind, language)], language, assets)
        expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
        expect(html).toContain(`<html lang="${language}">`)
        expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${PRINT_CSP}">`)
        expect(PRINT_CSP).toBe(
          "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:"
        )
        expect(html).toContain('SIA &quot;Latvijas Mobilais Telefons&quot;')
        expect(html).toContain('LV50003050931')
        expect(html).toContain('Ropažu iela 6, Rīga, Latvija')
        expect(html).toContain('info@lmt.lv')
        expect(html).toContain('80768076')
        expect(html).toContain(`<h1 class="doc-title">${TITLES[language][kind]}</h1>`)
        expect(html).toContain('.print-document')
        expect(html.match(/@font-face/g)).toHaveLength(assets.fonts.length)
        expectInert(html)
      })
    }
  }

  it('the receipt shows the code, and each change as before → after on a marked row', () => {
    const html = renderHtml([receiptDocument('lv')], 'lv', assets)
    expect(html).toContain(VERIFICATION_CODE)
    expect(html).toContain(RECEIPT_NUMBER)
    expect(html).toContain('01.12.2026 10:15')
    const changed = html.match(/<tr class="[^"]*changed[^"]*">.*?<\/tr>/g) ?? []
    expect(changed).toHaveLength(4)
    const text = changed.map((row) => row.replace(/<[^>]+>/g, '|').replace(/\|+/g, '|'))
    expect(text).toEqual([
      '|E-pasts|Nav dota| | |Dota|01.12.2026|',
      '|Īsziņa|Atsaukta| | |Dota|01.12.2026|',
      '|4|Kredītinformācija individuālai sadarbībai|Nav dota| | |Dota|01.12.2026|v2|',
      '|5|Atrašanās vietas dati individuālai sadarbībai|Dota| | |Atsaukta|01.12.2026|v2|'
    ])
    // All seven purposes, numbered, with the offers' five channels.
    expect(html.match(/<tr class="purpose-row/g)).toHaveLength(7)
    expect(html.match(/<tr class="channel-row/g)).toHaveLength(5)
    expect(html).toContain('4 izmaiņas')
  })

  it('labels follow the print language, the client’s texts stay as given', () => {
    // A Russian client's receipt, printed in Latvian after the agent switched.
    const document = receiptDocument('ru')
    document.data.purposeTitles = PURPOSE_TITLES.lv
    const html = renderHtml([document], 'lv', assets)
    expect(html).toContain('<html lang="lv">')
    expect(html).toContain('Klientam rādītie teksti</dt><dd>krievu, tiesību paziņojums v1</dd>')
    expect(html).toContain('LMT piedāvājumi')
    expect(html).toContain('Клиент вправе в любое время') // the rights text the client confirmed
    expect(html).not.toContain('Подтверждение согласий')
  })

  it('a company’s receipt names the representative and the basis they acted on', () => {
    const html = renderHtml(
      [receiptDocument('en', { representative: { name: 'Jānis Ozols', basis: 'board_member' } })],
      'ru',
      assets
    )
    expect(html).toContain('<dt>Представитель</dt><dd>Jānis Ozols (член правления)</dd>')
    expect(html).toContain('<dt>Личность проверена</dt><dd>ID-карта …PA12</dd>')
  })

  it('the rights text becomes paragraphs and a bulleted list', () => {
    const html = renderHtml(
      [
        receiptDocument('en', {
          rightsText: 'Intro line.\n\n- First right\n- Second right\n\nAfter.'
        })
      ],
      'en',
      assets
    )
    expect(html).toContain(
      '<div class="notice-text"><p>Intro line.</p><ul><li>First right</li><li>Second right</li></ul><p>After.</p></div>'
    )
  })

  it('a reprint carries the copy mark with the reprint time, in the print language', () => {
    const copy = { reprintedAt: '2026-12-01T08:15:00Z' }
    expect(renderHtml([receiptDocument('lv', { copy })], 'lv', assets)).toContain(
      '<p class="copy-mark">KOPIJA — atkārtoti izdrukāta 01.12.2026 10:15</p>'
    )
    expect(renderHtml([receiptDocument('lv', { copy })], 'en', assets)).toContain(
      'COPY — reprinted 01/12/2026 10:15'
    )
    expect(renderHtml([receiptDocument('lv', { copy })], 'ru', assets)).toContain(
      'КОПИЯ — повторно распечатано 01.12.2026 10:15'
    )
    expect(renderHtml([receiptDocument('lv')], 'lv', assets)).not.toContain('class="copy-mark"')
  })

  it('the confirmation shows the latest receipt, or says there is none', () => {
    const html = renderHtml([confirmationDocument('en', 3)], 'en', assets)
    expect(html).toContain('C0000003')
    expect(html).toContain('LMT-20261201-00000003')
    expect(html).toContain('Klients 3 Bērziņš')
    const none = renderHtml([confirmationDocument('en', 4, { withReceipt: false })], 'en', assets)
    expect(none).toContain('There is no signed consent receipt for this client yet.')
    expect(none).not.toContain('class="qr"')
  })

  it('the report: history with its count, and no decisions with the right to human review', () => {
    const html = renderHtml([reportDocument('lv', { events: 21 })], 'lv', assets)
    expect(html).toContain('21 notikums')
    expect(html.match(/<tbody>/g)).toHaveLength(2)
    expect(html).toContain('Par klientu nav reģistrēts neviens automatizēts lēmums.')
    expect(html).toContain('panākt cilvēka līdzdalību')
    const reviewed = buildReviewCase({ language: 'ru', status: 'closed' }).decision!
    const decision = {
      ...reviewed,
      model: { name: HOSTILE.img, version: '4.2.0' },
      review: { caseId: reviewed.id, number: 'P-000123', status: 'closed' as const }
    }
    const decided = renderHtml([reportDocument('ru', { decisions: [decision] })], 'ru', assets)
    expect(decided).toContain('1 автоматизированное решение')
    // The result in words, the factors explained in the report's language, the human review.
    expect(decided).toContain(decision.factors[0]!.explanation.ru)
    expect(decided).not.toContain(decision.factors[0]!.explanation.lv)
    expect(decided).toContain('дело P-000123 (завершено)')
    expect(decided).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expectInert(decided)
  })
})

describe('renderHtml: hostile data prints as text', () => {
  const hostile = `${HOSTILE.img} ${HOSTILE.script} ${HOSTILE.svg}`
  const escaped = [
    '&lt;img src=x onerror=alert(1)&gt;',
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    '&quot;&gt;&lt;svg onload=alert(1)&gt;'
  ]

  it('in names, centres, statements, titles and codes of a receipt', () => {
    const document = receiptDocument('lv', {
      clientName: hostile,
      maskedCode: HOSTILE.svg,
      centreName: HOSTILE.script,
      agentName: HOSTILE.svg,
      withdrawalMethod: HOSTILE.img,
      rightsText: `${HOSTILE.script}\n- ${HOSTILE.img}\n- ${HOSTILE.svg}`,
      receiptNumber: HOSTILE.svg,
      verificationCode: HOSTILE.img
    })
    document.data.purposeTitles = { ...PURPOSE_TITLES.lv, offers: HOSTILE.script }
    document.data.qrContent = HOSTILE.script
    const html = renderHtml([document], 'lv', assets)
    for (const text of escaped) expect(html).toContain(text)
    expect(html).toContain(
      '<title>Piekrišanu apliecinājums "&gt;&lt;svg onload=alert(1)&gt;</title>'
    )
    expectInert(html)
    expect(html).not.toMatch(/<svg onload/i)
    expect(html.match(/<svg/g)).toHaveLength(1 + 4) // the QR code and the four arrows
  })

  it('in a batch of confirmations and in a report', () => {
    const confirmation = confirmationDocument('ru', 1)
    confirmation.data.client = { name: hostile, maskedCode: HOSTILE.img }
    const report = reportDocument('en', { clientName: hostile })
    const html = renderHtml([confirmation, report], 'en', assets)
    for (const text of escaped) expect(html).toContain(text)
    expectInert(html)
  })

  it('a title cannot close the <title> element', () => {
    const document = confirmationDocument('lv', 1)
    document.data.client = { name: '</title><script>alert(1)</script>', maskedCode: null }
    const html = renderHtml([document], 'lv', assets)
    expect(html).toContain('<title>Izziņa par piekrišanām — &lt;/title&gt;&lt;script&gt;')
    expectInert(html)
  })
})

describe('renderHtml: a batch', () => {
  it('puts every confirmation in its own article, each starting a new page', () => {
    const documents = Array.from({ length: 25 }, (_, index) => confirmationDocument('lv', index))
    const html = renderHtml(documents, 'lv', assets)
    const articles = html.match(/<article class="print-document doc-confirmation" lang="lv">/g)
    expect(articles).toHaveLength(25)
    // Articles follow each other directly under <body>, so the sibling rule breaks each page.
    expect(html).toMatch(/<\/article><article class="print-document doc-confirmation"/)
    expect(assets.css).toMatch(/\.print-document \+ \.print-document \{\s*break-before: page;/)
    for (let index = 0; index < 25; index++) expect(html).toContain(`Klients ${index} Bērziņš`)
    expect(html.match(/<html/g)).toHaveLength(1)
  })

  it('mixes kinds, and an empty list is an empty page', () => {
    const html = renderHtml([receiptDocument('lv'), reportDocument('lv')], 'lv', assets)
    expect(html.match(/<article/g)).toHaveLength(2)
    expect(renderHtml([], 'lv', assets)).toContain('<body class="print-body"></body>')
  })
})

describe('loadPrintAssets', () => {
  it('reads the stylesheet and the woff2 fonts (sans regular and bold, mono bold)', () => {
    expect(assets.css).toContain('@page')
    expect(assets.css).toContain('size: A4')
    const kinds = assets.fonts.map((font) => `${font.family}-${font.weight}`)
    expect(new Set(kinds)).toEqual(new Set(['sans-400', 'sans-700', 'mono-700']))
    for (const font of assets.fonts) {
      // The woff2 signature.
      expect(String.fromCharCode(...font.data.subarray(0, 4))).toBe('wOF2')
    }
  })

  it('every rule of the stylesheet but @page is scoped under .print-document', () => {
    const selectors = assets.css
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/@page\s*\{(?:[^{}]|\{[^{}]*\})*\}/g, '')
      .replace(/@media[^{]+\{/g, '')
      .match(/[^{}]+(?=\{)/g)!
      .map((selector) => selector.trim())
      .filter(Boolean)
    for (const selector of selectors) {
      for (const part of selector.split(',')) {
        expect(part.trim(), selector).toMatch(/^\.print-(document|body)\b/)
      }
    }
  })

  it('builds fixtures that the contract accepts', () => {
    expect(() => buildReceipt({ language: 'ru' })).not.toThrow()
  })
})
