import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../src/server/db/migrate'
import { migrations } from '../../src/server/db/migrations'
import {
  assertSchemaCurrent,
  pendingMigrations,
  SchemaBehindError
} from '../../src/server/db/schema-version'
import { createTestDatabase, type TestDatabase } from '../support/test-db'

// The check the API on PostgreSQL makes at start instead of migrating, read as the API's role.
describe('the schema check at start', () => {
  let database: TestDatabase | undefined

  afterEach(async () => {
    await database?.close()
    database = undefined
  })

  it('names every migration of a database never migrated', async () => {
    database = await createTestDatabase({ migrate: false })
    expect(await pendingMigrations(database.db)).toEqual(Object.keys(migrations))
  })

  it('finds nothing pending on a migrated database, and lets the API start', async () => {
    database = await createTestDatabase()
    expect(await pendingMigrations(database.db)).toEqual([])
    await expect(assertSchemaCurrent(database.db)).resolves.toBeUndefined()
  })

  it('refuses a database one migration behind, naming it and the command to run', async () => {
    database = await createTestDatabase()
    const newest = Object.keys(migrations).at(-1)!
    // What a database migrated by the previous release looks like.
    await sql`delete from kysely_migration where name = ${newest}`.execute(database.owner)

    const refusal = await assertSchemaCurrent(database.db).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(SchemaBehindError)
    expect((refusal as SchemaBehindError).pending).toEqual([newest])
    expect((refusal as Error).message).toContain(newest)
    expect((refusal as Error).message).toContain('npm run migrate')
  })

  it('migrateToLatest then brings it up to date', async () => {
    database = await createTestDatabase({ migrate: false })
    await migrateToLatest(database.owner)
    expect(await pendingMigrations(database.db)).toEqual([])
  })
})
