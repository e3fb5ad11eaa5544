/**
 * `npm run bench [-- --only reads,consents] [--save | --compare] [--baseline FILE]`: runs every
 * benchmark as its own child process with BENCH_FIGURES_FILE set, collects the figures each
 * reports through bench/figures.ts, and prints ONE table: each figure next to its peer measured
 * in the same run, its target and whether it was met.
 *
 * --save     writes the figures to the baseline (bench/baseline.json; figures of benchmarks not
 *            run keep their saved values)
 * --compare  flags every figure more than 20 % worse than the baseline, by its `better`
 *            direction, and exits non-zero if any is
 * --only     a comma-separated subset of the names below
 *
 * The benchmarks' own settings pass through the environment (BENCH_CLIENTS, BENCH_SECONDS, …);
 * the seeded clients are kept between runs (bench/bench-database.ts). A benchmark that fails
 * makes the run exit non-zero after the table.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  compareWithBaseline,
  loadBaseline,
  parseFigureLines,
  renderTable,
  saveBaseline,
  toBaseline,
  type BenchOutcome,
  type Comparison
} from './table'

/** Every benchmark, in the order they run: the API's first, the desktop's (Playwright) last. */
const BENCHMARKS: Record<string, readonly string[]> = {
  bundle: ['npm', 'run', 'bench:bundle'],
  search: ['npx', 'tsx', 'bench/search.bench.ts'],
  reads: ['npx', 'tsx', 'bench/reads.bench.ts'],
  consents: ['npx', 'tsx', 'bench/consents.bench.ts'],
  receipts: ['npx', 'tsx', 'bench/receipts.bench.ts'],
  review: ['npx', 'tsx', 'bench/review.bench.ts'],
  print: ['npm', 'run', 'bench:print'],
  timeline: ['npm', 'run', 'bench:timeline'],
  desk: ['npm', 'run', 'bench:desk'],
  'desk-pg': ['npm', 'run', 'bench:desk-pg'],
  queue: ['npm', 'run', 'bench:queue'],
  startup: ['npx', 'tsx', 'bench/startup.bench.ts']
}

async function runOne(
  name: string,
  command: readonly string[],
  dir: string
): Promise<BenchOutcome> {
  const file = join(dir, `${name}.jsonl`)
  console.log(`\n=== ${name}: ${command.join(' ')}`)
  const started = performance.now()
  const exitCode = await new Promise<number>((resolve) => {
    const child = spawn(command[0]!, command.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, BENCH_FIGURES_FILE: file }
    })
    child.on('error', (error) => {
      console.error(`${name}: ${error.message}`)
      resolve(127)
    })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)))
  })
  const text = await readFile(file, 'utf8').catch(() => '')
  return {
    name,
    exitCode,
    seconds: (performance.now() - started) / 1000,
    figures: parseFigureLines(text, `${name}'s figures`)
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      save: { type: 'boolean', default: false },
      compare: { type: 'boolean', default: false },
      baseline: { type: 'string', default: 'bench/baseline.json' }
    }
  })
  const names = values.only
    ? values.only.split(',').map((name) => name.trim())
    : Object.keys(BENCHMARKS)
  const unknown = names.filter((name) => !(name in BENCHMARKS))
  if (unknown.length > 0) {
    throw new Error(
      `unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`
    )
  }
  const baselinePath = values.baseline
  // Read before running anything: a broken baseline should not cost a whole run to find out.
  const baseline = values.compare ? await loadBaseline(baselinePath) : undefined

  const dir = await mkdtemp(join(tmpdir(), 'consent-desk-bench-'))
  const outcomes: BenchOutcome[] = []
  try {
    for (const name of names) outcomes.push(await runOne(name, BENCHMARKS[name]!, dir))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }

  const figures = outcomes.flatMap((outcome) => outcome.figures)
  const comparisons: Comparison[] = baseline ? compareWithBaseline(figures, baseline) : []
  console.log('\n' + renderTable(outcomes, comparisons))
  for (const outcome of outcomes) {
    console.log(`${outcome.name}: ${outcome.seconds.toFixed(0)} s, exit ${outcome.exitCode}`)
  }

  let failed = outcomes.some((outcome) => outcome.exitCode !== 0)
  if (values.save) {
    const previous = await loadBaseline(baselinePath).catch(() => undefined)
    await saveBaseline(baselinePath, toBaseline(figures, new Date(), previous))
    console.log(`baseline saved to ${baselinePath} (${figures.length} figures from this run)`)
  }
  if (baseline) {
    const regressions = comparisons.filter((comparison) => comparison.regressed)
    for (const { figure, baseline: was, worse } of regressions) {
      console.log(
        `WORSE: ${figure.id} (${figure.label}): ${figure.value} ${figure.unit}, baseline ${was}: ` +
          `${(worse * 100).toFixed(0)} % worse (limit 20 %)`
      )
    }
    if (regressions.length > 0) failed = true
    else console.log(`no figure more than 20 % worse than ${baselinePath}`)
  }
  if (failed) process.exitCode = 1
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
