import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import pg from 'pg'
import { inject } from 'vitest'
import { createDatabase } from '../../src/server/db/create-database'
import type { Database, DatabaseHandle } from '../../src/server/db/database'
import { migrateToLatest } from '../../src/server/db/migrate'

/**
 * A test's database. `db` is what the API under test gets: on PostgreSQL a login role that is a
 * member of `consent_app` (migration 015's least privilege), exactly as in production. `owner`
 * is the database's owner, which ran the migrations: for what only an operator may do (seed
 * staff, move a lease back in time, prove that a trigger refuses even the owner). On PGlite both
 * are the same single superuser connection.
 */
export type TestDatabase = DatabaseHandle & {
  owner: Kysely<Database>
  /** PostgreSQL only: the API login role's URL of this database (for a server process). */
  url?: string
}

/**
 * A fresh, isolated database for one test file: in-memory PGlite, or (TEST_DB=postgres) a new
 * database on the server that postgres-global-setup provides, dropped again by `close`.
 */
export async function createTestDatabase(
  options: { migrate?: boolean } = {}
): Promise<TestDatabase> {
  if (process.env['TEST_DB'] === 'postgres') return createPostgresDatabase(options)
  const handle = await createDatabase({ kind: 'pglite' })
  if (options.migrate !== false) await migrateToLatest(handle.db)
  return { ...handle, owner: handle.db }
}

async function createPostgresDatabase(options: { migrate?: boolean }): Promise<TestDatabase> {
  const adminUrl = inject('postgresAdminUrl')
  const appUrl = inject('postgresAppUrl')
  const name = `t_${randomBytes(6).toString('hex')}`
  await adminQuery(adminUrl, `create database ${name}`)
  const owner = await createDatabase({ kind: 'postgres', url: inDatabase(adminUrl, name) })
  const url = inDatabase(appUrl, name)
  const app = await createDatabase({ kind: 'postgres', url })
  try {
    if (options.migrate !== false) await migrateToLatest(owner.db)
  } catch (error) {
    await app.close()
    await owner.close()
    throw error
  }
  return {
    ...app,
    owner: owner.db,
    url,
    close: async () => {
      await app.close()
      await owner.close()
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`)
    }
  }
}

function inDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
