import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RIGHTS_NOTICE_V1 } from '../../src/server/db/migrations/2026_11_30_011_publish_rights_notice'
import type { ConsentEvent } from '../../src/shared/domain/consent'
import { body, insertClient, postConsents, tableCount } from '../support/consent-helpers'
import { bearer, createTestApi, type TestApi } from '../support/test-api'

// The notice the client saw: a change names the version of the text the desk showed; a text
// republished meanwhile is refused (409 notice_outdated) and nothing is written.
describe('the notice the client saw', () => {
  let api: TestApi

  beforeAll(async () => {
    api = await createTestApi()
  })
  afterAll(async () => {
    await api.close()
  })

  async function publish(purpose: string, version: number): Promise<void> {
    await api.database.owner
      .insertInto('notice_versions')
      .values(
        (['lv', 'en', 'ru'] as const).map((language) => ({
          purpose,
          version,
          language,
          title: `${purpose} v${version} ${language}`,
          text: `The ${language} text of ${purpose}, version ${version}.`,
          published_at: new Date('2026-11-30T12:00:00Z')
        }))
      )
      .execute()
  }

  async function writesSoFar(): Promise<number[]> {
    return Promise.all([
      tableCount(api.database.owner, 'consent_events'),
      tableCount(api.database.owner, 'receipts'),
      tableCount(api.database.owner, 'consent_outbox'),
      tableCount(api.database.owner, 'idempotency_keys')
    ])
  }

  it('lists the rights statement with the purposes, the seed text verbatim in Latvian', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/purposes',
      headers: bearer(await api.tokenFor('agent'))
    })
    expect(response.statusCode).toBe(200)
    const { items, rights } = response.json() as {
      items: Array<{ purpose: string }>
      rights: { currentVersion: number; notices: Array<{ language: string; text: string }> }
    }
    expect(items.map((item) => item.purpose)).not.toContain('rights')
    expect(rights.currentVersion).toBe(1)
    const lv = rights.notices.find((notice) => notice.language === 'lv')!
    expect(lv.text).toBe(RIGHTS_NOTICE_V1.lv.text)
    expect(lv.text).toContain(
      'Klientam ir tiesības jebkurā laikā savas piekrišanas vieglā veidā atsaukt'
    )
    expect(rights.notices.map((notice) => notice.language).sort()).toEqual(['en', 'lv', 'ru'])
  })

  it('records the versions the desk sends, and the rights version on the receipt', async () => {
    const clientId = await insertClient(api.database.owner)
    const response = await postConsents(
      api,
      clientId,
      body([{ purpose: 'loyalty', action: 'given', noticeVersion: 1 }], { rightsNoticeVersion: 1 }),
      { ifMatch: 0 }
    )
    expect(response.statusCode).toBe(201)
    const { events, receipt } = response.json() as {
      events: ConsentEvent[]
      receipt: { id: string }
    }
    expect(events.map((event) => event.noticeVersion)).toEqual([1])
    const stored = await api.database.owner
      .selectFrom('receipts')
      .select(['language', 'rights_notice_version'])
      .where('id', '=', receipt.id)
      .executeTakeFirstOrThrow()
    expect(stored).toEqual({ language: 'lv', rights_notice_version: 1 })
  })

  it('409 notice_outdated for a text republished since it was shown; nothing is written', async () => {
    const clientId = await insertClient(api.database.owner)
    await publish('location', 2)
    const before = await writesSoFar()
    const response = await postConsents(
      api,
      clientId,
      body(
        [
          { purpose: 'location', action: 'given', noticeVersion: 1 },
          { purpose: 'research_metadata', action: 'given', noticeVersion: 1 }
        ],
        { rightsNoticeVersion: 1 }
      ),
      { ifMatch: 0 }
    )
    expect(response.statusCode).toBe(409)
    const error = response.json() as {
      code: string
      message: string
      current: Array<{ purpose: string; language: string; version: number }>
    }
    expect(error.code).toBe('notice_outdated')
    expect(error.message).toContain('location (shown 1, current 2)')
    expect(error.current).toEqual(
      expect.arrayContaining([
        { purpose: 'location', language: 'lv', version: 2 },
        { purpose: 'research_metadata', language: 'lv', version: 1 },
        { purpose: 'rights', language: 'lv', version: 1 }
      ])
    )
    expect(error.current).toHaveLength(3)
    expect(await writesSoFar()).toEqual(before)

    // Shown the new text, the client confirms again: recorded with version 2.
    const again = await postConsents(
      api,
      clientId,
      body([
        { purpose: 'location', action: 'given', noticeVersion: 2 },
        { purpose: 'research_metadata', action: 'given', noticeVersion: 1 }
      ]),
      { ifMatch: 0 }
    )
    expect(again.statusCode).toBe(201)
    const { events } = again.json() as { events: ConsentEvent[] }
    expect(events.map((event) => [event.purpose, event.noticeVersion])).toEqual([
      ['location', 2],
      ['research_metadata', 1]
    ])
  })

  it('a newer version than published is refused too, and the rights statement is checked', async () => {
    const clientId = await insertClient(api.database.owner)
    const ahead = await postConsents(
      api,
      clientId,
      body([{ purpose: 'offers', channel: 'sms', action: 'given', noticeVersion: 7 }]),
      { ifMatch: 0 }
    )
    expect(ahead.statusCode).toBe(409)
    expect(ahead.json()).toMatchObject({ code: 'notice_outdated' })

    await publish('rights', 2)
    const rights = await postConsents(
      api,
      clientId,
      body([{ purpose: 'offers', channel: 'sms', action: 'given', noticeVersion: 1 }], {
        rightsNoticeVersion: 1
      }),
      { ifMatch: 0 }
    )
    expect(rights.statusCode).toBe(409)
    const error = rights.json() as { current: Array<{ purpose: string; version: number }> }
    expect(error.current).toContainEqual({ purpose: 'rights', language: 'lv', version: 2 })
  })

  it('without versions (other systems) the current ones are recorded, in the request language', async () => {
    const clientId = await insertClient(api.database.owner)
    await publish('credit_information', 2)
    const response = await postConsents(
      api,
      clientId,
      body([{ purpose: 'credit_information', action: 'given' }], { language: 'ru' }),
      { ifMatch: 0 }
    )
    expect(response.statusCode).toBe(201)
    const { events, receipt } = response.json() as {
      events: ConsentEvent[]
      receipt: { id: string }
    }
    expect(events[0]).toMatchObject({ noticeVersion: 2, language: 'ru' })
    const stored = await api.database.owner
      .selectFrom('receipts')
      .select(['language', 'rights_notice_version'])
      .where('id', '=', receipt.id)
      .executeTakeFirstOrThrow()
    const rights = await api.database.owner
      .selectFrom('notice_versions')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('purpose', '=', 'rights')
      .where('language', '=', 'ru')
      .executeTakeFirstOrThrow()
    expect(stored).toEqual({ language: 'ru', rights_notice_version: Number(rights.version) })
  })
})
