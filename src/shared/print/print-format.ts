import type { Language } from '../domain/staff'

/**
 * Dates on paper: day first, 24-hour, Riga's wall clock whatever the machine's zone or locale
 * (`01.12.2026 10:15` in Latvian and Russian, `01/12/2026 10:15` in English, en-GB). Latvian
 * prints without the normative trailing dot, as the desk's `dd.mm.gggg` fields show dates.
 */

const TIME_ZONE = 'Europe/Riga'
const LOCALES: Record<Language, string> = { lv: 'lv-LV', en: 'en-GB', ru: 'ru-RU' }

const dateFormats = new Map<Language, Intl.DateTimeFormat>()
const timeFormats = new Map<Language, Intl.DateTimeFormat>()

function dateFormat(language: Language): Intl.DateTimeFormat {
  let format = dateFormats.get(language)
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], {
      timeZone: TIME_ZONE,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric'
    })
    dateFormats.set(language, format)
  }
  return format
}

function timeFormat(language: Language): Intl.DateTimeFormat {
  let format = timeFormats.get(language)
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], {
      timeZone: TIME_ZONE,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23'
    })
    timeFormats.set(language, format)
  }
  return format
}

function parse(iso: string): Date | null {
  // A bare calendar date is read at midday UTC so that Riga's offset never moves it a day.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

/** `01.12.2026`; text that is not a date is printed as it came. */
export function formatPrintDate(iso: string, language: Language): string {
  const date = parse(iso)
  return date ? dateFormat(language).format(date) : iso
}

/** `01.12.2026 10:15`, Riga time; text that is not a date is printed as it came. */
export function formatPrintDateTime(iso: string, language: Language): string {
  const date = parse(iso)
  return date ? `${dateFormat(language).format(date)} ${timeFormat(language).format(date)}` : iso
}

/**
 * An amount in euros as a letter prints it: `1 500,00 EUR` in Latvian and Russian (a space
 * between thousands, a decimal comma), `EUR 1,500.00` in English (en-GB). Built by hand, not
 * with Intl, so main (Node's ICU) and the preview (Chromium's) print the same characters: CLDR
 * leaves Latvian four-digit amounts ungrouped and varies the spaces it uses between versions.
 */
export function formatPrintAmount(euros: number, language: Language): string {
  const cents = Math.round(Math.abs(euros) * 100)
  const whole = Math.floor(cents / 100).toString()
  const fraction = (cents % 100).toString().padStart(2, '0')
  const sign = euros < 0 && cents > 0 ? '-' : ''
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, language === 'en' ? ',' : ' ')
  return language === 'en'
    ? `EUR ${sign}${grouped}.${fraction}`
    : `${sign}${grouped},${fraction} EUR`
}

/** A share 0–1 as a whole percentage: `35 %` in Latvian and Russian, `35%` in English. */
export function formatPrintPercent(share: number, language: Language): string {
  const whole = Math.round(share * 100)
  const text = whole === 0 && share > 0 ? '<1' : String(whole)
  return language === 'en' ? `${text}%` : `${text} %`
}
