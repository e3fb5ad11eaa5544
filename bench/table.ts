/**
 * The one benchmark table (issue 11): figures collected from every benchmark's
 * BENCH_FIGURES_FILE, printed next to their same-run peers, saved as a baseline, and compared
 * with it. Pure logic with no database and no child process, so test/unit/bench-table.test.ts
 * covers it; bench/run.ts does the running.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { z } from 'zod'
import { FigureSchema, format, type Figure } from './figures'

/** A figure more than this much worse than its baseline (by its `better` direction) is flagged. */
export const REGRESSION_TOLERANCE = 0.2

/** The JSON lines a benchmark appended to its BENCH_FIGURES_FILE. */
export function parseFigureLines(text: string, source: string): Figure[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return FigureSchema.parse(JSON.parse(line))
      } catch (error) {
        throw new Error(`${source}, line ${index + 1}: not a figure: ${String(error)}`)
      }
    })
}

const BaselineSchema = z.object({
  savedAt: z.string(),
  figures: z.record(
    z.string(),
    FigureSchema.pick({ label: true, value: true, unit: true, better: true })
  )
})
export type Baseline = z.infer<typeof BaselineSchema>

/**
 * A baseline of these figures. With `previous`, figures not in this run (a run with --only) keep
 * their saved values, so saving a subset does not forget the others.
 */
export function toBaseline(
  figures: readonly Figure[],
  savedAt: Date,
  previous?: Baseline
): Baseline {
  const entries = { ...previous?.figures }
  for (const figure of figures) {
    entries[figure.id] = {
      label: figure.label,
      value: figure.value,
      unit: figure.unit,
      better: figure.better
    }
  }
  return { savedAt: savedAt.toISOString(), figures: entries }
}

export async function saveBaseline(path: string, baseline: Baseline): Promise<void> {
  await writeFile(path, JSON.stringify(baseline, null, 2) + '\n')
}

/** Throws a message that names the file and what is wrong with it. */
export async function loadBaseline(path: string): Promise<Baseline> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new Error(
      `baseline ${path} cannot be read (${(error as Error).message}); save one with --save`
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new Error(`baseline ${path} is not JSON: ${(error as Error).message}`)
  }
  const parsed = BaselineSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new Error(
      `baseline ${path} is not a benchmark baseline: ${issue.path.join('.') || '(top)'}: ${issue.message}`
    )
  }
  return parsed.data
}

export interface Comparison {
  figure: Figure
  baseline: number
  /** How much worse than the baseline, as a fraction (0.21 = 21 % worse); negative is better. */
  worse: number
  regressed: boolean
}

/**
 * Each figure that has a baseline value, compared by its `better` direction: a `higher` figure
 * is worse when it dropped, a `lower` one when it rose. A baseline of 0 cannot be compared as a
 * fraction; it counts as worse only if the figure moved the wrong way at all.
 */
export function compareWithBaseline(
  figures: readonly Figure[],
  baseline: Baseline,
  tolerance = REGRESSION_TOLERANCE
): Comparison[] {
  const comparisons: Comparison[] = []
  for (const figure of figures) {
    const saved = baseline.figures[figure.id]
    if (!saved || saved.unit !== figure.unit) continue
    const change =
      figure.better === 'higher' ? saved.value - figure.value : figure.value - saved.value
    const worse = saved.value === 0 ? (change > 0 ? Infinity : 0) : change / Math.abs(saved.value)
    // Rounded first: 20 % worse is not flagged because 0.1 + 0.1 + … says 0.2000000001.
    comparisons.push({
      figure,
      baseline: saved.value,
      worse,
      regressed: Math.round(worse * 1e9) / 1e9 > tolerance
    })
  }
  return comparisons
}

export interface BenchOutcome {
  name: string
  exitCode: number
  seconds: number
  figures: Figure[]
}

/** The table: one row per figure with its peer, target and whether it was met, per benchmark. */
export function renderTable(
  outcomes: readonly BenchOutcome[],
  comparisons: Comparison[] = []
): string {
  const byId = new Map(comparisons.map((comparison) => [comparison.figure.id, comparison]))
  const header = ['benchmark', 'figure', 'value', 'peer (same run)', 'target', 'met']
  if (comparisons.length > 0) header.push('vs baseline')
  const rows: string[][] = []
  for (const outcome of outcomes) {
    if (outcome.figures.length === 0) {
      const why =
        outcome.exitCode === 0 ? 'reported no figures' : `FAILED (exit ${outcome.exitCode})`
      rows.push([outcome.name, why, '', '', '', ''])
      continue
    }
    for (const figure of outcome.figures) {
      const row = [
        outcome.name + (outcome.exitCode === 0 ? '' : ` (exit ${outcome.exitCode})`),
        figure.label,
        format(figure.value, figure.unit),
        figure.peer ? `${figure.peer.label}: ${format(figure.peer.value, figure.peer.unit)}` : '',
        figure.target ?? '',
        figure.met === undefined ? '' : figure.met ? 'yes' : 'NO'
      ]
      if (comparisons.length > 0) {
        const comparison = byId.get(figure.id)
        row.push(
          comparison
            ? `${format(comparison.baseline, figure.unit)} (${describeChange(comparison.worse)})` +
                (comparison.regressed ? ' WORSE' : '')
            : 'new'
        )
      }
      rows.push(row)
    }
  }
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length))
  )
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join(' | ')
      .trimEnd()
  return [
    line(header),
    widths.map((width) => '-'.repeat(width)).join('-|-'),
    ...rows.map(line)
  ].join('\n')
}

function describeChange(worse: number): string {
  if (!Number.isFinite(worse)) return 'worse'
  const percent = Math.abs(worse * 100).toFixed(0)
  return worse > 0 ? `${percent} % worse` : `${percent} % better`
}
