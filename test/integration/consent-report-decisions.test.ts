import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConsentReport, Jwks } from '../../src/shared/domain/receipt'
import {
  clientWithConsents,
  creditDecision,
  expectStatus,
  fileReview,
  profilingDecision,
  recordDecision,
  reviewClient,
  type ReviewClient
} from '../support/review-helpers'
import { verifiesIndependently } from '../support/receipt-helpers'
import { createTestApi, type TestApi } from '../support/test-api'
import { createTestClock, type TestClock } from '../support/test-clock'

/**
 * The client's Art. 15 consent report names the automated decisions about them (Art. 15(1)(h):
 * the logic involved and its significance), each with its human review if they asked for one, and
 * signs them with the rest.
 */
describe('the consent report lists the automated decisions', () => {
  let api: TestApi
  let clock: TestClock
  let client: ReviewClient

  beforeAll(async () => {
    clock = createTestClock(new Date('2026-12-02T10:00:00Z'))
    api = await createTestApi({ clock })
    client = reviewClient(api, clock)
  })
  afterAll(async () => {
    await api.close()
  })

  it('newest first, with the model, the factors and the review asked for, inside the signature', async () => {
    const clientId = await clientWithConsents(api.database.owner, client)
    const credit = await recordDecision(client, creditDecision(clientId))
    clock.advanceMinutes(60)
    const profiling = await recordDecision(client, profilingDecision(clientId))
    const review = await fileReview(client, credit)

    const report = expectStatus<ConsentReport>(
      await client.as('agent').get(`/v1/clients/${clientId}/consent-report?language=en`),
      200
    )

    expect(report.decisions.map((decision) => decision.id)).toEqual([profiling.id, credit.id])
    expect(report.decisions[1]).toMatchObject({
      kind: 'credit',
      outcome: { result: 'declined' },
      model: { name: 'credit-score', version: '4.2.0' },
      factors: credit.factors,
      review: { caseId: review.id, number: review.number, status: 'open' }
    })
    expect(report.decisions[0]!.review).toBeNull()
    // What was signed is what was answered, decisions included.
    const { jws, ...payload } = report
    const signed = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8'))
    expect(signed).toEqual(payload)
    const jwks = expectStatus<Jwks>(await client.as('agent').get('/.well-known/jwks.json'), 200)
    expect(verifiesIndependently(jws, jwks)).toBe(true)
  })

  it('says there are none for a client with no decisions', async () => {
    const clientId = await clientWithConsents(api.database.owner, client, [])
    const report = expectStatus<ConsentReport>(
      await client.as('supervisor').get(`/v1/clients/${clientId}/consent-report?language=lv`),
      200
    )
    expect(report.decisions).toEqual([])
  })
})
