import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES } from '../../src/server/seed/generator'
import { insertClient, record } from '../support/consent-helpers'
import { bearer, createTestApi, type TestApi } from '../support/test-api'

describe('clients', () => {
  let api: TestApi

  beforeAll(async () => {
    api = await createTestApi({ clients: 20 })
  })
  afterAll(async () => {
    await api.close()
  })

  async function idOf(q: string): Promise<string> {
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/clients',
      query: { q },
      headers: bearer(await api.tokenFor('agent'))
    })
    const [item] = (response.json() as { items: Array<{ id: string }> }).items
    if (!item) throw new Error(`no client for ${q}`)
    return item.id
  }

  describe('GET /v1/clients/{id}', () => {
    it('answers card reads sent all at once each as it answers them one by one', async () => {
      // Clients of its own: other tests count who viewed the seeded ones.
      const own: string[] = []
      for (let n = 0; n < 6; n++) own.push(await insertClient(api.database.owner))
      const ids = [...own, randomUUID()]
      const token = await api.tokenFor('agent')
      const read = async (id: string) => {
        const response = await api.app.inject({
          method: 'GET',
          url: `/v1/clients/${id}`,
          headers: bearer(token)
        })
        return { status: response.statusCode, body: response.json() as unknown }
      }
      const alone = []
      for (const id of ids) alone.push(await read(id))
      expect(alone.map((answer) => answer.status)).toEqual([...own.map(() => 200), 404])
      // Read together (createClientReader shares their statements), answered apart.
      const together = await Promise.all([...ids, ...ids.slice().reverse()].map(read))
      expect(together).toEqual([...alone, ...alone.slice().reverse()])
    })

    it('returns the client with contracts, newest first, and the identifiers masked', async () => {
      const id = await idOf(FIXTURES.annaOzolina.personalCode)
      const response = await api.app.inject({
        method: 'GET',
        url: `/v1/clients/${id}`,
        headers: bearer(await api.tokenFor('agent'))
      })

      expect(response.statusCode).toBe(200)
      expect(response.json()).toEqual({
        id,
        kind: 'private',
        personalCodeMasked: '050792-*****',
        firstName: 'Anna',
        lastName: 'Ozoliņa',
        birthDate: '1992-07-05',
        town: 'Jelgava',
        phonesMasked: ['+371 26 *** 222', '+371 20 *** 123'],
        emailMasked: 'a***@gmail.com',
        language: 'lv',
        contracts: [
          { number: 'K10234568', status: 'active', startDate: '2015-09-01', endDate: null },
          { number: 'K10234569', status: 'ended', startDate: '2010-02-11', endDate: '2019-06-30' }
        ],
        version: 1
      })
    })

    it('returns a business with its registration number and name', async () => {
      const id = await idOf(FIXTURES.kalnini.registrationNumber)
      const response = await api.app.inject({
        method: 'GET',
        url: `/v1/clients/${id}`,
        headers: bearer(await api.tokenFor('supervisor'))
      })
      expect(response.json()).toMatchObject({
        kind: 'business',
        registrationNumber: '40003512345',
        name: 'SIA "Kalniņi"'
      })
      expect(response.json()).not.toHaveProperty('personalCode')
    })

    it('records in the access log who looked at the client', async () => {
      const id = await idOf(FIXTURES.peterisOzolins.personalCode)
      const token = await api.tokenFor('supervisor')
      const me = await api.app.inject({ method: 'GET', url: '/v1/auth/me', headers: bearer(token) })
      const staffId = (me.json() as { id: string }).id

      const response = await api.app.inject({
        method: 'GET',
        url: `/v1/clients/${id}`,
        headers: bearer(token)
      })

      const entries = await api.database.owner
        .selectFrom('access_log')
        .select(['staff_id', 'action'])
        .where('client_id', '=', id)
        .where('action', '=', 'view')
        .execute()
      expect(entries).toEqual([{ staff_id: staffId, action: 'view' }])
      expect(response.statusCode).toBe(200)
    })

    it('reveals the full identifiers for a reason, and logs it apart from opening the card', async () => {
      const id = await idOf(FIXTURES.annaOzolina.personalCode)
      const token = await api.tokenFor('agent')
      const me = await api.app.inject({ method: 'GET', url: '/v1/auth/me', headers: bearer(token) })
      const staffId = (me.json() as { id: string }).id

      const revealed = await api.app.inject({
        method: 'POST',
        url: `/v1/clients/${id}/reveal`,
        headers: bearer(token),
        payload: { reason: 'client_at_counter' }
      })
      expect(revealed.statusCode).toBe(200)
      expect(revealed.json()).toEqual({
        personalCode: '05079214565',
        phones: ['+37126111222', '+37120555123'],
        email: 'anna.ozolina@gmail.com'
      })

      const entries = await api.database.owner
        .selectFrom('access_log')
        .select(['staff_id', 'action', 'role', 'reason'])
        .where('client_id', '=', id)
        .where('action', '=', 'reveal')
        .execute()
      expect(entries).toEqual([
        { staff_id: staffId, action: 'reveal', role: 'agent', reason: 'client_at_counter' }
      ])
    })

    it('answers 404 to a reveal of an unknown client, and logs nothing', async () => {
      const countReveals = async (): Promise<number> =>
        (
          await api.database.owner
            .selectFrom('access_log')
            .select('id')
            .where('action', '=', 'reveal')
            .execute()
        ).length
      const before = await countReveals()
      const response = await api.app.inject({
        method: 'POST',
        url: `/v1/clients/${randomUUID()}/reveal`,
        headers: bearer(await api.tokenFor('agent')),
        payload: { reason: 'client_at_counter' }
      })
      expect(response.statusCode).toBe(404)
      expect(response.json()).toMatchObject({ code: 'not_found' })
      expect(await countReveals()).toBe(before)
    })

    it('answers 404 not_found for an unknown id, and logs nothing', async () => {
      const unknownId = randomUUID()
      const response = await api.app.inject({
        method: 'GET',
        url: `/v1/clients/${unknownId}`,
        headers: bearer(await api.tokenFor('agent'))
      })
      expect(response.statusCode).toBe(404)
      expect(response.json()).toEqual({ code: 'not_found', message: 'No client with this id' })
      const entries = await api.database.owner
        .selectFrom('access_log')
        .select('id')
        .where('client_id', '=', unknownId)
        .execute()
      expect(entries).toEqual([])
    })

    it('answers 400 validation_failed for an id that is not a UUID', async () => {
      const response = await api.app.inject({
        method: 'GET',
        url: '/v1/clients/not-a-uuid',
        headers: bearer(await api.tokenFor('agent'))
      })
      expect(response.statusCode).toBe(400)
      expect(response.json()).toMatchObject({ code: 'validation_failed', fields: [{ path: 'id' }] })
    })
  })

  describe('GET /v1/clients/{id}/card', () => {
    async function get(url: string, role: 'agent' | 'reviewer' | 'integration' = 'agent') {
      const response = await api.app.inject({
        method: 'GET',
        url,
        headers: bearer(await api.tokenFor(role))
      })
      return { status: response.statusCode, body: response.json() as Record<string, unknown> }
    }

    it('answers the client and its consents as their own two reads answer them', async () => {
      // Loyalty given after the last contract ended: the state carries the clock worked out from
      // the contracts' end dates. An offer channel given: the offers' rows.
      const lastEnd = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)
      const id = await insertClient(api.database.owner, [
        { status: 'ended', startDate: '2012-03-01', endDate: '2019-01-31' },
        { status: 'ended', startDate: '2020-01-01', endDate: lastEnd }
      ])
      await record(api, id, [
        { purpose: 'loyalty', action: 'given' },
        { purpose: 'offers', channel: 'sms', action: 'given' },
        { purpose: 'location', action: 'given' }
      ])
      await record(api, id, [{ purpose: 'location', action: 'withdrawn' }])
      const card = await get(`/v1/clients/${id}/card`)
      const client = await get(`/v1/clients/${id}`)
      const consents = await get(`/v1/clients/${id}/consents`)

      expect(card.status).toBe(200)
      expect(card.body['client']).toEqual(client.body)
      // The state "as of" the moment of each answer; everything else is the same.
      expect(card.body['consents']).toEqual({ ...consents.body, asOf: expect.any(String) })
      expect(consents.body['purposes']).toHaveLength(7)
      expect(consents.body['version']).toBe(2)
      expect(consents.body['loyalty']).toMatchObject({ daysLeft: expect.any(Number) })
      expect(client.body['contracts']).toHaveLength(2)
    })

    it('answers cards asked all at once each as it answers them one by one', async () => {
      const own: string[] = []
      for (let n = 0; n < 4; n++) own.push(await insertClient(api.database.owner))
      const ids = [...own, randomUUID()]
      const read = async (id: string) => {
        const answer = await get(`/v1/clients/${id}/card`)
        const consents = answer.body['consents'] as Record<string, unknown> | undefined
        return {
          status: answer.status,
          client: answer.body['client'],
          consents: consents && { ...consents, asOf: undefined },
          code: answer.body['code']
        }
      }
      const alone = []
      for (const id of ids) alone.push(await read(id))
      expect(alone.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 404])
      expect(alone[4]!.code).toBe('not_found')
      const together = await Promise.all([...ids, ...ids.slice().reverse()].map(read))
      expect(together).toEqual([...alone, ...alone.slice().reverse()])
    })

    it('logs one view per card, and none for a client that does not exist', async () => {
      const id = await insertClient(api.database.owner)
      const unknownId = randomUUID()
      expect((await get(`/v1/clients/${id}/card`, 'reviewer')).status).toBe(200)
      expect((await get(`/v1/clients/${unknownId}/card`)).status).toBe(404)
      const rows = await api.database.db
        .selectFrom('access_log')
        .select(['client_id', 'action', 'role'])
        .where('client_id', 'in', [id, unknownId])
        .execute()
      expect(rows).toEqual([{ client_id: id, action: 'view', role: 'reviewer' }])
    })

    it('refuses integration accounts: the card is for staff', async () => {
      const id = await idOf(FIXTURES.annaOzolina.personalCode)
      const answer = await get(`/v1/clients/${id}/card`, 'integration')
      expect(answer.status).toBe(403)
      expect(answer.body).toMatchObject({ code: 'forbidden' })
    })
  })

  describe('POST /v1/clients', () => {
    const create = async (username: string, payload: object) =>
      api.app.inject({
        method: 'POST',
        url: '/v1/clients',
        payload,
        headers: bearer(await api.tokenFor(username))
      })

    const newPrivateClient = {
      kind: 'private',
      personalCode: '010203-10001',
      firstName: 'Marta',
      lastName: 'Liepiņa',
      town: '  Cēsis ',
      phones: ['29 000 111', '+371 67 000 222'],
      email: 'marta.liepina@example.lv',
      language: 'lv',
      contracts: [{ number: 'k 9000 0001', status: 'active', startDate: '2026-01-15' }]
    }

    it('registers a private client, storing identifiers compact and phones as E.164', async () => {
      const response = await create('supervisor', newPrivateClient)

      expect(response.statusCode).toBe(201)
      const created = response.json() as { id: string }
      expect(created).toEqual({
        id: expect.any(String),
        kind: 'private',
        // The answer is masked like every read: the caller sent the identifiers, and a copy of
        // the answer in any log or cache must not hold them whole.
        personalCodeMasked: '010203-*****',
        firstName: 'Marta',
        lastName: 'Liepiņa',
        // Not sent: the old-format code 010203-10001 gives it (century digit 1: the 1900s).
        birthDate: '1903-02-01',
        town: 'Cēsis',
        phonesMasked: ['+371 29 *** 111', '+371 67 *** 222'],
        emailMasked: 'm***@example.lv',
        language: 'lv',
        contracts: [
          { number: 'K90000001', status: 'active', startDate: '2026-01-15', endDate: null }
        ],
        version: 1
      })

      const stored = await api.database.owner
        .selectFrom('clients')
        .select(['personal_code', 'search_name', sql<string>`birth_date::text`.as('birth_date')])
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow()
      expect(stored).toEqual({
        personal_code: '01020310001',
        search_name: 'marta liepina',
        birth_date: '1903-02-01'
      })
      // and search finds the new client by name and by phone
      const byName = await api.app.inject({
        method: 'GET',
        url: '/v1/clients?q=liepina',
        headers: bearer(await api.tokenFor('agent'))
      })
      const { items } = byName.json() as { items: Array<{ id: string }> }
      expect(items.map((item) => item.id)).toContain(created.id)
    })

    it('registers a business from the integration account', async () => {
      const response = await create('integration', {
        kind: 'business',
        registrationNumber: 'LV 4000 3052 911',
        name: 'SIA "Piemērs"',
        phones: [],
        language: 'en'
      })
      expect(response.statusCode, response.body).toBe(201)
      expect(response.json()).toMatchObject({
        kind: 'business',
        registrationNumber: '40003052911',
        name: 'SIA "Piemērs"',
        phonesMasked: [],
        emailMasked: null,
        contracts: []
      })
    })

    it('answers 400 naming a personal code failing its check digit; stores nothing', async () => {
      const response = await create('supervisor', {
        ...newPrivateClient,
        personalCode: '010203-10008'
      })

      expect(response.statusCode).toBe(400)
      expect(response.json()).toEqual({
        code: 'validation_failed',
        message: 'Invalid client: personalCode fails its check digit',
        fields: [{ path: 'personalCode', message: 'fails its check digit' }]
      })
      const stored = await api.database.owner
        .selectFrom('clients')
        .select('id')
        .where('personal_code', '=', '01020310008')
        .execute()
      expect(stored).toEqual([])
    })

    it('parses phones as a change of data does (libphonenumber-js): any common way, Latvian only', async () => {
      const refused = await create('supervisor', {
        ...newPrivateClient,
        // 91… is no Latvian range libphonenumber-js knows (the premium numbers are 90…).
        phones: ['00371-29 123 457', '+372 5123 4567', '(+371) 6700-0223', '91 234 567']
      })
      expect(refused.statusCode).toBe(400)
      expect(refused.json()).toMatchObject({
        fields: [
          { path: 'phones.1', message: 'is not a Latvian phone number' },
          { path: 'phones.3', message: 'is not a Latvian phone number' }
        ]
      })
      const accepted = await create('supervisor', {
        ...newPrivateClient,
        personalCode: '010203-10036',
        phones: ['00371-29 123 457', '(+371) 6700-0223', '+37129123457'],
        contracts: [{ number: 'K 9000 0077', status: 'active', startDate: '2026-01-15' }]
      })
      expect(accepted.statusCode, accepted.body).toBe(201)
      const stored = await api.database.owner
        .selectFrom('client_phones')
        .select('e164')
        .where('client_id', '=', (accepted.json() as { id: string }).id)
        .orderBy('position')
        .execute()
      expect(stored.map((phone) => phone.e164)).toEqual(['+37129123457', '+37167000223'])
    })

    it('names every failing field at once', async () => {
      const response = await create('supervisor', {
        kind: 'private',
        personalCode: '32114578027',
        phones: ['12345'],
        language: 'ru',
        contracts: [{ number: 'X1', status: 'active', startDate: '2026-01-01' }]
      })
      expect(response.statusCode).toBe(400)
      const { fields } = response.json() as { fields: Array<{ path: string }> }
      expect(fields.map((field) => field.path)).toEqual([
        'firstName',
        'lastName',
        'phones.0',
        'contracts.0.number'
      ])
    })

    it('answers 400 with the field for a malformed body (shape check)', async () => {
      const response = await create('supervisor', { ...newPrivateClient, language: 'de' })
      expect(response.statusCode).toBe(400)
      expect(response.json()).toMatchObject({
        code: 'validation_failed',
        fields: [{ path: 'language' }]
      })
    })

    it('answers 409 duplicate_identifier for a personal code already registered', async () => {
      const response = await create('supervisor', {
        ...newPrivateClient,
        personalCode: FIXTURES.janisBerzins.personalCode,
        contracts: []
      })
      expect(response.statusCode).toBe(409)
      expect(response.json()).toMatchObject({
        code: 'duplicate_identifier',
        fields: [{ path: 'personalCode' }]
      })
    })

    it('answers 409 for a registration number already registered', async () => {
      const response = await create('integration', {
        kind: 'business',
        registrationNumber: FIXTURES.kalnini.registrationNumber,
        name: 'SIA "Cits"',
        phones: [],
        language: 'lv'
      })
      expect(response.statusCode).toBe(409)
      expect(response.json()).toMatchObject({
        code: 'duplicate_identifier',
        fields: [{ path: 'registrationNumber' }]
      })
    })

    describe('birth date and town', () => {
      const countClients = async (personalCode: string): Promise<number> =>
        (
          await api.database.owner
            .selectFrom('clients')
            .select('id')
            .where('personal_code', '=', personalCode)
            .execute()
        ).length

      it('round-trips the birth date of a new-format code, and the town', async () => {
        const response = await create('supervisor', {
          kind: 'private',
          personalCode: '32000000016',
          firstName: 'Oksana',
          lastName: 'Petrova',
          birthDate: '1979-08-31',
          town: 'Rēzekne',
          phones: [],
          language: 'ru'
        })
        expect(response.statusCode, response.body).toBe(201)
        const created = response.json() as { id: string }
        expect(created).toMatchObject({ birthDate: '1979-08-31', town: 'Rēzekne' })

        const read = await api.app.inject({
          method: 'GET',
          url: `/v1/clients/${created.id}`,
          headers: bearer(await api.tokenFor('agent'))
        })
        expect(read.json()).toMatchObject({ birthDate: '1979-08-31', town: 'Rēzekne' })
      })

      it.each([
        ['1990-02-30', 'not a calendar day'],
        ['30.08.1979', 'not ISO'],
        ['1979', 'a year only']
      ])('answers 400 naming birthDate for %j (%s); stores nothing', async (birthDate) => {
        const response = await create('supervisor', {
          ...newPrivateClient,
          personalCode: '32000000462',
          birthDate,
          contracts: []
        })
        expect(response.statusCode).toBe(400)
        expect(response.json()).toMatchObject({
          code: 'validation_failed',
          fields: [{ path: 'birthDate' }]
        })
        expect(await countClients('32000000462')).toBe(0)
      })

      it.each([
        ['2099-01-01', 'is in the future'],
        ['1899-12-31', 'is before 1900-01-01'],
        ['1903-02-02', 'does not match the personal code, which gives 1903-02-01']
      ])('answers 400 for birth date %s: %s', async (birthDate, message) => {
        const response = await create('supervisor', {
          ...newPrivateClient,
          personalCode: '010203-10001',
          birthDate,
          contracts: []
        })
        expect(response.statusCode).toBe(400)
        expect(response.json()).toEqual({
          code: 'validation_failed',
          message: `Invalid client: birthDate ${message}`,
          fields: [{ path: 'birthDate', message }]
        })
      })

      it('refuses a birth date for a business, and a town longer than 100 characters', async () => {
        const response = await create('integration', {
          kind: 'business',
          registrationNumber: '40003052911',
          name: 'SIA "Cits"',
          birthDate: '2001-01-01',
          phones: [],
          language: 'lv'
        })
        expect(response.statusCode).toBe(400)
        expect(response.json()).toMatchObject({
          fields: [{ path: 'birthDate', message: 'is not used for a business client' }]
        })

        const longTown = await create('supervisor', {
          ...newPrivateClient,
          town: 'R'.repeat(101)
        })
        expect(longTown.statusCode).toBe(400)
        expect(longTown.json()).toMatchObject({ fields: [{ path: 'town' }] })
      })
    })

    it('answers 403 to an agent: only supervisors and integrations register clients', async () => {
      const response = await create('agent', { ...newPrivateClient, personalCode: '32114578027' })
      expect(response.statusCode).toBe(403)
      expect(response.json()).toMatchObject({ code: 'forbidden' })
    })
  })
})
