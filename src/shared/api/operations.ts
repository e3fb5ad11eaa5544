import { z } from 'zod'
import { AccountLockedErrorSchema, ApiErrorSchema } from './errors'
import { StaffSchema, LoginRequestSchema, LoginResponseSchema, RoleSchema } from '../domain/staff'
import {
  ClientSchema,
  ClientSearchQuerySchema,
  ClientSearchResponseSchema,
  CreateClientRequestSchema,
  ClientIdParamsSchema
} from '../domain/client'
import type { Role } from '../domain/staff'
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
   * Set on every operation whose answer shows a client's personal data: the server writes one
   * access-log row per client shown, with this action, before the answer leaves, and answers
   * nothing when it cannot (src/server/access-log). The clients shown are read from the answer.
   */
  readonly accessLog?: AccessAction
}

const ANY_STAFF = ['agent', 'reviewer', 'supervisor'] as const satisfies readonly Role[]
const COUNTER_STAFF = ['agent', 'supervisor'] as const satisfies readonly Role[]

export const HealthResponseSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['postgres', 'pglite']),
  version: z.string()
})
export type HealthResponse = z.infer<typeof HealthResponseSchema>

export const operations = {
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
    auth: [...ANY_STAFF, 'integration'],
    responses: { 204: null, 401: ApiErrorSchema }
  },
  me: {
    method: 'GET',
    path: '/v1/auth/me',
    summary: 'The signed-in staff member',
    tags: ['auth'],
    auth: [...ANY_STAFF, 'integration'],
    responses: { 200: StaffSchema, 401: ApiErrorSchema }
  },
  listStaff: {
    method: 'GET',
    path: '/v1/staff',
    summary:
      'Staff with their centres: the counter staff (agents and supervisors, the receipts ' +
      'filters) by default, or those holding `role` (reviewers, to reassign a review case)',
    tags: ['auth'],
    auth: ['supervisor'],
    query: z.object({ role: RoleSchema.optional() }),
    responses: {
      200: z.object({ items: z.array(StaffSchema) }),
      401: ApiErrorSchema,
      403: ApiErrorSchema
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
  ...reviewOperations
} as const satisfies Record<string, Operation>

export type Operations = typeof operations
export type OperationName = keyof Operations

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
