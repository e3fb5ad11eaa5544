import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateDown, migrateToLatest } from '../../src/server/db/migrate'
import { migrations } from '../../src/server/db/migrations'
import { createTestDatabase, type TestDatabase } from '../support/test-db'

async function tableNames(database: TestDatabase): Promise<string[]> {
  const result = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%'
    order by table_name`.execute(database.owner)
  return result.rows.map((row) => row.table_name)
}

// Migrations are the owner's job (`npm run migrate`); the API's role could not run them.
describe('migrations', () => {
  let database: TestDatabase

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false })
  })
  afterAll(async () => {
    await database.close()
  })

  it('apply in order, revert completely, and apply again', async () => {
    const names = Object.keys(migrations)
    expect(names).toEqual([...names].sort())
    expect(await migrateToLatest(database.owner)).toEqual(names)
    const tables = await tableNames(database)
    expect(tables).toEqual(
      expect.arrayContaining([
        'access_log',
        'centres',
        'client_phones',
        'clients',
        'contracts',
        'sessions',
        'staff'
      ])
    )

    expect(await migrateDown(database.owner)).toEqual([...names].reverse())
    expect(await tableNames(database)).toEqual([])

    expect(await migrateToLatest(database.owner)).toEqual(names)
    expect(await tableNames(database)).toEqual(tables)
    expect(await migrateToLatest(database.owner)).toEqual([])
  })
})
