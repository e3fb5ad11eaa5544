import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '../../../src/server/db/create-database'
import { migrations } from '../../../src/server/db/migrations'
import { pendingMigrations } from '../../../src/server/db/schema-version'
import { adminQuery, inDatabase } from '../../support/postgres-admin'

const run = promisify(execFile)

// `npm run migrate`: the owner's deployment step, the only one that changes the schema.
describe('npm run migrate', () => {
  const adminUrl = inject('postgresAdminUrl')
  const name = `t_${randomBytes(6).toString('hex')}`

  beforeAll(async () => {
    await adminQuery(adminUrl, `create database ${name}`)
  })
  afterAll(async () => {
    await adminQuery(adminUrl, `drop database if exists ${name} with (force)`)
  })

  async function migrate(): Promise<string> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      MIGRATION_DATABASE_URL: inDatabase(adminUrl, name)
    }
    delete env['DATABASE_URL']
    const { stdout } = await run('node_modules/.bin/tsx', ['src/server/db/migrate.cli.ts'], {
      env,
      timeout: 30_000
    })
    return stdout
  }

  it('applies every migration as the owner and prints them, then has nothing left to do', async () => {
    const names = Object.keys(migrations)
    const first = await migrate()
    expect(first).toContain(`Applied ${names.length} migrations`)
    for (const migration of names) expect(first).toContain(migration)

    expect(await migrate()).toContain('up to date')

    // What the API checks at start, as its own role: nothing pending.
    const api = await createDatabase({
      kind: 'postgres',
      url: inDatabase(inject('postgresAppUrl'), name)
    })
    try {
      expect(await pendingMigrations(api.db)).toEqual([])
    } finally {
      await api.close()
    }
  })
})
