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
  await addStaff(api.database.db, {
    username: 'reviewer2',
    displayName: 'Kristaps Liepa',
    roles: ['reviewer']
  })
  return { api, clock, client: reviewClient(api, clock), staff: await staffIds(api.database.db) }
}

async function newCase(s: Setup, kind: 'credit' | 'profiling' = 'profiling'): Promise<string> {
  const clientId = await clientWithConsents(s.api.database.db, s.client)
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
    order by id`.execute(s.api.database.db)
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

// A write answers with the case it wrote, read in its own statement. When another transaction
// changed the case after that statement began and before it got the row (it waited for the row
// lock), the statement cannot see what that transaction added to the history: the API must
// read the case again rather than answer without it. PostgreSQL only: PGlite runs one
// statement at a time, so nothing can change a case while a write waits for it.
describe.runIf(process.env['TEST_DB'] === 'postgres')(
  'the answer to a write that waited for a concurrent change of the case',
  () => {
    let s: Setup

    beforeAll(async () => {
      s = await setUp()
    })
    afterAll(async () => {
      await s.api.close()
    })

    /**
     * Extends the case in a transaction of its own (as a supervisor would: the case row and an
     * `extended` history row) and holds it open while `write` starts and waits for the row;
     * then commits. The write's answer.
     */
    async function whileExtended<T>(caseId: string, write: () => Promise<T>): Promise<T> {
      const db = s.api.database.db
      let answer: Promise<T> | undefined
      await db.transaction().execute(async (trx) => {
        await sql`update review_cases
          set due_at = due_at + 30, extension_months = 1, extension_reason = 'More documents',
            extended_at = ${s.clock.now()}::timestamptz, extended_by = ${s.staff['supervisor']}::uuid
          where id = ${caseId}::uuid`.execute(trx)
        await sql`insert into review_case_history (case_id, at, actor_id, actor_role, action, details)
          values (${caseId}::uuid, ${s.clock.now()}::timestamptz, ${s.staff['supervisor']}::uuid,
                  'supervisor', 'extended', '{"months": 1}'::jsonb)`.execute(trx)
        answer = write()
        // Commit only once the write waits for this transaction's row lock.
        for (let waited = 0; ; waited += 10) {
          const waiting = await sql<{ count: string }>`
            select count(*) as count from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`.execute(db)
          if (Number(waiting.rows[0]?.count) > 0) break
          if (waited > 10_000) throw new Error('the write never waited for the row lock')
          await new Promise((resolve) => setTimeout(resolve, 10))
        }
      })
      return answer!
    }

    function actions(reviewCase: ReviewCase): string[] {
      return reviewCase.history.map((entry) => entry.action)
    }

    it('renew', async () => {
      const caseId = await newCase(s)
      const held = await claim(s.client, caseId, 'reviewer')
      const renewed = expectStatus<ClaimResponse>(
        await whileExtended(caseId, () =>
          s.client
            .as('reviewer')
            .post(`/v1/review-cases/${caseId}/renew`, { token: held.claim.token })
        ),
        200
      )
      expect(renewed.case.extended).toBe(true)
      expect(actions(renewed.case)).toEqual(['created', 'claimed', 'extended'])
    })

    it('release', async () => {
      const caseId = await newCase(s)
      const held = await claim(s.client, caseId, 'reviewer')
      const released = expectStatus<ReviewCase>(
        await whileExtended(caseId, () =>
          s.client
            .as('reviewer')
            .post(`/v1/review-cases/${caseId}/release`, { token: held.claim.token })
        ),
        200
      )
      expect(released.extended).toBe(true)
      expect(actions(released)).toEqual(['created', 'claimed', 'extended', 'released'])
    })

    it('claim', async () => {
      const caseId = await newCase(s)
      const claimed = expectStatus<ClaimResponse>(
        await whileExtended(caseId, () =>
          s.client.as('reviewer').post(`/v1/review-cases/${caseId}/claim`)
        ),
        200
      )
      expect(claimed.case.extended).toBe(true)
      expect(actions(claimed.case)).toEqual(['created', 'extended', 'claimed'])
    })

    it('decision', async () => {
      const caseId = await newCase(s)
      const held = await claim(s.client, caseId, 'reviewer')
      const decided = expectStatus<ReviewCase>(
        await whileExtended(caseId, () =>
          s.client
            .as('reviewer')
            .post(`/v1/review-cases/${caseId}/decision`, { token: held.claim.token, ...UPHOLD })
        ),
        200
      )
      expect(decided.extended).toBe(true)
      expect(actions(decided)).toEqual(['created', 'claimed', 'extended', 'decided', 'closed'])
    })
  }
)
