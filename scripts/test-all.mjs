#!/usr/bin/env node
// `npm test`: everything CI runs, in order: typecheck, lint, build, unit + renderer + API
// integration (PGlite and PostgreSQL) in Vitest, end-to-end in Chromium with Playwright.
// Every step runs even when an earlier one failed, so one run shows every problem; the last
// line is the summary CI reads: `tests: N passed, N failed`.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const reportDir = mkdtempSync(join(tmpdir(), 'consent-desk-test-'))
const vitestReport = join(reportDir, 'vitest.json')
const playwrightReport = join(reportDir, 'playwright.json')

const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }
const steps = []

function run(name, command, args, extraEnv = {}) {
  const started = Date.now()
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } })
  const ok = result.status === 0
  steps.push({ name, ok, seconds: Math.round((Date.now() - started) / 100) / 10 })
  return ok
}

run('typecheck', 'npm', ['run', '--silent', 'typecheck'])
run('lint', 'npm', ['run', '--silent', 'lint'])
const built = run('build', 'npx', ['electron-vite', 'build'])
// The operation fuzzer (test/integration/fuzz-operations.test.ts) runs here at a tenth of its
// full counts, on both databases: the full 2,000 invalid + 500 valid requests per operation take
// minutes per database on this 2-core machine (`npm run test:fuzz` runs them).
run(
  'vitest',
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`],
  { FUZZ_INVALID: env.FUZZ_INVALID ?? '200', FUZZ_VALID: env.FUZZ_VALID ?? '50' }
)
if (built) {
  run('playwright', 'npx', ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport
  })
}

let passed = 0
let failed = 0
let skipped = 0
if (existsSync(vitestReport)) {
  const report = JSON.parse(readFileSync(vitestReport, 'utf8'))
  passed += report.numPassedTests
  failed += report.numFailedTests
  skipped += report.numPendingTests + report.numTodoTests
}
if (existsSync(playwrightReport)) {
  const { stats } = JSON.parse(readFileSync(playwrightReport, 'utf8'))
  passed += stats.expected + stats.flaky
  failed += stats.unexpected
  skipped += stats.skipped
}
// A step that failed without test results (typecheck, lint, build, a crashed runner) counts as
// a failure too, so the summary can never read green when something broke.
const failedSteps = steps.filter((step) => !step.ok)
const unaccounted = failedSteps.length > 0 && failed === 0 ? failedSteps.length : 0

console.log('\nSteps:')
for (const step of steps)
  console.log(`  ${step.ok ? 'ok  ' : 'FAIL'} ${step.name} (${step.seconds} s)`)
if (skipped > 0) console.log(`  ${skipped} skipped (a skipped test is not a pass)`)
console.log(`tests: ${passed} passed, ${failed + unaccounted} failed`)
process.exit(failedSteps.length > 0 || failed > 0 ? 1 : 0)
