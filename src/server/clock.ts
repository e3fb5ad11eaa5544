/** Where the server reads the time, so tests can move it (lockouts, expiry) without sleeping. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }
