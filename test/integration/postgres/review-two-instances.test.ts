import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { buildApp } from '../../../src/server/app'
import { createDatabase } from '../../../src/server/db/create-database'
import type { DatabaseHandle } from '../../../src/server/db/database'
import { migrateToLatest } from '../../../src/server/db/migrate'
import { generateKeyset } from '../../../src/server/receipts/signing-keys'
import { seedDemoStaff } from '../../../src/server/seed/seed-database'
import {
  checkRun,
  describeRun,
  HttpClient,
  insertProfiledClient,
  insertReviewers,
  runReviewers,
  seedReviewCases,
  signIn,
  violationCounts,
  type Reviewer
} from '../../support/review-claims-harness'
import { expectNoViolations, expectScenariosExercised } from '../../support/review-claims-expect'
import { TEST_PASSWORD, TEST_RATE_LIMITS, TEST_VERSION } from '../../support/test-api'
import { createTestClock } from '../../support/test-clock'
import { adminQuery } from '../../support/postgres-admin'

// Two API instances, as behind a load balancer: two buildApp on one PostgreSQL database, each
// with its own database handle (its own pool of connections). 32 reviewers, 16 on each instance,
// work 2,000 cases; a case released or left to run out through one instance is taken through the
// other. The same harness and checker as review-claims-concurrency:
// nothing decided twice, nothing lost, no decision on a stale claim, no case held twice. The
// instances share the test's clock (no skew between them).

/** REVIEW_STRESS_CASES lowers it on a machine too slow for the full run (the issue asks 2,000). */
const CASES = Number(process.env['REVIEW_STRESS_CASES'] ?? 2000)
const REVIEWERS = 32
const LEASE_MINUTES = 15
const SESSION_TTL_MINUTES = 60 * 24 * 365

describe('review claims on two API instances sharing one PostgreSQL', () => {
  const adminUrl = inject('postgresAdminUrl')
  const appUrl = inject('postgresAppUrl')
  const name = `t_${randomBytes(6).toString('hex')}`
  const clock = createTestClock()
  const client = new HttpClient(128)
  // Each instance connects as the API's login role; the owner migrates and seeds.
  const handles: DatabaseHandle[] = []
  let owner: DatabaseHandle
  const apps: FastifyInstance[] = []
  const bases: string[] = []

  beforeAll(async () => {
    await adminQuery(adminUrl, `create database ${name}`)
    const ownerUrl = new URL(adminUrl)
    ownerUrl.pathname = `/${name}`
    owner = await createDatabase({ kind: 'postgres', url: ownerUrl.toString() })
    await migrateToLatest(owner.db)
    await seedDemoStaff(owner.db, TEST_PASSWORD)
    const url = new URL(appUrl)
    url.pathname = `/${name}`
    for (let index = 0; index < 2; index++) {
      handles.push(await createDatabase({ kind: 'postgres', url: url.toString() }))
    }
    const signingKeys = await generateKeyset(clock.now())
    for (const handle of handles) {
      const app = await buildApp({
        database: handle,
        version: TEST_VERSION,
        signingKeys,
        clock,
        loyaltyJobIntervalMs: 0,
        sessionTtlMinutes: SESSION_TTL_MINUTES,
        // The harness signs in dozens of reviewers at once and moves its clock past the idle time.
        sessionIdleMinutes: SESSION_TTL_MINUTES,
        rateLimits: TEST_RATE_LIMITS,
        reviewLeaseMinutes: LEASE_MINUTES
      })
      apps.push(app)
      bases.push(await app.listen({ host: '127.0.0.1', port: 0 }))
    }
  })
  afterAll(async () => {
    client.close()
    for (const app of apps) await app.close()
    for (const handle of handles) await handle.close()
    await owner.close()
    await adminQuery(adminUrl, `drop database if exists ${name} with (force)`)
  })

  it(`32 reviewers across both close ${CASES} cases: none twice, none lost, no stale decision`, async () => {
    const db = owner.db
    const [first, second] = bases as [string, string]
    const accounts = await insertReviewers(db, REVIEWERS, TEST_PASSWORD)
    // Even-numbered reviewers on the first instance, odd on the second; sign-ins on either.
    const reviewers: Reviewer[] = await Promise.all(
      accounts.map(async (account, index) => {
        const base = index % 2 === 0 ? first : second
        return {
          staffId: account.staffId,
          bearer: await signIn(client, base, account.username, TEST_PASSWORD),
          base
        }
      })
    )
    const agent = await signIn(client, first, 'agent', TEST_PASSWORD)
    const integration = await signIn(client, second, 'integration', TEST_PASSWORD)
    const clientId = await insertProfiledClient(db, client, first, agent)
    const caseIds = await seedReviewCases(db, {
      client,
      base: second,
      clientId,
      agentBearer: agent,
      integrationBearer: integration,
      count: CASES
    })

    const result = await runReviewers({
      reviewers,
      client,
      clock,
      caseIds,
      seed: 2,
      deadlineMs: 150_000
    })
    const report = await checkRun(db, caseIds, result.log, clock.now())
    process.stdout.write(
      `${describeRun('two instances, 32 reviewers', CASES, result)}\n` +
        `  exercised: ${JSON.stringify(report.exercised)}\n` +
        `  violations: ${JSON.stringify(violationCounts(report))}\n`
    )

    expect(result.timedOut).toBe(false)
    expectNoViolations(report)
    expectScenariosExercised(report, CASES)
    // Both instances did the work, and cases passed from one instance's reviewer to the other's.
    const baseOf = new Map(reviewers.map((reviewer) => [reviewer.staffId, reviewer.base]))
    const grants = result.log
      .filter((entry) => entry.grant !== null && entry.op !== 'renew')
      .map((entry) => ({
        caseId: entry.caseId,
        token: BigInt(entry.grant!.token),
        base: baseOf.get(entry.reviewer)
      }))
      .sort((a, b) =>
        a.caseId! < b.caseId! ? -1 : a.caseId! > b.caseId! ? 1 : a.token < b.token ? -1 : 1
      )
    const acrossInstances = grants.filter(
      (grant, index) =>
        index > 0 &&
        grants[index - 1]!.caseId === grant.caseId &&
        grants[index - 1]!.base !== grant.base
    ).length
    expect(grants.filter((grant) => grant.base === first).length).toBeGreaterThan(0)
    expect(grants.filter((grant) => grant.base === second).length).toBeGreaterThan(0)
    expect(acrossInstances).toBeGreaterThan(0)
  }, 200_000)
})
