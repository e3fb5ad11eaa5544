import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConsentChange } from '../../../src/shared/domain/consent'
import { body, insertClient } from '../../support/consent-helpers'
import { bearer, createTestApi, type TestApi } from '../../support/test-api'

// The API's connection to PostgreSQL dies in the middle of a write, after the idempotency key is
// claimed and before commit: what a kill -9 of the API (or a lost connection) looks like from the
// database. PostgreSQL rolls the transaction back; the key's claim must go with it.
describe('a write that dies before commit', () => {
  let api: TestApi
  let base: string

  beforeAll(async () => {
    api = await createTestApi()
    base = await api.app.listen({ host: '127.0.0.1', port: 0 })
    await api.tokenFor('agent')
  })
  afterAll(async () => {
    await api.close()
  })

  async function post(clientId: string, changes: ConsentChange[], key: string) {
    const response = await fetch(`${base}/v1/clients/${clientId}/consents`, {
      method: 'POST',
      headers: {
        ...bearer(await api.tokenFor('agent')),
        'content-type': 'application/json',
        'idempotency-key': key,
        'if-match': '0'
      },
      body: JSON.stringify(body(changes))
    })
    return { status: response.status, json: (await response.json()) as Record<string, unknown> }
  }

  /** The backend of a write that waits on a lock (the table the test holds). */
  async function writerWaitingOnLock(): Promise<number> {
    for (let attempt = 0; attempt < 200; attempt++) {
      // The write is one long statement; pg_stat_activity keeps its first 1 kB, which names the
      // version row it starts with.
      const { rows } = await sql<{ pid: number }>`
        select pid from pg_stat_activity
        where wait_event_type = 'Lock' and query ilike '%client_consent_versions%'
          and pid <> pg_backend_pid()`.execute(api.database.owner)
      if (rows[0]) return rows[0].pid
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    throw new Error('the write never waited on the held table')
  }

  it('leaves no claim: the retry with the same key runs at once and records once', async () => {
    const clientId = await insertClient(api.database.owner)
    const key = randomUUID()
    const changes: ConsentChange[] = [{ purpose: 'research_metadata', action: 'given' }]

    // Hold the feed table, which the write's one statement also writes: the write stops inside
    // its transaction, with its key and version row not yet committed.
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    const holder = api.database.owner.transaction().execute(async (trx) => {
      await sql`lock table consent_outbox in share row exclusive mode`.execute(trx)
      await released
    })
    const first = post(clientId, changes, key)
    const pid = await writerWaitingOnLock()
    await sql`select pg_terminate_backend(${pid})`.execute(api.database.owner)
    const died = await first
    release()
    await holder

    expect(died.status).toBeGreaterThanOrEqual(500)
    const claims = await api.database.owner
      .selectFrom('idempotency_keys')
      .select('state')
      .where('key', '=', key)
      .execute()
    expect(claims).toEqual([])

    const retry = await post(clientId, changes, key)
    expect(retry.status).toBe(201)
    const again = await post(clientId, changes, key)
    expect(again).toEqual(retry)
    const events = await api.database.owner
      .selectFrom('consent_events')
      .select('purpose')
      .where('client_id', '=', clientId)
      .execute()
    expect(events).toEqual([{ purpose: 'research_metadata' }])
  })
})
