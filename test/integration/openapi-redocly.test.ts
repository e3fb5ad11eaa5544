import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApi, type TestApi } from '../support/test-api'

const run = promisify(execFile)

interface RedoclyReport {
  totals: { errors: number; warnings: number; ignored: number }
  problems: Array<{ ruleId: string; message: string; location: Array<{ pointer: string }> }>
}

/**
 * A second, independent linter over the served document (issue 10): @redocly/cli with its
 * `recommended` rules, on top of the schema validator in health-and-openapi.test.ts. It found no
 * `servers`, no licence and two operations without a 4xx answer.
 */
describe('GET /openapi.json under @redocly/cli lint (recommended rules)', () => {
  let api: TestApi
  let directory: string
  beforeAll(async () => {
    api = await createTestApi()
    directory = await mkdtemp(join(tmpdir(), 'openapi-lint-'))
  })
  afterAll(async () => {
    await api.close()
    await rm(directory, { recursive: true, force: true })
  })

  it('has no errors and no warnings', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/openapi.json' })
    expect(response.statusCode).toBe(200)
    const file = join(directory, 'openapi.json')
    await writeFile(file, response.body)

    // Run from the temporary directory, so that no redocly.yaml changes the rules; redocly exits
    // 1 when it finds an error, and the JSON report is on stdout either way.
    const redocly = join(process.cwd(), 'node_modules', '.bin', 'redocly')
    const { stdout, stderr } = await run(
      redocly,
      ['lint', file, '--format=json', '--extends=recommended'],
      { cwd: directory, env: { ...process.env, REDOCLY_TELEMETRY: 'off' } }
    ).catch((error: { stdout?: string; stderr?: string }) => ({
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? ''
    }))
    expect(stdout, stderr).toMatch(/^\s*\{/)
    const report = JSON.parse(stdout) as RedoclyReport
    const problems = report.problems.map(
      (problem) => `${problem.ruleId} at ${problem.location[0]?.pointer}: ${problem.message}`
    )
    expect(problems).toEqual([])
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 })
  }, 60_000)
})
