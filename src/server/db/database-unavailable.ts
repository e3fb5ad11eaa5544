/**
 * Whether an error means "the database cannot be reached right now" rather than "this request is
 * wrong" or "the code is wrong": the one place that decides it, so that every route answers 503
 * `database_unavailable` for it (http/error-handler.ts) and never 500.
 *
 * - socket errors from the driver: refused, reset, timed out, unreachable;
 * - SQLSTATE 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or
 *   shutting down), 53300 too_many_connections, and class 08 (connection exceptions);
 * - pg's own messages for a connection that died under a query ("Connection terminated
 *   unexpectedly"), a client that died before (`not queryable`), and pg-pool's wait for a
 *   connection running out (connectionTimeoutMillis).
 */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN'
])

const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300'])

const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /not queryable/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i
]

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, message, errors, cause } = error as {
    code?: unknown
    message?: unknown
    errors?: unknown
    cause?: unknown
  }
  if (typeof code === 'string') {
    if (SOCKET_ERRORS.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return true
    if (/^08[0-9A-Z]{3}$/.test(code)) return true
  }
  if (
    typeof message === 'string' &&
    UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))
  ) {
    return true
  }
  // Node reports a refused connection to every address of a name as one AggregateError.
  if (Array.isArray(errors) && errors.some(isDatabaseUnavailable)) return true
  return cause !== undefined && cause !== error && isDatabaseUnavailable(cause)
}
