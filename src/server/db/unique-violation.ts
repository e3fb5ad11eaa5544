/**
 * The constraint a unique violation (SQLSTATE 23505) broke, from either driver's error (pg names
 * it in `constraint`; PGlite only in the message, so the known names are looked for there), or
 * null for any other error.
 */
export function uniqueViolation(error: unknown, known: readonly string[]): string | null {
  if (typeof error !== 'object' || error === null) return null
  const { code, constraint, message } = error as {
    code?: unknown
    constraint?: unknown
    message?: unknown
  }
  if (code !== '23505') return null
  if (typeof constraint === 'string') return constraint
  return known.find((name) => String(message).includes(name)) ?? null
}
