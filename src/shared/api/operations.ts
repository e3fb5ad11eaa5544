import { z } from 'zod'
import { AccountLockedErrorSchema, ApiErrorSchema } from './errors'
import { StaffSchema, LoginRequestSchema, LoginResponseSchema } from '../domain/staff'
import {
  ClientCardSchema,
  ClientSchema,
  ClientSearchQuerySchema,
  ClientSearchResponseSchema,
  CreateClientRequestSchema,
  ClientIdParamsSchema
} from '../domain/client'
import type { Role } from '../domain/staff'
import {
  ClientHistoryPageSchema,
  ClientHistoryQuerySchema,
  UpdateClientHeadersSchema,
  UpdateClientRequestSchema
} from '../domain/client-change'
import {
  AccessLogPageSchema,
  AccessLogQuerySchema,
  RevealRequestSchema,
  RevealResponseSchema,
  type AccessAction
} from '../domain/access-log'
import { consentOperations } from './consent-operations'
import { receiptOperations } from './receipt-operations'
import { reviewOperations } from './review-operations'
import { staffOperations } from './staff-operations'

/**
 * The REST contract of the central consent API: one entry per operation. The server registers its
 * routes from it, main's axios client is typed from it, and /openapi.json is generated from it.
 * A field is added here, once.
 */
export interface Operation {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Fastify-style path, `:id` for parameters; OpenAPI gets `{id}`. */
  readonly path: string
  readonly summary: string
  readonly tags: readonly string[]
  /** `public`: no session needed; otherwise a session holding at least one of these roles. */
  readonly auth: 'public' | readonly Role[]
  readonly params?: z.ZodObject
  readonly query?: z.ZodObject
  readonly body?: z.ZodType
  /** Request headers the operation reads (lower-case names). */
  readonly headers?: z.ZodObject
  readonly responses: Readonly<Record<number, z.ZodType | null>>
  /**
   * A request-rate limit (429 `rate_limited` with `Retry-After`): `reads` counts per staff or
   * integration account (the caller's address without a session), `sign_in` per source address.
   * Set by `rateLimited` below, which declares the 429 too.
   */
  readonly rateLimit?: 'reads' | 'sign_in'
  /**
   * A session still holding an admin's one-time password may call this operation (changing the
   * password, signing out); every other one answers 403 `password_change_required`.
   */
  readonly allowedBeforePasswordChange?: true
  /**
   * Set on every operation whose answer shows a client's personal data: the server writes one
   * access-log row per client shown, with this action, before the answer leaves, and answers
   * nothing when it cannot (src/server/access-log). The clients shown are read from the answer.
   */
  readonly accessLog?: AccessAction
}

const ANY_STAFF = ['agent', 'reviewer', 'supervisor'] as const satisfies readonly Role[]
/** Who may lift a sign-in lock: an admin, or a supervisor for their own centre. */
const UNLOCKERS = ['admin', 'supervisor'] as const satisfies readonly Role[]

type RateLimited<O extends Operation, K extends NonNullable<Operation['rateLimit']>> = Omit<
  O,
  'responses'
> & {
  readonly rateLimit: K
  readonly responses: O['responses'] & { readonly 429: typeof ApiErrorSchema }
}

/**
 * Marks the named operations as rate-limited (`kind`) and declares their 429, so the contract,
 * the OpenAPI document and the server's limiter (http/rate-limits.ts) read one list.
 */
function rateLimited<
  T extends Record<string, Operation>,
  N extends keyof T,
  K extends NonNullable<Operation['rateLimit']>
>(
  all: T,
  kind: K,
  names: readonly N[]
): { [P in keyof T]: P extends N ? RateLimited<T[P], K> : T[P] } {
  const result: Record<string, Operation> = { ...all }
  for (const name of names) {
    const operation = all[name]!
    result[name as string] = {
      ...operation,
      rateLimit: kind,
      responses: { ...operation.responses, 429: ApiErrorSchema }
    }
  }
  return result as { [P in keyof T]: P extends N ? RateLimited<T[P], K> : T[P] }
}
const COUNTER_STAFF = ['agent', 'supervisor'] as const satisfies readonly Role[]

export const HealthResponseSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['postgres', 'pglite']),
  version: z.string()
})
export type HealthResponse = z.infer<typeof HealthResponseSchema>

