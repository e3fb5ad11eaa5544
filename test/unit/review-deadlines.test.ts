import { describe, expect, it } from 'vitest'
import {
  addCalendarMonths,
  canExtend,
  daysLeft,
  dueUrgency,
  extendedDueDate,
  firstDueDate
} from '../../src/shared/domain/review-deadlines'

describe('addCalendarMonths: the end-of-month rule', () => {
  // [date, months, expected, why]
  const cases: Array<[string, number, string, string]> = [
    ['2027-01-31', 1, '2027-02-28', 'no 31 February: its last day'],
    ['2028-01-31', 1, '2028-02-29', 'a leap year has the 29th'],
    ['2027-01-30', 1, '2027-02-28', 'nor a 30th'],
    ['2027-03-31', 1, '2027-04-30', 'April has 30 days'],
    ['2027-01-15', 1, '2027-02-15', 'an ordinary day stays itself'],
    ['2027-12-31', 1, '2028-01-31', 'across a year'],
    ['2027-11-30', 3, '2028-02-29', 'three months into a leap February'],
    ['2027-02-28', 1, '2027-03-28', 'the end of February is not the end of March']
  ]
  it.each(cases)('%s + %i months = %s (%s)', (date, months, expected) => {
    expect(addCalendarMonths(date, months)).toBe(expected)
  })
})

describe('firstDueDate: one calendar month from the Riga day of the request', () => {
  const cases: Array<[string, string, string]> = [
    ['2027-01-31T10:00:00Z', '2027-02-28', '31 January → 28 February'],
    ['2028-01-31T10:00:00Z', '2028-02-29', '31 January → 29 February in a leap year'],
    // 23:30 UTC on 31 March is already 1 April in Riga (UTC+3 in summer).
    ['2027-03-31T23:30:00Z', '2027-05-01', 'the day is Riga’s, not UTC’s'],
    [
      '2027-10-30T21:59:00Z',
      '2027-11-30',
      'already 31 October in Riga (UTC+3): the end-of-month rule'
    ],
    ['2027-10-31T22:30:00Z', '2027-12-01', 'after the clocks go back (UTC+2)']
  ]
  it.each(cases)('%s is due on %s (%s)', (requestedAt, expected) => {
    expect(firstDueDate(requestedAt)).toBe(expected)
  })
})

describe('extensions', () => {
  const requested = '2027-01-31T10:00:00Z'

  it('adds one or two further months, counted from the request', () => {
    expect(extendedDueDate(requested, 1)).toBe('2027-03-31')
    expect(extendedDueDate(requested, 2)).toBe('2027-04-30')
  })

  it('refuses anything but one or two months', () => {
    for (const months of [0, 3, 1.5, -1]) {
      expect(() => extendedDueDate(requested, months)).toThrow(RangeError)
    }
  })

  it('is allowed only within the first month, and only once', () => {
    expect(canExtend(requested, '2027-02-28T20:00:00Z', false)).toBe(true) // 22:00 in Riga, still the due day
    expect(canExtend(requested, '2027-02-28T22:30:00Z', false)).toBe(false) // 1 March in Riga
    expect(canExtend(requested, '2027-02-10T10:00:00Z', true)).toBe(false)
  })
})

describe('days left and the queue colours', () => {
  it('counts whole Riga days to the due day, negative once it has passed', () => {
    expect(daysLeft('2027-03-10', '2027-03-10T20:00:00Z')).toBe(0)
    expect(daysLeft('2027-03-10', '2027-03-09T22:30:00Z')).toBe(0) // already the 10th in Riga
    expect(daysLeft('2027-03-31', '2027-03-27T10:00:00Z')).toBe(4) // across the clock change
    expect(daysLeft('2027-03-10', '2027-03-12T10:00:00Z')).toBe(-2)
  })

  const colours: Array<[number, string]> = [
    [30, 'ok'],
    [10, 'ok'],
    [9, 'soon'],
    [5, 'soon'],
    [4, 'urgent'],
    [0, 'urgent'],
    [-1, 'overdue']
  ]
  it.each(colours)('%i days left is %s', (days, urgency) => {
    expect(dueUrgency(days)).toBe(urgency)
  })
})
