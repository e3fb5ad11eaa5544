import type { Language } from '../../../shared/domain/staff'

export { formatPhone, maskPhone } from '../../../shared/identifiers/phone'
export { formatPersonalCode, maskPersonalCode } from '../../../shared/identifiers/personalCode'

const TIME_ZONE = 'Europe/Riga'

const LOCALES: Record<Language, string> = { lv: 'lv-LV', en: 'en-GB', ru: 'ru-RU' }

/** One Intl formatter per language and options: building them is the slow part of formatting. */
type FormatFor = (language: Language) => Intl.DateTimeFormat

function memoizedFormat(options: Intl.DateTimeFormatOptions): FormatFor {
  const formats = new Map<Language, Intl.DateTimeFormat>()
  return (language) => {
    let format = formats.get(language)
    if (!format) {
      format = new Intl.DateTimeFormat(LOCALES[language], { ...options, timeZone: TIME_ZONE })
      formats.set(language, format)
    }
    return format
  }
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

// Typed dates (parsing, Riga wall time to instants) live in src/shared/domain/dates.ts.
