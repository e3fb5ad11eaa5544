import type { Language } from './staff'

/**
 * Dates and times as the desk's people type and read them: day first in all three languages
 * (lv and ru `15.03.2026`, en the en-GB `15/03/2026`), 24-hour times, and Riga's wall clock
 * behind every instant sent to the API — whatever the operating system's locale or zone.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type CalendarDate = string
/** A 24-hour wall-clock time, `HH:MM`. */
export type ClockTime = string

/** What an agent typed, read: a Riga calendar date and, when typed, a time of day. */
export interface WallTime {
  date: CalendarDate
  time: ClockTime | null
}

export type DateTextError =
  /** Nothing typed where something is needed. */
  | 'required'
  /** Not shaped like a date (or a date and time) at all. */
  | 'format'
  /** Shaped like one, but no such day exists (31.02.2026, 29.02.2027, month 13). */
  | 'no_such_date'
  /** The time part is not a 24-hour `hh:mm` (25:00, 10:60, 7 pm). */
  | 'time'
  /** A real date, but outside the years the desk deals with (typing slips like 0202 or 20260). */
  | 'year_range'

export type DateTextResult =
  | { ok: true; value: WallTime | null }
  | { ok: false; error: DateTextError }

export interface DateTextOptions {
  /** `forbidden`: a date only; `optional`: a date, or a date and a time. */
  time: 'forbidden' | 'optional'
  /** Whether an empty text is a valid "no date" (null) or the `required` error. */
  required: boolean
}

export const EARLIEST_YEAR = 1900
export const LATEST_YEAR = 2100

// Day first: `15.03.2026`, `1.3.2026`, `15/03/2026`, `15-03-2026`, Latvian's `15.03.2026.` with its
// normative trailing dot, spaces after the separators. One separator throughout: `15.03/2026` is a slip.
const DAY_FIRST = /^(\d{1,2})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{4})\.?$/
// ISO `2026-03-15`: unambiguous because the year has four digits and comes first.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
// A time after the date, separated by spaces, a comma or ISO's `T`: `15.03.2026 9:30`.
const DATE_THEN_TIME = /^(.+?)(?:\s*,\s*|\s+|T)(\S+)$/
const TIME = /^(\d{1,2}):(\d{2})$/

/** Reads a typed date (and, when allowed, a time). Strict about what exists, lenient about form. */
export function parseDateText(text: string, options: DateTextOptions): DateTextResult {
  const trimmed = text.trim()
  if (trimmed === '') {
    return options.required ? { ok: false, error: 'required' } : { ok: true, value: null }
  }

  const whole = parseDatePart(trimmed)
  if (typeof whole === 'string') return { ok: true, value: { date: whole, time: null } }
  if (whole.error !== 'format') return { ok: false, error: whole.error }

  // Not a date alone: a date followed by something that should be a time?
  const split = DATE_THEN_TIME.exec(trimmed)
  if (!split) return { ok: false, error: 'format' }
  const date = parseDatePart(split[1]!)
  if (typeof date !== 'string') return { ok: false, error: date.error }
  if (options.time === 'forbidden') return { ok: false, error: 'format' }
  const time = parseTime(split[2]!)
  return time === null ? { ok: false, error: 'time' } : { ok: true, value: { date, time } }
}

function parseDatePart(text: string): CalendarDate | { error: DateTextError } {
  const dayFirst = DAY_FIRST.exec(text)
  const iso = dayFirst ? null : ISO_DATE.exec(text)
  if (!dayFirst && !iso) return { error: 'format' }
  const [year, month, day] = dayFirst
    ? [Number(dayFirst[4]), Number(dayFirst[3]), Number(dayFirst[1])]
    : [Number(iso![1]), Number(iso![2]), Number(iso![3])]
  if (!isCalendarDay(year, month, day)) return { error: 'no_such_date' }
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return { error: 'year_range' }
  return calendarDate(year, month, day)
}

function parseTime(text: string): ClockTime | null {
  const match = TIME.exec(text)
  if (!match) return null
  const hours = Number(match[1])
  const minutes = Number(match[2])
  if (hours > 23 || minutes > 59) return null
  return `${pad2(hours)}:${pad2(minutes)}`
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

export function isCalendarDay(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false
  if (month < 1 || month > 12 || day < 1) return false
  const days = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!
  return day <= days
}

function pad2(value: number): string {
  return String(value).padStart(2, '0')
}

function calendarDate(year: number, month: number, day: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`
}

/** The separator of each language's day-first dates (en follows en-GB). */
const DATE_SEPARATOR: Record<Language, string> = { lv: '.', en: '/', ru: '.' }

/**
 * A calendar date as the agent types it in `language`: `15.03.2026`, `15/03/2026`. No Latvian
 * trailing dot here: this is the text of an input, matching its `dd.mm.gggg` hint.
 */
export function formatDateText(date: CalendarDate, language: Language): string {
  const [year, month, day] = date.split('-')
  const separator = DATE_SEPARATOR[language]
  return `${day}${separator}${month}${separator}${year}`
}

/** `15.03.2026 09:30`, or the date alone when there is no time. */
export function formatWallTimeText(value: WallTime, language: Language): string {
  const date = formatDateText(value.date, language)
  return value.time === null ? date : `${date} ${value.time}`
}

/** The day after (or `days` after) a calendar date. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const next = new Date(Date.UTC(year, month - 1, day + days))
  return calendarDate(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate())
}

// ---- Riga's wall clock ------------------------------------------------------------------------

export const RIGA_TIME_ZONE = 'Europe/Riga'

const rigaParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: RIGA_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23'
})

function rigaFields(epochMs: number): Record<string, number> {
  const fields: Record<string, number> = {}
  for (const part of rigaParts.formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value)
  }
  return fields
}

/** Riga's offset from UTC at `epochMs`, in milliseconds (2 h in winter, 3 h in summer). */
function rigaOffsetMs(epochMs: number): number {
  const f = rigaFields(epochMs)
  const wall = Date.UTC(f.year!, f.month! - 1, f.day!, f.hour!, f.minute!, f.second!)
  return wall - Math.floor(epochMs / 1000) * 1000
}

/**
 * The instant when Riga's clocks show `date` `time` (midnight without a time), ISO in UTC. A time
 * skipped by the spring change (03:30 on the last Sunday of March) reads as an hour later (04:30);
 * the autumn hour that happens twice reads as its second, winter-time, occurrence.
 */
export function rigaInstant(date: CalendarDate, time: ClockTime | null = null): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const [hours, minutes] = (time ?? '00:00').split(':').map(Number) as [number, number]
  const wall = Date.UTC(year, month - 1, day, hours, minutes)
  // The offset depends on the instant we are looking for: guess from the wall time, then correct.
  const guess = wall - rigaOffsetMs(wall)
  return new Date(wall - rigaOffsetMs(guess)).toISOString()
}

/** The last millisecond of `date` in Riga: the "state on" a day, the `to` end of a day range. */
export function rigaEndOfDay(date: CalendarDate): string {
  return new Date(Date.parse(rigaInstant(addDays(date, 1))) - 1).toISOString()
}

/** The calendar date and time Riga's clocks showed at an instant. */
export function rigaWallTime(instant: string): WallTime {
  const f = rigaFields(Date.parse(instant))
  return { date: calendarDate(f.year!, f.month!, f.day!), time: `${pad2(f.hour!)}:${pad2(f.minute!)}` }
}

/** The Riga calendar date of an instant. */
export function rigaDate(instant: string): CalendarDate {
  return rigaWallTime(instant).date
}
