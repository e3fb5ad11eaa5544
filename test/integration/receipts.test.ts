import { randomBytes, randomUUID } from 'node:crypto'
import { CompactSign, importJWK, type CryptoKey } from 'jose'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../src/server/auth/password'
import { eventHash } from '../../src/server/consents/hash-chain'
import { toStoredChainEvent } from '../../src/server/consents/ledger.repository'
import { generateKeyset, importKeyset } from '../../src/server/receipts/signing-keys'
import type { ConsentChange, RecordConsentsResponse } from '../../src/shared/domain/consent'
import type {
  ConsentReport,
  Jwks,
  Receipt,
  ReceiptPayload,
  ReceiptSummary,
  VerifyReceiptResponse
} from '../../src/shared/domain/receipt'
import { pkCheckDigit } from '../../src/shared/identifiers/personalCode'
import { body, getState, insertClient, postConsents, tableCount } from '../support/consent-helpers'
import {
  decodeJws,
  fetchJwks,
  flipCharacter,
  verifiesIndependently
} from '../support/receipt-helpers'
import { bearer, createTestApi, TEST_PASSWORD, type TestApi } from '../support/test-api'
import { createTestClock, type TestClock } from '../support/test-clock'

type Issued = RecordConsentsResponse & {
  receipt: { id: string; verificationCode: string; jws: string }
}

