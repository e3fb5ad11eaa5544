import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Figure } from '../../bench/figures'
import {
  compareWithBaseline,
  loadBaseline,
  parseFigureLines,
  renderTable,
  saveBaseline,
  toBaseline
} from '../../bench/table'

const rate = (value: number): Figure => ({
  id: 'reads.permission',
  label: 'permission check',
  value,
  unit: 'req/s',
  better: 'higher'
})
const latency = (value: number): Figure => ({
  id: 'reads.batch.p50',
  label: 'batch p50',
  value,
  unit: 'ms',
  better: 'lower'
})
const baselineOf = (...figures: Figure[]) => toBaseline(figures, new Date('2026-01-01T00:00:00Z'))

describe('the benchmark table', () => {
  it('flags a figure 21 % worse than its baseline and not one 19 % worse', () => {
    const baseline = baselineOf(rate(1000), latency(100))
    const [lowRate, highLatency] = compareWithBaseline([rate(790), latency(121)], baseline)
    expect(lowRate).toMatchObject({ regressed: true })
    expect(lowRate!.worse).toBeCloseTo(0.21)
    expect(highLatency).toMatchObject({ regressed: true })
    const [fineRate, fineLatency] = compareWithBaseline([rate(810), latency(119)], baseline)
    expect(fineRate).toMatchObject({ regressed: false })
    expect(fineLatency).toMatchObject({ regressed: false })
  })

  it('respects which way is better: a rate that rose and a latency that fell are not worse', () => {
    const baseline = baselineOf(rate(1000), latency(100))
    const comparisons = compareWithBaseline([rate(1500), latency(50)], baseline)
    expect(comparisons.map((comparison) => comparison.regressed)).toEqual([false, false])
    expect(comparisons[0]!.worse).toBeCloseTo(-0.5)
    // The same numbers with the directions swapped are regressions.
    const swapped = compareWithBaseline(
      [
        { ...rate(1500), better: 'lower' },
        { ...latency(50), better: 'higher' }
      ],
      baseline
    )
    expect(swapped.map((comparison) => comparison.regressed)).toEqual([true, true])
  })

  it('leaves out figures without a baseline, and keeps others when a subset is saved', () => {
    const baseline = baselineOf(rate(1000))
    expect(compareWithBaseline([latency(10)], baseline)).toEqual([])
    const merged = toBaseline([latency(10)], new Date(), baseline)
    expect(Object.keys(merged.figures).sort()).toEqual(['reads.batch.p50', 'reads.permission'])
  })

  describe('baseline file', () => {
    let dir: string
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'bench-table-'))
    })
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true })
    })

    it('round-trips through save and load', async () => {
      const path = join(dir, 'baseline.json')
      const baseline = baselineOf(rate(1234.5), latency(17.25))
      await saveBaseline(path, baseline)
      expect(await loadBaseline(path)).toEqual(baseline)
    })

    it('refuses a missing, non-JSON or malformed baseline with a message naming the file', async () => {
      const path = join(dir, 'baseline.json')
      await expect(loadBaseline(path)).rejects.toThrow(/baseline .*baseline\.json cannot be read/)
      await writeFile(path, '{ not json')
      await expect(loadBaseline(path)).rejects.toThrow(/baseline .*baseline\.json is not JSON/)
      await writeFile(path, JSON.stringify({ savedAt: 'x', figures: { a: { value: 'fast' } } }))
      await expect(loadBaseline(path)).rejects.toThrow(
        /baseline .*baseline\.json is not a benchmark baseline: figures\.a/
      )
    })
  })

  it('parses figure lines and names the bad line', () => {
    const text = JSON.stringify(rate(1)) + '\n\n' + JSON.stringify(latency(2)) + '\n'
    expect(parseFigureLines(text, 'reads').map((figure) => figure.id)).toEqual([
      'reads.permission',
      'reads.batch.p50'
    ])
    expect(() => parseFigureLines('{"id":"x"}\n', 'reads')).toThrow(/reads, line 1: not a figure/)
  })

  it('prints each figure with its peer, target and whether it was met, and failed benchmarks', () => {
    const table = renderTable(
      [
        {
          name: 'reads',
          exitCode: 0,
          seconds: 1,
          figures: [
            {
              ...rate(300),
              peer: { label: 'bare Fastify route', value: 1000, unit: 'req/s' },
              target: '≥ 0.30× peer',
              met: true
            }
          ]
        },
        { name: 'review', exitCode: 2, seconds: 1, figures: [] }
      ],
      compareWithBaseline([rate(300)], baselineOf(rate(400)))
    )
    expect(table).toContain('bare Fastify route: 1000/s')
    expect(table).toContain('≥ 0.30× peer')
    expect(table).toMatch(/\| yes/)
    expect(table).toContain('400/s (25 % worse) WORSE')
    expect(table).toContain('FAILED (exit 2)')
  })
})
