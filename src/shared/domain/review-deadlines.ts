import { rigaDate, type CalendarDate } from './dates'

/**
 * The answer deadline of a human-review case (GDPR Art. 12(3)): one calendar month from the
 * request, counted in Riga days, extendable once by up to two further months. Pure, so the API,
 * the queue's colours and the letters all count the same way.
 */

/** The longest extension Art. 12(3) allows: two further months. */
export const MAX_EXTENSION_MONTHS = 2

/**
 * `months` calendar months after `date`. A day the target month does not have becomes its last
 * day (the end-of-month rule): 31 January + 1 month is 28 February, or 29 in a leap year.
 */
export function addCalendarMonths(date: CalendarDate, months: number): CalendarDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const index = year * 12 + (month - 1) + months
  const targetYear = Math.floor(index / 12)
  const targetMonth = (index % 12) + 1
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate()
  const targetDay = Math.min(day, lastDay)
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth).padStart(2, '0')}-${String(targetDay).padStart(2, '0')}`
}

/** The first deadline: one calendar month after the day the request was made, in Riga. */
export function firstDueDate(requestedAt: string): CalendarDate {
  return addCalendarMonths(rigaDate(requestedAt), 1)
}

/** The deadline after an extension by `months` (1 or 2) further months. */
export function extendedDueDate(requestedAt: string, months: number): CalendarDate {
  if (!Number.isInteger(months) || months < 1 || months > MAX_EXTENSION_MONTHS) {
    throw new RangeError(`an extension is 1 to ${MAX_EXTENSION_MONTHS} months, not ${months}`)
  }
  return addCalendarMonths(rigaDate(requestedAt), 1 + months)
}

/**
 * Whether the case may still be extended at `now`: only within the first month (the client must
 * be told inside it), and only once.
 */
export function canExtend(requestedAt: string, now: string, alreadyExtended: boolean): boolean {
  return !alreadyExtended && rigaDate(now) <= firstDueDate(requestedAt)
}

/** Whole Riga days from `now` to the end of the due day: 0 on the day itself, negative after. */
export function daysLeft(due: CalendarDate, now: string): number {
  // Calendar dates as UTC midnights: no daylight-saving hour can make a day 23 or 25 hours.
  return Math.round((Date.parse(due) - Date.parse(rigaDate(now))) / 86_400_000)
}

export type DueUrgency = 'ok' | 'soon' | 'urgent' | 'overdue'

/** The queue's colours: 10 days or more green, under 10 amber, under 5 red, past due its own. */
export function dueUrgency(days: number): DueUrgency {
  if (days < 0) return 'overdue'
  if (days < 5) return 'urgent'
  if (days < 10) return 'soon'
  return 'ok'
}
