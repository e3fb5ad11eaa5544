import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConsentEvent } from '../../src/shared/domain/consent'
import { insertClient, record } from '../support/consent-helpers'
import { bearer, createTestApi, type TestApi } from '../support/test-api'

describe('the consent feed', () => {
  let api: TestApi

  beforeAll(async () => {
    api = await createTestApi()
  })
  afterAll(async () => {
    await api.close()
  })

  async function feed(query: Record<string, string>) {
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/consent-events/feed',
      query,
      headers: bearer(await api.tokenFor('integration'))
    })
    return response
  }

  async function page(after?: string, limit = 100) {
    const response = await feed({ limit: String(limit), ...(after ? { after } : {}) })
    expect(response.statusCode).toBe(200)
    return response.json() as {
      items: Array<ConsentEvent & { cursor: string }>
      nextCursor: string | null
    }
  }

  it('pages through every event once, in write order, and stays put at the end', async () => {
    const clientId = await insertClient(api.database.owner)
    await record(api, clientId, [{ purpose: 'loyalty', action: 'given' }])
    await record(api, clientId, [
      { purpose: 'offers', channel: 'sms', action: 'given' },
      { purpose: 'location', action: 'given' }
    ])
    await record(api, clientId, [{ purpose: 'loyalty', action: 'withdrawn' }])

    const seen: string[] = []
    let cursor: string | undefined
    for (;;) {
      const next = await page(cursor, 2)
      seen.push(
        ...next.items.filter((item) => item.clientId === clientId).map((item) => item.purpose)
      )
      if (next.items.length === 0) {
        expect(next.nextCursor).toBe(cursor ?? null)
        break
      }
      cursor = next.nextCursor!
    }
    expect(seen).toEqual(['loyalty', 'offers', 'location', 'loyalty'])
  })

  it('continues from a cursor handed out before the feed was ordered by transaction', async () => {
    const clientId = await insertClient(api.database.owner)
    await record(api, clientId, [{ purpose: 'research_metadata', action: 'given' }])
    await record(api, clientId, [{ purpose: 'research_metadata', action: 'withdrawn' }])
    const all = await page(undefined, 1000)
    expect(all.items.length).toBeGreaterThan(1)
    const first = all.items[0]!
    const position = await api.database.owner
      .selectFrom('consent_outbox')
      .select('position')
      .where('event_id', '=', first.id)
      .executeTakeFirstOrThrow()
    const legacy = Buffer.from(`pos:${position.position}`).toString('base64url')
    const resumed = await page(legacy, 1000)
    expect(resumed.items.map((item) => item.id)).toEqual(all.items.slice(1).map((item) => item.id))
  })

  it('400 for a cursor that is not one of its own', async () => {
    const response = await feed({ after: Buffer.from('tx:1:x').toString('base64url') })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ code: 'validation_failed' })
  })
})
