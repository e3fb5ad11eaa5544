import type { Language } from '../../../shared/domain/staff'

export { formatPhone, maskPhone } from '../../../shared/identifiers/phone'
export { formatPersonalCode, maskPersonalCode } from '../../../shared/identifiers/personalCode'

const TIME_ZONE = 'Europe/Riga'

const LOCALES: Record<Language, string> = { lv: 'lv-LV', en: 'en-GB', ru: 'ru-RU' }

const dateFormats = new Map<Language, Intl.DateTimeFormat>()

function dateFormat(language: Language): Intl.DateTimeFormat {
  let format = dateFormats.get(language)
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      timeZone: TIME_ZONE
    })
    dateFormats.set(language, format)
  }
  return format
}

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
