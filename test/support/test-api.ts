import type { FastifyInstance } from 'fastify'
import { buildApp, type AppDeps } from '../../src/server/app'
import type { Clock } from '../../src/server/clock'
import type { RateLimits } from '../../src/server/http/rate-limits'
import { generateKeyset, type Keyset } from '../../src/server/receipts/signing-keys'
import { DEMO_SEED } from '../../src/server/seed/generator'
import { seedClients } from '../../src/server/seed/seed-database'
import { createTestDatabase, type TestDatabase } from './test-db'

import { TEST_PASSWORD } from './database-templates'

export { TEST_PASSWORD }
export const TEST_VERSION = '9.9.9-test'

/**
 * Request limits far above anything a test file sends. The suite drives thousands of reads with
 * one account in seconds (models, races, fixtures); the API's own defaults (300 reads a minute)
 * are tested where they are the subject (test/integration/rate-limits.test.ts), by passing
 * `rateLimits` to createTestApi.
 */
export const TEST_RATE_LIMITS: RateLimits = {
  staffReadsPerMinute: 1_000_000,
  integrationReadsPerMinute: 1_000_000,
  signInsPerMinutePerSource: 1_000_000
}

/**
 * The idle timeout tests run with unless they are about it: a week, because many tests move
 * their clock on by days (deadlines, leases, expiry) with the sessions they signed in with.
 */
export const TEST_SESSION_IDLE_MINUTES = 7 * 24 * 60

export interface TestApiOptions {
  clients?: number
  clock?: Clock
  loyaltyJobIntervalMs?: number
  keyset?: Keyset
  /** Default TEST_RATE_LIMITS; each one given replaces its value. */
  rateLimits?: Partial<RateLimits>
  /** Default: the API's (10 per account, 30 per source, 15 minutes). */
  signInLimits?: AppDeps['signInLimits']
  /** Default TEST_SESSION_IDLE_MINUTES. */
  sessionIdleMinutes?: number
  /** Default scrypt; a test may count the checks. */
  verifyPassword?: AppDeps['verifyPassword']
  /** Default none: X-Forwarded-For is believed from no one. */
  trustedProxies?: AppDeps['trustedProxies']
}

export interface TestApi {
  app: FastifyInstance
  database: TestDatabase
  /** The receipt signing keyset the API runs with (generated in memory unless given). */
  keyset: Keyset
  /** Signs in a demo account and returns its bearer token. */
  tokenFor(username: string): Promise<string>
  close(): Promise<void>
}

/**
 * The API on a fresh database with the demo staff (all with TEST_PASSWORD) and `clients`
 * generated clients, the fixtures (Jānis Bērziņš, Anna Ozoliņa, …) first.
 */
export async function createTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  // The demo staff come with the database (seeding is an operator's job, `npm run seed` as the
  // owner; the API itself runs as the app role, database.db, and may not create staff).
  const database = await createTestDatabase({ demoStaff: true })
  if (options.clients) {
    await seedClients(database.owner, { count: options.clients, seed: DEMO_SEED })
  }
  const keyset = options.keyset ?? (await generateKeyset(new Date()))
  const app = await buildApp({
    database,
    version: TEST_VERSION,
    signingKeys: keyset,
    rateLimits: { ...TEST_RATE_LIMITS, ...options.rateLimits },
    sessionIdleMinutes: options.sessionIdleMinutes ?? TEST_SESSION_IDLE_MINUTES,
    ...(options.signInLimits ? { signInLimits: options.signInLimits } : {}),
    ...(options.verifyPassword ? { verifyPassword: options.verifyPassword } : {}),
    ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.loyaltyJobIntervalMs === undefined
      ? {}
      : { loyaltyJobIntervalMs: options.loyaltyJobIntervalMs })
  })
  const tokens = new Map<string, string>()
  return {
    app,
    database,
    keyset,
    tokenFor: async (username) => {
      const known = tokens.get(username)
      if (known) return known
      const response = await app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { username, password: TEST_PASSWORD }
      })
      if (response.statusCode !== 200) {
        throw new Error(`sign-in of ${username} failed: ${response.statusCode} ${response.body}`)
      }
      const token = (response.json() as { token: string }).token
      tokens.set(username, token)
      return token
    },
    close: async () => {
      await app.close()
      await database.close()
    }
  }
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` }
}
