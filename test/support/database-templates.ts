import type { Kysely } from 'kysely'
import { hashPassword, type ScryptParams } from '../../src/server/auth/password'
import type { Database } from '../../src/server/db/database'
import { migrateToLatest } from '../../src/server/db/migrate'
import { seedDemoStaff } from '../../src/server/seed/seed-database'

/**
 * What a test's fresh database starts as, made once per run by the projects' global setups
 * instead of once per test: a PGlite initdb alone takes 3–4 s of WASM on these machines, the
 * migrations and five scrypt hashes of the demo staff another 0.8 s, and most integration tests
 * open a database of their own. Loading a copy takes about 1 s on PGlite (db/pglite-template.ts,
 * the same mechanism the desktop's first start uses) and a `create database … template` on
 * PostgreSQL. The migrations' own tests still start from an empty database (`migrate: false`).
 */
export const DATABASE_TEMPLATES = ['migrated', 'demoStaff'] as const
export type DatabaseTemplate = (typeof DATABASE_TEMPLATES)[number]

/** The password of every demo account in tests. */
export const TEST_PASSWORD = 'test-password-2026'

/**
 * The demo accounts' scrypt cost in tests: a thousandth of production's. Every test API signs
 * its accounts in, and the sign-in tests send hundreds of wrong passwords; at production cost
 * (about 100 ms each on an idle core) that was minutes of every run. What the cost is for, that
 * an unknown username takes as long as a wrong password, is tested with production's cost
 * (sign-in-throttle.test.ts sets it); test/unit/server-password.test.ts pins the default.
 */
export const TEST_SCRYPT_PARAMS: ScryptParams = { N: 32, r: 8, p: 1 }

/** Brings an empty database to `template`: the migrations, then (demoStaff) the demo accounts. */
export async function prepareTemplate(
  db: Kysely<Database>,
  template: DatabaseTemplate
): Promise<void> {
  await migrateToLatest(db)
  if (template !== 'demoStaff') return
  await seedDemoStaff(db, TEST_PASSWORD)
  for (const { id } of await db.selectFrom('staff').select('id').execute()) {
    await db
      .updateTable('staff')
      .set({ password_hash: await hashPassword(TEST_PASSWORD, TEST_SCRYPT_PARAMS) })
      .where('id', '=', id)
      .execute()
  }
}