const unlimitedOperations = {
  health: {
    method: 'GET',
    path: '/health',
    summary: 'Liveness and database reachability',
    tags: ['system'],
    auth: 'public',
    responses: { 200: HealthResponseSchema, 503: ApiErrorSchema }
  },
  login: {
    method: 'POST',
    path: '/v1/auth/login',
    summary: 'Sign in; returns a session token',
    tags: ['auth'],
    auth: 'public',
    body: LoginRequestSchema,
    responses: {
      200: LoginResponseSchema,
      400: ApiErrorSchema,
      401: ApiErrorSchema,
      423: AccountLockedErrorSchema
    }
  },
  logout: {
    method: 'POST',
    path: '/v1/auth/logout',
    summary: 'End the current session',
    tags: ['auth'],
    auth: [...ANY_STAFF, 'integration', 'admin'],
    allowedBeforePasswordChange: true,
    responses: { 204: null, 401: ApiErrorSchema }
  },
  logoutAll: {
    method: 'POST',
    path: '/v1/auth/logout-all',
    summary: "Sign out everywhere: end every one of the caller's sessions, this one included",
    tags: ['auth'],
    auth: [...ANY_STAFF, 'admin', 'integration'],
    responses: { 204: null, 401: ApiErrorSchema }
  },
  me: {
    method: 'GET',
    path: '/v1/auth/me',
    summary: 'The signed-in staff member',
    tags: ['auth'],
    auth: [...ANY_STAFF, 'integration', 'admin'],
    responses: { 200: StaffSchema, 401: ApiErrorSchema, 403: ApiErrorSchema }
  },
  unlockStaff: {
    method: 'POST',
    path: '/v1/staff/:id/unlock',
    summary:
      "Lift a staff member's sign-in lock and clear their failed sign-ins (recorded: who, whom, " +
      'when). Supervisors: staff of their own centre who are not admins',
    tags: ['auth'],
    auth: UNLOCKERS,
    params: z.object({ id: z.uuid() }),
    responses: {
      204: null,
      400: ApiErrorSchema,
      401: ApiErrorSchema,
      403: ApiErrorSchema,
      404: ApiErrorSchema
    }
  },
  searchClients: {
    method: 'GET',
    path: '/v1/clients',
    summary: 'Find clients by personal code, registration number, phone, account number or name',
    tags: ['clients'],
    auth: ANY_STAFF,
    query: ClientSearchQuerySchema,
    accessLog: 'search',
    responses: {
      200: ClientSearchResponseSchema,
      400: ApiErrorSchema,
      401: ApiErrorSchema,
      403: ApiErrorSchema
    }
  },
  getClient: {
    method: 'GET',
    path: '/v1/clients/:id',
    summary: 'One client with contracts; personal code, phones and e-mail masked',
    tags: ['clients'],
    auth: ANY_STAFF,
    params: ClientIdParamsSchema,
    accessLog: 'view',
    responses: {
      200: ClientSchema,
      400: ApiErrorSchema,
      401: ApiErrorSchema,
      403: ApiErrorSchema,
      404: ApiErrorSchema
    }
  },
  getClientCard: {
    method: 'GET',
    path: '/v1/clients/:id/card',
    summary:
      'The client card in one request: the client with contracts (masked as GET /v1/clients/{id}) ' +
      'and the current consent state (as GET /v1/clients/{id}/consents)',
    tags: ['clients'],
    auth: ANY_STAFF,
    params: ClientIdParamsSchema,
    accessLog: 'view',
    responses: {
      200: ClientCardSchema,
      400: ApiErrorSchema,
      401: ApiErrorSchema,
      403: ApiErrorSchema,
      404: ApiErrorSchema
    }
  },
  revealClient: {
    method: 'POST',
    path: '/v1/clients/:id/reveal',
    summary: "A client's full personal code, phones and e-mail, for a stated reason (logged)",
    tags: ['clients'],
    auth: ANY_STAFF,
    params: ClientIdParamsSchema,
    body: RevealRequestSchema,
    accessLog: 'reveal',
    responses: {
      200: RevealResponseSchema,
      400: ApiErrorSchema,
      401: ApiErrorSchema,
      403: ApiErrorSchema,
      404: ApiErrorSchema
    }
  },
  createClient: {
    method: 'POST',
    path: '/v1/clients',
    summary: 'Register a client',
    tags: ['clients'],
    auth: ['supervisor', 'integration'],
    body: CreateClientRequestSchema,
    responses: {
      201: ClientSchema,
      400: ApiErrorSchema,
      401: ApiErrorSchema,
      403: ApiErrorSchema,
      409: ApiErrorSchema
    }
  },
  updateClient: {
    method: 'PATCH',
    path: '/v1/clients/:id',
    summary:
      "Change a client's phones, e-mail, address or language (agents, supervisors) or names " +
      '(supervisors only: 403 for an agent), with the identity verification recorded. Needs ' +
      '`If-Match` with the client version last read (428 without, 412 `version_mismatch` with ' +
      'the current `client` when stale). Personal codes and registration numbers are never ' +
      'changed. Every change is written to the history with who, when and before → after; a ' +
      'request that changes nothing records nothing',
    tags: ['clients'],
    auth: COUNTER_STAFF,
    params: ClientIdParamsSchema,
    headers: UpdateClientHeadersSchema,
    body: UpdateClientRequestSchema,
    accessLog: 'view',
    responses: {
      200: ClientSchema,
      400: ApiErrorSchema,
      401: ApiErrorSchema,
      403: ApiErrorSchema,
      404: ApiErrorSchema,
      412: ApiErrorSchema.extend({ client: ClientSchema }),
      428: ApiErrorSchema
    }
  },
  getClientHistory: {
    method: 'GET',
    path: '/v1/clients/:id/history',
    summary:
      "Changes of a client's data, newest first: when, who, how identity was verified, and each " +
      'field before → after (phones and e-mail masked); cursor paging',
    tags: ['clients'],
    auth: ANY_STAFF,
    params: ClientIdParamsSchema,
    query: ClientHistoryQuerySchema,
    accessLog: 'timeline',
    responses: {
      200: ClientHistoryPageSchema,
      400: ApiErrorSchema,
      401: ApiErrorSchema,
      403: ApiErrorSchema,
      404: ApiErrorSchema
    }
  },
  getAccessLog: {
    method: 'GET',
    path: '/v1/access-log',
    summary:
      'Who looked at which client, when and why: newest first, by client, staff member and time',
    tags: ['clients'],
    auth: ['supervisor'],
    query: AccessLogQuerySchema,
    accessLog: 'access_log',
    responses: {
      200: AccessLogPageSchema,
      400: ApiErrorSchema,
      401: ApiErrorSchema,
      403: ApiErrorSchema
    }
  },
  ...consentOperations,
  ...receiptOperations,
  ...reviewOperations,
  ...staffOperations
} as const satisfies Record<string, Operation>

