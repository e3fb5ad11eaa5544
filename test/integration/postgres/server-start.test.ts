import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { migrations } from '../../../src/server/db/migrations'
import { SchemaBehindError } from '../../../src/server/db/schema-version'
import { startPostgresServer } from '../../../src/server/postgres-server'
import { formatKeyset, generateKeyset } from '../../../src/server/receipts/signing-keys'
import { createTestDatabase, type TestDatabase } from '../../support/test-db'

const run = promisify(execFile)

// `npm run server` with DATABASE_URL no longer migrates: on a schema behind the code it refuses to
// start, with a message naming what is missing and the command that fixes it.
describe('the API on PostgreSQL at start', () => {
  let database: TestDatabase | undefined

  afterEach(async () => {
    await database?.close()
    database = undefined
  })

  it('refuses a database that was never migrated, and migrates nothing', async () => {
    database = await createTestDatabase({ migrate: false })
    const start = startPostgresServer({
      databaseUrl: database.url!,
      signingKeys: await generateKeyset(new Date()),
      host: '127.0.0.1',
      port: 0
    })
    await expect(start).rejects.toBeInstanceOf(SchemaBehindError)
    await expect(start).rejects.toThrow(/npm run migrate/)
    const tables = await database.owner.introspection.getTables()
    expect(tables).toEqual([])
  })

  it('starts on a migrated database as the API role', async () => {
    database = await createTestDatabase()
    const server = await startPostgresServer({
      databaseUrl: database.url!,
      signingKeys: await generateKeyset(new Date()),
      host: '127.0.0.1',
      port: 0
    })
    try {
      const health = await fetch(`${server.url}/health`)
      expect(health.status).toBe(200)
    } finally {
      await server.close()
    }
  })

  it('npm run server exits non-zero with the missing migrations and the command', async () => {
    database = await createTestDatabase({ migrate: false })
    const keyset = formatKeyset(await generateKeyset(new Date()))
    const exit = await run('npx', ['tsx', 'src/server/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: database.url!,
        RECEIPT_SIGNING_KEY: keyset,
        PORT: '0'
      },
      timeout: 30_000
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error
    )
    expect(exit.code).toBe(1)
    expect(exit.stderr).toContain('npm run migrate')
    expect(exit.stderr).toContain(Object.keys(migrations).at(-1))
  })
})
