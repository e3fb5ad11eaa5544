/**
 * The one protocol every benchmark reports through, so `npm run bench` (bench/run.ts) can print
 * every figure in one table next to its same-run peer, save a baseline and compare against it.
 *
 * A benchmark calls `reportFigures` with what it measured. The figures always print; when the
 * orchestrator runs the benchmark it sets BENCH_FIGURES_FILE and they are also appended there as
 * JSON lines.
 */
import { appendFile } from 'node:fs/promises'
import { z } from 'zod'

export const FigureSchema = z.object({
  /** Stable key for baselines, e.g. `search.typo.p99`; never reuse one for another meaning. */
  id: z.string().regex(/^[a-z0-9_.-]+$/),
  /** What a reader sees in the table, e.g. "name search, one typo: p99". */
  label: z.string(),
  value: z.number(),
  unit: z.enum(['ms', 'req/s', '%', 'kB', 's', 'x']),
  /** Which way is better: what --compare uses to call a figure worse. */
  better: z.enum(['lower', 'higher']),
  /** The physical limit measured in the same run: bare Fastify route, raw index lookup, raw insert. */
  peer: z
    .object({
      label: z.string(),
      value: z.number(),
      unit: z.enum(['ms', 'req/s', '%', 'kB', 's', 'x'])
    })
    .optional(),
  /** The target as written, e.g. "≤ 25 ms" or "≥ 0.30× peer". */
  target: z.string().optional(),
  /** Whether the target holds in this run; absent when there is no target. */
  met: z.boolean().optional()
})
export type Figure = z.infer<typeof FigureSchema>

export async function reportFigures(figures: readonly Figure[]): Promise<void> {
  for (const figure of figures) {
    const parsed = FigureSchema.parse(figure)
    const peer = parsed.peer
      ? `  (peer: ${parsed.peer.label} ${format(parsed.peer.value, parsed.peer.unit)})`
      : ''
    const target = parsed.target
      ? `  target ${parsed.target}: ${parsed.met ? 'met' : 'NOT met'}`
      : ''
    console.log(`figure ${parsed.label}: ${format(parsed.value, parsed.unit)}${peer}${target}`)
  }
  const file = process.env['BENCH_FIGURES_FILE']
  if (file) await appendFile(file, figures.map((figure) => JSON.stringify(figure) + '\n').join(''))
}

export function format(value: number, unit: Figure['unit']): string {
  if (unit === 'x') return `${value.toFixed(2)}×`
  if (unit === 'req/s') return `${value.toFixed(0)}/s`
  if (unit === '%') return `${value.toFixed(1)} %`
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ${unit}`
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}
