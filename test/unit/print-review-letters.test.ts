import { beforeAll, describe, expect, it } from 'vitest'
import type { Language } from '../../src/shared/domain/staff'
import {
  formatPrintAmount,
  formatPrintPercent,
  renderHtml,
  type PrintAssets
} from '../../src/shared/print'
import { loadPrintAssets } from '../../src/shared/print/assets.node'
import { MAIN_FACTORS, mainFactors } from '../../src/shared/print/documents/review-letter'
import {
  CLIENT_STATEMENT,
  EXTENSION_REASON,
  HOSTILE,
  RATIONALE,
  REVIEW_CASE_NUMBER,
  REVIEW_STAFF,
  buildFactors,
  buildReviewCase,
  reviewLetterDocument,
  type ReviewCaseOverrides
} from '../support/print-fixtures'

/**
 * The review letters of issue 9 as text, per letter and language: what the client is told, in
 * their language, with dates and amounts as the print formats them, roles and never names, and
 * what the client and the reviewer wrote printed literally.
 */

const RESOURCES = new URL('../../resources', import.meta.url).pathname
const LANGUAGES: readonly Language[] = ['lv', 'en', 'ru']

let assets: PrintAssets
beforeAll(async () => {
  assets = await loadPrintAssets(RESOURCES)
})

type Letter = 'request' | 'extension' | 'outcome'

function html(letter: Letter, language: Language, overrides: ReviewCaseOverrides = {}): string {
  return renderHtml([reviewLetterDocument(letter, { language, ...overrides })], language, assets)
}

