import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { operations, type OperationName } from '../../src/shared/api/operations'
import type { AccessLogPage } from '../../src/shared/domain/access-log'
import type { ClientSearchResponse } from '../../src/shared/domain/client'
import { foldForSearch } from '../../src/shared/identifiers/searchText'
import { body } from '../support/consent-helpers'
import {
  creditDecision,
  expectStatus,
  fileAssessment,
  fileReview,
  recordDecision,
  reviewClient,
  staffIds,
  type ReviewClient
} from '../support/review-helpers'
import { bearer, createTestApi, type TestApi } from '../support/test-api'
import { createTestClock } from '../support/test-clock'

type InjectResponse = Awaited<ReturnType<TestApi['app']['inject']>>

// A client whose identifiers appear nowhere else: a read that shows one of them whole fails the
// masking checks below. The code passes the old-format check digit (010203-10001 pattern).
const PERSONAL_CODE = '01020310001'
const PHONE = '+37129876543'
const EMAIL = 'marta.kalnina@example.lv'

/** The access-log rows written after `afterId`, oldest first. */
async function rowsAfter(api: TestApi, afterId: string) {
  return api.database.db
    .selectFrom('access_log')
    .select(['staff_id', 'client_id', 'action', 'role', 'reason', 'reason_note', 'request_id'])
    .where(sql<boolean>`id > ${afterId}::bigint`)
    .orderBy('id')
    .execute()
}

async function lastRowId(api: TestApi): Promise<string> {
  const row = await api.database.db
    .selectFrom('access_log')
    .select(sql<string>`coalesce(max(id), 0)::text`.as('id'))
    .executeTakeFirstOrThrow()
  return row.id
}