export const operations = rateLimited(
  rateLimited(unlimitedOperations, 'sign_in', ['login']),
  'reads',
  // Searches and reads of a client's personal data, and the integration accounts' reads.
  [
    'searchClients',
    'getClient',
    'getClientCard',
    'getClientHistory',
    'revealClient',
    'getConsents',
    'listConsentEvents',
    'verifyConsents',
    'getConsentReport',
    'listClientDecisions',
    'listClientReviewCases',
    'getReceipt',
    'listReceipts',
    'checkPermission',
    'checkPermissionsBatch',
    'consentFeed'
  ]
)

export type Operations = typeof operations
export type OperationName = keyof Operations

const routeOf = (operation: Pick<Operation, 'method' | 'path'>): string =>
  `${operation.method} ${operation.path}`

const ENTRY_OF_ROUTE = new Map<string, { name: OperationName; operation: Operation }>(
  Object.entries(operations as Record<OperationName, Operation>).map(([name, operation]) => [
    routeOf(operation),
    { name: name as OperationName, operation }
  ])
)

/**
 * The contract's own entry for a route, found by method and path: the server registers the
 * feature contracts' objects (consent-operations.ts, …), while `operations` holds the copies that
 * `rateLimited` marks, so the two are equal in everything but identity and the marks.
 */
export function contractEntryOf(
  operation: Pick<Operation, 'method' | 'path'>
): { name: OperationName; operation: Operation } | undefined {
  return ENTRY_OF_ROUTE.get(routeOf(operation))
}

type SchemaOutput<S> = S extends z.ZodType ? z.output<S> : undefined
type SchemaInput<S> = S extends z.ZodType ? z.input<S> : undefined

/** What a caller sends for an operation (params, query and body, each only where declared). */
export type OperationRequest<N extends OperationName> = {
  [
    K in 'params' | 'query' | 'body' as Operations[N] extends Record<K, z.ZodType> ? K : never
  ]: Operations[N] extends Record<K, infer S> ? SchemaInput<S> : never
}

type SuccessStatus<N extends OperationName> = Extract<
  keyof Operations[N]['responses'],
  200 | 201 | 204
>
type SuccessSchema<N extends OperationName> = Operations[N]['responses'][SuccessStatus<N>]
/** What a successful answer to an operation carries (`undefined` for a 204). */
export type OperationResult<N extends OperationName> =
  | SchemaOutput<Exclude<SuccessSchema<N>, null>>
  | (null extends SuccessSchema<N> ? undefined : never)

export { COUNTER_STAFF, ANY_STAFF, ClientIdParamsSchema }
