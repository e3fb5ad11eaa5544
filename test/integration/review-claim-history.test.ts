import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReviewCase } from '../../src/shared/domain/review'
import {
  addStaff,
  claim,
  clientWithConsents,
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

// A claim that replaces a lease that has NOT run out (the holder claiming their own case again,
// or the reviewer a supervisor gave the case to taking it over) must not write `claim_expired`:
// that row means "a lease that ran out" (migration 014). The concurrency proof's reclaim scenario
// (test/integration/postgres/review-claims-concurrency.test.ts) found the API writing it, by the
// API, with a `leaseExpiredAt` still to come; this pins the fix.
describe('the case history of a claim that replaces a live lease', () => {
  let api: TestApi
  let clock: TestClock
  let client: ReviewClient
  let staff: Record<string, string>

  beforeAll(async () => {
    clock = createTestClock(new Date('2026-12-02T08:00:00Z'))
    api = await createTestApi({ clock })
    await addStaff(api.database.owner, {
      username: 'reviewer2',
      displayName: 'Kristaps Liepa',
      roles: ['reviewer']
    })
    client = reviewClient(api, clock)
    staff = await staffIds(api.database.owner)
  })
  afterAll(async () => {
    await api.close()
  })

  async function newCase(): Promise<string> {
    const clientId = await clientWithConsents(api.database.owner, client)
    return (await fileReview(client, await recordDecision(client, profilingDecision(clientId)))).id
  }

  /** Each history row's action, actor and, for `claim_expired`, when it says the lease ran out. */
  function steps(reviewCase: ReviewCase): Array<[string, string | null]> {
    return reviewCase.history.map((entry) => [entry.action, entry.actor?.id ?? null])
  }

  function expiriesInTheFuture(reviewCase: ReviewCase): string[] {
    return reviewCase.history
      .filter(
        (entry) =>
          entry.action === 'claim_expired' &&
          Date.parse(String(entry.details['leaseExpiredAt'])) > Date.parse(entry.at)
      )
      .map((entry) => `${entry.at}: lease "expired" at ${String(entry.details['leaseExpiredAt'])}`)
  }

  it('claiming your own case again records a claim, not an expiry', async () => {
    const caseId = await newCase()
    await claim(client, caseId, 'reviewer')
    clock.advanceMinutes(5) // ten minutes of the lease left

    const again = await claim(client, caseId, 'reviewer')

    expect(expiriesInTheFuture(again.case)).toEqual([])
    expect(steps(again.case)).toEqual([
      ['created', staff['agent']],
      ['claimed', staff['reviewer']],
      ['claimed', staff['reviewer']]
    ])
  })

  it('the reviewer a case was reassigned to claims it: no expiry is recorded', async () => {
    const caseId = await newCase()
    await claim(client, caseId, 'reviewer')
    expectStatus(
      await client
        .as('supervisor')
        .post(`/v1/review-cases/${caseId}/reassign`, { assignee: staff['reviewer2'] }),
      200
    )

    const takenOver = await claim(client, caseId, 'reviewer2')

    expect(expiriesInTheFuture(takenOver.case)).toEqual([])
    expect(steps(takenOver.case)).toEqual([
      ['created', staff['agent']],
      ['claimed', staff['reviewer']],
      ['reassigned', staff['supervisor']],
      ['claimed', staff['reviewer2']]
    ])
  })
})