describe('access log: every read of personal data, masked identifiers, fail closed', () => {
  let api: TestApi
  let client: ReviewClient
  let clientId: string
  let receiptId: string
  let decisionId: string
  let reviewCaseId: string
  let staff: Record<string, string>

  beforeAll(async () => {
    const clock = createTestClock()
    api = await createTestApi({ clients: 10, clock })
    client = reviewClient(api, clock)
    clientId = randomUUID()
    await api.database.db
      .insertInto('clients')
      .values({
        id: clientId,
        kind: 'private',
        personal_code: PERSONAL_CODE,
        first_name: 'Marta',
        last_name: 'Kalniņa',
        email: EMAIL,
        language: 'lv',
        search_name: foldForSearch('Marta Kalniņa')
      })
      .execute()
    await api.database.db
      .insertInto('client_phones')
      .values({ client_id: clientId, e164: PHONE, position: 0 })
      .execute()
    // Consents (a receipt), an automated decision, a review of it and an assessment to claim.
    const saved = expectStatus<{ receipt: { id: string } }>(
      await client.as('agent').post(
        `/v1/clients/${clientId}/consents`,
        body([
          { purpose: 'automated_profiling', action: 'given' },
          { purpose: 'credit_information', action: 'given' }
        ]),
        { 'idempotency-key': randomUUID(), 'if-match': '0' }
      ),
      201
    )
    receiptId = saved.receipt.id
    const decision = await recordDecision(client, creditDecision(clientId))
    decisionId = decision.id
    reviewCaseId = (await fileReview(client, decision)).id
    await fileAssessment(client, clientId)
    staff = await staffIds(api.database.db)
  })
  afterAll(async () => {
    await api.close()
  })

  /**
   * One call per operation whose contract sets `accessLog`, as the role that would make it, and
   * the clients its answer shows. Keyed by operation name so that a new logged operation without
   * a line here fails the completeness test below.
   */
  const READS: Record<
    string,
    {
      as: 'agent' | 'reviewer' | 'supervisor'
      call: () => Promise<InjectResponse>
      shown: (response: InjectResponse) => string[]
      status?: number
    }
  > = {
    searchClients: {
      as: 'agent',
      call: () => client.as('agent').get(`/v1/clients?q=${PERSONAL_CODE}`),
      shown: () => [clientId]
    },
    getClient: {
      as: 'agent',
      call: () => client.as('agent').get(`/v1/clients/${clientId}`),
      shown: () => [clientId]
    },
    getClientCard: {
      as: 'reviewer',
      call: () => client.as('reviewer').get(`/v1/clients/${clientId}/card`),
      shown: () => [clientId]
    },
    updateClient: {
      as: 'agent',
      // A change that changes nothing: the answer still shows the client.
      call: async () => {
        const stored = await api.database.db
          .selectFrom('clients')
          .select(['version', 'language'])
          .where('id', '=', clientId)
          .executeTakeFirstOrThrow()
        return api.app.inject({
          method: 'PATCH',
          url: `/v1/clients/${clientId}`,
          headers: { ...bearer(await api.tokenFor('agent')), 'if-match': `"${stored.version}"` },
          payload: {
            language: stored.language,
            identityVerification: { method: 'id_card', documentLast4: '1234' }
          }
        })
      },
      shown: () => [clientId]
    },
    getClientHistory: {
      as: 'agent',
      call: () => client.as('agent').get(`/v1/clients/${clientId}/history`),
      shown: () => [clientId]
    },
    revealClient: {
      as: 'agent',
      call: () =>
        client.as('agent').post(`/v1/clients/${clientId}/reveal`, { reason: 'client_on_phone' }),
      shown: () => [clientId]
    },
    getConsents: {
      as: 'agent',
      call: () => client.as('agent').get(`/v1/clients/${clientId}/consents`),
      shown: () => [clientId]
    },
    listConsentEvents: {
      as: 'agent',
      call: () => client.as('agent').get(`/v1/clients/${clientId}/consent-events`),
      shown: () => [clientId]
    },
    verifyConsents: {
      as: 'agent',
      call: () => client.as('agent').get(`/v1/clients/${clientId}/consents/verify`),
      shown: () => [clientId]
    },
    getReceipt: {
      as: 'agent',
      call: () => client.as('agent').get(`/v1/receipts/${receiptId}`),
      shown: () => [clientId]
    },
    listReceipts: {
      as: 'supervisor',
      call: () => client.as('supervisor').get('/v1/receipts?limit=50'),
      shown: (response) => [
        ...new Set(
          (response.json() as { items: Array<{ clientId: string }> }).items.map(
            (item) => item.clientId
          )
        )
      ]
    },
    getConsentReport: {
      as: 'agent',
      call: () => client.as('agent').get(`/v1/clients/${clientId}/consent-report?language=en`),
      shown: () => [clientId]
    },
    listClientDecisions: {
      as: 'agent',
      call: () => client.as('agent').get(`/v1/clients/${clientId}/decisions`),
      shown: () => [clientId]
    },
    getDecision: {
      as: 'agent',
      call: () => client.as('agent').get(`/v1/decisions/${decisionId}`),
      shown: () => [clientId]
    },
    listReviewCases: {
      as: 'supervisor',
      call: () => client.as('supervisor').get('/v1/review-cases'),
      shown: () => [clientId]
    },
    listClientReviewCases: {
      as: 'agent',
      call: () => client.as('agent').get(`/v1/clients/${clientId}/review-cases`),
      shown: () => [clientId]
    },
    getReviewCase: {
      as: 'reviewer',
      call: () => client.as('reviewer').get(`/v1/review-cases/${reviewCaseId}`),
      shown: () => [clientId]
    },
    claimReviewCase: {
      as: 'reviewer',
      call: () => client.as('reviewer').post(`/v1/review-cases/${reviewCaseId}/claim`),
      shown: () => [clientId]
    },
    claimNextReviewCase: {
      as: 'reviewer',
      call: () => client.as('reviewer').post('/v1/review-cases/claim-next'),
      shown: () => [clientId]
    },
    getAccessLog: {
      as: 'supervisor',
      call: () => client.as('supervisor').get(`/v1/access-log?clientId=${clientId}&limit=5`),
      shown: () => [clientId]
    }
  }

  it('has a call here for every operation the contract marks as showing personal data', () => {
    const logged = (Object.keys(operations) as OperationName[]).filter(
      (name) => 'accessLog' in operations[name]
    )
    expect(Object.keys(READS).sort()).toEqual(logged.sort())
  })

  describe.each(Object.entries(READS))('%s', (name, read) => {
    it('writes exactly one row per client shown, with who, role, action and request id', async () => {
      const before = await lastRowId(api)
      const response = await read.call()
      expect(response.statusCode, response.body).toBe(read.status ?? 200)
      const shown = read.shown(response)
      expect(shown.length).toBeGreaterThan(0)

      const rows = await rowsAfter(api, before)
      const action = (operations[name as OperationName] as { accessLog: string }).accessLog
      expect(rows.map((row) => row.client_id).sort()).toEqual([...shown].sort())
      for (const row of rows) {
        expect(row).toMatchObject({ staff_id: staff[read.as], role: read.as, action })
        expect(row.request_id).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
        )
      }
      // One request, one id: the rows lead to the request log's lines for it.
      expect(new Set(rows.map((row) => row.request_id)).size).toBe(1)
    })

    if (name !== 'revealClient') {
      it('never shows the personal code, phone or e-mail whole', async () => {
        const response = await read.call()
        const text = response.body
        expect(text).not.toContain(PERSONAL_CODE)
        expect(text).not.toContain(PERSONAL_CODE.slice(6))
        expect(text).not.toContain(PHONE.slice(4))
        expect(text).not.toContain(EMAIL)
      })
    }
  })

  describe('GET /v1/clients/{id}', () => {
    it('masks the personal code, phones and e-mail', async () => {
      const response = await client.as('supervisor').get(`/v1/clients/${clientId}`)
      expect(response.json()).toMatchObject({
        personalCodeMasked: '010203-*****',
        phonesMasked: ['+371 29 *** 543'],
        emailMasked: 'm***@example.lv'
      })
      expect(response.json()).not.toHaveProperty('personalCode')
      expect(response.json()).not.toHaveProperty('phones')
      expect(response.json()).not.toHaveProperty('email')
    })

    it('search results mask the phones too', async () => {
      const found = expectStatus<ClientSearchResponse>(
        await client.as('agent').get(`/v1/clients?q=${encodeURIComponent(PHONE)}`),
        200
      )
      expect(found.items).toContainEqual(
        expect.objectContaining({
          id: clientId,
          personalCodeMasked: '010203-*****',
          phonesMasked: ['+371 29 *** 543']
        })
      )
      expect(JSON.stringify(found)).not.toContain(PHONE.slice(4))
    })
  })

  describe('POST /v1/clients/{id}/reveal', () => {
    it('answers the full identifiers and logs the reason and its note', async () => {
      const before = await lastRowId(api)
      const response = await client.as('agent').post(`/v1/clients/${clientId}/reveal`, {
        reason: 'other',
        note: 'Client asked to check the number on file'
      })
      expect(expectStatus(response, 200)).toEqual({
        personalCode: PERSONAL_CODE,
        phones: [PHONE],
        email: EMAIL
      })
      expect(await rowsAfter(api, before)).toEqual([
        expect.objectContaining({
          client_id: clientId,
          action: 'reveal',
          reason: 'other',
          reason_note: 'Client asked to check the number on file'
        })
      ])
    })

    it.each([
      ['no body', undefined, ''],
      ['no reason', { note: 'because the client asked' }, 'reason'],
      ['an unknown reason', { reason: 'curiosity' }, 'reason'],
      ['other without a note', { reason: 'other' }, 'note'],
      ['other with a note too short to say anything', { reason: 'other', note: 'x' }, 'note']
    ])('refuses a reveal with %s (400), and shows and logs nothing', async (_, payload, field) => {
      const before = await lastRowId(api)
      const response = await client.as('agent').post(`/v1/clients/${clientId}/reveal`, payload)
      expect(response.statusCode).toBe(400)
      expect(response.json()).toMatchObject({
        code: 'validation_failed',
        ...(field === '' ? {} : { fields: [expect.objectContaining({ path: field })] })
      })
      expect(response.body).not.toContain(PERSONAL_CODE)
      expect(await rowsAfter(api, before)).toEqual([])
    })
  })

  describe('fails closed', () => {
    it('answers no data when the access-log row cannot be written', async () => {
      await sql`create or replace function refuse_access_log() returns trigger
        language plpgsql as $$ begin raise exception 'access log unavailable'; end $$`.execute(
        api.database.owner
      )
      await sql`create trigger refuse_access_log before insert on access_log
        for each row execute function refuse_access_log()`.execute(api.database.owner)
      try {
        for (const [name, url] of [
          ['card', `/v1/clients/${clientId}`],
          ['card in one request', `/v1/clients/${clientId}/card`],
          ['search', `/v1/clients?q=${PERSONAL_CODE}`],
          ['consents', `/v1/clients/${clientId}/consents`]
        ] as const) {
          const response = await client.as('agent').get(url)
          expect(response.statusCode, name).toBe(500)
          expect(response.json(), name).toEqual({
            code: 'internal_error',
            message: 'Internal server error'
          })
          expect(response.body, name).not.toContain('Kalniņa')
        }
        const reveal = await client
          .as('agent')
          .post(`/v1/clients/${clientId}/reveal`, { reason: 'client_at_counter' })
        expect(reveal.statusCode).toBe(500)
        expect(reveal.body).not.toContain(PERSONAL_CODE)
        expect(reveal.body).not.toContain(PHONE)
      } finally {
        await sql`drop trigger refuse_access_log on access_log`.execute(api.database.owner)
        await sql`drop function refuse_access_log()`.execute(api.database.owner)
      }
    })
  })

  describe('GET /v1/access-log', () => {
    it('is for supervisors only', async () => {
      for (const username of ['agent', 'reviewer', 'integration']) {
        const response = await client.as(username).get(`/v1/access-log?clientId=${clientId}`)
        expect(response.statusCode, username).toBe(403)
      }
      const anonymous = await api.app.inject({ method: 'GET', url: '/v1/access-log' })
      expect(anonymous.statusCode).toBe(401)
    })

    it('answers who looked at the client, in which role, what and why, newest first', async () => {
      await client.as('agent').post(`/v1/clients/${clientId}/reveal`, {
        reason: 'complaint'
      })
      const page = expectStatus<AccessLogPage>(
        await client.as('supervisor').get(`/v1/access-log?clientId=${clientId}&limit=1`),
        200
      )
      expect(page.items).toEqual([
        expect.objectContaining({
          client: { id: clientId, displayName: 'Marta Kalniņa' },
          staff: { id: staff['agent'], name: 'Līga Kalniņa' },
          role: 'agent',
          action: 'reveal',
          actionText: 'Full personal code, phones and e-mail shown',
          reason: 'complaint',
          reasonNote: null,
          requestId: expect.any(String)
        })
      ])
      expect(page.nextCursor).toEqual(expect.any(String))
    })

    it('pages by keyset without gaps or repeats, and filters by staff member and time', async () => {
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const url: string =
          `/v1/access-log?clientId=${clientId}&staffId=${staff['agent']}&limit=7` +
          (cursor ? `&cursor=${cursor}` : '')
        const page: AccessLogPage = expectStatus<AccessLogPage>(
          await client.as('supervisor').get(url),
          200
        )
        for (const item of page.items) {
          expect(item.staff.id).toBe(staff['agent'])
          seen.push(item.id)
        }
        cursor = page.nextCursor
      } while (cursor)
      const expected = await api.database.db
        .selectFrom('access_log')
        .select(sql<string>`id::text`.as('row_id'))
        .where('client_id', '=', clientId)
        .where('staff_id', '=', staff['agent']!)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .execute()
      expect(seen).toEqual(expected.map((row) => row.row_id))

      const future = expectStatus<AccessLogPage>(
        await client.as('supervisor').get(`/v1/access-log?from=2100-01-01T00:00:00Z`),
        200
      )
      expect(future).toEqual({ items: [], nextCursor: null })
    })

    it('logs its own reading, once per client shown', async () => {
      const before = await lastRowId(api)
      await client.as('supervisor').get(`/v1/access-log?clientId=${clientId}&limit=3`)
      expect(await rowsAfter(api, before)).toEqual([
        expect.objectContaining({ client_id: clientId, action: 'access_log', role: 'supervisor' })
      ])
    })

    it('refuses a cursor it did not make', async () => {
      const response = await client.as('supervisor').get('/v1/access-log?cursor=bm9wZQ')
      expect(response.statusCode).toBe(400)
      expect(response.json()).toMatchObject({ fields: [{ path: 'cursor' }] })
    })
  })

  describe('headers', () => {
    it('marks every /v1 answer no-store and adds the usual security headers', async () => {
      for (const response of [
        await client.as('agent').get(`/v1/clients/${clientId}`),
        await api.app.inject({ method: 'GET', url: `/v1/clients/${clientId}` })
      ]) {
        expect(response.headers['cache-control']).toBe('no-store')
        expect(response.headers['x-content-type-options']).toBe('nosniff')
        expect(response.headers['x-frame-options']).toBe('SAMEORIGIN')
        expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/)
        expect(response.headers['content-security-policy']).toContain("default-src 'none'")
        expect(response.headers['referrer-policy']).toBe('no-referrer')
      }
      const health = await api.app.inject({ method: 'GET', url: '/health' })
      expect(health.headers['x-content-type-options']).toBe('nosniff')
    })

    it('sends the whole set of security headers on every answer, refusals and unknown paths too', async () => {
      const answers = [
        await client.as('agent').get(`/v1/clients/${clientId}`),
        await api.app.inject({ method: 'GET', url: `/v1/clients/${clientId}` }),
        await api.app.inject({ method: 'GET', url: '/v1/no-such-path' }),
        await api.app.inject({ method: 'GET', url: '/no-such-path' }),
        await api.app.inject({ method: 'GET', url: '/health' })
      ]
      expect(answers.map((answer) => answer.statusCode)).toEqual([200, 401, 404, 404, 200])
      for (const answer of answers) {
        expect(answer.headers).toMatchObject({
          // Nothing may load, nothing may frame it: a JSON API is no page.
          'content-security-policy': "default-src 'none';frame-ancestors 'none'",
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-resource-policy': 'same-origin',
          'origin-agent-cluster': '?1',
          'referrer-policy': 'no-referrer',
          'strict-transport-security': 'max-age=31536000; includeSubDomains',
          'x-content-type-options': 'nosniff',
          'x-dns-prefetch-control': 'off',
          'x-download-options': 'noopen',
          'x-frame-options': 'SAMEORIGIN',
          'x-permitted-cross-domain-policies': 'none',
          'x-xss-protection': '0'
        })
      }
    })
  })

  it('lets a business registration number through whole: it is public', async () => {
    const found = expectStatus<ClientSearchResponse>(
      await api.app.inject({
        method: 'GET',
        url: '/v1/clients?q=40003512345',
        headers: bearer(await api.tokenFor('agent'))
      }),
      200
    )
    expect(found.items[0]).toMatchObject({ registrationNumber: '40003512345' })
  })
})
