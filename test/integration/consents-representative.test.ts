import { createHash, randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES } from '../../src/server/seed/fixtures'
import type { ConsentEvent } from '../../src/shared/domain/consent'
import { body, getState, insertClient, postConsents, tableCount } from '../support/consent-helpers'
import { bearer, createTestApi, type TestApi } from '../support/test-api'
import { createTestClock } from '../support/test-clock'

// Jānis Bērziņš's demo code: old format, born 12.03.1989, valid check digit.
const JANIS_CODE = '12038912346'
const JANIS = { name: 'Jānis Bērziņš', personalCode: '120389-12346', basis: 'board_member' }
const BY_ID_CARD = { method: 'id_card', documentLast4: '1234' }

describe('consents of a business client record its representative', () => {
  let api: TestApi

  beforeAll(async () => {
    // Seven generated clients are exactly the fixtures, the two companies among them.
    api = await createTestApi({
      clients: 7,
      clock: createTestClock(new Date('2026-11-25T09:00:00Z'))
    })
  })
  afterAll(async () => {
    await api.close()
  })

  async function clientIdOf(registrationNumber: string): Promise<string> {
    const row = await api.database.owner
      .selectFrom('clients')
      .select(['id', 'kind'])
      .where('registration_number', '=', registrationNumber)
      .executeTakeFirstOrThrow()
    expect(row.kind).toBe('business')
    return row.id
  }

  /** A company of its own per test, so versions and chains do not depend on test order. */
  async function insertBusinessClient(): Promise<string> {
    const id = randomUUID()
    await api.database.owner
      .insertInto('clients')
      .values({
        id,
        kind: 'business',
        registration_number: `T${id.slice(0, 10)}`,
        name: 'SIA "Tests"',
        language: 'lv',
        search_name: 'sia tests'
      })
      .execute()
    return id
  }

  async function counts() {
    const db = api.database.owner
    return {
      events: await tableCount(db, 'consent_events'),
      outbox: await tableCount(db, 'consent_outbox'),
      receipts: await tableCount(db, 'receipts'),
      projection: await tableCount(db, 'consent_projection'),
      versions: await tableCount(db, 'client_consent_versions'),
      keys: await tableCount(db, 'idempotency_keys')
    }
  }

  async function post(clientId: string, identityVerification: object) {
    const { version } = await getState(api, clientId)
    return postConsents(
      api,
      clientId,
      body([{ purpose: 'loyalty', action: 'given' }], { identityVerification }),
      { ifMatch: version }
    )
  }

  async function recordWithRepresentative(clientId: string, changes: object[]): Promise<string[]> {
    const { version } = await getState(api, clientId)
    const response = await postConsents(
      api,
      clientId,
      body(changes as never, { identityVerification: { ...BY_ID_CARD, representative: JANIS } }),
      { ifMatch: version }
    )
    expect(response.statusCode, response.body).toBe(201)
    return (response.json() as { events: ConsentEvent[] }).events.map((event) => event.id)
  }

  async function timeline(clientId: string): Promise<ConsentEvent[]> {
    const response = await api.app.inject({
      method: 'GET',
      url: `/v1/clients/${clientId}/consent-events`,
      headers: bearer(await api.tokenFor('agent'))
    })
    expect(response.statusCode).toBe(200)
    return (response.json() as { items: ConsentEvent[] }).items
  }

  async function verify(clientId: string) {
    const response = await api.app.inject({
      method: 'GET',
      url: `/v1/clients/${clientId}/consents/verify`,
      headers: bearer(await api.tokenFor('supervisor'))
    })
    expect(response.statusCode).toBe(200)
    return response.json() as { intact: boolean; events: number; brokenAt?: string }
  }

  function expectValidationError(
    response: Awaited<ReturnType<typeof postConsents>>,
    path: string,
    message?: RegExp
  ): void {
    expect(response.statusCode, response.body).toBe(400)
    expect(response.json()).toMatchObject({
      code: 'validation_failed',
      fields: expect.arrayContaining([
        expect.objectContaining({
          path,
          ...(message ? { message: expect.stringMatching(message) } : {})
        })
      ])
    })
  }

  it('the seeded demo data has business clients to try this on', async () => {
    await clientIdOf(FIXTURES.kalnini.registrationNumber)
    await clientIdOf(FIXTURES.baltijasKoks.registrationNumber)
  })

  it('400 for a business client without a representative, and nothing is written', async () => {
    const clientId = await clientIdOf(FIXTURES.kalnini.registrationNumber)
    const before = await counts()
    const response = await post(clientId, BY_ID_CARD)
    expectValidationError(
      response,
      'identityVerification.representative',
      /required for a business/
    )
    expect(await counts()).toEqual(before)
    expect((await getState(api, clientId)).version).toBe(0)
  })

  it('201 with a representative: stored whole, returned masked, in the timeline and the feed', async () => {
    const clientId = await clientIdOf(FIXTURES.baltijasKoks.registrationNumber)
    const response = await post(clientId, {
      method: 'passport',
      documentLast4: 'AB12',
      representative: {
        name: '  Anna Ozoliņa ',
        personalCode: '05079214565',
        basis: 'power_of_attorney'
      }
    })
    expect(response.statusCode, response.body).toBe(201)
    const expected = {
      method: 'passport',
      documentLast4: 'AB12',
      representative: {
        name: 'Anna Ozoliņa',
        personalCodeMasked: '050792-*****',
        basis: 'power_of_attorney'
      }
    }
    const { events } = response.json() as { events: ConsentEvent[] }
    expect(events).toHaveLength(1)
    expect(events[0]!.identityVerification).toEqual(expected)
    // The whole code is the proof and stays in the database; no answer carries it.
    expect(response.body).not.toContain('05079214565')
    expect(response.body).not.toContain('14565')

    const stored = await api.database.owner
      .selectFrom('consent_events')
      .select(['representative_name', 'representative_personal_code', 'representative_basis'])
      .where('id', '=', events[0]!.id)
      .executeTakeFirstOrThrow()
    expect(stored).toEqual({
      representative_name: 'Anna Ozoliņa',
      representative_personal_code: '05079214565',
      representative_basis: 'power_of_attorney'
    })

    const [read] = await timeline(clientId)
    expect(read!.identityVerification).toEqual(expected)

    const feed = await api.app.inject({
      method: 'GET',
      url: '/v1/consent-events/feed',
      query: { limit: '500' },
      headers: bearer(await api.tokenFor('integration'))
    })
    expect(feed.statusCode).toBe(200)
    const item = (feed.json() as { items: ConsentEvent[] }).items.find(
      (e) => e.id === events[0]!.id
    )
    expect(item!.identityVerification).toEqual(expected)
    expect(feed.body).not.toContain('05079214565')
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

  it('stores a hyphenated personal code compact', async () => {
    const clientId = await insertBusinessClient()
    const [eventId] = await recordWithRepresentative(clientId, [
      { purpose: 'loyalty', action: 'given' }
    ])
    const stored = await api.database.owner
      .selectFrom('consent_events')
      .select('representative_personal_code')
      .where('id', '=', eventId!)
      .executeTakeFirstOrThrow()
    expect(stored.representative_personal_code).toBe(JANIS_CODE)
    const [read] = await timeline(clientId)
    expect(read!.identityVerification?.representative).toEqual({
      name: 'Jānis Bērziņš',
      personalCodeMasked: '120389-*****',
      basis: 'board_member'
    })
  })

  it('400 for a private client with a representative, and nothing is written', async () => {
    const clientId = await insertClient(api.database.owner)
    const before = await counts()
    const response = await post(clientId, { ...BY_ID_CARD, representative: JANIS })
    expectValidationError(response, 'identityVerification.representative', /not used for a private/)
    expect(await counts()).toEqual(before)
  })

  it('400 naming the field for a bad personal code, name or basis, and nothing is written', async () => {
    const clientId = await insertBusinessClient()
    const before = await counts()
    const cases: Array<[object, string, RegExp?]> = [
      [{ ...JANIS, personalCode: '12038912345' }, 'personalCode', /check digit/],
      [{ ...JANIS, personalCode: '310289-12340' }, 'personalCode', /birth date/],
      [{ ...JANIS, personalCode: '120389-52346' }, 'personalCode', /century/],
      [{ ...JANIS, personalCode: '1203891234' }, 'personalCode', /DDMMYY-NNNNN/],
      [{ ...JANIS, personalCode: '' }, 'personalCode'],
      [{ ...JANIS, name: '   ' }, 'name'],
      [{ name: JANIS.name, personalCode: JANIS.personalCode }, 'basis'],
      [{ ...JANIS, basis: 'friend' }, 'basis']
    ]
    for (const [representative, field, message] of cases) {
      const response = await post(clientId, { ...BY_ID_CARD, representative })
      expectValidationError(response, `identityVerification.representative.${field}`, message)
    }
    expect(await counts()).toEqual(before)
  })

  describe('the hash chain', () => {
    /** The canonical JSON as it was before representatives existed: exactly these keys. */
    function hashBeforeRepresentatives(
      prevHash: string | null,
      row: Record<string, unknown>
    ): string {
      const json = JSON.stringify({
        id: row['id'],
        clientId: row['client_id'],
        seq: row['seq'],
        version: row['version'],
        purpose: row['purpose'],
        channel: row['channel'],
        action: row['action'],
        at: new Date(row['at'] as string).toISOString(),
        source: row['source'],
        actorKind: row['actor_kind'],
        actorId: row['actor_id'],
        centre: row['centre'],
        identityMethod: row['identity_method'],
        documentLast4: row['identity_document_last4'],
        noticeVersion: row['notice_version'],
        language: row['language'],
        receiptId: row['receipt_id']
      })
      return createHash('sha256')
        .update(prevHash ?? '')
        .update(json)
        .digest('hex')
    }

    async function tamper(statement: ReturnType<typeof sql>): Promise<void> {
      await api.database.owner.transaction().execute(async (trx) => {
        await sql`alter table consent_events disable trigger user`.execute(trx)
        await statement.execute(trx)
        await sql`alter table consent_events enable trigger user`.execute(trx)
      })
    }

    async function businessChain(): Promise<{ clientId: string; ids: string[] }> {
      const clientId = await insertBusinessClient()
      const ids = [
        ...(await recordWithRepresentative(clientId, [{ purpose: 'loyalty', action: 'given' }])),
        ...(await recordWithRepresentative(clientId, [{ purpose: 'location', action: 'given' }])),
        ...(await recordWithRepresentative(clientId, [{ purpose: 'loyalty', action: 'withdrawn' }]))
      ]
      return { clientId, ids }
    }

    async function privateChain(): Promise<{ clientId: string; ids: string[] }> {
      const clientId = await insertClient(api.database.owner)
      const ids: string[] = []
      for (const change of [
        { purpose: 'loyalty', action: 'given' },
        { purpose: 'location', action: 'given' }
      ] as const) {
        const { version } = await getState(api, clientId)
        const response = await postConsents(api, clientId, body([change]), { ifMatch: version })
        expect(response.statusCode).toBe(201)
        ids.push(...(response.json() as { events: ConsentEvent[] }).events.map((e) => e.id))
      }
      return { clientId, ids }
    }

    it('events without a representative hash exactly as before, so old chains still verify', async () => {
      const { clientId } = await privateChain()
      const rows = await sql<Record<string, unknown>>`
        select * from consent_events where client_id = ${clientId} order by seq`.execute(
        api.database.owner
      )
      let prev: string | null = null
      for (const row of rows.rows) {
        expect(row['representative_name']).toBeNull()
        expect(row['hash']).toBe(hashBeforeRepresentatives(prev, row))
        prev = row['hash'] as string
      }
      expect(await verify(clientId)).toEqual({
        intact: true,
        events: 2,
        projectionIntact: true,
        mismatches: [],
        receiptsChecked: 2,
        receiptsIntact: true,
        receiptMismatches: []
      })
    })

    it('a chain with representatives verifies, and its hashes cover them', async () => {
      const { clientId, ids } = await businessChain()
      expect(await verify(clientId)).toEqual({
        intact: true,
        events: 3,
        projectionIntact: true,
        mismatches: [],
        receiptsChecked: 3,
        receiptsIntact: true,
        receiptMismatches: []
      })
      const first = await sql<Record<string, unknown>>`
        select * from consent_events where id = ${ids[0]}`.execute(api.database.owner)
      expect(first.rows[0]!['hash']).not.toBe(hashBeforeRepresentatives(null, first.rows[0]!))
    })

    it('a changed representative name, personal code or basis is detected', async () => {
      for (const statement of [
        (id: string) =>
          sql`update consent_events set representative_name = 'Pēteris Ozoliņš' where id = ${id}`,
        (id: string) =>
          sql`update consent_events set representative_personal_code = '23115810786' where id = ${id}`,
        (id: string) =>
          sql`update consent_events set representative_basis = 'power_of_attorney' where id = ${id}`
      ]) {
        const { clientId, ids } = await businessChain()
        await tamper(statement(ids[1]!))
        expect(await verify(clientId)).toMatchObject({ intact: false, events: 3, brokenAt: ids[1] })
      }
    })

    it('a representative erased from an event, or added to one that had none, is detected', async () => {
      const business = await businessChain()
      await tamper(sql`update consent_events
        set representative_name = null, representative_personal_code = null, representative_basis = null
        where id = ${business.ids[2]}`)
      expect(await verify(business.clientId)).toMatchObject({
        intact: false,
        events: 3,
        brokenAt: business.ids[2]
      })

      const person = await privateChain()
      await tamper(sql`update consent_events
        set representative_name = 'Jānis Bērziņš', representative_personal_code = ${JANIS_CODE},
            representative_basis = 'board_member'
        where id = ${person.ids[0]}`)
      expect(await verify(person.clientId)).toMatchObject({
        intact: false,
        events: 2,
        brokenAt: person.ids[0]
      })
    })

    it('the three representative columns are recorded together or not at all', async () => {
      const { ids } = await businessChain()
      await expect(
        tamper(sql`update consent_events set representative_basis = null where id = ${ids[0]}`)
      ).rejects.toThrow(/consent_events_representative_complete_check/)
    })
  })
})