/** The page's text as a reader sees it: tags gone, entities decoded, whitespace collapsed. */
function text(page: string): string {
  const body = page.slice(page.indexOf('<body'))
  return body
    .replace(/<(p|h1|h2|li|dt|dd|tr|td|th|blockquote|div|section)\b[^>]*>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
}

const squash = (value: string): string => value.replace(/\s+/g, ' ')

const DUE = { lv: '28.02.2027', en: '28/02/2027', ru: '28.02.2027' } as const
const EXTENDED_DUE = { lv: '30.04.2027', en: '30/04/2027', ru: '30.04.2027' } as const
const RECEIVED = { lv: '31.01.2027', en: '31/01/2027', ru: '31.01.2027' } as const

const DVI: Record<Language, RegExp> = {
  lv: /sūdzību Datu valsts inspekcijā \(Elijas iela 17, Rīga, www\.dvi\.gov\.lv\), kā arī tiesības vērsties tiesā/,
  en: /complaint with the Data State Inspectorate \(Datu valsts inspekcija, Elijas iela 17, Rīga, www\.dvi\.gov\.lv\) and the right to go to court/,
  ru: /жалобу в Государственную инспекцию данных \(Datu valsts inspekcija, Elijas iela 17, Rīga, www\.dvi\.gov\.lv\) и обратиться в суд/
}

function expectNoStaffNames(page: string): void {
  for (const person of Object.values(REVIEW_STAFF)) expect(page).not.toContain(person.displayName)
}

describe('the confirmation that a review was requested', () => {
  const expected: Record<
    Language,
    { title: string; result: string; answer: string; extension: string; contest: string }
  > = {
    lv: {
      title: 'Apstiprinājums par pieprasījuma saņemšanu',
      result: 'Lēmuma rezultāts Atteikts',
      answer: `Atbildi Jums nosūtīsim vēstulē pa pastu ne vēlāk kā ${DUE.lv}.`,
      extension: 'termiņu var vienu reizi pagarināt vēl ne vairāk kā par diviem mēnešiem',
      contest: 'paust savu viedokli un apstrīdēt lēmumu'
    },
    en: {
      title: 'Confirmation that we received your request',
      result: 'Outcome of the decision Declined',
      answer: `We will send you our answer by post no later than ${DUE.en}.`,
      extension: 'may be extended once, by no more than two further months',
      contest: 'to express your point of view and to contest a decision'
    },
    ru: {
      title: 'Подтверждение получения запроса',
      result: 'Результат решения Отказано',
      answer: `Мы направим Вам ответ письмом по почте не позднее ${DUE.ru}.`,
      extension: 'может быть однократно продлён не более чем на два месяца',
      contest: 'выразить свою точку зрения и оспорить решение'
    }
  }

  for (const language of LANGUAGES) {
    it(`in ${language}: case, decision, the statement quoted, the due date, extension and rights`, () => {
      const page = html('request', language)
      const content = text(page)
      const want = expected[language]
      expect(page).toContain(`<h1 class="doc-title">${want.title}</h1>`)
      expect(page).toContain(`<title>${want.title} ${REVIEW_CASE_NUMBER}</title>`)
      expect(content).toContain(REVIEW_CASE_NUMBER)
      expect(content).toContain('Ģirts Ķēniņš-Žūriņa')
      expect(content).toContain('120389-*****')
      expect(content).toContain(RECEIVED[language])
      expect(content).toContain(want.result)
      // The statement as the agent recorded it, its line break kept for the page's pre-wrap.
      expect(page).toContain(`<blockquote class="quote">${CLIENT_STATEMENT[language]}</blockquote>`)
      expect(content).toContain(want.answer)
      expect(content).toContain(want.extension)
      expect(content).toContain(want.contest)
      expect(content).toMatch(DVI[language])
      expect(content).toContain('info@lmt.lv')
      expectNoStaffNames(page)
    })
  }

  it('a manual assessment names what the client wants and the documents they gave', () => {
    const content = text(
      html('request', 'lv', {
        kind: 'manual_credit',
        creditPurpose: 'Samsung Galaxy S25 ar nomaksu',
        replyChannel: 'centre'
      })
    )
    expect(content).toContain('Kredītspējas izvērtēšana bez automatizētas pārbaudes')
    expect(content).toContain('Ko vēlaties iegādāties vai noslēgt Samsung Galaxy S25 ar nomaksu')
    expect(content).toContain('Izziņa par ienākumiem')
    expect(content).toContain('Izziņa no darba vietas')
    expect(content).toContain('Cits dokuments: VID izziņa par 2026. gada ienākumiem')
    expect(content).toContain(
      `Atbildi Jūs varēsiet saņemt LMT klientu centrā (Rīga, Origo) ne vēlāk kā ${DUE.lv}.`
    )
    // No automated decision to contest, and no statement section when there is none.
    expect(content).not.toContain('apstrīdēt lēmumu')
    expect(content).not.toContain('Jūsu viedoklis')
  })

  it('says so when the client gave no statement, and answers by e-mail', () => {
    const content = text(
      html('request', 'en', { clientStatement: null, replyChannel: 'email', centre: null })
    )
    expect(content).toContain('You did not give your point of view when you made the request.')
    expect(content).toContain(`We will send you our answer by e-mail no later than ${DUE.en}.`)
  })

  it('a reprint after an extension still gives the first due date, and notes the new one', () => {
    const content = text(html('request', 'ru', { status: 'claimed', extendedBy: 1 }))
    expect(content).toContain(`не позднее ${DUE.ru}`)
    expect(content).toContain('впоследствии срок продлён до 31.03.2027')
  })

  it('a profiling decision prints its segment and offers', () => {
    const content = text(html('request', 'en', { decisionKind: 'profiling' }))
    expect(content).toContain('Kind of decision Automated profiling')
    expect(content).toContain('Assigned to the segment “Ģimenes”')
    expect(content).toContain('Offers it allows TV+, Ģimenes pakete')
  })
})

describe('the notice that the time limit was extended', () => {
  const expected: Record<Language, { intro: string; rule: string }> = {
    lv: {
      intro: `ir pagarināts par 2 mēnešiem — līdz ${EXTENDED_DUE.lv}.`,
      rule: '12. panta 3. punkts atļauj atbildes termiņu vienu reizi pagarināt ne vairāk kā par diviem mēnešiem'
    },
    en: {
      intro: `has been extended by 2 months, to ${EXTENDED_DUE.en}.`,
      rule: 'Article 12(3) of the General Data Protection Regulation allows the time limit for an answer to be extended once'
    },
    ru: {
      intro: `продлён на 2 месяца — до ${EXTENDED_DUE.ru}.`,
      rule: 'Пункт 3 статьи 12 Общего регламента по защите данных допускает однократное продление'
    }
  }

  for (const language of LANGUAGES) {
    it(`in ${language}: the new due date, the reviewer's reason as written, the Art. 12(3) rules`, () => {
      const page = html('extension', language)
      const content = text(page)
      expect(content).toContain(REVIEW_CASE_NUMBER)
      expect(content).toContain(expected[language].intro)
      expect(content).toContain(DUE[language]) // the original time limit
      expect(page).toContain(`<blockquote class="quote">${EXTENSION_REASON[language]}</blockquote>`)
      expect(content).toContain(expected[language].rule)
      expect(content).toMatch(DVI[language])
      expectNoStaffNames(page)
    })
  }

  it('one month: the singular, in every language', () => {
    expect(text(html('extension', 'lv', { extendedBy: 1 }))).toContain(
      'ir pagarināts par 1 mēnesi — līdz 31.03.2027.'
    )
    expect(text(html('extension', 'en', { extendedBy: 1 }))).toContain(
      'has been extended by 1 month, to 31/03/2027.'
    )
    expect(text(html('extension', 'ru', { extendedBy: 1 }))).toContain(
      'продлён на 1 месяц — до 31.03.2027.'
    )
  })

  it('a case that was not extended gets no notice, only the reason why', () => {
    const content = text(html('extension', 'lv', { extendedBy: null }))
    expect(content).toContain('Lietas P-000123 atbildes termiņš nav pagarināts')
    expect(content).not.toContain('Jaunais termiņš')
    expect(content).not.toContain('Ar cieņu')
  })
})

describe('the outcome letter', () => {
  const expected: Record<
    Language,
    { result: string; reason: string; role: string; approval: string; factor: string }
  > = {
    lv: {
      result:
        'Lēmums mainīts Jaunais lēmums: apstiprināts ar kredītlimitu 1 500,00 EUR (iepriekš: atteikts).',
      reason:
        'Konstatējām, ka daļa datu, uz kuriem lēmums balstījās, bija neprecīzi vai novecojuši.',
      role: 'Lēmumu pārskatīja LMT kredītspeciālists.',
      approval: 'Rezultātu pārbaudīja un apstiprināja LMT vadītājs, kurš pārskatīšanā nepiedalījās',
      factor:
        'Pēdējo 24 mēnešu laikā reģistrēts viens maksājuma kavējums, ilgāks par 30 dienām. pazemināja vērtējumu 42 %'
    },
    en: {
      result:
        'The decision is changed New decision: approved with a limit of EUR 1,500.00 (previously: declined).',
      reason:
        'We found that some of the data the decision was based on were inaccurate or out of date.',
      role: 'The decision was reviewed by a credit specialist of LMT.',
      approval: 'checked and approved by a supervisor at LMT who took no part in the review',
      factor:
        'One payment more than 30 days late was recorded in the last 24 months. lowered the score 42%'
    },
    ru: {
      result: 'Решение изменено Новое решение: одобрено с лимитом 1 500,00 EUR (ранее: отказано).',
      reason:
        'Мы установили, что часть данных, на которых было основано решение, была неточной или устаревшей.',
      role: 'Решение пересмотрено кредитным специалистом LMT.',
      approval: 'Результат проверен и утверждён руководителем LMT, не участвовавшим в пересмотре',
      factor:
        'За последние 24 месяца зарегистрирована одна просрочка платежа более чем на 30 дней. понизил оценку 42 %'
    }
  }

  for (const language of LANGUAGES) {
    it(`in ${language}: result, reasons verbatim, factors, the role and not the name, DVI and court`, () => {
      const page = html('outcome', language)
      const content = text(page)
      const want = expected[language]
      expect(content).toContain(REVIEW_CASE_NUMBER)
      expect(content).toContain(want.result)
      expect(content).toContain(want.reason)
      expect(page).toContain(`<blockquote class="quote">${RATIONALE[language]}</blockquote>`)
      expect(content).toContain(want.factor)
      expect(content).toContain(want.role)
      expect(content).toContain(want.approval)
      expect(content).toMatch(DVI[language])
      expectNoStaffNames(page)
      // The amount never breaks across lines.
      expect(page).toContain(`<span class="amount">${formatPrintAmount(1500, language)}</span>`)
    })
  }

  it('an upheld profiling review: no approval sentence, a specialist (not a credit specialist)', () => {
    const content = text(
      html('outcome', 'en', {
        decisionKind: 'profiling',
        outcome: 'upheld',
        reasonCode: 'model_correct'
      })
    )
    expect(content).toContain(
      'The decision is upheld The automated decision stands: assigned to the segment “Ģimenes”.'
    )
    expect(content).toContain('The decision was reviewed by a specialist of LMT.')
    expect(content).toContain('based on correct data and is in line with our assessment rules')
    expect(content).not.toContain('checked and approved by a supervisor')
  })

  it('a case decided by a supervisor names that role', () => {
    expect(text(html('outcome', 'lv', { decidedAs: 'supervisor' }))).toContain(
      'Lēmumu pārskatīja LMT kredītspeciālistu vadītājs.'
    )
  })

  it('a manual assessment approved with conditions prints them, and its new outcome', () => {
    const page = html('outcome', 'ru', {
      kind: 'manual_credit',
      outcome: 'approved_with_conditions',
      newOutcome: { result: 'approved_with_limit', limitEur: 1234567.8 }
    })
    const content = text(page)
    expect(content).toContain('Результат оценки кредитоспособности')
    expect(content).toContain(
      'Одобрено с условиями Ваша кредитоспособность признана достаточной при выполнении следующих условий:'
    )
    expect(page).toContain(
      '<blockquote class="quote">Первый взнос в размере 20 % от цены устройства.</blockquote>'
    )
    expect(content).toContain('Решение: одобрено с лимитом 1 234 567,80 EUR.')
    expect(content).toContain('Ваша кредитоспособность оценена кредитным специалистом LMT.')
    expect(content).toContain('не участвовавшим в оценке')
    expect(content).not.toContain('Основные факторы')
  })

  it('a declined assessment', () => {
    const content = text(
      html('outcome', 'lv', {
        kind: 'manual_credit',
        outcome: 'declined',
        reasonCode: 'income_insufficient'
      })
    )
    expect(content).toContain('Atteikts Jūsu kredītspēja netika novērtēta kā pietiekama.')
    expect(content).toContain('neapliecina, ka Jūsu ienākumi ir pietiekami')
  })

  it(`lists the ${MAIN_FACTORS} weightiest factors and says there are more`, () => {
    const factors = buildFactors(9)
    expect(mainFactors(factors).map((factor) => factor.weight)).toEqual([
      0.42, 0.27, 0.19, 0.12, 0.01, 0.01
    ])
    const page = html('outcome', 'en', { factors })
    expect(page.match(/<td class="effect/g)).toHaveLength(MAIN_FACTORS)
    expect(text(page)).toContain('Minor factor 5.')
    expect(text(page)).not.toContain('Minor factor 6.')
    expect(text(page)).toContain('you may ask for the full list')
  })

  for (const status of ['open', 'claimed', 'awaiting_approval'] as const) {
    it(`a case that is ${status} does not pretend to have an outcome`, () => {
      const page = html('outcome', 'en', { status })
      const content = text(page)
      expect(content).toContain('Case P-000123 is not closed yet: there is no final outcome')
      expect(content).not.toContain('The decision is changed')
      expect(content).not.toContain('New decision')
      expect(content).not.toContain(RATIONALE.en)
      expect(content).not.toMatch(DVI.en)
    })
  }
})

describe('what people wrote prints as text', () => {
  const hostile = `${HOSTILE.img}\n${HOSTILE.script} ${HOSTILE.svg}`
  const escaped = [
    '&lt;img src=x onerror=alert(1)&gt;',
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    '&quot;&gt;&lt;svg onload=alert(1)&gt;'
  ]

  it('statements, reasons, rationales, conditions, names and purposes', () => {
    const pages = [
      html('request', 'lv', { clientStatement: hostile, clientName: hostile }),
      html('request', 'en', { kind: 'manual_credit', creditPurpose: hostile }),
      html('extension', 'ru', { extensionReason: hostile }),
      html('outcome', 'lv', { rationale: `${hostile} ${'x'.repeat(20)}` }),
      html('outcome', 'en', {
        kind: 'manual_credit',
        outcome: 'approved_with_conditions',
        conditions: hostile
      })
    ]
    for (const page of pages) {
      for (const value of escaped) expect(page).toContain(value)
      // After escaping, a `<` can only start a real tag: none of them is the data's.
      const tags = page.match(/<[^>]*>/g) ?? []
      expect(
        tags.filter((tag) => /^<(script|img|iframe|object)\b|\son[a-z]+\s*=/i.test(tag))
      ).toEqual([])
    }
  })

  it('a placeholder marker in the data cannot pull in another part of the letter', () => {
    const page = html('outcome', 'en', {
      newOutcome: { result: 'segment_assigned', segment: '\u00010\u0001 Premium' },
      decisionKind: 'profiling'
    })
    expect(text(page)).toContain('New decision: assigned to the segment “\u00010\u0001 Premium”')
  })
})

describe('letter formats', () => {
  it('amounts: grouped thousands, two decimals, EUR; the language decides the separators', () => {
    expect(formatPrintAmount(1500, 'lv')).toBe('1 500,00 EUR')
    expect(formatPrintAmount(1500, 'ru')).toBe('1 500,00 EUR')
    expect(formatPrintAmount(1500, 'en')).toBe('EUR 1,500.00')
    expect(formatPrintAmount(999.5, 'lv')).toBe('999,50 EUR')
    expect(formatPrintAmount(1234567.891, 'en')).toBe('EUR 1,234,567.89')
    expect(formatPrintAmount(0.01, 'ru')).toBe('0,01 EUR')
  })

  it('weights as whole percentages', () => {
    expect(formatPrintPercent(0.42, 'lv')).toBe('42 %')
    expect(formatPrintPercent(0.42, 'en')).toBe('42%')
    expect(formatPrintPercent(0.004, 'ru')).toBe('<1 %')
    expect(formatPrintPercent(0, 'en')).toBe('0%')
  })

  it('the fixture is a case the contract accepts, due on the last day of February', () => {
    const reviewCase = buildReviewCase({ status: 'closed', extendedBy: 2 })
    expect(reviewCase.firstDueAt).toBe('2027-02-28')
    expect(reviewCase.dueAt).toBe('2027-04-30')
    expect(squash(reviewCase.resolution!.rationale)).toBe(squash(RATIONALE.lv))
  })
})
