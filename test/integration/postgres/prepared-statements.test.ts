import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../src/server/db/database'
import { MAX_PREPARED } from '../../../src/server/db/prepared-statements'
import { createTestDatabase, type TestDatabase } from '../../support/test-db'

/** The statements prepared on the connection that runs this (pg_prepared_statements is per session). */
async function preparedHere(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ statement: string }>`
    select statement from pg_prepared_statements where not from_sql`.execute(db)
  return rows.map((row) => row.statement)
}

// The API's repeated queries are prepared once per connection (db/prepared-statements.ts).
describe('prepared statements on PostgreSQL', () => {
  let database: TestDatabase

  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(async () => {
    await database.close()
  })

  it('prepares a query on its second use on a connection, and answers the same', async () => {
    await database.db.connection().execute(async (connection) => {
      const query = (code: string) =>
        connection.selectFrom('clients').select('id').where('personal_code', '=', code)
      const read = (code: string) => query(code).execute()
      const text = query('01010112345').compile().sql
      expect(await read('01010112345')).toEqual([])
      expect(await preparedHere(connection)).not.toContain(text)
      expect(await read('01010112346')).toEqual([])
      expect(await preparedHere(connection)).toContain(text)
      expect(await read('01010112347')).toEqual([])
    })
  })

  it('never prepares DDL or transaction control', async () => {
    await database.db.connection().execute(async (connection) => {
      for (let use = 0; use < 3; use++) {
        await sql`create temporary table if not exists scratch (n int)`.execute(connection)
        await connection.transaction().execute(async (trx) => {
          await sql`insert into scratch values (${use})`.execute(trx)
        })
      }
      const prepared = await preparedHere(connection)
      expect(prepared.some((statement) => /create temporary table/i.test(statement))).toBe(false)
      expect(prepared.some((statement) => /^\s*(begin|commit)/i.test(statement))).toBe(false)
      // The INSERT, run three times inside transactions, is prepared like any other.
      expect(prepared.some((statement) => /insert into scratch/i.test(statement))).toBe(true)
      const { rows } = await sql<{ n: number }>`select n from scratch order by n`.execute(
        connection
      )
      expect(rows.map((row) => row.n)).toEqual([0, 1, 2])
    })
  })

  it(`keeps at most ${MAX_PREPARED} statements on a connection and runs the rest unnamed`, async () => {
    await database.db.connection().execute(async (connection) => {
      for (let text = 0; text < MAX_PREPARED + 20; text++) {
        for (let use = 0; use < 2; use++) {
          const { rows } = await sql<{ n: number }>`select ${sql.lit(text)}::int as n`.execute(
            connection
          )
          expect(rows[0]!.n).toBe(text)
        }
      }
      const prepared = await preparedHere(connection)
      expect(prepared.length).toBeLessThanOrEqual(MAX_PREPARED)
      expect(prepared.length).toBeGreaterThan(MAX_PREPARED - 10)
    })
  })
})
