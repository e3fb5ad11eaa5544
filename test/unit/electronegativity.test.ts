/**
 * @file Electronegativity (Doyensec's Electron checks) over src/, held to a reviewed baseline.
 * The tool always exits 0, findings or not (doyensec/electronegativity#108), so this test reads
 * its SARIF report instead: a finding not in test/unit/electronegativity-baseline.json fails,
 * and so does a baseline entry that no longer occurs, so the baseline stays honest.
 *
 * Two options keep the run reproducible: `-e` names the installed Electron (the tool cannot find
 * it under src/), and AvailableSecurityFixesGlobalCheck is left out because it asks GitHub for
 * Electron's latest releases, so its answer changes with the day and the network. Electron
 * upgrades are a dependency update, not a test result.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'

const BaselineSchema = z.object({
  about: z.string(),
  accepted: z.array(
    z.strictObject({
      rule: z.string().regex(/^[A-Z_]+$/),
      /** Relative to src/, as the report gives it. */
      file: z.string().min(1),
      occurrences: z.int().positive(),
      /** One line: why this finding is acceptable here. */
      reason: z.string().min(20)
    })
  )
})
type Baseline = z.infer<typeof BaselineSchema>

/** The part of a SARIF 2.1 report the comparison needs. */
const SarifSchema = z.object({
  runs: z
    .array(
      z.object({
        results: z.array(
          z.object({
            ruleId: z.string(),
            locations: z
              .array(
                z.object({
                  physicalLocation: z.object({ artifactLocation: z.object({ uri: z.string() }) })
                })
              )
              .min(1)
          })
        )
      })
    )
    .length(1)
})

interface Finding {
  rule: string
  file: string
}

const keyOf = ({ rule, file }: Finding): string => `${rule} in ${file}`

/** What differs between the findings and the baseline, as readable lines; empty when equal. */
function differencesFromBaseline(findings: Finding[], baseline: Baseline): string[] {
  const found = new Map<string, number>()
  for (const finding of findings) found.set(keyOf(finding), (found.get(keyOf(finding)) ?? 0) + 1)
  const accepted = new Map(baseline.accepted.map((entry) => [keyOf(entry), entry.occurrences]))
  const differences: string[] = []
  for (const [key, count] of found) {
    const allowed = accepted.get(key) ?? 0
    if (count > allowed) differences.push(`new: ${key} (${count} found, ${allowed} reviewed)`)
  }
  for (const [key, allowed] of accepted) {
    const count = found.get(key) ?? 0
    if (count < allowed) differences.push(`stale: ${key} (${count} found, ${allowed} reviewed)`)
  }
  return differences
}

const require = createRequire(import.meta.url)
const electronegativityCli = join(
  dirname(require.resolve('@doyensec/electronegativity/package.json')),
  'dist/index.js'
)
const { version: electronVersion } = z
  .object({ version: z.string() })
  .parse(require('electron/package.json'))

let reportDir: string
let findings: Finding[]

beforeAll(async () => {
  reportDir = await mkdtemp(join(tmpdir(), 'consent-desk-electronegativity-'))
  const report = join(reportDir, 'report.sarif')
  await promisify(execFile)(
    process.execPath,
    [
      electronegativityCli,
      ...['-i', 'src', '-r', '-e', electronVersion, '-o', report],
      ...['-x', 'AvailableSecurityFixesGlobalCheck']
    ],
    { timeout: 150_000, maxBuffer: 16 * 1024 * 1024 }
  )
  const sarif = SarifSchema.parse(JSON.parse(await readFile(report, 'utf8')))
  findings = (sarif.runs[0]?.results ?? []).map((result) => ({
    rule: result.ruleId,
    file: result.locations[0]?.physicalLocation.artifactLocation.uri ?? ''
  }))
}, 180_000)

afterAll(async () => {
  await rm(reportDir, { recursive: true, force: true })
})

describe('Electronegativity on src/', () => {
  it('finds exactly the reviewed findings of the baseline', async () => {
    const baseline = BaselineSchema.parse(
      JSON.parse(await readFile('test/unit/electronegativity-baseline.json', 'utf8'))
    )
    expect(differencesFromBaseline(findings, baseline)).toEqual([])
  })
})

describe('differencesFromBaseline', () => {
  const baseline: Baseline = {
    about: '',
    accepted: [
      { rule: 'SANDBOX_JS_CHECK', file: 'main/a.ts', occurrences: 1, reason: 'x'.repeat(20) }
    ]
  }

  it('reports a finding the baseline does not hold, and a second one of a reviewed kind', () => {
    expect(
      differencesFromBaseline(
        [
          { rule: 'SANDBOX_JS_CHECK', file: 'main/a.ts' },
          { rule: 'SANDBOX_JS_CHECK', file: 'main/a.ts' },
          { rule: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/b.ts' }
        ],
        baseline
      )
    ).toEqual([
      'new: SANDBOX_JS_CHECK in main/a.ts (2 found, 1 reviewed)',
      'new: OPEN_EXTERNAL_JS_CHECK in main/b.ts (1 found, 0 reviewed)'
    ])
  })

  it('reports a reviewed finding that no longer occurs', () => {
    expect(differencesFromBaseline([], baseline)).toEqual([
      'stale: SANDBOX_JS_CHECK in main/a.ts (0 found, 1 reviewed)'
    ])
  })
})