describe('signed receipts', () => {
  let api: TestApi
  let clock: TestClock
  let jwks: Jwks
  const staffIds: Record<string, string> = {}

  beforeAll(async () => {
    clock = createTestClock(new Date('2026-12-01T08:00:00Z'))
    api = await createTestApi({ clock })
    // A second customer centre with its own agent: the register filters by both.
    const db = api.database.owner
    await db
      .insertInto('centres')
      .values({ id: 'liepaja', name: 'Liepāja, Lielā iela 13' })
      .execute()
    await db
      .insertInto('staff')
      .values({
        username: 'agent2',
        display_name: 'Andris Liepiņš',
        password_hash: await hashPassword(TEST_PASSWORD),
        roles: ['agent'],
        centre_id: 'liepaja'
      })
      .execute()
    for (const row of await db.selectFrom('staff').select(['id', 'username']).execute()) {
      staffIds[row.username] = row.id
    }
    jwks = await fetchJwks(api.app)
  })
  afterAll(async () => {
    await api.close()
  })

  /** Records changes at the client's current version; throws unless 201. */
  async function issue(
    clientId: string,
    changes: ConsentChange[],
    options: { username?: string; extra?: Record<string, unknown> } = {}
  ): Promise<Issued> {
    clock.advanceMinutes(1)
    const { version } = await getState(api, clientId)
    const response = await postConsents(api, clientId, body(changes, options.extra), {
      ifMatch: version,
      ...(options.username ? { username: options.username } : {})
    })
    if (response.statusCode !== 201) throw new Error(`POST ${response.statusCode} ${response.body}`)
    return response.json() as Issued
  }

  async function verify(
    payload: unknown,
    username = 'supervisor'
  ): Promise<{ status: number; body: VerifyReceiptResponse & { code?: string } }> {
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/receipts/verify',
      headers: bearer(await api.tokenFor(username)),
      payload: payload as object
    })
    return { status: response.statusCode, body: response.json() }
  }

  async function get(url: string, username: string, query: Record<string, string> = {}) {
    return api.app.inject({
      method: 'GET',
      url,
      query,
      headers: bearer(await api.tokenFor(username))
    })
  }

  function payloadOf(jws: string): ReceiptPayload {
    return decodeJws(jws).payload as ReceiptPayload
  }

  async function storedHashes(receiptId: string): Promise<Array<{ id: string; hash: string }>> {
    return api.database.owner
      .selectFrom('consent_events')
      .select(['id', 'hash'])
      .where('receipt_id', '=', receiptId)
      .orderBy('seq')
      .execute()
  }

  describe('GET /.well-known/jwks.json', () => {
    it('publishes the Ed25519 public key without a session, and nothing private', async () => {
      const response = await api.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })
      expect(response.statusCode).toBe(200)
      const { keys } = response.json() as { keys: Array<Record<string, unknown>> }
      expect(keys).toHaveLength(1)
      expect(keys[0]).toEqual({
        kty: 'OKP',
        crv: 'Ed25519',
        x: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        kid: api.keyset.active,
        use: 'sig',
        alg: 'EdDSA'
      })
      expect(response.body).not.toContain('"d"')
    })
  })

  describe('the receipt of a consent write', () => {
    it('is a JWS that verifies independently, and its payload says what was recorded', async () => {
      const clientId = await insertClient(api.database.owner)
      const result = await issue(
        clientId,
        [
          { purpose: 'offers', channel: 'email', action: 'given', noticeVersion: 1 },
          { purpose: 'location', action: 'given', noticeVersion: 1 }
        ],
        { extra: { language: 'en', rightsNoticeVersion: 1 } }
      )
      const { id, verificationCode, jws } = result.receipt
      expect(jws.split('.')).toHaveLength(3)
      expect(verifiesIndependently(jws, jwks)).toBe(true)
      expect(decodeJws(jws).header).toEqual({ alg: 'EdDSA', kid: api.keyset.active })

      const receipt = payloadOf(jws)
      // The controller, as Kantara CR v1.1 names it.
      expect(receipt.piiControllers).toHaveLength(1)
      expect(receipt.piiControllers[0]).toMatchObject({
        piiController: 'SIA "Latvijas Mobilais Telefons"',
        registrationNumber: '50003050931',
        address: { streetAddress: 'Ropažu iela 6', addressCountry: 'Latvija' },
        email: 'info@lmt.lv',
        phone: '80768076'
      })
      expect(receipt).toMatchObject({
        version: 'KI-CR-v1.1.0',
        schemaVersion: 'consent-desk-receipt/1',
        jurisdiction: 'LV',
        consentReceiptID: id,
        verificationCode,
        issuedAt: clock.now().toISOString(),
        consentTimestamp: Math.floor(clock.now().getTime() / 1000),
        language: 'en',
        piiPrincipalId: clientId,
        piiPrincipal: { name: 'Test Klients', maskedCode: expect.stringMatching(/-\*{5}$/) },
        policyUrl: 'https://www.lmt.lv',
        collectedBy: {
          centre: { id: 'riga-ropazu', name: 'Rīga, Ropažu iela 6' },
          agent: { id: staffIds['agent'], name: 'Līga Kalniņa', roles: ['agent'] }
        },
        source: 'customer_centre',
        collectionMethod: 'In person at an LMT customer centre',
        identityVerification: { method: 'id_card', documentLast4: '1234' },
        rightsNoticeVersion: 1,
        sensitive: false,
        spiCat: [],
        clientVersion: 1
      })
      expect(receipt.receiptNumber).toMatch(/^LMT-20261201-[0-9A-F]{8}$/)
      expect(receipt.withdrawalMethod).toContain('withdrawn at any time')

      // Each change carries its event's hash, equal to what the chain stores.
      const stored = await storedHashes(id)
      expect(stored).toHaveLength(2)
      expect(receipt.changes.map((change) => [change.eventId, change.hash])).toEqual(
        stored.map((event) => [event.id, event.hash])
      )
      expect(receipt.changes.map((change) => change.eventId)).toEqual(
        result.events.map((event) => event.id)
      )
      expect(receipt.changes[0]).toMatchObject({
        purposeId: 'offers',
        channel: 'email',
        action: 'given',
        previousState: 'never_given',
        noticeVersion: 1
      })

      // The full state, every purpose, titled in the request's language from the published notices.
      const purposesResponse = await get('/v1/purposes', 'agent')
      const catalogue = purposesResponse.json() as {
        items: Array<{ purpose: string; notices: Array<{ language: string; title: string }> }>
      }
      const titleEn = (purpose: string) =>
        catalogue.items
          .find((item) => item.purpose === purpose)!
          .notices.find((notice) => notice.language === 'en')!.title
      const purposes = receipt.services[0]!.purposes
      expect(purposes.map((purpose) => purpose.purposeId)).toEqual([
        'offers',
        'usage_metadata',
        'automated_profiling',
        'credit_information',
        'location',
        'loyalty',
        'research_metadata'
      ])
      for (const purpose of purposes) expect(purpose.purpose).toBe(titleEn(purpose.purposeId))
      expect(
        purposes.map((purpose) => [purpose.purposeId, purpose.state, purpose.changed])
      ).toEqual(
        result.state.purposes.map((state) => [
          state.purpose,
          state.state,
          state.purpose === 'offers' || state.purpose === 'location'
        ])
      )
      const offers = purposes[0]!
      expect(offers).toMatchObject({
        purposeCategory: ['Marketing'],
        piiCategory: ['Contact'],
        consentType: 'EXPLICIT',
        termination: 'Until withdrawn',
        noticeVersion: 1
      })
      expect(offers.channels!.find((channel) => channel.channel === 'email')!.state).toBe('given')
      expect(purposes[1]).toMatchObject({ state: 'never_given', noticeVersion: null })

      // Stored in the same write as the events: payload, JWS and key id.
      const row = await api.database.owner
        .selectFrom('receipts')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      expect(row.jws).toBe(jws)
      expect(row.kid).toBe(api.keyset.active)
      expect(row.payload).toEqual(receipt)
      expect(row.centre_id).toBe('riga-ropazu')

      // GET /v1/receipts/{id}: the same, decoded.
      const fetched = await get(`/v1/receipts/${id}`, 'agent')
      expect(fetched.statusCode).toBe(200)
      expect(fetched.json()).toEqual({
        id,
        verificationCode,
        issuedAt: receipt.issuedAt,
        clientId,
        jws,
        receipt
      } satisfies Receipt)
    })

    it('speaks Russian for a Russian request, with the loyalty term and the previous state', async () => {
      const clientId = await insertClient(api.database.owner)
      await issue(clientId, [{ purpose: 'loyalty', action: 'given' }])
      const result = await issue(clientId, [{ purpose: 'loyalty', action: 'withdrawn' }], {
        extra: { language: 'ru', source: 'phone' }
      })
      const receipt = payloadOf(result.receipt.jws)
      expect(verifiesIndependently(result.receipt.jws, jwks)).toBe(true)
      expect(receipt.language).toBe('ru')
      expect(receipt.collectionMethod).toBe('По телефону')
      expect(receipt.withdrawalMethod).toContain('в любое время')
      const loyalty = receipt.services[0]!.purposes.find((p) => p.purposeId === 'loyalty')!
      expect(loyalty).toMatchObject({
        state: 'withdrawn',
        changed: true,
        purposeCategory: ['Marketing'],
        piiCategory: ['Biographical', 'Contact']
      })
      expect(loyalty.termination).toContain('двух лет')
      const ruTitle = await api.database.owner
        .selectFrom('notice_versions')
        .select('title')
        .where('purpose', '=', 'loyalty')
        .where('language', '=', 'ru')
        .executeTakeFirstOrThrow()
      expect(loyalty.purpose).toBe(ruTitle.title)
      expect(receipt.changes).toEqual([
        expect.objectContaining({ action: 'withdrawn', previousState: 'given', seq: 2 })
      ])
      expect(receipt.clientVersion).toBe(2)
    })

    it('a replay of the same request answers the same receipt with the same JWS', async () => {
      const clientId = await insertClient(api.database.owner)
      const key = randomUUID()
      const payload = body([{ purpose: 'research_metadata', action: 'given' }])
      const first = await postConsents(api, clientId, payload, { key, ifMatch: 0 })
      expect(first.statusCode).toBe(201)
      const receipts = await tableCount(api.database.owner, 'receipts')
      const again = await postConsents(api, clientId, payload, { key, ifMatch: 0 })
      expect(again.statusCode).toBe(201)
      const a = (first.json() as Issued).receipt
      const b = (again.json() as Issued).receipt
      expect(b).toEqual(a)
      expect(b.jws).toEqual(expect.any(String))
      expect(await tableCount(api.database.owner, 'receipts')).toBe(receipts)
    })

    it('carries a hostile name literally, as the API stored it', async () => {
      const hostile = '<img src=x onerror=alert(1)>'
      const digits = `32${randomBytes(4).readUInt32BE(0).toString().padStart(10, '0').slice(0, 8)}`
      const created = await api.app.inject({
        method: 'POST',
        url: '/v1/clients',
        headers: bearer(await api.tokenFor('supervisor')),
        payload: {
          kind: 'private',
          personalCode: `${digits}${pkCheckDigit(digits)}`,
          firstName: hostile,
          lastName: '"); drop table receipts; --',
          phones: [],
          language: 'lv'
        }
      })
      expect(created.statusCode, created.body).toBe(201)
      const clientId = (created.json() as { id: string }).id
      const result = await issue(clientId, [{ purpose: 'usage_metadata', action: 'given' }])
      const receipt = payloadOf(result.receipt.jws)
      expect(receipt.piiPrincipal.name).toBe(`${hostile} "); drop table receipts; --`)
      expect(verifiesIndependently(result.receipt.jws, jwks)).toBe(true)
      const verified = await verify({ code: result.receipt.verificationCode })
      expect(verified.body.genuine).toBe(true)
      expect(verified.body.receipt!.piiPrincipal.name).toContain(hostile)
    })

    it('the loyalty job writes no receipt', async () => {
      const receipts = await tableCount(api.database.owner, 'receipts')
      const clientId = await insertClient(api.database.owner, [
        { status: 'ended', startDate: '2010-01-01', endDate: '2024-01-31' }
      ])
      await issue(clientId, [{ purpose: 'loyalty', action: 'given' }])
      const { expireLoyalty } = await import('../../src/server/consents/loyalty.job')
      expect(await expireLoyalty(api.database.owner, clock)).toBeGreaterThanOrEqual(1)
      const events = await api.database.owner
        .selectFrom('consent_events')
        .select(['action', 'receipt_id'])
        .where('client_id', '=', clientId)
        .orderBy('seq')
        .execute()
      expect(events.map((event) => event.action)).toEqual(['given', 'expired'])
      expect(events[1]!.receipt_id).toBeNull()
      expect(await tableCount(api.database.owner, 'receipts')).toBe(receipts + 1)
    })
  })

  describe('POST /v1/receipts/verify', () => {
    let issued: Issued

    beforeAll(async () => {
      const clientId = await insertClient(api.database.owner)
      issued = await issue(clientId, [
        { purpose: 'offers', channel: 'sms', action: 'given' },
        { purpose: 'automated_profiling', action: 'given' }
      ])
    })

    it('answers genuine for the JWS, with the signed payload, for every role that verifies', async () => {
      for (const username of ['agent', 'supervisor', 'reviewer', 'integration']) {
        const answer = await verify({ jws: issued.receipt.jws }, username)
        expect(answer.status).toBe(200)
        expect(answer.body).toEqual({ genuine: true, receipt: payloadOf(issued.receipt.jws) })
      }
    })

    it('answers genuine for the printed code, however it is typed', async () => {
      const code = issued.receipt.verificationCode
      for (const typed of [code, code.toLowerCase(), `${code.slice(0, 4)}-${code.slice(4)}`]) {
        const answer = await verify({ code: typed })
        expect(answer.body).toMatchObject({ genuine: true })
        expect(answer.body.receipt!.consentReceiptID).toBe(issued.receipt.id)
      }
    })

    it('names why a receipt is not genuine', async () => {
      expect((await verify({ code: 'ZZZZZZZZ' })).body).toEqual({
        genuine: false,
        reason: 'unknown_code'
      })
      for (const jws of ['nonsense', 'a.b.c', `${issued.receipt.jws}.x`, '..']) {
        expect((await verify({ jws })).body).toEqual({ genuine: false, reason: 'malformed' })
      }
      const payload = payloadOf(issued.receipt.jws)
      // Signed well, by a key that is not ours.
      const stranger = await importKeyset(await generateKeyset(new Date()))
      expect((await verify({ jws: await stranger.signer.sign(payload) })).body).toEqual({
        genuine: false,
        reason: 'unknown_key'
      })
      // Claims our key, signed by another.
      const other = (await generateKeyset(new Date())).keys[0]!
      const otherKey = (await importJWK(
        { kty: 'OKP', crv: 'Ed25519', x: other.x, d: other.d! },
        'EdDSA'
      )) as CryptoKey
      const forged = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader({ alg: 'EdDSA', kid: api.keyset.active })
        .sign(otherKey)
      expect((await verify({ jws: forged })).body).toEqual({
        genuine: false,
        reason: 'bad_signature'
      })
    })

    it('refuses a body with neither or both fields as a 400 in our error format', async () => {
      for (const payload of [{}, { jws: issued.receipt.jws, code: 'ABCD1234' }, { code: '' }]) {
        const answer = await verify(payload)
        expect(answer.status).toBe(400)
        expect(answer.body).toMatchObject({
          code: 'validation_failed',
          message: expect.any(String)
        })
      }
    })

    it('rejects the JWS with any single character of header, payload or signature changed', async () => {
      const { jws } = issued.receipt
      expect((await verify({ jws })).body.genuine).toBe(true)
      const [header, payload] = jws.split('.') as [string, string, string]
      const positions = [...jws].flatMap((char, index) => (char === '.' ? [] : [index]))
      const reasons = new Map<string, number>()
      const token = await api.tokenFor('integration')
      const check = async (index: number): Promise<void> => {
        const response = await api.app.inject({
          method: 'POST',
          url: '/v1/receipts/verify',
          headers: bearer(token),
          payload: { jws: flipCharacter(jws, index) }
        })
        const answer = response.json() as VerifyReceiptResponse
        expect(answer.genuine, `position ${index}`).toBe(false)
        expect(answer.receipt, `position ${index}`).toBeUndefined()
        reasons.set(answer.reason!, (reasons.get(answer.reason!) ?? 0) + 1)
      }
      // Every position, 32 requests at a time.
      for (let start = 0; start < positions.length; start += 32) {
        await Promise.all(positions.slice(start, start + 32).map(check))
      }
      expect(positions.length).toBe(jws.length - 2)
      // Every segment was hit: a changed payload or signature never verifies.
      expect(reasons.get('bad_signature')).toBeGreaterThanOrEqual(payload.length)
      expect([...reasons.keys()].sort()).toEqual(
        expect.arrayContaining(['bad_signature', 'malformed'])
      )
      expect(header.length).toBeGreaterThan(0)
    })
  })

  describe('a chain rewritten with every hash recomputed', () => {
    it('passes the chain check but fails its receipts: /verify is not intact, the code not genuine', async () => {
      const clientId = await insertClient(api.database.owner)
      const receipts = [
        await issue(clientId, [{ purpose: 'loyalty', action: 'given' }]),
        await issue(clientId, [{ purpose: 'location', action: 'given' }]),
        await issue(clientId, [{ purpose: 'loyalty', action: 'withdrawn' }])
      ].map((result) => result.receipt)
      const untouched = await get(`/v1/clients/${clientId}/consents/verify`, 'supervisor')
      expect(untouched.json()).toMatchObject({
        intact: true,
        receiptsChecked: 3,
        receiptsIntact: true,
        receiptMismatches: []
      })

      // A superuser rewrites history: the first event becomes a refusal, and every hash after
      // it, and the chain head, are recomputed so that the chain itself still adds up. The
      // last loyalty event is unchanged, so the current state still matches the events.
      await api.database.owner.transaction().execute(async (trx) => {
        await sql`alter table consent_events disable trigger user`.execute(trx)
        const rows = await trx
          .selectFrom('consent_events')
          .selectAll()
          .where('client_id', '=', clientId)
          .orderBy('seq')
          .execute()
        let prev: string | null = null
        for (const row of rows) {
          const rewritten = { ...row, action: row.seq === 1 ? 'withdrawn' : row.action }
          const hash = eventHash(prev, toStoredChainEvent({ ...rewritten, prev_hash: prev }))
          await trx
            .updateTable('consent_events')
            .set({ action: rewritten.action, prev_hash: prev, hash })
            .where('id', '=', row.id)
            .execute()
          prev = hash
        }
        await trx
          .updateTable('client_consent_versions')
          .set({ head_hash: prev })
          .where('client_id', '=', clientId)
          .execute()
        await sql`alter table consent_events enable trigger user`.execute(trx)
      })

      const answer = (await get(`/v1/clients/${clientId}/consents/verify`, 'supervisor')).json()
      expect(answer).toEqual({
        intact: false,
        events: 3,
        projectionIntact: true,
        mismatches: [],
        receiptsChecked: 3,
        receiptsIntact: false,
        receiptMismatches: receipts.map((receipt) => ({
          receiptId: receipt.id,
          reason: 'chain_mismatch'
        }))
      })
      for (const receipt of receipts) {
        const byCode = await verify({ code: receipt.verificationCode })
        expect(byCode.body).toMatchObject({ genuine: false, reason: 'chain_mismatch' })
        // The signature itself still holds: it is the chain that changed.
        expect(verifiesIndependently(receipt.jws, jwks)).toBe(true)
      }
    })

    it('an event moved under another receipt fails both: one never listed it, one lost it', async () => {
      const clientId = await insertClient(api.database.owner)
      const first = await issue(clientId, [{ purpose: 'loyalty', action: 'given' }])
      const second = await issue(clientId, [{ purpose: 'location', action: 'given' }])
      await api.database.owner.transaction().execute(async (trx) => {
        await sql`alter table consent_events disable trigger user`.execute(trx)
        await trx
          .updateTable('consent_events')
          .set({ receipt_id: first.receipt.id })
          .where('client_id', '=', clientId)
          .where('purpose', '=', 'location')
          .execute()
        await sql`alter table consent_events enable trigger user`.execute(trx)
      })
      const answer = (await get(`/v1/clients/${clientId}/consents/verify`, 'agent')).json()
      expect(answer).toMatchObject({
        receiptsChecked: 2,
        receiptsIntact: false,
        receiptMismatches: [
          { receiptId: first.receipt.id, reason: 'chain_mismatch' },
          { receiptId: second.receipt.id, reason: 'chain_mismatch' }
        ]
      })
    })

    it('a receipt whose stored JWS was swapped for another genuine one fails /verify', async () => {
      const clientId = await insertClient(api.database.owner)
      const first = await issue(clientId, [{ purpose: 'loyalty', action: 'given' }])
      const second = await issue(clientId, [{ purpose: 'loyalty', action: 'withdrawn' }])
      await api.database.owner
        .updateTable('receipts')
        .set({ jws: first.receipt.jws })
        .where('id', '=', second.receipt.id)
        .execute()
      const answer = (await get(`/v1/clients/${clientId}/consents/verify`, 'agent')).json()
      expect(answer).toMatchObject({
        intact: false,
        receiptsChecked: 2,
        receiptsIntact: false,
        receiptMismatches: [{ receiptId: second.receipt.id, reason: 'chain_mismatch' }]
      })
    })
  })

  describe('the receipts register', () => {
    const at: string[] = []
    let clientA: string
    let clientB: string
    let issuedIds: string[]

    beforeAll(async () => {
      clientA = await insertClient(api.database.owner)
      clientB = await insertClient(api.database.owner)
      const steps = [
        { client: clientA, username: 'agent', purpose: 'loyalty' },
        { client: clientB, username: 'agent2', purpose: 'loyalty' },
        { client: clientB, username: 'agent', purpose: 'location' },
        { client: clientA, username: 'supervisor', purpose: 'location' }
      ] as const
      issuedIds = []
      for (const step of steps) {
        clock.advanceMinutes(10)
        const result = await issue(step.client, [{ purpose: step.purpose, action: 'given' }], {
          username: step.username
        })
        at.push(clock.now().toISOString())
        issuedIds.push(result.receipt.id)
      }
    })

    async function list(username: string, query: Record<string, string>) {
      const response = await get('/v1/receipts', username, query)
      expect(response.statusCode, response.body).toBe(200)
      return response.json() as { items: ReceiptSummary[]; nextCursor: string | null }
    }

    it('filters by client, newest first, and says who, where and what', async () => {
      const page = await list('supervisor', { clientId: clientA })
      expect(page.items.map((item) => item.id)).toEqual([issuedIds[3], issuedIds[0]])
      expect(page.nextCursor).toBeNull()
      const first = page.items[1]!
      const receipt = payloadOf(
        (await get(`/v1/receipts/${first.id}`, 'supervisor')).json().jws as string
      )
      expect(first).toEqual({
        id: issuedIds[0]!,
        receiptNumber: receipt.receiptNumber,
        verificationCode: receipt.verificationCode,
        issuedAt: at[0]!,
        clientId: clientA,
        clientName: 'Test Klients',
        clientMaskedCode: receipt.piiPrincipal.maskedCode,
        agent: { id: staffIds['agent']!, name: 'Līga Kalniņa' },
        centre: { id: 'riga-ropazu', name: 'Rīga, Ropažu iela 6' },
        language: 'lv',
        changes: 1
      } satisfies ReceiptSummary)
    })

    it('filters by agent, centre and time range', async () => {
      expect(
        (await list('supervisor', { agent: staffIds['agent2']! })).items.map((item) => item.id)
      ).toEqual([issuedIds[1]])
      const liepaja = await list('supervisor', { centre: 'liepaja' })
      expect(liepaja.items.map((item) => item.id)).toEqual([issuedIds[1]])
      expect(liepaja.items[0]!.centre).toEqual({ id: 'liepaja', name: 'Liepāja, Lielā iela 13' })
      expect(liepaja.items[0]!.agent).toEqual({ id: staffIds['agent2'], name: 'Andris Liepiņš' })
      const range = await list('supervisor', { from: at[1]!, to: at[2]! })
      expect(range.items.map((item) => item.id)).toEqual([issuedIds[2], issuedIds[1]])
      const clientInRange = await list('supervisor', { clientId: clientB, from: at[2]! })
      expect(clientInRange.items.map((item) => item.id)).toEqual([issuedIds[2]])
    })

    it('pages with a cursor', async () => {
      const one = await list('supervisor', { clientId: clientA, limit: '1' })
      expect(one.items.map((item) => item.id)).toEqual([issuedIds[3]])
      expect(one.nextCursor).toEqual(expect.any(String))
      const two = await list('supervisor', {
        clientId: clientA,
        limit: '1',
        cursor: one.nextCursor!
      })
      expect(two.items.map((item) => item.id)).toEqual([issuedIds[0]])
      expect(two.nextCursor).toBeNull()
      const all: string[] = []
      let cursor: string | null = null
      do {
        const page = await list('supervisor', { limit: '3', ...(cursor ? { cursor } : {}) })
        all.push(...page.items.map((item) => item.id))
        cursor = page.nextCursor
      } while (cursor)
      expect(all).toHaveLength(await tableCount(api.database.owner, 'receipts'))
      expect(new Set(all).size).toBe(all.length)
      const times = await list('supervisor', { limit: '200' })
      const issuedAt = times.items.map((item) => item.issuedAt)
      expect(issuedAt).toEqual([...issuedAt].sort().reverse())
    })

    it('an agent sees only their own receipts, whatever the agent filter says', async () => {
      const own = await list('agent', { clientId: clientA })
      expect(own.items.map((item) => item.id)).toEqual([issuedIds[0]])
      const asked = await list('agent', { agent: staffIds['agent2']! })
      expect(asked.items.length).toBeGreaterThan(0)
      expect(asked.items.every((item) => item.agent?.id === staffIds['agent'])).toBe(true)
      expect((await list('agent2', {})).items.map((item) => item.id)).toEqual([issuedIds[1]])
    })

    it("answers 404 for another agent's receipt, as for one that does not exist", async () => {
      const others = await get(`/v1/receipts/${issuedIds[3]}`, 'agent')
      expect(others.statusCode).toBe(404)
      const missing = await get(`/v1/receipts/${randomUUID()}`, 'agent')
      expect(missing.statusCode).toBe(404)
      expect(others.json()).toEqual(missing.json())
      expect((await get(`/v1/receipts/${issuedIds[0]}`, 'agent2')).statusCode).toBe(404)
      expect((await get(`/v1/receipts/${issuedIds[0]}`, 'agent')).statusCode).toBe(200)
      expect((await get(`/v1/receipts/${issuedIds[1]}`, 'supervisor')).statusCode).toBe(200)
    })

    it('answers 400 for a cursor it did not make and for an agent that is not a staff id', async () => {
      expect((await get('/v1/receipts', 'supervisor', { cursor: 'bm9wZQ' })).statusCode).toBe(400)
      const response = await get('/v1/receipts', 'supervisor', { agent: 'nobody' })
      expect(response.statusCode).toBe(400)
      expect(response.json()).toMatchObject({ code: 'validation_failed' })
    })
  })

  describe('GET /v1/clients/{id}/consent-report', () => {
    it('reports the state with its notice texts and the whole history, signed and logged', async () => {
      const clientId = await insertClient(api.database.owner)
      await issue(clientId, [
        { purpose: 'offers', channel: 'post', action: 'given' },
        { purpose: 'credit_information', action: 'given' }
      ])
      await issue(clientId, [{ purpose: 'credit_information', action: 'withdrawn' }], {
        username: 'agent2',
        extra: { identityVerification: { method: 'smart_id' } }
      })
      const accessBefore = await tableCount(api.database.owner, 'access_log')
      clock.advanceMinutes(5)
      const response = await get(`/v1/clients/${clientId}/consent-report`, 'agent', {
        language: 'en'
      })
      expect(response.statusCode, response.body).toBe(200)
      const report = response.json() as ConsentReport

      expect(report).toMatchObject({
        language: 'en',
        issuedAt: clock.now().toISOString(),
        issuedBy: {
          id: staffIds['agent'],
          name: 'Līga Kalniņa',
          centre: { id: 'riga-ropazu', name: 'Rīga, Ropažu iela 6' }
        },
        client: { id: clientId, name: 'Test Klients' },
        policyUrl: 'https://www.lmt.lv',
        decisions: []
      })
      expect(report.piiControllers[0]).toMatchObject({
        registrationNumber: '50003050931',
        address: { addressCountry: 'Latvija' }
      })
      const notices = await api.database.owner
        .selectFrom('notice_versions')
        .select(['purpose', 'title', 'text'])
        .where('language', '=', 'en')
        .where('version', '=', 1)
        .execute()
      expect(report.purposes).toHaveLength(7)
      for (const purpose of report.purposes) {
        const notice = notices.find((n) => n.purpose === purpose.purposeId)!
        expect(purpose.title).toBe(notice.title)
        expect(purpose.noticeText).toBe(notice.text)
        expect(purpose.noticeVersion).toBe(1)
      }
      const stateOf = (purpose: string) => report.purposes.find((p) => p.purposeId === purpose)!
      expect(stateOf('offers').state).toBe('given')
      expect(stateOf('offers').channels!.find((c) => c.channel === 'post')!.state).toBe('given')
      expect(stateOf('credit_information').state).toBe('withdrawn')
      expect(stateOf('loyalty').state).toBe('never_given')

      expect(
        report.history.map((entry) => [
          entry.purposeId,
          entry.action,
          entry.actor.name,
          entry.centre,
          entry.identityMethod
        ])
      ).toEqual([
        ['offers', 'given', 'Līga Kalniņa', 'Rīga, Ropažu iela 6', 'id_card'],
        ['credit_information', 'given', 'Līga Kalniņa', 'Rīga, Ropažu iela 6', 'id_card'],
        ['credit_information', 'withdrawn', 'Andris Liepiņš', 'Liepāja, Lielā iela 13', 'smart_id']
      ])
      expect(report.history.every((entry) => entry.receiptId !== null)).toBe(true)

      // Signed like a receipt: the JWS is the report without it.
      expect(verifiesIndependently(report.jws, jwks)).toBe(true)
      const { jws, ...unsigned } = report
      expect(decodeJws(jws).payload).toEqual(unsigned)

      const logged = await api.database.owner
        .selectFrom('consent_reports')
        .selectAll()
        .where('id', '=', report.reportId)
        .executeTakeFirstOrThrow()
      expect(logged).toMatchObject({
        client_id: clientId,
        staff_id: staffIds['agent'],
        language: 'en',
        jws: report.jws
      })
      expect(logged.issued_at.toISOString()).toBe(report.issuedAt)
      const access = await api.database.owner
        .selectFrom('access_log')
        .selectAll()
        .where('client_id', '=', clientId)
        .where('action', '=', 'report')
        .execute()
      expect(access).toEqual([
        expect.objectContaining({ staff_id: staffIds['agent'], action: 'report', role: 'agent' })
      ])
      expect(await tableCount(api.database.owner, 'access_log')).toBe(accessBefore + 1)
    })

    it('speaks Latvian by default and answers 404 for an unknown client', async () => {
      const clientId = await insertClient(api.database.owner)
      const response = await get(`/v1/clients/${clientId}/consent-report`, 'supervisor')
      expect(response.statusCode).toBe(200)
      const report = response.json() as ConsentReport
      expect(report.language).toBe('lv')
      expect(report.history).toEqual([])
      expect(report.purposes.every((purpose) => purpose.state === 'never_given')).toBe(true)
      expect(verifiesIndependently(report.jws, jwks)).toBe(true)
      const missing = await get(`/v1/clients/${randomUUID()}/consent-report`, 'agent')
      expect(missing.statusCode).toBe(404)
    })
  })

  it('every receipt issued in this file verifies independently against the published key', async () => {
    const rows = await api.database.owner
      .selectFrom('receipts')
      .select(['id', 'jws', 'kid'])
      .orderBy('created_at')
      .execute()
    expect(rows.length).toBeGreaterThan(15)
    for (const row of rows) {
      expect(row.jws, row.id).not.toBeNull()
      expect(row.kid).toBe(api.keyset.active)
      expect(verifiesIndependently(row.jws!, jwks), row.id).toBe(true)
    }
  })
})
