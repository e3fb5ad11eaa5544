import { expect } from 'vitest'
import { violationCounts, type CheckReport } from './review-claims-harness'

/**
 * The concurrency proof's assertions (vitest only; review-claims-harness.ts stays free of vitest
 * so the benchmark can use it). Every violation count is zero; on failure the diff shows the
 * first few of each kind: which cases, which requests.
 */
export function expectNoViolations(report: CheckReport): void {
  const counts = violationCounts(report)
  const zero = Object.fromEntries(Object.keys(counts).map((name) => [name, 0]))
  const samples = Object.fromEntries(
    [...Object.entries(report.log), ...Object.entries(report.database)]
      .filter(([, list]) => list.length > 0)
      .map(([name, list]) => [name, list.slice(0, 3)])
  )
  expect({ counts, samples }).toEqual({ counts: zero, samples: {} })
}

/**
 * The scenarios really happened in the run (a proof over a run that never stalled proves nothing
 * about stale tokens), and every decision sent on a stale claim was refused.
 */
export function expectScenariosExercised(report: CheckReport, cases: number): void {
  const exercised = report.exercised
  expect(exercised.decisionsAccepted).toBe(cases)
  expect(exercised.stalledDecides).toBeGreaterThan(0)
  expect(exercised.supersededDecides).toBeGreaterThan(0)
  expect(exercised.renewals).toBeGreaterThan(0)
  expect(exercised.releases).toBeGreaterThan(0)
  expect(exercised.takeovers).toBeGreaterThan(0)
  const refusals = Object.values(exercised.staleRefusalCodes).reduce((sum, n) => sum + n, 0)
  expect(refusals).toBeGreaterThanOrEqual(exercised.stalledDecides + exercised.supersededDecides)
}
