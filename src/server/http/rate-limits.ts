import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import { contractEntryOf, type Operation } from '../../shared/api/operations'
import { DomainError } from '../domain-error'

/** Requests per minute (README, "Configuration"). */
export interface RateLimits {
  /** Searches and client reads per staff account (the session's staff id). */
  staffReadsPerMinute: number
  /** The same reads per integration account: systems poll, so they get their own budget. */
  integrationReadsPerMinute: number
  /** Sign-in requests per source address, whatever the username or the outcome. */
  signInsPerMinutePerSource: number
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  staffReadsPerMinute: 300,
  integrationReadsPerMinute: 1200,
  signInsPerMinutePerSource: 30
}

const WINDOW_MS = 60_000

export type LimiterFor = (operation: Operation) => preHandlerAsyncHookHandler | undefined

/**
 * @fastify/rate-limit, applied per operation as the contract marks it (`Operation.rateLimit`).
 * The limiters run as preHandler hooks, after the onRequest hook that resolved the session, so
 * the reads are counted per account (key: staff id) rather than per address, which would make
 * a centre's desks behind one address share one budget. A request without a session (refused
 * with 401 before it gets here, in practice) falls back to its address.
 *
 * The counters live in this process's memory (the plugin's LRU store): with more than one API
 * process each has its own, so the effective limit is per process.
 */
export async function installRateLimits(
  app: FastifyInstance,
  limits: RateLimits
): Promise<LimiterFor> {
  await app.register(rateLimit, {
    global: false,
    // Thrown by the limiter; the error handler turns it into 429 `{ code, message }`. The
    // plugin has already set Retry-After (and the x-ratelimit-* headers) on the reply.
    errorResponseBuilder: (_request, context) =>
      new DomainError('rate_limited', `Too many requests; try again in ${context.after}`)
  })
  const reads = app.rateLimit({
    timeWindow: WINDOW_MS,
    keyGenerator: (request) =>
      request.auth ? `staff:${request.auth.staff.id}` : `address:${request.ip}`,
    max: async (request) =>
      request.auth?.staff.roles.includes('integration')
        ? limits.integrationReadsPerMinute
        : limits.staffReadsPerMinute
  })
  const signIns = app.rateLimit({
    timeWindow: WINDOW_MS,
    keyGenerator: (request) => `sign-in:${request.ip}`,
    max: limits.signInsPerMinutePerSource
  })
  // From the contract's entry (contractEntryOf): its `rateLimit` and documented 429 come from one
  // place, whichever object the route was registered with.
  return (operation) => {
    const kind = contractEntryOf(operation)?.operation.rateLimit
    return kind === 'reads' ? reads : kind === 'sign_in' ? signIns : undefined
  }
}
