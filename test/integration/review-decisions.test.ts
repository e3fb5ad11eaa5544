import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_SEED, FIXTURES } from '../../src/server/seed/generator'
import { seedDemoReviews } from '../../src/server/seed/review-demo'
import type {
  ClaimResponse,
  Decision,
  DecisionList,
  ReviewCase,
  ReviewCaseList
} from '../../src/shared/domain/review'
import { tableCount } from '../support/consent-helpers'
import {
  changeConsents,
  clientWithConsents,
  creditDecision,
  expectStatus,
  fileReview,
  profilingDecision,
  recordDecision,
  reviewClient,
  staffIds,
  type ReviewClient
} from '../support/review-helpers'
import { createTestApi, type TestApi } from '../support/test-api'
import { createTestClock, type TestClock } from '../support/test-clock'

describe('automated decisions', () => {
  let api: TestApi
  let clock: TestClock
  let client: ReviewClient
  let staff: Record<string, string>

  beforeAll(async () => {
    clock = createTestClock(new Date('2026-12-02T10:00:00Z'))
    api = await createTestApi({ clock })
    client = reviewClient(api, clock)
    staff = await staffIds(api.database.owner)
  })
  afterAll(async () => {
    await api.close()
  })

  describe('POST /v1/decisions', () => {
    it('records a credit decision for a client who gave purpose 4, decided now unless said', async () => {
      const clientId = await clientWithConsents(api.database.owner, client, ['credit_information'])
      const request = creditDecision(clientId, {
        outcome: { result: 'approved_with_limit', limitEur: 1250.5 }
      })

      const response = await client.as('integration').post('/v1/decisions', request)

      const decision = expectStatus<Decision>(response, 201)
      expect(decision).toEqual({
        id: expect.any(String),
        clientId,
        kind: 'credit',
        outcome: { result: 'approved_with_limit', limitEur: 1250.5 },
        model: request.model,
        factors: request.factors,
        inputs: request.inputs,
        decidedAt: '2026-12-02T10:00:00.000Z',
        recordedAt: '2026-12-02T10:00:00.000Z',
        review: null
      })
      // What is stored reads back the same, and names the integration account that sent it.
      const read = expectStatus<Decision>(
        await client.as('agent').get(`/v1/decisions/${decision.id}`),
        200
      )
      expect(read).toEqual(decision)
      const row = await api.database.owner
        .selectFrom('automated_decisions')
        .select(['recorded_by', 'model_name', 'model_version'])
        .where('id', '=', decision.id)
        .executeTakeFirstOrThrow()
      expect(row).toEqual({
        recorded_by: staff['integration'],
        model_name: 'credit-score',
        model_version: '4.2.0'
      })
    })

    it('keeps the time the model decided, when the caller says it', async () => {
      const clientId = await clientWithConsents(api.database.owner, client)
      const decision = await recordDecision(
        client,
        profilingDecision(clientId, { decidedAt: '2026-12-01T21:15:00+02:00' })
      )
      expect(decision.decidedAt).toBe('2026-12-01T19:15:00.000Z')
      expect(decision.outcome).toEqual({
        result: 'segment_assigned',
        segment: 'family',
        offers: ['family_plan', 'tv_bundle']
      })
    })

    it('refuses a credit decision with 409 consent_missing when purpose 4 was never given', async () => {
      const clientId = await clientWithConsents(api.database.owner, client, ['automated_profiling'])
      const before = await tableCount(api.database.owner, 'automated_decisions')

      const response = await client
        .as('integration')
        .post('/v1/decisions', creditDecision(clientId))

      expect(response.statusCode).toBe(409)
      expect(response.json()).toMatchObject({ code: 'consent_missing' })
      expect(response.json().message).toContain('credit_information')
      expect(await tableCount(api.database.owner, 'automated_decisions')).toBe(before)
    })

    it('refuses a profiling decision when only purpose 4 is given', async () => {
      const clientId = await clientWithConsents(api.database.owner, client, ['credit_information'])
      const response = await client
        .as('integration')
        .post('/v1/decisions', profilingDecision(clientId))
      expect(response.statusCode).toBe(409)
      expect(response.json()).toMatchObject({ code: 'consent_missing' })
    })

    it('refuses a decision once the client has withdrawn the consent it needs', async () => {
      const clientId = await clientWithConsents(api.database.owner, client)
      await recordDecision(client, creditDecision(clientId))
      await changeConsents(client, clientId, ['credit_information'], 'withdrawn')

      const response = await client
        .as('integration')
        .post('/v1/decisions', creditDecision(clientId))

      expect(response.statusCode).toBe(409)
      expect(response.json()).toMatchObject({ code: 'consent_missing' })
      // Profiling, whose consent stands, is still recorded.
      await recordDecision(client, profilingDecision(clientId))
    })

    it('answers 404 for a client that does not exist', async () => {
      const response = await client
        .as('integration')
        .post('/v1/decisions', creditDecision(randomUUID()))
      expect(response.statusCode).toBe(404)
      expect(response.json()).toMatchObject({ code: 'not_found' })
    })

    it('refuses a decidedAt more than a minute in the future, and allows clock skew under it', async () => {
      const clientId = await clientWithConsents(api.database.owner, client)
      const ahead = (seconds: number): string =>
        new Date(clock.now().getTime() + seconds * 1000).toISOString()

      const future = await client
        .as('integration')
        .post('/v1/decisions', creditDecision(clientId, { decidedAt: ahead(120) }))
      expect(future.statusCode).toBe(400)
      expect(future.json()).toMatchObject({
        code: 'validation_failed',
        fields: [{ path: 'decidedAt', message: 'is in the future' }]
      })

      const skewed = await recordDecision(
        client,
        creditDecision(clientId, { decidedAt: ahead(30) })
      )
      expect(skewed.decidedAt).toBe(ahead(30))
    })

    it('refuses an outcome that does not fit the kind, naming the field', async () => {
      const clientId = await clientWithConsents(api.database.owner, client)
      const cases: Array<[object, string]> = [
        [{ result: 'approved_with_limit' }, 'outcome.limitEur'],
        [{ result: 'declined', segment: 'family' }, 'outcome.segment'],
        [{ result: 'segment_assigned', segment: 'family' }, 'outcome.result']
      ]
      for (const [outcome, path] of cases) {
        const response = await client
          .as('integration')
          .post('/v1/decisions', { ...creditDecision(clientId), outcome })
        expect(response.statusCode, path).toBe(400)
        expect(response.json().fields.map((field: { path: string }) => field.path)).toContain(path)
      }
    })

    it('is for the integration account only', async () => {
      const clientId = await clientWithConsents(api.database.owner, client)
      for (const username of ['agent', 'reviewer', 'supervisor']) {
        const response = await client.as(username).post('/v1/decisions', creditDecision(clientId))
        expect(response.statusCode, username).toBe(403)
      }
    })
  })

  describe('GET /v1/clients/{id}/decisions and /v1/decisions/{id}', () => {
    it("lists a client's decisions newest first, each with its latest review case", async () => {
      const clientId = await clientWithConsents(api.database.owner, client)
      const otherClient = await clientWithConsents(api.database.owner, client)
      const older = await recordDecision(
        client,
        creditDecision(clientId, { decidedAt: '2026-11-20T08:00:00Z' })
      )
      const newer = await recordDecision(
        client,
        profilingDecision(clientId, { decidedAt: '2026-11-28T08:00:00Z' })
      )
      await recordDecision(client, creditDecision(otherClient))
      const filed = await fileReview(client, older)

      const list = expectStatus<DecisionList>(
        await client.as('agent').get(`/v1/clients/${clientId}/decisions`),
        200
      )

      expect(list.items.map((decision) => decision.id)).toEqual([newer.id, older.id])
      expect(list.items[0]!.review).toBeNull()
      expect(list.items[1]!.review).toEqual({
        caseId: filed.id,
        number: filed.number,
        status: 'open'
      })
      expect(filed.number).toMatch(/^P-\d{6,}$/)
    })

    it('shows a claim that ran out as open, as the queue does', async () => {
      const clientId = await clientWithConsents(api.database.owner, client)
      const decision = await recordDecision(client, creditDecision(clientId))
      const filed = await fileReview(client, decision)
      expectStatus(await client.as('reviewer').post(`/v1/review-cases/${filed.id}/claim`), 200)

      const held = expectStatus<Decision>(
        await client.as('agent').get(`/v1/decisions/${decision.id}`),
        200
      )
      expect(held.review?.status).toBe('claimed')

      clock.advanceMinutes(16)
      const lapsed = expectStatus<Decision>(
        await client.as('agent').get(`/v1/decisions/${decision.id}`),
        200
      )
      expect(lapsed.review?.status).toBe('open')
    })

    it('names the latest case when a decision was reviewed more than once', async () => {
      const clientId = await clientWithConsents(api.database.owner, client)
      const decision = await recordDecision(client, profilingDecision(clientId))
      const first = await fileReview(client, decision)
      const { claim } = expectStatus<{ claim: { token: string } }>(
        await client.as('reviewer').post(`/v1/review-cases/${first.id}/claim`),
        200
      )
      expectStatus<ReviewCase>(
        await client.as('reviewer').post(`/v1/review-cases/${first.id}/decision`, {
          token: claim.token,
          outcome: 'upheld',
          reasonCode: 'model_correct',
          rationale: 'The segment matches the services on your contract, so it stays as it is.'
        }),
        200
      )
      clock.advanceMinutes(1)
      const second = await fileReview(client, decision)

      const read = expectStatus<Decision>(
        await client.as('reviewer').get(`/v1/decisions/${decision.id}`),
        200
      )
      expect(read.review).toEqual({ caseId: second.id, number: second.number, status: 'open' })
    })

    it('answers 404 for an unknown decision and an unknown client', async () => {
      const decision = await client.as('agent').get(`/v1/decisions/${randomUUID()}`)
      expect(decision.statusCode).toBe(404)
      expect(decision.json()).toMatchObject({ code: 'not_found' })
      const list = await client.as('agent').get(`/v1/clients/${randomUUID()}/decisions`)
      expect(list.statusCode).toBe(404)
    })

    it('gives an empty list for a client without decisions', async () => {
      const clientId = await clientWithConsents(api.database.owner, client, [])
      const list = expectStatus<DecisionList>(
        await client.as('supervisor').get(`/v1/clients/${clientId}/decisions`),
        200
      )
      expect(list).toEqual({ items: [] })
    })
  })
})

