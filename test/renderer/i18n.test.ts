import { describe, expect, it } from 'vitest'
import {
  createI18n,
  LANGUAGES,
  loadLanguageBundle,
  switchLanguage
} from '../../src/renderer/src/i18n'
import { formatDate, maskPhone } from '../../src/renderer/src/lib/format'

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/

function flatten(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? flatten(value as object, `${prefix}${key}.`)
      : [`${prefix}${key}`]
  )
}

const bundles = Object.fromEntries(
  await Promise.all(
    LANGUAGES.map(async (language) => [language, await loadLanguageBundle(language)] as const)
  )
) as Record<(typeof LANGUAGES)[number], object>

const keysOf = (language: (typeof LANGUAGES)[number]): string[] => flatten(bundles[language])

describe('locales', () => {
  it('every string exists in every language (plural forms aside)', () => {
    const base = (language: (typeof LANGUAGES)[number]): string[] =>
      [...new Set(keysOf(language).map((key) => key.replace(PLURAL_SUFFIX, '')))].sort()
    expect(base('en')).toEqual(base('lv'))
    expect(base('ru')).toEqual(base('lv'))
  })

  it.each(LANGUAGES)('%s has exactly the plural forms its language needs', (language) => {
    const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories.sort()
    const plurals = new Map<string, string[]>()
    for (const key of keysOf(language)) {
      const match = PLURAL_SUFFIX.exec(key)
      if (!match) continue
      const base = key.replace(PLURAL_SUFFIX, '')
      plurals.set(base, [...(plurals.get(base) ?? []), match[1]!])
    }
    expect(plurals.size).toBeGreaterThan(0)
    for (const [, forms] of plurals) expect(forms.sort()).toEqual(needed)
  })

  it('no string is empty', () => {
    for (const language of LANGUAGES) {
      const i18n = createI18n(language)
      for (const key of keysOf(language)) {
        expect(i18n.t(key.replace(PLURAL_SUFFIX, ''), { count: 1 })).not.toBe('')
      }
    }
  })
})

describe('lazy languages', () => {
  it('a switch adds the strings before it switches, and the last switch asked for wins', async () => {
    const i18n = createI18n('lv')
    // As on the page before English or Russian was ever needed.
    i18n.removeResourceBundle('en', 'translation')
    i18n.removeResourceBundle('ru', 'translation')
    const toRussian = switchLanguage(i18n, 'ru')
    const toEnglish = switchLanguage(i18n, 'en')
    expect(i18n.language).toBe('lv')
    await Promise.all([toRussian, toEnglish])
    expect(i18n.language).toBe('en')
    expect(i18n.t('lookup.results', { count: 1 })).toBe('1 client found')
    expect(i18n.hasResourceBundle('ru', 'translation')).toBe(true)
    expect(document.documentElement.lang).toBe('en')
  })
})

describe('result count plurals', () => {
  it('Latvian: zero covers 0, 10–20, 30; one covers 1, 21', () => {
    const { t } = createI18n('lv')
    expect(t('lookup.results', { count: 1 })).toBe('Atrasts 1 klients')
    expect(t('lookup.results', { count: 2 })).toBe('Atrasti 2 klienti')
    expect(t('lookup.results', { count: 5 })).toBe('Atrasti 5 klienti')
    expect(t('lookup.results', { count: 10 })).toBe('Atrasti 10 klientu')
    expect(t('lookup.results', { count: 11 })).toBe('Atrasti 11 klientu')
    expect(t('lookup.results', { count: 21 })).toBe('Atrasts 21 klients')
    expect(t('lookup.results', { count: 30 })).toBe('Atrasti 30 klientu')
  })

  it('Russian: one / few / many', () => {
    const { t } = createI18n('ru')
    expect(t('lookup.results', { count: 1 })).toBe('Найден 1 клиент')
    expect(t('lookup.results', { count: 2 })).toBe('Найдено 2 клиента')
    expect(t('lookup.results', { count: 5 })).toBe('Найдено 5 клиентов')
    expect(t('lookup.results', { count: 11 })).toBe('Найдено 11 клиентов')
    expect(t('lookup.results', { count: 21 })).toBe('Найден 21 клиент')
    expect(t('lookup.results', { count: 22 })).toBe('Найдено 22 клиента')
  })

  it('English: one / other', () => {
    const { t } = createI18n('en')
    expect(t('lookup.results', { count: 1 })).toBe('1 client found')
    expect(t('lookup.results', { count: 21 })).toBe('21 clients found')
  })
})

describe('formatting', () => {
  it('formats dates per language in Europe/Riga, Latvian with the trailing dot', () => {
    expect(formatDate('2026-01-05', 'lv')).toBe('05.01.2026.')
    expect(formatDate('2026-01-05', 'ru')).toBe('05.01.2026')
    expect(formatDate('2026-01-05', 'en')).toBe('05/01/2026')
    // 22:30 UTC on 31 Dec is already 1 January in Riga.
    expect(formatDate('2025-12-31T22:30:00Z', 'lv')).toBe('01.01.2026.')
  })

  it('masks phones as +371 29 *** 456', () => {
    expect(maskPhone('+37129123456')).toBe('+371 29 *** 456')
  })
})
