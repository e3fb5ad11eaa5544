import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fitColumns, type ColumnNeed } from '../../src/renderer/src/features/consents/fitColumns'

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0)

// time (whole), purpose (long, grows last), channel, identity
const NEEDS: ColumnNeed[] = [
  { min: 140, max: 140 },
  { min: 230, max: 520 },
  { min: 120, max: 170 },
  { min: 130, max: 200 }
]
const PURPOSE = 1

describe('fitColumns', () => {
  it('narrow: every column its min, the table wider than the window (it scrolls)', () => {
    expect(fitColumns(NEEDS, 500, PURPOSE)).toEqual([140, 230, 120, 130])
  })

  it('in between: short texts are shown whole first, the purpose is cut', () => {
    // 620 of mins, 120 to share: channel needs 50, identity 70 → both whole, purpose stays.
    expect(fitColumns(NEEDS, 740, PURPOSE)).toEqual([140, 230, 170, 200])
    // 20 more go to the purpose.
    expect(fitColumns(NEEDS, 760, PURPOSE)).toEqual([140, 250, 170, 200])
    // Not enough for both: the smaller need is met, the other gets what is left.
    expect(fitColumns(NEEDS, 690, PURPOSE)).toEqual([140, 230, 170, 150])
  })

  it('wide: everything whole, the rest shared in proportion to each max', () => {
    const widths = fitColumns(NEEDS, 2060, PURPOSE)
    expect(sum(widths)).toBe(2060)
    // 1030 of maxes, 1030 to share: each column doubles.
    expect(widths).toEqual([280, 1040, 340, 400])
  })

  it('on seeded random needs: fills the window, never below a min, shorter needs met first', () => {
    const need = fc
      .tuple(fc.integer({ min: 40, max: 300 }), fc.integer({ min: 0, max: 400 }))
      .map(([min, extra]): ColumnNeed => ({ min, max: min + extra }))
    fc.assert(
      fc.property(
        fc.array(need, { minLength: 2, maxLength: 10 }),
        fc.integer({ min: 0, max: 4000 }),
        (needs, available) => {
          const last = needs.length - 1
          const widths = fitColumns(needs, available, last)
          widths.forEach((width, i) => expect(width).toBeGreaterThanOrEqual(needs[i]!.min))
          expect(sum(widths)).toBe(Math.max(available, sum(needs.map((n) => n.min))))
          // A column shown whole never needed more than one cut short (the last one aside).
          const deficit = (i: number): number => needs[i]!.max - needs[i]!.min
          const others = needs.map((_, i) => i).filter((i) => i !== last)
          const whole = others.filter((i) => widths[i]! >= needs[i]!.max)
          const short = others.filter((i) => widths[i]! < needs[i]!.max)
          for (const w of whole) for (const c of short) expect(deficit(w)).toBeLessThanOrEqual(deficit(c))
        }
      ),
      { seed: 20_261_130, numRuns: 2000 }
    )
  })
})
