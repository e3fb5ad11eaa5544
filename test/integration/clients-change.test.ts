import { randomInt } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pkCheckDigit } from '../../src/shared/identifiers/personalCode'
import { bearer, createTestApi, type TestApi } from '../support/test-api'

// Issue 11, deliverable 3: changing a client's data at the counter. PATCH /v1/clients/{id} with
// If-Match, the history of changes, and search finding the new data at once.

const ID_CARD = { method: 'id_card', documentLast4: '4821' } as const

/** A new-format personal code (`32…`) with its check digit, different every call. */
function freshPersonalCode(): string {
  const first10 = `32${String(randomInt(0, 100_000_000)).padStart(8, '0')}`
  return `${first10}${pkCheckDigit(first10)}`
}

interface ClientAnswer {
  id: string
  version: number
  firstName?: string
  lastName?: string
  phonesMasked: string[]
  emailMasked: string | null
  address?: string
  language: string
}

interface HistoryAnswer {
  items: Array<{
    at: string
    actor: { id: string; username: string; displayName: string }
    version: number
    identityVerification: { method: string; documentLast4?: string }
    changes: Array<{ field: string; before: unknown; after: unknown }>
  }>
  nextCursor: string | null
}

describe('changing a client at the counter', () => {
  let api: TestApi
  let agent: string
  let supervisor: string
  let reviewer: string

  beforeAll(async () => {
    api = await createTestApi()
    agent = await api.tokenFor('agent')
    supervisor = await api.tokenFor('supervisor')
    reviewer = await api.tokenFor('reviewer')
  })
  afterAll(async () => {
    await api.close()
  })

  async function registered(): Promise<ClientAnswer> {
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/clients',
      headers: bearer(supervisor),
      payload: {
        kind: 'private',
        personalCode: freshPersonalCode(),
        firstName: 'Ilze',
        lastName: 'Liepiņa',
        town: 'Cēsis',
        phones: ['+37129000111'],
        email: 'ilze.liepina@inbox.lv',
        language: 'lv'
      }
    })
    expect(response.statusCode).toBe(201)
    return response.json() as ClientAnswer
  }

  function patch(
    id: string,
    body: Record<string, unknown>,
    options: { token?: string; ifMatch?: string | null } = {}
  ) {
    const ifMatch = options.ifMatch === undefined ? '"1"' : options.ifMatch
    return api.app.inject({
      method: 'PATCH',
      url: `/v1/clients/${id}`,
      headers: {
        ...bearer(options.token ?? agent),
        ...(ifMatch === null ? {} : { 'if-match': ifMatch })
      },
      payload: { identityVerification: ID_CARD, ...body }
    })
  }

  async function history(id: string, query: Record<string, string> = {}): Promise<HistoryAnswer> {
    const response = await api.app.inject({
      method: 'GET',
      url: `/v1/clients/${id}/history`,
      query,
      headers: bearer(agent)
    })
    expect(response.statusCode).toBe(200)
    return response.json() as HistoryAnswer
  }

  async function search(q: string): Promise<string[]> {
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/clients',
      query: { q },
      headers: bearer(agent)
    })
    return (response.json() as { items: Array<{ id: string }> }).items.map((item) => item.id)
  }

  it('a new client starts at version 1, given by GET and its ETag', async () => {
    const client = await registered()
    expect(client.version).toBe(1)
    const read = await api.app.inject({
      method: 'GET',
      url: `/v1/clients/${client.id}`,
      headers: bearer(agent)
    })
    expect(read.json()).toMatchObject({ version: 1 })
    expect(read.headers.etag).toBe('"1"')
  })

  it('an agent changes phones, e-mail, address and language: 200 with the new version', async () => {
    const client = await registered()
    const response = await patch(client.id, {
      phones: ['2955 4433', '+371 67 123 456'],
      email: 'ilze@example.lv',
      address: 'Rīgas iela 5-12, Cēsis, LV-4101',
      language: 'en'
    })
    expect(response.statusCode).toBe(200)
    expect(response.headers.etag).toBe('"2"')
    expect(response.json()).toMatchObject({
      id: client.id,
      version: 2,
      phonesMasked: ['+371 29 *** 433', '+371 67 *** 456'],
      emailMasked: 'i***@example.lv',
      address: 'Rīgas iela 5-12, Cēsis, LV-4101',
      language: 'en'
    })
  })

  it('a stale If-Match is refused with 412, the current client beside it, and nothing changes', async () => {
    const client = await registered()
    expect((await patch(client.id, { language: 'ru' })).statusCode).toBe(200)
    const stale = await patch(client.id, { email: 'late@example.lv' }, { ifMatch: '"1"' })
    expect(stale.statusCode).toBe(412)
    expect(stale.json()).toMatchObject({
      code: 'version_mismatch',
      client: { id: client.id, version: 2, language: 'ru', emailMasked: 'i***@inbox.lv' }
    })
    expect((await history(client.id)).items).toHaveLength(1)
  })

  it('two changes based on one read: exactly one wins', async () => {
    const client = await registered()
    const answers = await Promise.all([
      patch(client.id, { email: 'first@example.lv' }),
      patch(client.id, { email: 'second@example.lv' })
    ])
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 412])
    expect((await history(client.id)).items).toHaveLength(1)
  })

  it('without If-Match the change is refused with 428', async () => {
    const client = await registered()
    const response = await patch(client.id, { language: 'en' }, { ifMatch: null })
    expect(response.statusCode).toBe(428)
    expect(response.json()).toMatchObject({ code: 'precondition_required' })
  })

  it('an agent may not change a name (403), and nothing changes', async () => {
    const client = await registered()
    const response = await patch(client.id, { lastName: 'Kalniņa', email: 'x@example.lv' })
    expect(response.statusCode).toBe(403)
    expect((await history(client.id)).items).toEqual([])
    const read = await api.app.inject({
      method: 'GET',
      url: `/v1/clients/${client.id}`,
      headers: bearer(agent)
    })
    expect(read.json()).toMatchObject({ lastName: 'Liepiņa', version: 1 })
  })

  it('a reviewer may not change client data at all', async () => {
    const client = await registered()
    expect((await patch(client.id, { language: 'en' }, { token: reviewer })).statusCode).toBe(403)
  })

  it('a supervisor changes a surname after a marriage, and search finds the new name at once', async () => {
    const client = await registered()
    const response = await patch(client.id, { lastName: 'Ķirsone' }, { token: supervisor })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ firstName: 'Ilze', lastName: 'Ķirsone', version: 2 })
    expect(await search('kirsone')).toContain(client.id)
    expect(await search('ilze kirsone')).toContain(client.id)
  })

  it('search finds a client by a new phone at once, and no longer by the old one', async () => {
    const client = await registered()
    const newPhone = `+37128${String(randomInt(0, 1_000_000)).padStart(6, '0')}`
    expect((await patch(client.id, { phones: [newPhone] })).statusCode).toBe(200)
    expect(await search(newPhone)).toEqual([client.id])
    expect(await search('+37129000111')).not.toContain(client.id)
  })

  it('an invalid phone is a 400 naming it, and nothing is stored', async () => {
    const client = await registered()
    const response = await patch(client.id, {
      phones: ['+37129000111', '1234 5678'],
      email: 'new@example.lv'
    })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({
      code: 'validation_failed',
      fields: [{ path: 'phones.1', message: 'is not a Latvian phone number' }]
    })
    const read = await api.app.inject({
      method: 'GET',
      url: `/v1/clients/${client.id}`,
      headers: bearer(agent)
    })
    expect(read.json()).toMatchObject({ version: 1, emailMasked: 'i***@inbox.lv' })
    expect((await history(client.id)).items).toEqual([])
  })

  it.each([
    ['a personal code', { personalCode: '32000000000' }],
    ['a registration number', { registrationNumber: '40003512345' }],
    ['a malformed e-mail', { email: 'not-an-address' }],
    ['no identity verification', { identityVerification: undefined }],
    ['an ID card without its number', { identityVerification: { method: 'id_card' } }],
    ['a company name for a private client', { name: 'SIA Liepas' }]
  ])('%s is refused with 400', async (_what, body) => {
    const client = await registered()
    const response = await patch(client.id, body, { token: supervisor })
    expect(response.statusCode).toBe(400)
    expect((await history(client.id)).items).toEqual([])
  })

  it('records who, when, how identity was verified and each field before → after', async () => {
    const client = await registered()
    const me = await api.app.inject({ method: 'GET', url: '/v1/auth/me', headers: bearer(agent) })
    const agentId = (me.json() as { id: string }).id
    await patch(client.id, { email: 'ilze@example.lv', address: 'Lenču iela 1, Cēsis' })
    await patch(client.id, { language: 'ru', phones: [] }, { ifMatch: '2' })

    const { items } = await history(client.id)
    expect(items).toHaveLength(2)
    expect(items[0]).toMatchObject({
      actor: { id: agentId, username: 'agent' },
      version: 3,
      identityVerification: ID_CARD,
      changes: [
        { field: 'language', before: 'lv', after: 'ru' },
        { field: 'phones', before: ['+371 29 *** 111'], after: [] }
      ]
    })
    expect(items[1]).toMatchObject({
      version: 2,
      changes: [
        { field: 'email', before: 'i***@inbox.lv', after: 'i***@example.lv' },
        { field: 'address', before: null, after: 'Lenču iela 1, Cēsis' }
      ]
    })
    expect(Date.parse(items[0]!.at)).toBeGreaterThanOrEqual(Date.parse(items[1]!.at))
    // The stored record keeps the full values: the history answer masks them.
    const stored = await sql<{ changes: unknown }>`
      select changes from client_changes where client_id = ${client.id} and version = 2`.execute(
      api.database.owner
    )
    expect(stored.rows[0]!.changes).toEqual([
      { field: 'email', before: 'ilze.liepina@inbox.lv', after: 'ilze@example.lv' },
      { field: 'address', before: null, after: 'Lenču iela 1, Cēsis' }
    ])
  })

  it('a change that changes nothing records nothing and keeps the version', async () => {
    const client = await registered()
    const response = await patch(client.id, {
      phones: ['29 000 111'],
      email: 'ilze.liepina@inbox.lv',
      language: 'lv'
    })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ version: 1 })
    expect((await history(client.id)).items).toEqual([])
  })

  it('the history pages newest first with a cursor', async () => {
    const client = await registered()
    const languages = ['en', 'ru', 'lv', 'en', 'ru'] as const
    for (const [index, language] of languages.entries()) {
      const response = await patch(client.id, { language }, { ifMatch: `"${index + 1}"` })
      expect(response.statusCode).toBe(200)
    }
    const first = await history(client.id, { limit: '2' })
    expect(first.items.map((item) => item.version)).toEqual([6, 5])
    expect(first.nextCursor).not.toBeNull()
    const second = await history(client.id, { limit: '2', cursor: first.nextCursor! })
    expect(second.items.map((item) => item.version)).toEqual([4, 3])
    const last = await history(client.id, { limit: '2', cursor: second.nextCursor! })
    expect(last.items.map((item) => item.version)).toEqual([2])
    expect(last.nextCursor).toBeNull()
  })

  it('the history is append-only', async () => {
    const client = await registered()
    await patch(client.id, { language: 'en' })
    await expect(
      sql`update client_changes set version = 9 where client_id = ${client.id}`.execute(
        api.database.owner
      )
    ).rejects.toThrow(/append-only/)
  })
})
