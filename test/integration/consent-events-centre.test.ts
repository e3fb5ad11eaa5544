import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_CENTRE } from '../../src/server/seed/seed-database'
import type { ConsentEvent } from '../../src/shared/domain/consent'
import { body, insertClient, postConsents } from '../support/consent-helpers'
import { bearer, createTestApi, type TestApi } from '../support/test-api'
import { createTestClock } from '../support/test-clock'

/**
 * Events store the centre's id (`riga-ropazu`), which the hash chain covers; people read the
 * centre's name. Reads (the write's answer, the timeline, the feed) carry both.
 */
describe('the centre of a consent event', () => {
  let api: TestApi

  beforeAll(async () => {
    api = await createTestApi({ clock: createTestClock(new Date('2026-11-25T09:00:00Z')) })
  })
  afterAll(async () => {
    await api.close()
  })

  async function timeline(clientId: string): Promise<ConsentEvent[]> {
    const response = await api.app.inject({
      method: 'GET',
      url: `/v1/clients/${clientId}/consent-events`,
      headers: bearer(await api.tokenFor('agent'))
    })
    expect(response.statusCode).toBe(200)
    return (response.json() as { items: ConsentEvent[] }).items
  }

  it('is returned with its display name next to its id', async () => {
    const clientId = await insertClient(api.database.owner)
    const written = await postConsents(
      api,
      clientId,
      body([{ purpose: 'location', action: 'given' }]),
      { ifMatch: 0 }
    )
    expect(written.statusCode).toBe(201)
    const answer = written.json() as { events: ConsentEvent[] }
    expect(answer.events[0]).toMatchObject({
      centre: DEMO_CENTRE.id,
      centreName: DEMO_CENTRE.name
    })

    const [event] = await timeline(clientId)
    expect(event).toMatchObject({ centre: 'riga-ropazu', centreName: 'Rīga, Ropažu iela 6' })

    const feed = await api.app.inject({
      method: 'GET',
      url: '/v1/consent-events/feed',
      query: { limit: '500' },
      headers: bearer(await api.tokenFor('integration'))
    })
    expect(feed.statusCode).toBe(200)
    const fromFeed = (feed.json() as { items: ConsentEvent[] }).items.find(
      (item) => item.id === event!.id
    )
    expect(fromFeed).toMatchObject({ centre: DEMO_CENTRE.id, centreName: DEMO_CENTRE.name })
  })

  it('follows a renamed centre without touching the hash chain', async () => {
    const clientId = await insertClient(api.database.owner)
    await postConsents(api, clientId, body([{ purpose: 'loyalty', action: 'given' }]), {
      ifMatch: 0
    })
    await api.database.owner
      .updateTable('centres')
      .set({ name: 'Rīga, Ropažu iela 6 (Alfa)' })
      .where('id', '=', DEMO_CENTRE.id)
      .execute()
    try {
      const [event] = await timeline(clientId)
      expect(event).toMatchObject({
        centre: DEMO_CENTRE.id,
        centreName: 'Rīga, Ropažu iela 6 (Alfa)'
      })
      const verify = await api.app.inject({
        method: 'GET',
        url: `/v1/clients/${clientId}/consents/verify`,
        headers: bearer(await api.tokenFor('agent'))
      })
      expect(verify.json()).toMatchObject({ intact: true, events: 1 })
    } finally {
      await api.database.owner
        .updateTable('centres')
        .set({ name: DEMO_CENTRE.name })
        .where('id', '=', DEMO_CENTRE.id)
        .execute()
    }
  })
})
