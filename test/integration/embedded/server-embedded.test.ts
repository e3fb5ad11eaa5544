import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { pendingMigrations } from '../../../src/server/db/schema-version'
import { buildPgliteTemplate, PGLITE_TEMPLATE_FILE } from '../../../src/server/db/pglite-template'
import { DEMO_ACCOUNTS, startEmbeddedServer } from '../../../src/server/embedded'

const PASSWORD = 'embedded-test-password'

async function signIn(url: string, username: string, password = PASSWORD): Promise<Response> {
  return fetch(`${url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password })
  })
}

async function clientCount(url: string, token: string): Promise<number> {
  // Counting the Bērziņš families through search keeps the test at the HTTP edge.
  const response = await fetch(`${url}/v1/clients?q=berzins&limit=100`, {
    headers: { authorization: `Bearer ${token}` }
  })
  return ((await response.json()) as { items: unknown[] }).items.length
}

describe('startEmbeddedServer', () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'consent-embedded-'))
  })
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true })
  })

  it('lists the demo accounts for the sign-in screen', () => {
    expect(DEMO_ACCOUNTS).toEqual([
      { username: 'agent', roles: ['agent'] },
      { username: 'reviewer', roles: ['reviewer'] },
      { username: 'supervisor', roles: ['supervisor', 'agent'] },
      { username: 'integration', roles: ['integration'] },
      { username: 'admin', roles: ['admin'] }
    ])
  })

  it('seeds on first start only, and keeps data across restarts', async () => {
    const first = await startEmbeddedServer({ dataDir, demoPassword: PASSWORD, demoClients: 300 })
    let countBefore: number
    try {
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(first.database).toBe('pglite')
      const health = await fetch(`${first.url}/health`)
      expect(await health.json()).toMatchObject({ status: 'ok', database: 'pglite' })

      const login = await signIn(first.url, 'supervisor')
      expect(login.status).toBe(200)
      const { token } = (await login.json()) as { token: string }
      countBefore = await clientCount(first.url, token)
      expect(countBefore).toBeGreaterThan(0)
      // As a demo database made before the admin joined the demo accounts.
      await first.db.deleteFrom('staff').where('username', '=', 'admin').execute()
    } finally {
      await first.close()
    }

    // A second start with another password must not re-seed (the staff keep the first password).
    const second = await startEmbeddedServer({
      dataDir,
      demoPassword: 'another-password',
      demoClients: 300
    })
    try {
      const login = await signIn(second.url, 'supervisor')
      expect(login.status).toBe(200)
      const { token } = (await login.json()) as { token: string }
      expect(await clientCount(second.url, token)).toBe(countBefore)
      // The missing demo account is added, with this start's password; the others keep theirs.
      expect((await signIn(second.url, 'admin', 'another-password')).status).toBe(200)
    } finally {
      await second.close()
    }
    // Two PGlite start-ups and a seed: far beyond the unit project's default 5 s.
  }, 60_000)

  it("starts a new data folder from the build's template, and an existing one from its own data", async () => {
    const templateDir = await mkdtemp(join(tmpdir(), 'consent-template-'))
    const fresh = join(templateDir, 'data')
    const template = join(templateDir, PGLITE_TEMPLATE_FILE)
    try {
      await writeFile(template, await buildPgliteTemplate())
      const startedAt = new Date()
      const first = await startEmbeddedServer({
        dataDir: fresh,
        dataTemplate: template,
        demoPassword: PASSWORD,
        demoClients: 300
      })
      let count: number
      try {
        // Migrated to the last migration, seeded, and answering; the migrations ran when the
        // template was built, not at this start.
        expect(await pendingMigrations(first.db)).toEqual([])
        const applied = await sql<{ timestamp: string }>`
          select timestamp from kysely_migration`.execute(first.db)
        expect(applied.rows.length).toBeGreaterThan(10)
        for (const row of applied.rows) {
          expect(new Date(row.timestamp).getTime()).toBeLessThan(startedAt.getTime())
        }
        const login = await signIn(first.url, 'agent')
        expect(login.status).toBe(200)
        const { token } = (await login.json()) as { token: string }
        count = await clientCount(first.url, token)
        expect(count).toBeGreaterThan(0)
      } finally {
        await first.close()
      }
      // The template is for new folders only: a restart keeps the data (a reload would lose it).
      const second = await startEmbeddedServer({
        dataDir: fresh,
        dataTemplate: template,
        demoPassword: PASSWORD,
        demoClients: 300
      })
      try {
        const { token } = (await (await signIn(second.url, 'agent')).json()) as { token: string }
        expect(await clientCount(second.url, token)).toBe(count)
      } finally {
        await second.close()
      }
      // No template file (a checkout never built): the first start runs initdb instead.
      const without = await startEmbeddedServer({
        dataDir: join(templateDir, 'other'),
        dataTemplate: join(templateDir, 'missing.tar.gz'),
        demoPassword: PASSWORD,
        demoClients: 100
      })
      try {
        expect((await signIn(without.url, 'agent')).status).toBe(200)
      } finally {
        await without.close()
      }
    } finally {
      await rm(templateDir, { recursive: true, force: true })
    }
  }, 120_000)
})
