import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { createDatabase } from '../../src/server/db/create-database'
import type { DatabaseHandle } from '../../src/server/db/database'
import { migrateToLatest } from '../../src/server/db/migrate'

export type TestDatabase = DatabaseHandle

/**
 * A fresh, isolated database for one test file: in-memory PGlite, or (TEST_DB=postgres) a new
 * database on the server that postgres-global-setup provides, dropped again by `close`.
 */
export async function createTestDatabase(
  options: { migrate?: boolean } = {}
): Promise<TestDatabase> {
  const handle =
    process.env['TEST_DB'] === 'postgres'
      ? await createPostgresDatabase()
      : await createDatabase({ kind: 'pglite' })
  if (options.migrate !== false) await migrateToLatest(handle.db)
  return handle
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('postgresAdminUrl')
  const name = `t_${randomBytes(6).toString('hex')}`
  await adminQuery(adminUrl, `create database ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const handle = await createDatabase({ kind: 'postgres', url: url.toString() })
  return {
    ...handle,
    close: async () => {
      await handle.close()
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`)
    }
  }
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
