import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
})
