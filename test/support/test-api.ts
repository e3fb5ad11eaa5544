import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/server/app'
import type { Clock } from '../../src/server/clock'
import { generateKeyset, type Keyset } from '../../src/server/receipts/signing-keys'
import { DEMO_SEED } from '../../src/server/seed/generator'
import { seedClients, seedDemoStaff } from '../../src/server/seed/seed-database'
import { createTestDatabase, type TestDatabase } from './test-db'

export const TEST_PASSWORD = 'test-password-2026'
export const TEST_VERSION = '9.9.9-test'

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
export async function createTestApi(
  options: { clients?: number; clock?: Clock; loyaltyJobIntervalMs?: number; keyset?: Keyset } = {}
): Promise<TestApi> {
  const database = await createTestDatabase()
  // Seeding is an operator's job (`npm run seed` as the owner); the API itself runs as the app
  // role (database.db) and may not create staff.
  await seedDemoStaff(database.owner, TEST_PASSWORD)
  if (options.clients) {
    await seedClients(database.owner, { count: options.clients, seed: DEMO_SEED })
  }
  const keyset = options.keyset ?? (await generateKeyset(new Date()))
  const app = await buildApp({
    database,
    version: TEST_VERSION,
    signingKeys: keyset,
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
