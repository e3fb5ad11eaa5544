import { afterEach, describe, expect, it } from 'vitest'
import { PURPOSES } from '../../src/shared/domain/consent'
import { bearer, createTestApi, type TestApi } from '../support/test-api'

/** @fastify/rate-limit per account on searches and client reads, and per address on sign-in. */
describe('rate limits', () => {
  let api: TestApi | undefined
  afterEach(async () => {
    await api?.close()
    api = undefined
  })

  const search = (target: TestApi, token: string) =>
    target.app.inject({ method: 'GET', url: '/v1/clients?q=Bērziņš', headers: bearer(token) })

  it('answers 429 rate_limited with Retry-After past the per-account limit, per account', async () => {
    api = await createTestApi({ clients: 20, rateLimits: { staffReadsPerMinute: 5 } })
    const agent = await api.tokenFor('agent')
    const supervisor = await api.tokenFor('supervisor')

    for (let call = 1; call <= 5; call++) expect((await search(api, agent)).statusCode).toBe(200)
    const limited = await search(api, agent)
    expect(limited.statusCode).toBe(429)
    expect(limited.json()).toEqual({ code: 'rate_limited', message: expect.any(String) })
    const retryAfter = Number(limited.headers['retry-after'])
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(60)

    // A client read shares the budget; a colleague at the next desk (same address) has their own.
    const client = await api.database.db
      .selectFrom('clients')
      .select('id')
      .executeTakeFirstOrThrow()
    const read = await api.app.inject({
      method: 'GET',
      url: `/v1/clients/${client.id}`,
      headers: bearer(agent)
    })
    expect(read.statusCode).toBe(429)
    expect((await search(api, supervisor)).statusCode).toBe(200)
  })

  it('gives integration accounts their own limit', async () => {
    api = await createTestApi({
      clients: 20,
      rateLimits: { staffReadsPerMinute: 2, integrationReadsPerMinute: 6 }
    })
    const integration = await api.tokenFor('integration')
    const client = await api.database.db
      .selectFrom('clients')
      .select('id')
      .executeTakeFirstOrThrow()
    const read = () =>
      api!.app.inject({
        method: 'GET',
        url: `/v1/permissions?client=${client.id}&purpose=${PURPOSES[0]}`,
        headers: bearer(integration)
      })
    const statuses: number[] = []
    for (let call = 1; call <= 7; call++) statuses.push((await read()).statusCode)
    expect(statuses.slice(0, 6)).toEqual(Array<number>(6).fill(200))
    expect(statuses[6]).toBe(429)
  })

  it('limits sign-in requests per address, whatever the username', async () => {
    api = await createTestApi({ rateLimits: { signInsPerMinutePerSource: 3 } })
    const attempt = (username: string, remoteAddress: string) =>
      api!.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { username, password: 'wrong-password' },
        remoteAddress
      })
    for (const username of ['a', 'b', 'c']) {
      expect((await attempt(username, '203.0.113.9')).statusCode).toBe(401)
    }
    const limited = await attempt('d', '203.0.113.9')
    expect(limited.statusCode).toBe(429)
    expect(limited.headers['retry-after']).toBeDefined()
    expect((await attempt('d', '203.0.113.10')).statusCode).toBe(401)
  })

  it('declares the 429 in the contract of every limited operation', async () => {
    api = await createTestApi()
    const document = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
    }
    for (const [path, method] of [
      ['/v1/clients', 'get'],
      ['/v1/clients/{id}', 'get'],
      ['/v1/clients/{id}/consents', 'get'],
      ['/v1/permissions', 'get'],
      ['/v1/auth/login', 'post']
    ] as const) {
      expect(document.paths[path]?.[method]?.responses['429'], `${method} ${path}`).toBeDefined()
    }
  })
})
