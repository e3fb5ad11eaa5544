import { describe, expect, it } from 'vitest'
import {
  CONSENT_ACTIONS,
  CONSENT_STATES,
  ConsentSourceSchema,
  IDENTITY_METHODS,
  OFFER_CHANNELS
} from '../../src/shared/domain/consent'
import type { Language } from '../../src/shared/domain/staff'
import {
  PRINT_LANGUAGES,
  formatPrintDate,
  formatPrintDateTime,
  printContext,
  type PrintKey
} from '../../src/shared/print'
import { printResources } from '../../src/shared/print/print-i18n'
import { textBlocks } from '../../src/shared/print/PrintParts'

const PLURAL_FORMS: Record<Language, string[]> = {
  lv: ['zero', 'one', 'other'],
  en: ['one', 'other'],
  ru: ['one', 'few', 'many', 'other']
}

function leaves(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : leaves(value as object, `${prefix}${key}.`)
  )
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/

describe('print translations', () => {
  it('every label exists in every language, with the plural forms that language has', () => {
    const base = (keys: string[]): Set<string> =>
      new Set(keys.map((key) => key.replace(PLURAL_SUFFIX, '')))
    const lv = base(leaves(printResources.lv))
    for (const language of PRINT_LANGUAGES) {
      const keys = leaves(printResources[language])
      expect(base(keys), language).toEqual(lv)
      const plurals = [...base(keys.filter((key) => PLURAL_SUFFIX.test(key)))]
      expect(plurals.length).toBeGreaterThan(0)
      for (const plural of plurals) {
        for (const form of PLURAL_FORMS[language]) expect(keys).toContain(`${plural}_${form}`)
      }
    }
  })

  it('names every state, action, channel, identity method and source in every language', () => {
    const groups: [string, readonly string[]][] = [
      ['state', CONSENT_STATES],
      ['action', CONSENT_ACTIONS],
      ['channel', OFFER_CHANNELS],
      ['method', IDENTITY_METHODS],
      ['source', ConsentSourceSchema.options]
    ]
    for (const language of PRINT_LANGUAGES) {
      const { t } = printContext(language)
      for (const [group, values] of groups) {
        const names = values.map((value) => t(`${group}.${value}` as PrintKey))
        for (const name of names) expect(name).not.toMatch(/^[a-z]+\.[a-z_]+$/)
        expect(new Set(names).size, `${language} ${group}`).toBe(
          // Smart-ID and eParaksts are names, the same in every language; the rest differ.
          values.length
        )
      }
    }
    expect(printContext('lv').t('state.never_given')).toBe('Nav dota')
    expect(printContext('ru').t('channel.phone_call')).toBe('Телефонный звонок')
    expect(printContext('en').t('method.sms_code')).toBe('One-time SMS code')
  })

  it('Latvian plurals: zero for 0, 10–20, 30…; one for 1, 21, 31 (not 11); other', () => {
    const { t } = printContext('lv')
    const count = (n: number): string => t('common.changeCount', { count: n })
    expect([0, 1, 2, 9, 10, 11, 19, 21, 22, 100, 101, 111].map(count)).toEqual([
      '0 izmaiņu',
      '1 izmaiņa',
      '2 izmaiņas',
      '9 izmaiņas',
      '10 izmaiņu',
      '11 izmaiņu',
      '19 izmaiņu',
      '21 izmaiņa',
      '22 izmaiņas',
      '100 izmaiņu',
      '101 izmaiņa',
      '111 izmaiņu'
    ])
    expect(t('report.eventCount', { count: 40 })).toBe('40 notikumu')
  })

  it('Russian plurals: one, few, many', () => {
    const { t } = printContext('ru')
    const count = (n: number): string => t('common.changeCount', { count: n })
    expect([0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 111].map(count)).toEqual([
      '0 изменений',
      '1 изменение',
      '2 изменения',
      '4 изменения',
      '5 изменений',
      '11 изменений',
      '12 изменений',
      '14 изменений',
      '21 изменение',
      '22 изменения',
      '25 изменений',
      '111 изменений'
    ])
    expect(t('report.eventCount', { count: 3 })).toBe('3 события')
  })

  it('English plurals: one and other', () => {
    const { t } = printContext('en')
    expect(t('common.changeCount', { count: 1 })).toBe('1 change')
    expect(t('common.changeCount', { count: 0 })).toBe('0 changes')
    expect(t('report.eventCount', { count: 2 })).toBe('2 events')
  })

  it('an unknown language prints in Latvian', () => {
    expect(printContext('de' as Language).t('receipt.title')).toBe('Piekrišanu apliecinājums')
  })
})

describe('print dates', () => {
  it('day first, 24-hour, Riga time, per language', () => {
    const winter = '2026-12-01T08:15:00Z'
    expect(formatPrintDateTime(winter, 'lv')).toBe('01.12.2026 10:15')
    expect(formatPrintDateTime(winter, 'ru')).toBe('01.12.2026 10:15')
    expect(formatPrintDateTime(winter, 'en')).toBe('01/12/2026 10:15')
    // Summer time (UTC+3) moves a late evening into the next Riga day.
    expect(formatPrintDateTime('2026-07-01T21:30:00Z', 'lv')).toBe('02.07.2026 00:30')
    expect(formatPrintDateTime('2026-03-05T22:05:00Z', 'en')).toBe('06/03/2026 00:05')
    expect(formatPrintDate('2026-12-31T23:30:00Z', 'lv')).toBe('01.01.2027')
  })

  it('a calendar date stays that day; text that is not a date prints as it came', () => {
    expect(formatPrintDate('2026-03-14', 'lv')).toBe('14.03.2026')
    expect(formatPrintDate('2026-03-14', 'en')).toBe('14/03/2026')
    expect(formatPrintDateTime('not a date', 'ru')).toBe('not a date')
  })
})

describe('notice text blocks', () => {
  it('splits paragraphs at blank lines and gathers "- " lines into lists', () => {
    expect(textBlocks('First\nstill first\n\n- a\n- b\nAfter\n\n\n- c')).toEqual([
      { kind: 'paragraph', text: 'First still first' },
      { kind: 'list', items: ['a', 'b'] },
      { kind: 'paragraph', text: 'After' },
      { kind: 'list', items: ['c'] }
    ])
    expect(textBlocks('')).toEqual([])
  })
})
