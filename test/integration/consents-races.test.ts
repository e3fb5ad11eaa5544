import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConsentChange, ConsentEvent } from '../../src/shared/domain/consent'
import { body, insertClient, tableCount } from '../support/consent-helpers'
import { bearer, createTestApi, type TestApi } from '../support/test-api'

// Real HTTP on a real port: concurrent requests really overlap (on PostgreSQL on separate
// connections; on PGlite they interleave between statements on its one connection).
describe('consent writes under concurrency', () => {
  let api: TestApi
  let base: string

  beforeAll(async () => {
    api = await createTestApi()
    base = await api.app.listen({ host: '127.0.0.1', port: 0 })
    // Sign in once up front: 50 parallel first calls would otherwise be 50 scrypt sign-ins.
    await api.tokenFor('agent')
    await api.tokenFor('integration')
  })
  afterAll(async () => {
    await api.close()
  })

  async function post(
    clientId: string,
    changes: ConsentChange[],
    headers: { key: string; ifMatch: number }
  ): Promise<{ status: number; text: string }> {
    const response = await fetch(`${base}/v1/clients/${clientId}/consents`, {
      method: 'POST',
      headers: {
        ...bearer(await api.tokenFor('agent')),
        'content-type': 'application/json',
        'idempotency-key': headers.key,
        'if-match': String(headers.ifMatch)
      },
      body: JSON.stringify(body(changes))
    })
    return { status: response.status, text: await response.text() }
  }

  async function eventCount(clientId: string): Promise<number> {
    const rows = await api.database.owner
      .selectFrom('consent_events')
      .select('id')
      .where('client_id', '=', clientId)
      .execute()
    return rows.length
  }

  it('50 concurrent identical POSTs with one key record exactly one set of events', async () => {
    const clientId = await insertClient(api.database.owner)
    const key = randomUUID()
    const changes: ConsentChange[] = [
      { purpose: 'offers', channel: 'email', action: 'given' },
      { purpose: 'loyalty', action: 'given' }
    ]
    const results = await Promise.all(
      Array.from({ length: 50 }, () => post(clientId, changes, { key, ifMatch: 0 }))
    )
    // The claim is part of the first write's transaction: the others wait for it to commit and
    // then answer with its result, so every one of the 50 is the same 201.
    expect(results.map((result) => result.status)).toEqual(Array<number>(50).fill(201))
    const created = results
    expect(new Set(created.map((result) => result.text)).size).toBe(1)
    expect(await eventCount(clientId)).toBe(2)
    // Once settled, every retry is the stored first answer.
    const retry = await post(clientId, changes, { key, ifMatch: 0 })
    expect(retry).toEqual({ status: 201, text: created[0]!.text })
    expect(await eventCount(clientId)).toBe(2)
  })

  it('20 concurrent POSTs with the same If-Match: exactly one succeeds, the rest get 412', async () => {
    const clientId = await insertClient(api.database.owner)
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        post(clientId, [{ purpose: 'credit_information', action: 'given' }], {
          key: randomUUID(),
          ifMatch: 0
        })
      )
    )
    const statuses = results.map((result) => result.status).sort()
    expect(statuses).toEqual([201, ...Array<number>(19).fill(412)])
    for (const stale of results.filter((result) => result.status === 412)) {
      const error = JSON.parse(stale.text) as { code: string; state: { version: number } }
      expect(error.code).toBe('version_mismatch')
      expect(error.state.version).toBe(1)
    }
    expect(await eventCount(clientId)).toBe(1)
  })

  it('a feed consumer during concurrent writes sees every event once, in commit order', async () => {
    const clients = await Promise.all(
      Array.from({ length: 6 }, () => insertClient(api.database.owner))
    )
    const token = await api.tokenFor('integration')
    const startCursor = await (async () => {
      // Start from the current end: earlier tests' events are not this test's concern.
      let cursor: string | null = null
      for (;;) {
        const page = await readFeed(token, cursor, 1000)
        if (page.items.length === 0) return cursor
        cursor = page.nextCursor
      }
    })()

    let writing = true
    const seen: Array<ConsentEvent & { cursor: string }> = []
    const consumer = (async () => {
      let cursor = startCursor
      for (;;) {
        const done = !writing
        const page = await readFeed(token, cursor, 7)
        seen.push(...page.items)
        cursor = page.nextCursor
        if (page.items.length === 0 && done) return
      }
    })()

    const purposes = ['usage_metadata', 'research_metadata', 'credit_information'] as const
    await Promise.all(
      clients.map(async (clientId) => {
        let version = 0
        for (let step = 0; step < 8; step += 1) {
          const purpose = purposes[step % 3]!
          const action = Math.floor(step / 3) % 2 === 0 ? 'given' : 'withdrawn'
          const result = await post(clientId, [{ purpose, action }], {
            key: randomUUID(),
            ifMatch: version
          })
          expect(result.status, result.text).toBe(201)
          version += 1
        }
      })
    )
    writing = false
    await consumer

    const ids = seen.map((event) => event.id)
    expect(new Set(ids).size).toBe(ids.length)
    const written = await api.database.owner
      .selectFrom('consent_events')
      .select('id')
      .where('client_id', 'in', clients)
      .execute()
    expect(new Set(ids)).toEqual(new Set(written.map((row) => row.id)))
    expect(ids).toHaveLength(48)
    // Per client, the feed is in seq order (each client's writes commit one after another).
    for (const clientId of clients) {
      const seqs = seen.filter((event) => event.clientId === clientId).map((event) => event.seq)
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    }
    expect(await tableCount(api.database.owner, 'consent_outbox')).toBeGreaterThanOrEqual(48)
  })

  async function readFeed(
    token: string,
    after: string | null,
    limit: number
  ): Promise<{ items: Array<ConsentEvent & { cursor: string }>; nextCursor: string | null }> {
    const url = new URL(`${base}/v1/consent-events/feed`)
    if (after) url.searchParams.set('after', after)
    url.searchParams.set('limit', String(limit))
    const response = await fetch(url, { headers: bearer(token) })
    expect(response.status).toBe(200)
    return (await response.json()) as {
      items: Array<ConsentEvent & { cursor: string }>
      nextCursor: string | null
    }
  }
})
