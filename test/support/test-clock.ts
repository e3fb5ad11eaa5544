import type { Clock } from '../../src/server/clock'

export interface TestClock extends Clock {
  advanceMinutes(minutes: number): void
}

/** A clock that moves only when told to, so lockouts and expiry are tested without sleeping. */
export function createTestClock(start = new Date('2026-11-25T09:00:00Z')): TestClock {
  let now = start.getTime()
  return {
    now: () => new Date(now),
    advanceMinutes: (minutes) => {
      now += minutes * 60_000
    }
  }
}
