import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  getConsentState,
  listConsentEvents,
  verifyClientChain
} from '../../src/server/consents/consents.service'
import { expireLoyalty } from '../../src/server/consents/loyalty.job'
import { prepareReceiptSigning } from '../../src/server/receipts/receipt-signing'
import { foldEvents, toPurposeStates } from '../../src/shared/domain/consent-rules'
import type { ConsentEvent, ConsentState } from '../../src/shared/domain/consent'
import {
  body,
  getState,
  insertClient,
  postConsents,
  record,
  tableCount
} from '../support/consent-helpers'
import { bearer, createTestApi, TEST_PASSWORD, type TestApi } from '../support/test-api'
import { createTestClock, type TestClock } from '../support/test-clock'

const DAY_MINUTES = 24 * 60

describe('consents', () => {
  let api: TestApi
  let clock: TestClock

  beforeAll(async () => {
    clock = createTestClock(new Date('2026-11-25T09:00:00Z'))
    api = await createTestApi({ clock })
  })
  afterAll(async () => {
    await api.close()
  })

  async function events(clientId: string, query: Record<string, string> = {}) {
    const response = await api.app.inject({
      method: 'GET',
      url: `/v1/clients/${clientId}/consent-events`,
      query,
      headers: bearer(await api.tokenFor('agent'))
    })
    expect(response.statusCode).toBe(200)
    return response.json() as { items: ConsentEvent[]; nextCursor: string | null }
  }

  async function verify(clientId: string) {
    const response = await api.app.inject({
      method: 'GET',
      url: `/v1/clients/${clientId}/consents/verify`,
      headers: bearer(await api.tokenFor('supervisor'))
    })
    expect(response.statusCode).toBe(200)
    return response.json() as {
      intact: boolean
      events: number
      brokenAt?: string
      projectionIntact: boolean
      mismatches: Array<{
        purpose: string
        channel: string | null
        stored: string
        fromEvents: string
      }>
    }
  }

  async function counts() {
    const db = api.database.owner
    return {
      events: await tableCount(db, 'consent_events'),
      outbox: await tableCount(db, 'consent_outbox'),
      receipts: await tableCount(db, 'receipts'),
      projection: await tableCount(db, 'consent_projection')
    }
  }

  describe('GET /v1/purposes', () => {
    it('lists the seven purposes with the verbatim Latvian notice and translations', async () => {
      const response = await api.app.inject({
        method: 'GET',
        url: '/v1/purposes',
        headers: bearer(await api.tokenFor('integration'))
      })
      expect(response.statusCode).toBe(200)
      const { items } = response.json() as {
        items: Array<{
          purpose: string
          number: number
          channels?: string[]
          currentVersion: number
          notices: Array<{ version: number; language: string; title: string; text: string }>
        }>
      }
      expect(items.map((item) => item.purpose)).toEqual([
        'offers',
        'usage_metadata',
        'automated_profiling',
        'credit_information',
        'location',
        'loyalty',
        'research_metadata'
      ])
      expect(items[0]!.channels).toEqual(['email', 'sms', 'phone_call', 'post', 'app'])
      expect(items[1]!.channels).toBeUndefined()
      for (const item of items) {
        expect(item.currentVersion).toBe(1)
        expect(item.notices.map((notice) => notice.language).sort()).toEqual(['en', 'lv', 'ru'])
      }
      const loyaltyLv = items[5]!.notices.find((notice) => notice.language === 'lv')!
      expect(loyaltyLv.title).toBe('Lojalitātes dati individuālai sadarbībai - LMT piedāvājumi')
      expect(loyaltyLv.text).toContain('(divu gadu laikā)')
      const offersLv = items[0]!.notices.find((notice) => notice.language === 'lv')!
      expect(offersLv.text).toContain('e-pastā, īzziņas vai telefona zvana veidā u. tml.')
    })
  })

  describe('recording and reading', () => {
    it('starts with every purpose never_given at version 0, with an ETag', async () => {
      const clientId = await insertClient(api.database.owner)
      const response = await api.app.inject({
        method: 'GET',
        url: `/v1/clients/${clientId}/consents`,
        headers: bearer(await api.tokenFor('reviewer'))
      })
      expect(response.statusCode).toBe(200)
      expect(response.headers['etag']).toBe('"0"')
      const state = response.json() as ConsentState
      expect(state.version).toBe(0)
      expect(state.purposes).toHaveLength(7)
      expect(state.purposes.every((purpose) => purpose.state === 'never_given')).toBe(true)
      expect(state.purposes[0]!.channels).toHaveLength(5)
      expect(state.loyalty).toBeUndefined()
    })

    it('answers current-state reads sent all at once each as it answers them one by one', async () => {
      const clients: string[] = []
      for (let n = 0; n < 5; n++) clients.push(await insertClient(api.database.owner))
      // Different states and versions, so that an answer given to the wrong client shows.
      await record(api, clients[1]!, [{ purpose: 'location', action: 'given' }])
      await record(api, clients[2]!, [{ purpose: 'offers', channel: 'sms', action: 'given' }])
      await record(api, clients[2]!, [{ purpose: 'offers', channel: 'sms', action: 'withdrawn' }])
      const ids = [...clients, randomUUID()]
      const token = await api.tokenFor('agent')
      const read = async (id: string) => {
        const response = await api.app.inject({
          method: 'GET',
          url: `/v1/clients/${id}/consents`,
          headers: bearer(token)
        })
        return {
          status: response.statusCode,
          etag: response.headers['etag'],
          body: response.json() as unknown
        }
      }
      const alone = []
      for (const id of ids) alone.push(await read(id))
      expect(alone.map((answer) => [answer.status, answer.etag])).toEqual([
        [200, '"0"'],
        [200, '"1"'],
        [200, '"2"'],
        [200, '"0"'],
        [200, '"0"'],
        [404, undefined]
      ])
      // Read together (createConsentStateReader shares their statements), answered apart.
      const together = await Promise.all([...ids, ...ids.slice().reverse()].map(read))
      expect(together).toEqual([...alone, ...alone.slice().reverse()])
    })

    it('records changes in one request and returns state, events and receipt', async () => {
      const clientId = await insertClient(api.database.owner)
      const response = await postConsents(
        api,
        clientId,
        body([
          { purpose: 'offers', channel: 'email', action: 'given' },
          { purpose: 'location', action: 'given' },
          { purpose: 'automated_profiling', action: 'given' }
        ]),
        { ifMatch: '"0"' }
      )
      expect(response.statusCode).toBe(201)
      expect(response.headers['etag']).toBe('"1"')
      const result = response.json() as {
        version: number
        state: ConsentState
        events: ConsentEvent[]
        receipt: { id: string; verificationCode: string }
      }
      expect(result.version).toBe(1)
      expect(result.receipt.id).toMatch(/^[0-9a-f-]{36}$/)
      expect(result.receipt.verificationCode).toMatch(/^[0-9A-Z]{8}$/)
      expect(result.events.map((event) => [event.seq, event.purpose, event.channel])).toEqual([
        [1, 'offers', 'email'],
        [2, 'location', null],
        [3, 'automated_profiling', null]
      ])
      const [first] = result.events
      expect(first).toMatchObject({
        clientId,
        action: 'given',
        at: clock.now().toISOString(),
        source: 'customer_centre',
        actor: { kind: 'staff', displayName: 'Līga Kalniņa' },
        centre: 'riga-ropazu',
        identityVerification: { method: 'id_card', documentLast4: '1234' },
        noticeVersion: 1,
        language: 'lv',
        receiptId: result.receipt.id,
        prevHash: null
      })
      expect(result.events[1]!.prevHash).toBe(first!.hash)

      const state = await getState(api, clientId)
      expect(state).toEqual({ ...result.state, asOf: state.asOf })
      const offers = state.purposes[0]!
      expect(offers.state).toBe('given')
      expect(offers.channels!.find((channel) => channel.channel === 'email')!.state).toBe('given')
      expect(offers.channels!.find((channel) => channel.channel === 'sms')!.state).toBe(
        'never_given'
      )
      expect(state.purposes.find((purpose) => purpose.purpose === 'location')).toMatchObject({
        state: 'given',
        eventId: result.events[1]!.id,
        source: 'customer_centre',
        noticeVersion: 1
      })
    })

    it('accepts If-Match as 3, "3" and W/"3"', async () => {
      const clientId = await insertClient(api.database.owner)
      for (const [index, ifMatch] of ['0', '"1"', 'W/"2"'].entries()) {
        const response = await postConsents(
          api,
          clientId,
          body([{ purpose: 'loyalty', action: index % 2 === 0 ? 'given' : 'withdrawn' }]),
          { ifMatch }
        )
        expect(response.statusCode).toBe(201)
      }
    })

    it('pauses and resumes location; permission says paused meanwhile', async () => {
      const clientId = await insertClient(api.database.owner)
      await record(api, clientId, [{ purpose: 'location', action: 'given' }])
      await record(api, clientId, [{ purpose: 'location', action: 'paused' }])
      const permission = async () =>
        (
          await api.app.inject({
            method: 'GET',
            url: '/v1/permissions',
            query: { client: clientId, purpose: 'location' },
            headers: bearer(await api.tokenFor('integration'))
          })
        ).json() as { allowed: boolean; reason: string }
      expect(await permission()).toMatchObject({ allowed: false, reason: 'paused' })
      expect((await getState(api, clientId)).purposes[4]!.state).toBe('paused')
      await record(api, clientId, [{ purpose: 'location', action: 'resumed' }])
      expect(await permission()).toMatchObject({ allowed: true, reason: 'given' })
      expect((await getState(api, clientId)).purposes[4]!.state).toBe('given')
    })

    it('derives offers from its channels', async () => {
      const clientId = await insertClient(api.database.owner)
      await record(api, clientId, [
        { purpose: 'offers', channel: 'sms', action: 'given' },
        { purpose: 'offers', channel: 'post', action: 'given' }
      ])
      await record(api, clientId, [{ purpose: 'offers', channel: 'sms', action: 'withdrawn' }])
      expect((await getState(api, clientId)).purposes[0]!.state).toBe('given')
      await record(api, clientId, [{ purpose: 'offers', channel: 'post', action: 'withdrawn' }])
      expect((await getState(api, clientId)).purposes[0]!.state).toBe('withdrawn')
    })
  })

  describe('errors', () => {
    let clientId: string
    beforeAll(async () => {
      clientId = await insertClient(api.database.owner)
      await record(api, clientId, [{ purpose: 'usage_metadata', action: 'given' }])
    })

    it('400 idempotency_key_required without a key, and records nothing', async () => {
      const before = await counts()
      const response = await postConsents(
        api,
        clientId,
        body([{ purpose: 'loyalty', action: 'given' }]),
        { key: null, ifMatch: 1 }
      )
      expect(response.statusCode).toBe(400)
      expect(response.json()).toMatchObject({ code: 'idempotency_key_required' })
      expect(await counts()).toEqual(before)
    })

    it('428 precondition_required without If-Match', async () => {
      const response = await postConsents(
        api,
        clientId,
        body([{ purpose: 'loyalty', action: 'given' }])
      )
      expect(response.statusCode).toBe(428)
      expect(response.json()).toMatchObject({ code: 'precondition_required' })
    })

    it('400 validation_failed for a bad body, naming the field', async () => {
      const bad = await postConsents(
        api,
        clientId,
        body([{ purpose: 'nonsense', action: 'given' } as never]),
        { ifMatch: 1 }
      )
      expect(bad.statusCode).toBe(400)
      expect(bad.json()).toMatchObject({ code: 'validation_failed' })

      const cases: Array<[object, string]> = [
        [
          body([{ purpose: 'loyalty', action: 'given' }], {
            identityVerification: { method: 'passport' }
          }),
          'identityVerification.documentLast4'
        ],
        [
          body([{ purpose: 'loyalty', action: 'given' }], {
            identityVerification: { method: 'smart_id', documentLast4: '1234' }
          }),
          'identityVerification.documentLast4'
        ],
        [body([{ purpose: 'offers', action: 'given' }]), 'changes.0.channel'],
        [body([{ purpose: 'loyalty', channel: 'sms', action: 'given' }]), 'changes.0.channel'],
        [body([{ purpose: 'loyalty', action: 'paused' }]), 'changes.0.action'],
        [
          body([
            { purpose: 'loyalty', action: 'given' },
            { purpose: 'loyalty', action: 'withdrawn' }
          ]),
          'changes.1'
        ]
      ]
      for (const [payload, path] of cases) {
        const response = await postConsents(api, clientId, payload, { ifMatch: 1 })
        expect(response.statusCode, path).toBe(400)
        expect(response.json()).toMatchObject({
          code: 'validation_failed',
          fields: expect.arrayContaining([expect.objectContaining({ path })])
        })
      }
    })

    it('404 for an unknown client on every consent route', async () => {
      const unknown = randomUUID()
      const post = await postConsents(
        api,
        unknown,
        body([{ purpose: 'loyalty', action: 'given' }]),
        {
          ifMatch: 0
        }
      )
      expect(post.statusCode).toBe(404)
      for (const url of [
        `/v1/clients/${unknown}/consents`,
        `/v1/clients/${unknown}/consent-events`,
        `/v1/clients/${unknown}/consents/verify`
      ]) {
        const response = await api.app.inject({
          method: 'GET',
          url,
          headers: bearer(await api.tokenFor('agent'))
        })
        expect(response.statusCode, url).toBe(404)
      }
      const permission = await api.app.inject({
        method: 'GET',
        url: '/v1/permissions',
        query: { client: unknown, purpose: 'loyalty' },
        headers: bearer(await api.tokenFor('integration'))
      })
      expect(permission.statusCode).toBe(404)
    })

    it('409 no_op_change for a change that changes nothing, and records nothing', async () => {
      const before = await counts()
      const cases = [
        [{ purpose: 'usage_metadata', action: 'given' }],
        [{ purpose: 'loyalty', action: 'withdrawn' }],
        [{ purpose: 'location', action: 'paused' }],
        [{ purpose: 'location', action: 'resumed' }],
        // One no-op among real changes refuses the whole request.
        [
          { purpose: 'loyalty', action: 'given' },
          { purpose: 'usage_metadata', action: 'given' }
        ]
      ] as const
      for (const changes of cases) {
        const response = await postConsents(api, clientId, body([...changes]), { ifMatch: 1 })
        expect(response.statusCode).toBe(409)
        expect(response.json()).toMatchObject({ code: 'no_op_change', fields: [expect.anything()] })
      }
      expect(await counts()).toEqual(before)
    })

    it('412 version_mismatch with the current state for a stale If-Match', async () => {
      const response = await postConsents(
        api,
        clientId,
        body([{ purpose: 'loyalty', action: 'given' }]),
        {
          ifMatch: 0
        }
      )
      expect(response.statusCode).toBe(412)
      const error = response.json() as { code: string; state: ConsentState }
      expect(error.code).toBe('version_mismatch')
      expect(error.state).toEqual({ ...(await getState(api, clientId)), asOf: error.state.asOf })
      expect(error.state.version).toBe(1)
    })

    it('replays the first result for the same key and body, writing nothing', async () => {
      const target = await insertClient(api.database.owner)
      const key = randomUUID()
      const payload = body([{ purpose: 'research_metadata', action: 'given' }])
      const first = await postConsents(api, target, payload, { key, ifMatch: 0 })
      expect(first.statusCode).toBe(201)
      const before = await counts()
      // The retry still carries the If-Match of the first attempt, now stale: it must replay.
      const again = await postConsents(api, target, payload, { key, ifMatch: 0 })
      expect(again.statusCode).toBe(201)
      expect(again.body).toBe(first.body)
      expect(await counts()).toEqual(before)
    })

    it('422 for the same key with another body', async () => {
      const target = await insertClient(api.database.owner)
      const key = randomUUID()
      const first = await postConsents(
        api,
        target,
        body([{ purpose: 'research_metadata', action: 'given' }]),
        { key, ifMatch: 0 }
      )
      expect(first.statusCode).toBe(201)
      const other = await postConsents(
        api,
        target,
        body([{ purpose: 'loyalty', action: 'given' }]),
        {
          key,
          ifMatch: 1
        }
      )
      expect(other.statusCode).toBe(422)
      expect(other.json()).toMatchObject({ code: 'idempotency_key_reused' })
    })

    it('a failed request gives its key back: a retry runs again', async () => {
      const target = await insertClient(api.database.owner)
      const key = randomUUID()
      const payload = body([{ purpose: 'loyalty', action: 'given' }])
      expect((await postConsents(api, target, payload, { key, ifMatch: 5 })).statusCode).toBe(412)
      expect((await postConsents(api, target, payload, { key, ifMatch: 0 })).statusCode).toBe(201)
    })
  })

  describe('history', () => {
    let clientId: string
    const times: string[] = []
    beforeAll(async () => {
      clientId = await insertClient(api.database.owner)
      const steps = [
        [{ purpose: 'offers', channel: 'email', action: 'given' }],
        [{ purpose: 'location', action: 'given' }],
        [{ purpose: 'offers', channel: 'email', action: 'withdrawn' }],
        [{ purpose: 'location', action: 'paused' }],
        [{ purpose: 'credit_information', action: 'given' }]
      ] as const
      for (const [index, changes] of steps.entries()) {
        clock.advanceMinutes(60)
        times.push(clock.now().toISOString())
        await record(api, clientId, [...changes], index === 4 ? { source: 'phone' } : {})
      }
    })

    it('?at= folds the events up to that moment', async () => {
      const atSecond = await getState(api, clientId, times[1])
      expect(atSecond.version).toBe(2)
      expect(atSecond.asOf).toBe(times[1])
      expect(atSecond.purposes[0]!.state).toBe('given')
      expect(atSecond.purposes[4]!.state).toBe('given')
      const beforeAll = await getState(api, clientId, '2000-01-01T00:00:00Z')
      expect(beforeAll.version).toBe(0)
      expect(beforeAll.purposes.every((purpose) => purpose.state === 'never_given')).toBe(true)
      const now = await getState(api, clientId, clock.now().toISOString())
      expect(now).toEqual({ ...(await getState(api, clientId)), asOf: now.asOf })
    })

    it('lists the timeline newest first, keyset-paged', async () => {
      const page1 = await events(clientId, { limit: '2' })
      expect(page1.items.map((event) => event.seq)).toEqual([5, 4])
      expect(page1.nextCursor).toEqual(expect.any(String))
      const page2 = await events(clientId, { limit: '2', cursor: page1.nextCursor! })
      expect(page2.items.map((event) => event.seq)).toEqual([3, 2])
      const page3 = await events(clientId, { limit: '2', cursor: page2.nextCursor! })
      expect(page3.items.map((event) => event.seq)).toEqual([1])
      expect(page3.nextCursor).toBeNull()
    })

    it('filters by purpose, action, source and time', async () => {
      expect((await events(clientId, { purpose: 'offers' })).items.map((e) => e.seq)).toEqual([
        3, 1
      ])
      expect((await events(clientId, { action: 'paused' })).items.map((e) => e.seq)).toEqual([4])
      expect((await events(clientId, { source: 'phone' })).items.map((e) => e.seq)).toEqual([5])
      expect(
        (await events(clientId, { from: times[1]!, to: times[3]! })).items.map((e) => e.seq)
      ).toEqual([4, 3, 2])
    })

    it('answers 400 for a cursor it did not make', async () => {
      const response = await api.app.inject({
        method: 'GET',
        url: `/v1/clients/${clientId}/consent-events`,
        query: { cursor: 'bm9wZQ' },
        headers: bearer(await api.tokenFor('agent'))
      })
      expect(response.statusCode).toBe(400)
    })

    it('the projection equals the fold of the timeline', async () => {
      const timeline = await events(clientId, { limit: '500' })
      const folded = toPurposeStates(foldEvents(timeline.items))
      expect((await getState(api, clientId)).purposes).toEqual(folded)
    })

    it('verifies an intact chain', async () => {
      expect(await verify(clientId)).toEqual({
        intact: true,
        events: 5,
        projectionIntact: true,
        mismatches: [],
        receiptsChecked: 5,
        receiptsIntact: true,
        receiptMismatches: []
      })
    })
  })

  describe('append-only', () => {
    it('the trigger refuses UPDATE, DELETE and TRUNCATE', async () => {
      const clientId = await insertClient(api.database.owner)
      await record(api, clientId, [{ purpose: 'loyalty', action: 'given' }])
      const db = api.database.owner
      await expect(
        sql`update consent_events set action = 'withdrawn' where client_id = ${clientId}`.execute(
          db
        )
      ).rejects.toThrow(/append-only/)
      await expect(
        sql`delete from consent_events where client_id = ${clientId}`.execute(db)
      ).rejects.toThrow(/append-only/)
      await expect(sql`truncate consent_events cascade`.execute(db)).rejects.toThrow(/append-only/)
      expect(await verify(clientId)).toEqual({
        intact: true,
        events: 1,
        projectionIntact: true,
        mismatches: [],
        receiptsChecked: 1,
        receiptsIntact: true,
        receiptMismatches: []
      })
    })

    it('on PostgreSQL the consent_app role may insert but not update', async () => {
      const role = await sql<{ n: number }>`
        select count(*)::int as n from pg_roles where rolname = 'consent_app'`.execute(
        api.database.owner
      )
      if (api.database.kind !== 'postgres') {
        // PGlite has roles too, but one process and one user: nothing to protect against.
        return
      }
      expect(role.rows[0]!.n).toBe(1)
      const clientId = await insertClient(api.database.owner)
      await record(api, clientId, [{ purpose: 'loyalty', action: 'given' }])
      await expect(
        api.database.owner.transaction().execute(async (trx) => {
          await sql`set local role consent_app`.execute(trx)
          const rows =
            await sql`select id from consent_events where client_id = ${clientId}`.execute(trx)
          expect(rows.rows).toHaveLength(1)
          await sql`update consent_events set action = 'withdrawn' where client_id = ${clientId}`.execute(
            trx
          )
        })
      ).rejects.toThrow(/permission denied/)
      await expect(
        api.database.owner.transaction().execute(async (trx) => {
          await sql`set local role consent_app`.execute(trx)
          await sql`truncate consent_events`.execute(trx)
        })
      ).rejects.toThrow(/permission denied/)
    })

    describe('tampering by a superuser is detected', () => {
      async function tamper(clientId: string, statement: ReturnType<typeof sql>): Promise<void> {
        await api.database.owner.transaction().execute(async (trx) => {
          await sql`alter table consent_events disable trigger user`.execute(trx)
          await statement.execute(trx)
          await sql`alter table consent_events enable trigger user`.execute(trx)
        })
        void clientId
      }

      async function threeEvents(): Promise<{ clientId: string; ids: string[] }> {
        const clientId = await insertClient(api.database.owner)
        const ids: string[] = []
        for (const changes of [
          [{ purpose: 'loyalty', action: 'given' }],
          [{ purpose: 'location', action: 'given' }],
          [{ purpose: 'loyalty', action: 'withdrawn' }]
        ] as const) {
          ids.push(...(await record(api, clientId, [...changes])).events.map((event) => event.id))
        }
        return { clientId, ids }
      }

      it('a changed purpose or action', async () => {
        const { clientId, ids } = await threeEvents()
        await tamper(
          clientId,
          sql`update consent_events set purpose = 'offers' where id = ${ids[1]}`
        )
        expect(await verify(clientId)).toMatchObject({ intact: false, events: 3, brokenAt: ids[1] })

        const other = await threeEvents()
        await tamper(
          other.clientId,
          sql`update consent_events set action = 'given' where id = ${other.ids[2]}`
        )
        expect(await verify(other.clientId)).toMatchObject({
          intact: false,
          events: 3,
          brokenAt: other.ids[2]
        })
      })

      it('a deleted event', async () => {
        const { clientId, ids } = await threeEvents()
        await tamper(clientId, sql`delete from consent_outbox where event_id = ${ids[1]}`)
        await tamper(clientId, sql`delete from consent_events where id = ${ids[1]}`)
        expect(await verify(clientId)).toMatchObject({ intact: false, events: 2, brokenAt: ids[2] })
      })

      it('a deleted last event', async () => {
        const { clientId, ids } = await threeEvents()
        await tamper(clientId, sql`delete from consent_outbox where event_id = ${ids[2]}`)
        await tamper(clientId, sql`delete from consent_events where id = ${ids[2]}`)
        expect(await verify(clientId)).toMatchObject({ intact: false, events: 2, brokenAt: ids[1] })
      })

      it('an inserted event', async () => {
        const { clientId, ids } = await threeEvents()
        const forged = randomUUID()
        await tamper(
          clientId,
          sql`insert into consent_events
                (id, client_id, seq, version, purpose, channel, action, at, source, actor_kind,
                 actor_id, centre, identity_method, identity_document_last4, notice_version,
                 language, receipt_id, prev_hash, hash)
              select ${forged}, client_id, 4, 4, 'credit_information', null, 'given', at, source,
                     actor_kind, actor_id, centre, identity_method, identity_document_last4,
                     notice_version, language, receipt_id, hash, hash
              from consent_events where id = ${ids[2]}`
        )
        expect(await verify(clientId)).toMatchObject({ intact: false, events: 4, brokenAt: forged })
      })

      it('the stored current state edited alone: the chain holds, the projection check names it', async () => {
        const { clientId } = await threeEvents()
        // Location was given; a hand edit of the derived table says withdrawn.
        await api.database.owner
          .updateTable('consent_projection')
          .set({ state: 'withdrawn' })
          .where('client_id', '=', clientId)
          .where('purpose', '=', 'location')
          .execute()
        const answer = await verify(clientId)
        expect(answer).toEqual({
          intact: false,
          events: 3,
          projectionIntact: false,
          mismatches: [
            { purpose: 'location', channel: null, stored: 'withdrawn', fromEvents: 'given' }
          ],
          receiptsChecked: 3,
          receiptsIntact: true,
          receiptMismatches: []
        })
      })

      it('an untouched client passes both checks', async () => {
        const { clientId } = await threeEvents()
        expect(await verify(clientId)).toEqual({
          intact: true,
          events: 3,
          projectionIntact: true,
          mismatches: [],
          receiptsChecked: 3,
          receiptsIntact: true,
          receiptMismatches: []
        })
      })
    })
  })

  describe('permissions', () => {
    it('answers single and batch checks, including paused, expired and never_given', async () => {
      const a = await insertClient(api.database.owner)
      const b = await insertClient(api.database.owner)
      const given = await record(api, a, [
        { purpose: 'offers', channel: 'email', action: 'given' },
        { purpose: 'location', action: 'given' }
      ])
      await record(api, a, [{ purpose: 'location', action: 'paused' }])
      await record(api, b, [{ purpose: 'credit_information', action: 'given' }])
      await record(api, b, [{ purpose: 'credit_information', action: 'withdrawn' }])

      const single = await api.app.inject({
        method: 'GET',
        url: '/v1/permissions',
        query: { client: a, purpose: 'offers', channel: 'email' },
        headers: bearer(await api.tokenFor('integration'))
      })
      expect(single.statusCode).toBe(200)
      expect(single.json()).toEqual({
        allowed: true,
        reason: 'given',
        since: expect.any(String),
        eventId: given.events[0]!.id
      })

      const checks = [
        { client: a, purpose: 'offers' },
        { client: a, purpose: 'offers', channel: 'sms' },
        { client: a, purpose: 'location' },
        { client: b, purpose: 'credit_information' },
        { client: b, purpose: 'loyalty' },
        { client: randomUUID(), purpose: 'offers', channel: 'email' },
        { client: 'not-a-client', purpose: 'usage_metadata' }
      ]
      const batch = await api.app.inject({
        method: 'POST',
        url: '/v1/permissions/batch',
        payload: { checks },
        headers: bearer(await api.tokenFor('supervisor'))
      })
      expect(batch.statusCode).toBe(200)
      const { results } = batch.json() as { results: Array<{ allowed: boolean; reason: string }> }
      expect(results.map((result) => [result.allowed, result.reason])).toEqual([
        [true, 'given'],
        [false, 'never_given'],
        [false, 'paused'],
        [false, 'withdrawn'],
        [false, 'never_given'],
        [false, 'never_given'],
        [false, 'never_given']
      ])
      expect(results[0]).toMatchObject({ client: a, purpose: 'offers' })
    })

    it('answers single checks sent all at once each with its own answer, and 404 for an unknown client', async () => {
      const a = await insertClient(api.database.owner)
      const b = await insertClient(api.database.owner)
      await record(api, a, [{ purpose: 'offers', channel: 'sms', action: 'given' }])
      await record(api, b, [{ purpose: 'location', action: 'given' }])
      await record(api, b, [{ purpose: 'location', action: 'paused' }])
      const token = await api.tokenFor('integration')
      const unknown = randomUUID()
      const cases: Array<{ query: Record<string, string>; status: number; reason?: string }> = [
        { query: { client: a, purpose: 'offers', channel: 'sms' }, status: 200, reason: 'given' },
        {
          query: { client: a, purpose: 'offers', channel: 'email' },
          status: 200,
          reason: 'never_given'
        },
        { query: { client: a, purpose: 'offers' }, status: 200, reason: 'given' },
        { query: { client: b, purpose: 'location' }, status: 200, reason: 'paused' },
        {
          query: { client: b, purpose: 'offers', channel: 'sms' },
          status: 200,
          reason: 'never_given'
        },
        { query: { client: unknown, purpose: 'location' }, status: 404, reason: undefined }
      ]
      // Concurrent checks share queries (createPermissionCheck); each must still get its own.
      const answers = await Promise.all(
        Array.from({ length: 60 }, (_, turn) => cases[turn % cases.length]!).map(async (check) => {
          const response = await api.app.inject({
            method: 'GET',
            url: '/v1/permissions',
            query: check.query,
            headers: bearer(token)
          })
          const json = response.json() as { reason?: string; code?: string }
          return { status: response.statusCode, reason: json.reason, code: json.code }
        })
      )
      expect(answers).toEqual(
        Array.from({ length: 60 }, (_, turn) => cases[turn % cases.length]!).map((check) => ({
          status: check.status,
          reason: check.reason,
          code: check.status === 404 ? 'not_found' : undefined
        }))
      )
    })

    it('answers a batch of 1,000 checks', async () => {
      const a = await insertClient(api.database.owner)
      await record(api, a, [{ purpose: 'loyalty', action: 'given' }])
      const checks = Array.from({ length: 1000 }, (_, index) => ({
        client: a,
        purpose: index % 2 === 0 ? 'loyalty' : 'location'
      }))
      const batch = await api.app.inject({
        method: 'POST',
        url: '/v1/permissions/batch',
        payload: { checks },
        headers: bearer(await api.tokenFor('integration'))
      })
      expect(batch.statusCode).toBe(200)
      const { results } = batch.json() as { results: Array<{ allowed: boolean }> }
      expect(results.filter((result) => result.allowed)).toHaveLength(500)
    })
  })

  describe('loyalty', () => {
    it('shows the clock for a departed client, expires it after two years, keeps it on return', async () => {
      // Contracts ended 2026-06-30: the loyalty runs to 2028-06-30.
      const departed = await insertClient(api.database.owner, [
        { status: 'ended', startDate: '2015-01-01', endDate: '2026-06-30' }
      ])
      const returned = await insertClient(api.database.owner, [
        { status: 'ended', startDate: '2015-01-01', endDate: '2026-06-30' }
      ])
      await record(api, departed, [{ purpose: 'loyalty', action: 'given' }])
      await record(api, returned, [{ purpose: 'loyalty', action: 'given' }])

      const state = await getState(api, departed)
      expect(state.loyalty?.endsOn).toBe('2028-06-30')
      const today = clock.now().toISOString().slice(0, 10)
      expect(state.loyalty?.daysLeft).toBe(
        Math.round((Date.parse('2028-06-30') - Date.parse(today)) / 86_400_000)
      )

      // Not yet: nothing expires.
      expect(await expireLoyalty(api.database.owner, clock)).toBe(0)

      // The returning client signs a new contract before the window ends.
      await api.database.owner
        .insertInto('contracts')
        .values({
          client_id: returned,
          number: 'K99887766',
          status: 'active',
          start_date: '2027-03-01',
          end_date: null
        })
        .execute()
      expect((await getState(api, returned)).loyalty).toBeUndefined()

      // Two years on, every session has expired: read through the services from here.
      const deps = {
        db: api.database.owner,
        clock,
        signing: await prepareReceiptSigning(api.database.owner, api.keyset)
      }
      const stateOf = (clientId: string) => getConsentState(deps, { clientId })
      const minutesToEnd = (Date.parse('2028-06-30T09:00:00Z') - clock.now().getTime()) / 60_000
      clock.advanceMinutes(minutesToEnd - DAY_MINUTES)
      expect((await stateOf(departed)).loyalty?.daysLeft).toBe(1)
      expect(await expireLoyalty(api.database.owner, clock)).toBe(0)
      clock.advanceMinutes(DAY_MINUTES)
      expect(await expireLoyalty(api.database.owner, clock)).toBe(1)
      // Run again: nothing twice.
      expect(await expireLoyalty(api.database.owner, clock)).toBe(0)

      const after = await stateOf(departed)
      expect(after.purposes[5]).toMatchObject({ purpose: 'loyalty', state: 'expired' })
      expect(after.loyalty).toBeUndefined()
      const timeline = await listConsentEvents(deps, { clientId: departed, limit: 10 })
      expect(timeline.items[0]).toMatchObject({
        action: 'expired',
        actor: { kind: 'system', id: null },
        source: null,
        noticeVersion: 1
      })
      // The job's `expired` has no receipt: the one receipt is the counter's.
      expect(await verifyClientChain(deps, departed)).toEqual({
        intact: true,
        events: 2,
        projectionIntact: true,
        mismatches: [],
        receiptsChecked: 1,
        receiptsIntact: true,
        receiptMismatches: []
      })
      expect((await stateOf(returned)).purposes[5]!.state).toBe('given')

      // Expired can be given again (a fresh sign-in, at the new time).
      const login = await api.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { username: 'agent', password: TEST_PASSWORD }
      })
      const again = await api.app.inject({
        method: 'POST',
        url: `/v1/clients/${departed}/consents`,
        headers: {
          ...bearer((login.json() as { token: string }).token),
          'idempotency-key': randomUUID(),
          'if-match': String(after.version)
        },
        payload: body([{ purpose: 'loyalty', action: 'given' }])
      })
      expect(again.statusCode).toBe(201)
    })
  })
})
