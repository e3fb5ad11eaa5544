import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import { operations, type Operation } from '../../shared/api/operations'
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
  return (operation) => {
    const kind = LIMIT_OF_ROUTE.get(routeKey(operation))
    return kind === 'reads' ? reads : kind === 'sign_in' ? signIns : undefined
  }
}

const routeKey = (operation: Pick<Operation, 'method' | 'path'>): string =>
  `${operation.method} ${operation.path}`

/**
 * Read from the whole contract by method and path: routes are registered from the feature
 * contracts (consent-operations.ts, …), which `operations` marks afterwards, so the limit and its
 * documented 429 always come from the same place.
 */
const LIMIT_OF_ROUTE = new Map<string, Operation['rateLimit']>(
  Object.values(operations as Record<string, Operation>)
    .filter((operation) => operation.rateLimit !== undefined)
    .map((operation) => [routeKey(operation), operation.rateLimit])
)
