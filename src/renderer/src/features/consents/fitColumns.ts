/** What one column needs, in pixels, padding included. */
export interface ColumnNeed {
  /** Narrowest it may get: its header (never cut) or, for text that must stay whole, its text. */
  min: number
  /** Wide enough for everything it may show. */
  max: number
}

/**
 * Column widths for a table `available` pixels wide. Every column gets its `min`; the room left
 * goes first to the columns that need least to show their text whole, so that as few columns
 * as possible are cut, and what is cut is the long text of the `lastToGrow` column (whose cells
 * carry the whole text as a tooltip). Room beyond every `max` is shared in proportion to `max`:
 * a wide window gets wider columns, not one column of air. Below the sum of the `min`s the
 * widths are the `min`s and the table scrolls sideways: headers are never cut.
 */
export function fitColumns(
  needs: readonly ColumnNeed[],
  available: number,
  lastToGrow: number
): number[] {
  const widths = needs.map((need) => need.min)
  let room = available - sum(widths)
  if (room <= 0) return widths

  const order = needs
    .map((need, index) => ({ index, deficit: need.max - need.min }))
    .sort((a, b) =>
      a.index === lastToGrow ? 1 : b.index === lastToGrow ? -1 : a.deficit - b.deficit
    )
  for (const { index, deficit } of order) {
    const grant = Math.min(Math.max(deficit, 0), room)
    widths[index]! += grant
    room -= grant
    if (room <= 0) return widths
  }

  const total = sum(needs.map((need) => need.max))
  let shared = 0
  needs.forEach((need, index) => {
    const extra = Math.floor((room * need.max) / total)
    widths[index]! += extra
    shared += extra
  })
  // Whole pixels: the rounding remainder goes to the column that grows last.
  widths[lastToGrow]! += room - shared
  return widths
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0)
}
