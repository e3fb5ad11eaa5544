import { z } from 'zod'

/** Decimal digits, no sign, no leading zero: the one way to write a whole number in a URL. */
const CANONICAL_DIGITS = /^(0|[1-9][0-9]{0,14})$/

/**
 * A whole number in a query string, e.g. `limit`. `z.coerce.number()` took whatever `Number()`
 * takes (`0x10`, `1e3`, ` 12 `, `+5`, `012`, `1.0`, and `''` as 0), so one limit had many
 * spellings and a typo still ran a query. Only canonical decimal digits become a number here;
 * any other text stays text and fails the integer check. A number as such passes too: main's API
 * client and the IPC contract build queries in code. In the OpenAPI document it is an integer
 * with its bounds, as before.
 */
export function queryInteger(bounds: { min: number; max: number }) {
  return z.preprocess(
    (value) => (typeof value === 'string' && CANONICAL_DIGITS.test(value) ? Number(value) : value),
    z
      .int({
        error: (issue) =>
          issue.code === 'invalid_type'
            ? 'is not a whole number written in decimal digits'
            : undefined
      })
      .min(bounds.min)
      .max(bounds.max)
  )
}
