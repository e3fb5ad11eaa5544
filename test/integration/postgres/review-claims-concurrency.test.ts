import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../../src/server/app'
import { generateKeyset } from '../../../src/server/receipts/signing-keys'
import {
  checkRun,
  describeRun,
  HttpClient,
  insertProfiledClient,
  insertReviewers,
  runReviewers,
  seedReviewCases,
  signIn,
  startNaiveReviewServer,
  violationCounts,
  type CheckReport,
  type NaiveServer,
  type Reviewer,
  type RunResult
} from '../../support/review-claims-harness'
import { expectNoViolations, expectScenariosExercised } from '../../support/review-claims-expect'
import { TEST_PASSWORD, TEST_RATE_LIMITS, TEST_VERSION } from '../../support/test-api'
import { createTestClock, type TestClock } from '../../support/test-clock'
import { createTestDatabase, type TestDatabase } from '../../support/test-db'

// Issue 9's concurrency proof: 8, then 32 reviewers (separate staff accounts, separate HTTP
// connections, separate database connections) work 2,000 cases each over real HTTP while the
// test moves the API's clock with the work (each answer moves it 2/reviewers minutes), so leases
// run out mid-work for reviewers who stall. The checker (test/support/
// review-claims-harness.ts) proves from the reviewers' log and, separately, from the case history
// in the database: no case decided twice, none lost, no decision on a stale claim. The same
// harness and checker then fail a naive select-then-update claim.

/** REVIEW_STRESS_CASES lowers it on a machine too slow for the full run (the issue asks 2,000). */
const CASES = Number(process.env['REVIEW_STRESS_CASES'] ?? 2000)
/** The naive claim fails at once; a few hundred cases show it. */
const NAIVE_CASES = 400
const LEASE_MINUTES = 15
/** The runs move the clock by days; sessions must outlive that. */
const SESSION_TTL_MINUTES = 60 * 24 * 365
/** A run that has not finished by then fails (and reports what it left); the test's timeout. */
const DEADLINE_MS = 150_000
const TIMEOUT_MS = 200_000

describe('review claims under concurrency (PostgreSQL)', () => {
  let database: TestDatabase
  let app: FastifyInstance
  let base: string
  let clock: TestClock
  const client = new HttpClient(128)
  let reviewers: Reviewer[]
  let agent: string
  let integration: string
  let clientId: string
  let naive: NaiveServer

  beforeAll(async () => {
    database = await createTestDatabase({ demoStaff: true })
    clock = createTestClock()
    app = await buildApp({
      database,
      version: TEST_VERSION,
      signingKeys: await generateKeyset(clock.now()),
      clock,
      loyaltyJobIntervalMs: 0,
      sessionTtlMinutes: SESSION_TTL_MINUTES,
      // The harness signs in dozens of reviewers at once and moves its clock past the idle time.
      sessionIdleMinutes: SESSION_TTL_MINUTES,
      rateLimits: TEST_RATE_LIMITS,
      reviewLeaseMinutes: LEASE_MINUTES
    })
    base = await app.listen({ host: '127.0.0.1', port: 0 })
    const accounts = await insertReviewers(database.owner, 32, TEST_PASSWORD)
    const signIns = [
      ...accounts.map((account) => signIn(client, base, account.username, TEST_PASSWORD)),
      signIn(client, base, 'agent', TEST_PASSWORD),
      signIn(client, base, 'integration', TEST_PASSWORD)
    ]
    const bearers = await Promise.all(signIns)
    reviewers = accounts.map((account, index) => ({
      staffId: account.staffId,
      bearer: bearers[index]!,
      base
    }))
    agent = bearers[accounts.length]!
    integration = bearers[accounts.length + 1]!
    clientId = await insertProfiledClient(database.owner, client, base, agent)
    naive = await startNaiveReviewServer(
      database.owner,
      clock,
      LEASE_MINUTES,
      new Map(reviewers.map((reviewer) => [reviewer.bearer, reviewer.staffId]))
    )
  })
  afterAll(async () => {
    client.close()
    await naive?.close()
    await app?.close()
    await database?.close()
  })

  async function runAndCheck(
    label: string,
    team: readonly Reviewer[],
    seed: number,
    cases = CASES
  ): Promise<{ result: RunResult; report: CheckReport }> {
    const caseIds = await seedReviewCases(database.owner, {
      client,
      base,
      clientId,
      agentBearer: agent,
      integrationBearer: integration,
      count: cases
    })
    const result = await runReviewers({
      reviewers: team,
      client,
      clock,
      caseIds,
      seed,
      deadlineMs: DEADLINE_MS
    })
    const report = await checkRun(database.owner, caseIds, result.log, clock.now())
    process.stdout.write(
      `${describeRun(label, cases, result)}\n  exercised: ${JSON.stringify(report.exercised)}\n` +
        `  violations: ${JSON.stringify(violationCounts(report))}\n`
    )
    return { result, report }
  }

  it(
    `8 reviewers close ${CASES} cases: none twice, none lost, no stale decision`,
    async () => {
      const { result, report } = await runAndCheck('API, 8 reviewers', reviewers.slice(0, 8), 8)
      expect(result.timedOut).toBe(false)
      expectNoViolations(report)
      expectScenariosExercised(report, CASES)
    },
    TIMEOUT_MS
  )

  it(
    `32 reviewers close ${CASES} cases: none twice, none lost, no stale decision`,
    async () => {
      const { result, report } = await runAndCheck('API, 32 reviewers', reviewers, 32)
      expect(result.timedOut).toBe(false)
      expectNoViolations(report)
      expectScenariosExercised(report, CASES)
    },
    TIMEOUT_MS
  )

  it(
    'the same harness and checker fail a naive select-then-update claim',
    async () => {
      const team = reviewers.slice(0, 8).map((reviewer) => ({ ...reviewer, base: naive.base }))
      const { report } = await runAndCheck('naive claim, 8 reviewers', team, 1, NAIVE_CASES)
      // Two reviewers take the same case and both decide it; stalled decisions are accepted.
      expect(report.log.decidedTwice.length).toBeGreaterThan(0)
      expect(report.database.decidedTwice.length).toBeGreaterThan(0)
      expect(report.log.claimedTwice.length).toBeGreaterThan(0)
      expect(report.database.claimedTwice.length).toBeGreaterThan(0)
      expect(report.log.staleAccepted.length).toBeGreaterThan(0)
      expect(report.database.staleDecided.length).toBeGreaterThan(0)
    },
    TIMEOUT_MS
  )
})
