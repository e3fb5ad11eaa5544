import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/server/app'
import { redactUrl, scrubIdentifiers } from '../../src/server/http/log-redaction'
import { generateKeyset } from '../../src/server/receipts/signing-keys'
import { DEMO_SEED, FIXTURES } from '../../src/server/seed/generator'
import { seedClients } from '../../src/server/seed/seed-database'
import { body } from '../support/consent-helpers'
import { bearer, TEST_PASSWORD, TEST_VERSION } from '../support/test-api'
import { createTestDatabase, type TestDatabase } from '../support/test-db'

/**
 * A realistic desk session against the API with its request log captured at `debug`, then every
 * line scanned for what must never be in it: the clients' full personal codes and phone numbers,
 * the session token and the password (issue 10; reliability-anchors §6 target 23).
 */
describe('request logs', () => {
  let database: TestDatabase
  let app: FastifyInstance
  const lines: string[] = []

  beforeAll(async () => {
    database = await createTestDatabase({ demoStaff: true })
    await seedClients(database.owner, { count: 20, seed: DEMO_SEED })
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
        done()
      }
    })
    app = await buildApp({
      database,
      version: TEST_VERSION,
      signingKeys: await generateKeyset(new Date()),
      logger: { level: 'debug', stream: capture }
    })
  })
  afterAll(async () => {
    await app.close()
    await database.close()
  })

  it('hold no full personal code, phone number, token or password after a desk session', async () => {
    const anna = FIXTURES.annaOzolina
    const login = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { username: 'agent', password: TEST_PASSWORD }
    })
    expect(login.statusCode).toBe(200)
    const token = (login.json() as { token: string }).token
    const auth = bearer(token)

    // Search by personal code (with and without the hyphen) and by phone, the ways agents type.
    const byCode = await app.inject({
      method: 'GET',
      url: '/v1/clients',
      query: { q: anna.personalCode },
      headers: auth
    })
    expect(byCode.statusCode).toBe(200)
    const clientId = (byCode.json() as { items: Array<{ id: string }> }).items[0]!.id
    const hyphenated = `${anna.personalCode.slice(0, 6)}-${anna.personalCode.slice(6)}`
    await app.inject({ method: 'GET', url: `/v1/clients?q=${hyphenated}&limit=5`, headers: auth })
    await app.inject({ method: 'GET', url: '/v1/clients?q=%2B37126111222', headers: auth })
    await app.inject({ method: 'GET', url: '/v1/clients?q=26111222', headers: auth })
    // A wrong check digit: the 400's message names the code; it must not reach the log either.
    await app.inject({
      method: 'GET',
      url: `/v1/clients?q=${anna.personalCode.slice(0, 10)}9`,
      headers: auth
    })

    await app.inject({ method: 'GET', url: `/v1/clients/${clientId}`, headers: auth })
    const revealed = await app.inject({
      method: 'POST',
      url: `/v1/clients/${clientId}/reveal`,
      payload: { reason: 'client_at_counter' },
      headers: auth
    })
    expect(revealed.statusCode).toBe(200)
    const state = await app.inject({
      method: 'GET',
      url: `/v1/clients/${clientId}/consents`,
      headers: auth
    })
    const saved = await app.inject({
      method: 'POST',
      url: `/v1/clients/${clientId}/consents`,
      payload: body([{ purpose: 'location', action: 'given' }]),
      headers: {
        ...auth,
        'idempotency-key': randomUUID(),
        'if-match': String((state.json() as { version: number }).version)
      }
    })
    expect(saved.statusCode).toBe(201)
    await app.inject({
      method: 'GET',
      url: `/v1/clients/${clientId}/consent-events`,
      headers: auth
    })
    await app.inject({ method: 'GET', url: `/v1/receipts?clientId=${clientId}`, headers: auth })
    await app.inject({
      method: 'GET',
      url: `/v1/clients/${clientId}/consent-report`,
      headers: auth
    })
    await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: auth })
    // A wrong password too: the failed sign-in is logged, what was typed is not.
    await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { username: 'agent', password: 'wrong-password-123' }
    })

    expect(lines.length).toBeGreaterThan(20)
    const secrets = [
      anna.personalCode,
      anna.personalCode.slice(6),
      hyphenated,
      '37126111222',
      '26111222',
      '37120555123',
      '20555123',
      token,
      TEST_PASSWORD,
      'wrong-password-123'
    ]
    for (const line of lines) {
      for (const secret of secrets) {
        expect(line.includes(secret), `log line holds ${secret}: ${line}`).toBe(false)
      }
    }
    // …and the lines still say what happened, with the parameter names kept.
    expect(lines.some((line) => line.includes('/v1/clients?q=[redacted]'))).toBe(true)
    expect(lines.some((line) => line.includes('limit=5'))).toBe(true)
  })

  it('redact every query value but paging and sorting, and identifier-shaped digits in errors', () => {
    expect(redactUrl('/v1/clients?q=05079214565&limit=20')).toBe(
      '/v1/clients?q=[redacted]&limit=20'
    )
    expect(redactUrl('/v1/permissions?client=050792-14565&purpose=offers')).toBe(
      '/v1/permissions?client=[redacted]&purpose=offers'
    )
    expect(redactUrl('/v1/clients/abc')).toBe('/v1/clients/abc')
    expect(scrubIdentifiers('Personal code 050792-14565 fails; phone +371 2611 1222')).toBe(
      'Personal code [redacted] fails; phone [redacted]'
    )
  })
})
