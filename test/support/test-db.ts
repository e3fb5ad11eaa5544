import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Kysely } from 'kysely'
import { inject } from 'vitest'
import { createDatabase } from '../../src/server/db/create-database'
import type { Database, DatabaseHandle } from '../../src/server/db/database'
import type { DatabaseTemplate } from './database-templates'
import { adminQuery, inDatabase } from './postgres-admin'

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

export interface TestDatabaseOptions {
  /** false: an empty database, for the migrations' own tests. Default true. */
  migrate?: boolean
  /** The demo accounts (test-api.ts's staff, all with TEST_PASSWORD) too. Default false. */
  demoStaff?: boolean
}

/**
 * A fresh, isolated database for one test file: in-memory PGlite, or (TEST_DB=postgres) a new
 * database on the server that postgres-global-setup provides, dropped again by `close`. A
 * migrated one is a copy of a template the run prepared once (database-templates.ts).
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const template = templateFor(options)
  if (process.env['TEST_DB'] === 'postgres') return createPostgresDatabase(template)
  const handle = await createDatabase({
    kind: 'pglite',
    ...(template ? { template: await pgliteTemplate(template) } : {})
  })
  return { ...handle, owner: handle.db }
}

function templateFor(options: TestDatabaseOptions): DatabaseTemplate | undefined {
  if (options.migrate === false) return undefined
  return options.demoStaff ? 'demoStaff' : 'migrated'
}

const pgliteTemplates = new Map<DatabaseTemplate, Promise<Blob>>()

function pgliteTemplate(template: DatabaseTemplate): Promise<Blob> {
  let bytes = pgliteTemplates.get(template)
  if (!bytes) {
    bytes = readFile(inject('pgliteTemplateFiles')[template]).then((file) => new Blob([file]))
    pgliteTemplates.set(template, bytes)
  }
  return bytes
}

async function createPostgresDatabase(
  template: DatabaseTemplate | undefined
): Promise<TestDatabase> {
  const adminUrl = inject('postgresAdminUrl')
  const appUrl = inject('postgresAppUrl')
  const name = `t_${randomBytes(6).toString('hex')}`
  const from = template ? ` template ${inject('postgresTemplateDatabases')[template]}` : ''
  await adminQuery(adminUrl, `create database ${name}${from}`)
  const owner = await createDatabase({ kind: 'postgres', url: inDatabase(adminUrl, name) })
  const url = inDatabase(appUrl, name)
  const app = await createDatabase({ kind: 'postgres', url })
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
