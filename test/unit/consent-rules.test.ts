import { describe, expect, it } from 'vitest'
import {
  cellKey,
  changesSomething,
  checkTransition,
  dayOf,
  isOn,
  loyaltyClock,
  parseCellKey,
  stateAfter
} from '../../src/shared/domain/consent-rules'
import type { ConsentStateValue, RequestedAction } from '../../src/shared/domain/consent'

// The one table of transitions the API enforces and the desk's toggles follow: for each current
// state and requested action, what happens (ok, no_op 409, invalid 400).
const STATES: ConsentStateValue[] = ['never_given', 'given', 'withdrawn', 'paused', 'expired']
const ACTIONS: RequestedAction[] = ['given', 'withdrawn', 'paused', 'resumed']

const LOCATION: Record<ConsentStateValue, Record<RequestedAction, 'ok' | 'no_op' | 'invalid'>> = {
  never_given: { given: 'ok', withdrawn: 'no_op', paused: 'no_op', resumed: 'no_op' },
  given: { given: 'no_op', withdrawn: 'ok', paused: 'ok', resumed: 'no_op' },
  withdrawn: { given: 'ok', withdrawn: 'no_op', paused: 'no_op', resumed: 'no_op' },
  paused: { given: 'no_op', withdrawn: 'ok', paused: 'no_op', resumed: 'ok' },
  expired: { given: 'ok', withdrawn: 'no_op', paused: 'no_op', resumed: 'no_op' }
}
// Any other purpose: the same, except that pausing and resuming do not exist.
const OTHER = Object.fromEntries(
  STATES.map((state) => [
    state,
    { ...LOCATION[state], paused: 'invalid', resumed: 'invalid' } as const
  ])
) as typeof LOCATION

describe('consent transitions', () => {
  for (const [purpose, table] of [
    ['location', LOCATION],
    ['usage_metadata', OTHER]
  ] as const) {
    for (const state of STATES) {
      for (const action of ACTIONS) {
        const expected = table[state][action]
        it(`${purpose}: ${state} + ${action} → ${expected}`, () => {
          expect(checkTransition(purpose, state, action)?.kind ?? 'ok').toBe(expected)
          expect(changesSomething(purpose, state, action)).toBe(expected === 'ok')
        })
      }
    }
  }

  it.each([
    ['given', 'given'],
    ['withdrawn', 'withdrawn'],
    ['paused', 'paused'],
    ['resumed', 'given'],
    ['expired', 'expired']
  ] as const)('%s leaves %s', (action, state) => {
    expect(stateAfter(action)).toBe(state)
  })

  it.each(STATES)('%s counts as a standing consent: given or paused only', (state) => {
    expect(isOn(state)).toBe(state === 'given' || state === 'paused')
  })

  it('cell keys round-trip', () => {
    expect(cellKey('offers', 'sms')).toBe('offers:sms')
    expect(cellKey('location', null)).toBe('location')
    expect(parseCellKey('offers:sms')).toEqual({ purpose: 'offers', channel: 'sms' })
    expect(parseCellKey('location')).toEqual({ purpose: 'location' })
  })
})

describe('the loyalty clock counts Riga days', () => {
  it.each([
    // 23:30 in Riga (winter, UTC+2) is still the same day in UTC: no difference.
    ['2026-11-30T21:30:00Z', '2026-11-30'],
    // 00:30 in Riga on 1 December is 22:30 UTC on 30 November.
    ['2026-11-30T22:30:00Z', '2026-12-01'],
    // Summer (UTC+3): 00:30 on 30 June in Riga is 21:30 UTC on 29 June.
    ['2028-06-29T21:30:00Z', '2028-06-30']
  ])('%s is %s at the counter', (instant, day) => {
    expect(dayOf(new Date(instant))).toBe(day)
  })

  it('on the expiry day in Riga there are no days left, whatever the UTC day says', () => {
    const contracts = [{ status: 'ended', endDate: '2026-06-30' }]
    const justAfterRigaMidnight = dayOf(new Date('2028-06-29T21:30:00Z'))
    expect(loyaltyClock(contracts, justAfterRigaMidnight)).toEqual({
      endsOn: '2028-06-30',
      daysLeft: 0
    })
    expect(loyaltyClock(contracts, dayOf(new Date('2028-06-29T20:30:00Z')))?.daysLeft).toBe(1)
  })
})
