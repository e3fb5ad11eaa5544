import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClaimResponse, ReviewCase } from '../../src/shared/domain/review'
import {
  addStaff,
  claim,
  clientWithConsents,
  creditDecision,
  expectStatus,
  fileReview,
  profilingDecision,
  RATIONALE,
  recordDecision,
  reviewClient,
  staffIds,
  type ReviewClient
} from '../support/review-helpers'
import { createTestApi, type TestApi } from '../support/test-api'
import { createTestClock, type TestClock } from '../support/test-clock'

const UPHOLD = { outcome: 'upheld', reasonCode: 'model_correct', rationale: RATIONALE } as const

interface Setup {
  api: TestApi
  clock: TestClock
  client: ReviewClient
  staff: Record<string, string>
}

async function setUp(): Promise<Setup> {
  const clock = createTestClock(new Date('2026-12-02T08:00:00Z'))
  const api = await createTestApi({ clock })
  await addStaff(api.database.owner, {
    username: 'reviewer2',
    displayName: 'Kristaps Liepa',
    roles: ['reviewer']
  })
  return { api, clock, client: reviewClient(api, clock), staff: await staffIds(api.database.owner) }
}

async function newCase(s: Setup, kind: 'credit' | 'profiling' = 'profiling'): Promise<string> {
  const clientId = await clientWithConsents(s.api.database.owner, s.client)
  const request = kind === 'credit' ? creditDecision(clientId) : profilingDecision(clientId)
  return (await fileReview(s.client, await recordDecision(s.client, request))).id
}

/** The case's history as stored: action and details, oldest first. */
async function storedHistory(
  s: Setup,
  caseId: string
): Promise<Array<{ action: string; details: Record<string, unknown> }>> {
  const result = await sql<{ action: string; details: Record<string, unknown> }>`
    select action, details from review_case_history where case_id = ${caseId}::uuid
    order by id`.execute(s.api.database.owner)
  return result.rows
}

/**
 * From the history alone: each `decided` row's token is the token of the last `claimed` row
 * before it, and nothing that ends or replaces that claim (a release, a reassignment, an expiry)
 * came between. The problems found; none when the history proves every decision current.
 */
function decisionsNotOnTheLatestClaim(
  history: Array<{ action: string; details: Record<string, unknown> }>
): string[] {
  const problems: string[] = []
  let current: string | null = null
  history.forEach((entry, index) => {
    switch (entry.action) {
      case 'claimed':
        current = String(entry.details['token'])
        break
      case 'released':
      case 'reassigned':
      case 'claim_expired':
        current = null
        break
      case 'decided':
        if (entry.details['token'] !== current) {
          problems.push(`row ${index}: decided with ${String(entry.details['token'])}, ${current}`)
        }
        current = null
        break
    }
  })
  return problems
}

describe('the fencing token in the case history', () => {
  let s: Setup

  beforeAll(async () => {
    s = await setUp()
  })
  afterAll(async () => {
    await s.api.close()
  })

  it('records the token of every claim and of the claim every decision used', async () => {
    const caseId = await newCase(s)
    const first = await claim(s.client, caseId, 'reviewer')
    const second = await claim(s.client, caseId, 'reviewer') // the first token goes stale
    expect(BigInt(second.claim.token)).toBeGreaterThan(BigInt(first.claim.token))

    const stale = await s.client
      .as('reviewer')
      .post(`/v1/review-cases/${caseId}/decision`, { token: first.claim.token, ...UPHOLD })
    expect(stale.statusCode).toBe(409)
    const decided = expectStatus<ReviewCase>(
      await s.client
        .as('reviewer')
        .post(`/v1/review-cases/${caseId}/decision`, { token: second.claim.token, ...UPHOLD }),
      200
    )

    // The answer shows the tokens, and so does the database.
    expect(decided.history.map((entry) => [entry.action, entry.details['token']])).toEqual([
      ['created', undefined],
      ['claimed', first.claim.token],
      ['claimed', second.claim.token],
      ['decided', second.claim.token],
      ['closed', undefined]
    ])
    expect(decided.history[1]?.details).toEqual({
      expiresAt: first.claim.expiresAt,
      token: first.claim.token
    })
    expect(decided.history[3]?.details).toMatchObject({
      outcome: 'upheld',
      reasonCode: 'model_correct',
      needsApproval: false,
      token: second.claim.token
    })
    const stored = await storedHistory(s, caseId)
    expect(stored.map((entry) => entry.details['token'] ?? null)).toEqual([
      null,
      first.claim.token,
      second.claim.token,
      second.claim.token,
      null
    ])
    expect(decisionsNotOnTheLatestClaim(stored)).toEqual([])
  })

  it('records the token of a claim-next and of a take-over after a lease ran out', async () => {
    const caseId = await newCase(s)
    const taken = expectStatus<ClaimResponse>(
      await s.client.as('reviewer').post('/v1/review-cases/claim-next'),
      200
    )
    expect(taken.case.id).toBe(caseId)
    expect(taken.case.history.at(-1)).toMatchObject({
      action: 'claimed',
      details: { token: taken.claim.token, expiresAt: taken.claim.expiresAt }
    })

    s.clock.advanceMinutes(16) // the lease ran out
    const takenOver = await claim(s.client, caseId, 'reviewer2')
    expect(takenOver.case.history.slice(-2)).toMatchObject([
      { action: 'claim_expired', actor: null },
      { action: 'claimed', details: { token: takenOver.claim.token } }
    ])
    expectStatus(
      await s.client
        .as('reviewer2')
        .post(`/v1/review-cases/${caseId}/decision`, { token: takenOver.claim.token, ...UPHOLD }),
      200
    )
    const stored = await storedHistory(s, caseId)
    expect(stored.filter((entry) => entry.action === 'decided')).toMatchObject([
      { details: { token: takenOver.claim.token } }
    ])
    expect(decisionsNotOnTheLatestClaim(stored)).toEqual([])
  })

  it('records the token of a decision that waits for approval', async () => {
    const caseId = await newCase(s, 'credit')
    const held = await claim(s.client, caseId, 'reviewer')
    const decided = expectStatus<ReviewCase>(
      await s.client.as('reviewer').post(`/v1/review-cases/${caseId}/decision`, {
        token: held.claim.token,
        outcome: 'overridden',
        newOutcome: { result: 'approved_with_limit', limitEur: 800 },
        reasonCode: 'new_information',
        rationale: RATIONALE
      }),
      200
    )
    expect(decided.status).toBe('awaiting_approval')
    expect(decided.history.at(-1)).toMatchObject({
      action: 'decided',
      details: { needsApproval: true, token: held.claim.token }
    })
  })
})
