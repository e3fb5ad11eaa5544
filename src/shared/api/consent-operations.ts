import { z } from 'zod'
import { queryInteger } from './query-integer'
import { ApiErrorSchema } from './errors'
import type { Operation } from './operations'
import { ClientIdParamsSchema } from '../domain/client'
import {
  ChainVerificationSchema,
  ConsentEventsPageSchema,
  ConsentEventsQuerySchema,
  ConsentEventSchema,
  ConsentStateSchema,
  PermissionAnswerSchema,
  PermissionQuerySchema,
  CurrentNoticeSchema,
  PurposeDefinitionSchema,
  RecordConsentsRequestSchema,
  RightsNoticeSchema,
  RecordConsentsResponseSchema,
  OfferChannelSchema,
  PurposeSchema
} from '../domain/consent'

const COUNTER = ['agent', 'supervisor'] as const
const STAFF = ['agent', 'reviewer', 'supervisor'] as const
const SYSTEMS = ['integration', 'supervisor'] as const

const commonErrors = {
  400: ApiErrorSchema,
  401: ApiErrorSchema,
  403: ApiErrorSchema
} as const

/**
 * Headers of a consent write. `Idempotency-Key` makes a retry safe; `If-Match` carries the
 * client's consent version from the last read, so a write based on a stale view is refused (412).
 * Both are checked by the route with their own status codes (400 and 428), so here they are
 * optional strings: a missing header must not become a generic validation error.
 */
export const RecordConsentsHeadersSchema = z.object({
  'idempotency-key': z.string().optional(),
  'if-match': z.string().optional()
})

export const ConsentStateQuerySchema = z.object({
  at: z.iso.datetime({ offset: true }).optional()
})

export const PermissionsBatchRequestSchema = z.object({
  checks: z.array(PermissionQuerySchema).min(1).max(1000)
})

export const PermissionsBatchResponseSchema = z.object({
  results: z.array(
    PermissionAnswerSchema.extend({
      client: z.string(),
      purpose: PurposeSchema,
      channel: OfferChannelSchema.optional()
    })
  )
})

/**
 * A 409 of a consent write: `no_op_change`; `notice_outdated` with the versions now published for
 * every notice the request named, so the desk can show them; or `conflict` when a write keeps
 * losing races. `idempotency_key_in_flight` stays in the contract for clients that handle it, but
 * is no longer sent: a duplicate waits for the first request and gets its answer.
 */
export const RecordConflictSchema = ApiErrorSchema.extend({
  current: z.array(CurrentNoticeSchema).optional()
})

export const PurposesListSchema = z.object({
  items: z.array(PurposeDefinitionSchema),
  rights: RightsNoticeSchema
})

export const FeedQuerySchema = z.object({
  after: z.string().max(100).optional(),
  limit: queryInteger({ min: 1, max: 1000 }).default(100)
})

export const FeedPageSchema = z.object({
  items: z.array(ConsentEventSchema.extend({ cursor: z.string() })),
  nextCursor: z.string().nullable()
})

/** The consent ledger's part of the REST contract (issue 3). Merged into `operations`. */
export const consentOperations = {
  listPurposes: {
    method: 'GET',
    path: '/v1/purposes',
    summary: 'The seven purposes and the rights statement, with every version of their texts',
    tags: ['consents'],
    auth: [...STAFF, 'integration'],
    responses: { 200: PurposesListSchema, ...commonErrors }
  },
  getConsents: {
    method: 'GET',
    path: '/v1/clients/:id/consents',
    summary: "A client's current consent state, or the state at a past moment (?at=)",
    tags: ['consents'],
    auth: STAFF,
    params: ClientIdParamsSchema,
    query: ConsentStateQuerySchema,
    accessLog: 'consents',
    responses: { 200: ConsentStateSchema, ...commonErrors, 404: ApiErrorSchema }
  },
  recordConsents: {
    method: 'POST',
    path: '/v1/clients/:id/consents',
    summary: 'Record consents given, withdrawn, paused or resumed, in one transaction',
    tags: ['consents'],
    auth: COUNTER,
    params: ClientIdParamsSchema,
    headers: RecordConsentsHeadersSchema,
    body: RecordConsentsRequestSchema,
    responses: {
      201: RecordConsentsResponseSchema,
      ...commonErrors,
      404: ApiErrorSchema,
      409: RecordConflictSchema,
      412: ApiErrorSchema.extend({ state: ConsentStateSchema }),
      422: ApiErrorSchema,
      428: ApiErrorSchema
    }
  },
  listConsentEvents: {
    method: 'GET',
    path: '/v1/clients/:id/consent-events',
    summary: "A client's consent timeline, newest first",
    tags: ['consents'],
    auth: STAFF,
    params: ClientIdParamsSchema,
    query: ConsentEventsQuerySchema,
    accessLog: 'timeline',
    responses: { 200: ConsentEventsPageSchema, ...commonErrors, 404: ApiErrorSchema }
  },
  verifyConsents: {
    method: 'GET',
    path: '/v1/clients/:id/consents/verify',
    summary: "Recompute a client's hash chain",
    tags: ['consents'],
    auth: STAFF,
    params: ClientIdParamsSchema,
    accessLog: 'verify',
    responses: { 200: ChainVerificationSchema, ...commonErrors, 404: ApiErrorSchema }
  },
  checkPermission: {
    method: 'GET',
    path: '/v1/permissions',
    summary: 'May purpose P be processed for client C now?',
    tags: ['permissions'],
    auth: SYSTEMS,
    query: PermissionQuerySchema,
    responses: { 200: PermissionAnswerSchema, ...commonErrors, 404: ApiErrorSchema }
  },
  checkPermissionsBatch: {
    method: 'POST',
    path: '/v1/permissions/batch',
    summary: 'Up to 1,000 permission checks in one call',
    tags: ['permissions'],
    auth: SYSTEMS,
    body: PermissionsBatchRequestSchema,
    responses: { 200: PermissionsBatchResponseSchema, ...commonErrors }
  },
  consentFeed: {
    method: 'GET',
    path: '/v1/consent-events/feed',
    summary: 'Every consent event of every client, in commit order (transactional outbox)',
    tags: ['permissions'],
    auth: SYSTEMS,
    query: FeedQuerySchema,
    responses: { 200: FeedPageSchema, ...commonErrors }
  }
} as const satisfies Record<string, Operation>
