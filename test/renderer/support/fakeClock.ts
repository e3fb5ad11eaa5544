import { act } from '@testing-library/react'
import { vi } from 'vitest'

/**
 * A clock that moves only when the test moves it, for a rendered app.
 *
 * Testing Library recognises Jest's fake timers only: under Vitest's, its async utilities
 * (`findBy*`, `waitFor`, and the wrapper around every user-event call) would wait for a
 * `setTimeout(0)` that a stopped clock never fires. The `jest` stand-in lets them advance
 * Vitest's clock instead, so no test waits on real time. Pair with `restoreRealClock` in an
 * `afterEach`, so a failing test cannot leave the next one on a fake clock.
 */
export function useFakeClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
  vi.stubGlobal('jest', { advanceTimersByTime: (ms: number) => vi.advanceTimersByTime(ms) })
}

export function restoreRealClock(): void {
  vi.useRealTimers()
  vi.unstubAllGlobals()
}

/** Moves the clock by `ms`, letting React render what the timers that fell due set off. */
export async function advanceClock(ms: number): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms)
  })
}

/** For user-event's `advanceTimers`: its pauses between keys move a fake clock, if one is on. */
export function advanceClockIfFake(ms: number): void {
  if (vi.isFakeTimers()) vi.advanceTimersByTime(ms)
}
