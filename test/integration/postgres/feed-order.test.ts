import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConsentEvent } from '../../../src/shared/domain/consent'
import { body, insertClient, postConsents } from '../../support/consent-helpers'
import { bearer, createTestApi, type TestApi } from '../../support/test-api'

// The feed never hands out an event while an older transaction is still open: that transaction
// could commit an event the reader's cursor would already be past.
describe('the feed and transactions still in flight', () => {
  let api: TestApi

  beforeAll(async () => {
    api = await createTestApi()
  })
  afterAll(async () => {
    await api.close()
  })

  async function feed(after?: string) {
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/consent-events/feed',
      query: { limit: '1000', ...(after ? { after } : {}) },
      headers: bearer(await api.tokenFor('integration'))
    })
    expect(response.statusCode).toBe(200)
    return response.json() as {
      items: Array<ConsentEvent & { cursor: string }>
      nextCursor: string | null
    }
  }

  it('holds back events committed after an older transaction that is still open', async () => {
    const start = (await feed()).nextCursor ?? undefined
    const clientId = await insertClient(api.database.owner)

    let finish!: () => void
    const finished = new Promise<void>((resolve) => (finish = resolve))
    let opened!: () => void
    const open = new Promise<void>((resolve) => (opened = resolve))
    // An older writer: it has its transaction id, and has not committed.
    const older = api.database.owner.transaction().execute(async (trx) => {
      await sql`select pg_current_xact_id()`.execute(trx)
      opened()
      await finished
    })
    await open

    const written = await postConsents(
      api,
      clientId,
      body([{ purpose: 'usage_metadata', action: 'given' }]),
      { ifMatch: 0, key: randomUUID() }
    )
    expect(written.statusCode).toBe(201)
    const eventId = (written.json() as { events: ConsentEvent[] }).events[0]!.id

    const whileOpen = await feed(start)
    expect(whileOpen.items.map((item) => item.id)).not.toContain(eventId)
    expect(whileOpen.nextCursor).toBe(start ?? null)

    finish()
    await older
    const afterwards = await feed(start)
    expect(afterwards.items.map((item) => item.id)).toContain(eventId)
  })
})