describe('the demo data', () => {
  let api: TestApi
  let client: ReviewClient

  beforeAll(async () => {
    const clock = createTestClock(new Date())
    api = await createTestApi({ clients: 60, clock })
    client = reviewClient(api, clock)
  })
  afterAll(async () => {
    await api.close()
  })

  it('has credit and profiling decisions, explained in three languages, and a queue in every state', async () => {
    const started = performance.now()
    const filed = await seedDemoReviews(api.database.owner, { seed: DEMO_SEED })
    const seconds = (performance.now() - started) / 1000

    expect(filed).toBe(6)
    expect(seconds).toBeLessThan(10)
    const decisions = await api.database.owner
      .selectFrom('automated_decisions')
      .select(['kind', 'result', 'factors', 'client_id'])
      .execute()
    expect(new Set(decisions.map((d) => `${d.kind}:${d.result}`))).toEqual(
      new Set([
        'credit:declined',
        'credit:approved',
        'credit:approved_with_limit',
        'profiling:segment_assigned'
      ])
    )
    for (const decision of decisions) {
      for (const factor of decision.factors as Array<{ explanation: Record<string, string> }>) {
        expect(Object.keys(factor.explanation).sort()).toEqual(['en', 'lv', 'ru'])
        expect(Object.values(factor.explanation).every((text) => text.length > 20)).toBe(true)
      }
    }

    const queue = expectStatus<ReviewCaseList>(
      await client.as('supervisor').get('/v1/review-cases?limit=50'),
      200
    )
    expect(queue.total).toBe(6)
    expect(new Set(queue.items.map((item) => item.status))).toEqual(
      new Set(['open', 'awaiting_approval', 'closed'])
    )
    expect(queue.items.some((item) => item.extended)).toBe(true)
    expect(queue.items.filter((item) => item.kind === 'manual_credit')).toHaveLength(1)
    // A reviewer has work waiting.
    const next = expectStatus<ClaimResponse>(
      await client.as('reviewer').post('/v1/review-cases/claim-next'),
      200
    )
    expect(next.case.status).toBe('claimed')
  })

  it("leaves the fixture clients' consent histories alone, and seeds once", async () => {
    const fixtures = await api.database.owner
      .selectFrom('client_consent_versions as v')
      .innerJoin('clients as c', 'c.id', 'v.client_id')
      .select('c.personal_code')
      .where(
        'c.personal_code',
        'in',
        Object.values(FIXTURES).flatMap((fixture) =>
          fixture.kind === 'private' ? [fixture.personalCode] : []
        )
      )
      .execute()
    expect(fixtures).toEqual([])
    expect(await seedDemoReviews(api.database.owner, { seed: DEMO_SEED })).toBe(0)
    expect(await tableCount(api.database.owner, 'review_cases')).toBe(6)
  })
})
