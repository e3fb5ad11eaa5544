import type { Language } from '../../../shared/domain/staff'

export { formatPhone, maskPhone } from '../../../shared/identifiers/phone'
export { formatPersonalCode, maskPersonalCode } from '../../../shared/identifiers/personalCode'

const TIME_ZONE = 'Europe/Riga'

const LOCALES: Record<Language, string> = { lv: 'lv-LV', en: 'en-GB', ru: 'ru-RU' }

/** One Intl formatter per language: building them is the slow part of formatting. */
function memoized<F>(build: (locale: string) => F): (language: Language) => F {
  const formats = new Map<Language, F>()
  return (language) => {
    let format = formats.get(language)
    if (!format) {
      format = build(LOCALES[language])
      formats.set(language, format)
    }
    return format
  }
}

function memoizedFormat(
  options: Intl.DateTimeFormatOptions
): (language: Language) => Intl.DateTimeFormat {
  return memoized((locale) => new Intl.DateTimeFormat(locale, { ...options, timeZone: TIME_ZONE }))
}

const dateFormat = memoizedFormat({ day: '2-digit', month: '2-digit', year: 'numeric' })
const timeFormat = memoizedFormat({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/**
 * `05.01.2026.` in Latvian, `05.01.2026` in Russian, `05/01/2026` in English. A date-only ISO
 * string is read at midday UTC so that Riga's offset can never move it to another day. Intl drops
 * the normative Latvian trailing dot with two-digit options (domain-research.md §4.2): we add it.
 */
export function formatDate(iso: string, language: Language): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const text = dateFormat(language).format(date)
  return language === 'lv' && !text.endsWith('.') ? `${text}.` : text
}

/** `10:42`, Riga time. */
export function formatTime(iso: string, language: Language): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : timeFormat(language).format(date)
}

/** `25.11.2026. 10:42`, Riga time. */
export function formatDateTime(iso: string, language: Language): string {
  return `${formatDate(iso, language)} ${formatTime(iso, language)}`
}

const euroFormat = memoized(
  (locale) =>
    new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', useGrouping: 'always' })
)
const percentFormat = memoized(
  (locale) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 })
)
const numberFormat = memoized(
  (locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })
)
const countFormat = memoized((locale) => new Intl.NumberFormat(locale, { useGrouping: 'always' }))

/**
 * `1 500,00 €` (lv, ru), `€1,500.00` (en): thousands always grouped, as the letters print amounts
 * (Intl alone would leave `1500,00 €` ungrouped in Latvian below 10 000).
 */
export function formatEuro(amount: number, language: Language): string {
  return euroFormat(language).format(amount)
}

/** A share from 0 to 1 as a whole percentage: `35%` (lv, en), `35 %` (ru). */
export function formatPercent(share: number, language: Language): string {
  return percentFormat(language).format(share)
}

/** A plain number in the app's language, at most two decimals: `1234,5`, `12 345`. */
export function formatNumber(value: number, language: Language): string {
  return numberFormat(language).format(value)
}

/** `1 234` in Latvian and Russian, `1,234` in English: always grouped, as staff read totals. */
export function formatCount(value: number, language: Language): string {
  return countFormat(language).format(value)
}

// Typed dates (parsing, Riga wall time to instants) live in src/shared/domain/dates.ts.
