import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClaimResponse, ReviewCase } from '../../../src/shared/domain/review'
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
} from '../../support/review-helpers'
import { createTestApi, type TestApi } from '../../support/test-api'
import { createTestClock, type TestClock } from '../../support/test-clock'

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

// A write answers with the case it wrote, read in its own statement. When another transaction
// changed the case after that statement began and before it got the row (it waited for the row
// lock), the statement cannot see what that transaction added to the history: the API must
// read the case again rather than answer without it. PostgreSQL only (this folder): PGlite
// runs one statement at a time, so nothing can change a case while a write waits for it.
describe('the answer to a write that waited for a concurrent change of the case', () => {
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
    const db = s.api.database.owner
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
})
