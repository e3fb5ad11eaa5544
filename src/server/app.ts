import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { createAccessRecorder } from './access-log/access-log.recorder'
import { registerAccessLogRoutes } from './access-log/access-log.routes'
import { registerAuthRoutes } from './auth/auth.routes'
import {
  createAuthenticator,
  DEFAULT_SESSION_IDLE_MINUTES,
  DEFAULT_SIGN_IN_LIMITS,
  type PasswordVerifier,
  type SignInLimits
} from './auth/auth.service'
import { registerClientRoutes } from './clients/clients.routes'
import { registerConsentRoutes } from './consents/consents.routes'
import { expireLoyalty } from './consents/loyalty.job'
import { systemClock, type Clock } from './clock'
import type { DatabaseHandle } from './db/database'
import { registerHealthRoutes } from './health.routes'
import { answerClientError, answerFrameworkError, installErrorHandlers } from './http/error-handler'
import { acceptJsonBodiesOnly, refuseLongUrls } from './http/input-rules'
import { withLogRedaction } from './http/log-redaction'
import { installSecurityHeaders } from './http/security-headers'
import { buildOpenApiDocument } from './http/openapi'
import { DEFAULT_RATE_LIMITS, installRateLimits, type RateLimits } from './http/rate-limits'
import { createOperationRegistrar } from './http/register-operation'
import { prepareReceiptSigning } from './receipts/receipt-signing'
import { registerReceiptRoutes } from './receipts/receipts.routes'
import { registerReviewRoutes } from './review/review.routes'
import { registerStaffRoutes } from './staff/staff.routes'
import type { Keyset } from './receipts/signing-keys'

export interface AppDeps {
  database: Pick<DatabaseHandle, 'db' | 'kind'>
  version: string
  clock?: Clock
  /** Fastify logger options, or false (the default) for none. */
  logger?: FastifyServerOptions['logger']
  sessionTtlMinutes?: number
  /** A session unused this long is refused with `session_idle` (default 30 minutes). */
  sessionIdleMinutes?: number
  /** Requests per minute (http/rate-limits.ts); each one left out keeps its default. */
  rateLimits?: Partial<RateLimits>
  /** Sign-in lockout limits (auth/auth.service.ts); each one left out keeps its default. */
  signInLimits?: Partial<SignInLimits>
  /** Checks passwords (default: scrypt); tests pass one that counts the checks. */
  verifyPassword?: PasswordVerifier
  /** How often the loyalty expiry job runs (default hourly); 0 turns it off (tests drive it). */
  loyaltyJobIntervalMs?: number
  /**
   * The receipt signing keyset (receipts/keyset-source.ts resolves it from the configuration).
   * Its public keys are registered in the database when the app is built.
   */
  signingKeys: Keyset
  /** How long a review-case claim holds without renewal (default 15 minutes). */
  reviewLeaseMinutes?: number
  /**
   * Addresses or CIDR ranges of the reverse proxies in front of the API: a request from one of
   * them gets its address from X-Forwarded-For (the sign-in limits and rate limits count by it).
   * Default none: the socket's address, whatever the request says.
   */
  trustedProxies?: readonly string[]
}

export const DEFAULT_LOYALTY_JOB_INTERVAL_MS = 60 * 60_000

export const DEFAULT_SESSION_TTL_MINUTES = 480

export const DEFAULT_REVIEW_LEASE_MINUTES = 15

/** The consent API as a Fastify instance. It never listens: callers (main.ts, embedded.ts) do. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  // First, so that a bad keyset or an unreachable database leaves no half-built app behind.
  const signing = await prepareReceiptSigning(deps.database.db, deps.signingKeys)
  const app = Fastify({
    logger: withLogRedaction(deps.logger),
    // Access-log rows carry the request id to find the request's log lines: it must stay unique
    // across restarts and instances, which Fastify's default counter (`req-1`, …) does not.
    genReqId: () => randomUUID(),
    bodyLimit: 256 * 1024,
    // No HEAD twin of every GET: no client sends HEAD, the contract does not offer it, and an
    // undocumented method is one more way in (ASVS 4.1.4). HEAD answers 404 like any unknown route.
    exposeHeadRoutes: false,
    // Only the named proxies: `true` would let any caller choose the address it is counted by.
    ...(deps.trustedProxies?.length ? { trustProxy: [...deps.trustedProxies] } : {}),
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  installErrorHandlers(app)
  await installSecurityHeaders(app)
  acceptJsonBodiesOnly(app)
  refuseLongUrls(app)

  const db = deps.database.db
  const clock = deps.clock ?? systemClock
  const authDeps = {
    db,
    clock,
    sessionTtlMinutes: deps.sessionTtlMinutes ?? DEFAULT_SESSION_TTL_MINUTES,
    sessionIdleMinutes: deps.sessionIdleMinutes ?? DEFAULT_SESSION_IDLE_MINUTES,
    signInLimits: { ...DEFAULT_SIGN_IN_LIMITS, ...deps.signInLimits },
    ...(deps.verifyPassword ? { verifyPassword: deps.verifyPassword } : {})
  }
  const authenticateRequest = createAuthenticator(authDeps)
  const limiterFor = await installRateLimits(app, { ...DEFAULT_RATE_LIMITS, ...deps.rateLimits })
  const register = createOperationRegistrar(
    app,
    (request, roles) => authenticateRequest(request.headers.authorization, roles),
    limiterFor,
    createAccessRecorder({ db, clock })
  )

  registerHealthRoutes(register, { database: deps.database, version: deps.version })
  registerAuthRoutes(register, authDeps)
  registerStaffRoutes(register, { db, clock })
  registerClientRoutes(register, { db, clock })
  registerAccessLogRoutes(register, { db })
  registerConsentRoutes(register, { db, clock, signing })
  registerReceiptRoutes(register, { db, clock, signing })
  registerReviewRoutes(register, {
    db,
    clock,
    leaseMinutes: deps.reviewLeaseMinutes ?? DEFAULT_REVIEW_LEASE_MINUTES
  })
  scheduleLoyaltyJob(
    app,
    { db, clock },
    deps.loyaltyJobIntervalMs ?? DEFAULT_LOYALTY_JOB_INTERVAL_MS
  )

  const openApiDocument = buildOpenApiDocument(deps.version)
  app.get('/openapi.json', async () => openApiDocument)

  await app.ready()
  return app
}

/**
 * Purpose 6 expires on a calendar, not on a request: a timer records the `expired` events. It is
 * unref'd (never keeps the process alive) and cleared when the app closes. A failed run is
 * logged and retried at the next tick; the job is idempotent (it re-checks under each client's
 * lock), so overlapping or repeated runs record nothing twice.
 */
function scheduleLoyaltyJob(
  app: FastifyInstance,
  deps: { db: DatabaseHandle['db']; clock: Clock },
  intervalMs: number
): void {
  if (intervalMs <= 0) return
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    expireLoyalty(deps.db, deps.clock)
      .catch((error: unknown) => app.log.error({ err: error }, 'loyalty expiry failed'))
      .finally(() => {
        running = false
      })
  }, intervalMs)
  timer.unref()
  app.addHook('onClose', async () => {
    clearInterval(timer)
  })
}
