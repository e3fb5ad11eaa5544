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

const offsetFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  timeZoneName: 'longOffset'
})

/** Riga's offset from UTC at `epochMs`, in minutes (120 in winter, 180 in summer). */
function rigaOffsetMinutes(epochMs: number): number {
  const name = offsetFormat.formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name?.value ?? '')
  if (!match) return 0
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0)
  return match[1] === '-' ? -minutes : minutes
}

/**
 * A wall-clock time in Riga (`2026-11-25` or `2026-11-25T10:42`) as an ISO instant, for the
 * API's `from`/`to`/`at`. Null for anything unparseable.
 */
export function rigaLocalToIso(local: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(local)
  if (!match) return null
  const [, y, mo, d, h = '0', mi = '0'] = match
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi))
  if (Number.isNaN(wall)) return null
  let instant = wall - rigaOffsetMinutes(wall) * 60_000
  instant = wall - rigaOffsetMinutes(instant) * 60_000
  return new Date(instant).toISOString()
}
