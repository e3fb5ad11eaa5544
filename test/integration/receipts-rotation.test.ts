import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/server/app'
import { generateKeyset, rotateKeyset, type Keyset } from '../../src/server/receipts/signing-keys'
import type { VerifyReceiptResponse } from '../../src/shared/domain/receipt'
import { body, insertClient } from '../support/consent-helpers'
import { decodeJws, fetchJwks, verifiesIndependently } from '../support/receipt-helpers'
import { bearer, TEST_PASSWORD, TEST_VERSION } from '../support/test-api'
import { createTestDatabase, type TestDatabase } from '../support/test-db'

interface Issued {
  id: string
  verificationCode: string
  jws: string
}

/**
 * Keys rotate and receipts outlive them: one database, API instances started one after another
 * with a rotated keyset (as `npm run keys -- --rotate` writes it), and finally with the first key
 * gone from the keyset altogether.
 */
describe('receipt signing key rotation', () => {
  let database: TestDatabase
  const apps: FastifyInstance[] = []
  let clientId: string
  let token: string

  beforeAll(async () => {
    database = await createTestDatabase({ demoStaff: true })
    clientId = await insertClient(database.owner)
  })
  afterAll(async () => {
    for (const app of apps) await app.close()
    await database.close()
  })

  async function start(signingKeys: Keyset): Promise<FastifyInstance> {
    const app = await buildApp({ database, version: TEST_VERSION, signingKeys })
    apps.push(app)
    if (!token) {
      const login = await app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { username: 'agent', password: TEST_PASSWORD }
      })
      token = (login.json() as { token: string }).token
    }
    return app
  }

  async function issue(
    app: FastifyInstance,
    purpose: 'loyalty' | 'location',
    action: 'given' | 'withdrawn' = 'given'
  ): Promise<Issued> {
    const state = await app.inject({
      method: 'GET',
      url: `/v1/clients/${clientId}/consents`,
      headers: bearer(token)
    })
    const response = await app.inject({
      method: 'POST',
      url: `/v1/clients/${clientId}/consents`,
      headers: {
        ...bearer(token),
        'idempotency-key': randomUUID(),
        'if-match': String((state.json() as { version: number }).version)
      },
      payload: body([{ purpose, action }])
    })
    expect(response.statusCode, response.body).toBe(201)
    return (response.json() as { receipt: Issued }).receipt
  }

  async function verify(app: FastifyInstance, request: object): Promise<VerifyReceiptResponse> {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/receipts/verify',
      headers: bearer(token),
      payload: request
    })
    expect(response.statusCode).toBe(200)
    return response.json() as VerifyReceiptResponse
  }

  it('a receipt signed by a rotated-out key still verifies, by the API and independently', async () => {
    const first = await generateKeyset(new Date('2026-12-01T00:00:00Z'))
    const before = await start(first)
    const old = await issue(before, 'loyalty')
    expect(decodeJws(old.jws).header['kid']).toBe(first.active)
    await before.close()

    const second = await rotateKeyset(first, new Date('2027-01-01T00:00:00Z'))
    const after = await start(second)
    const fresh = await issue(after, 'location')
    expect(decodeJws(fresh.jws).header['kid']).toBe(second.active)

    const jwks = await fetchJwks(after)
    expect(jwks.keys.map((key) => key.kid).sort()).toEqual([first.active, second.active].sort())
    for (const receipt of [old, fresh]) {
      expect(verifiesIndependently(receipt.jws, jwks)).toBe(true)
      expect(await verify(after, { jws: receipt.jws })).toMatchObject({ genuine: true })
      expect(await verify(after, { code: receipt.verificationCode })).toMatchObject({
        genuine: true
      })
    }
    const registered = await database.owner
      .selectFrom('receipt_signing_keys')
      .select(['kid', 'retired_at'])
      .execute()
    expect(registered.find((key) => key.kid === first.active)!.retired_at?.toISOString()).toBe(
      '2027-01-01T00:00:00.000Z'
    )
    expect(registered.find((key) => key.kid === second.active)!.retired_at).toBeNull()

    // The first key leaves the keyset file entirely: the database still knows it.
    const third = await rotateKeyset(second, new Date('2027-02-01T00:00:00Z'))
    const pruned: Keyset = {
      ...third,
      keys: third.keys.filter((key) => key.kid !== first.active)
    }
    const latest = await start(pruned)
    const latestJwks = await fetchJwks(latest)
    expect(latestJwks.keys.map((key) => key.kid)).toContain(first.active)
    expect(verifiesIndependently(old.jws, latestJwks)).toBe(true)
    expect(await verify(latest, { jws: old.jws })).toMatchObject({ genuine: true })
    const chain = await latest.inject({
      method: 'GET',
      url: `/v1/clients/${clientId}/consents/verify`,
      headers: bearer(token)
    })
    expect(chain.json()).toMatchObject({
      intact: true,
      receiptsChecked: 2,
      receiptsIntact: true,
      receiptMismatches: []
    })

    // A replica still running the previous keyset verifies what the new one signs.
    const newest = await issue(latest, 'loyalty', 'withdrawn')
    expect(decodeJws(newest.jws).header['kid']).toBe(pruned.active)
    expect(await verify(after, { jws: newest.jws })).toMatchObject({ genuine: true })
  })
})
