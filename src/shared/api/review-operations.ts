import { ApiErrorSchema } from './errors'
import type { Operation } from './operations'
import { ClientIdParamsSchema } from '../domain/client'
import {
  ApprovalRequestSchema,
  CaseDecisionRequestSchema,
  ClaimResponseSchema,
  ClaimTokenRequestSchema,
  CreateReviewCaseRequestSchema,
  DecisionIdParamsSchema,
  DecisionListSchema,
  DecisionSchema,
  ExtensionRequestSchema,
  ReassignRequestSchema,
  RecordDecisionRequestSchema,
  ReviewCaseIdParamsSchema,
  ReviewCaseListQuerySchema,
  ReviewCaseListSchema,
  ReviewCaseSchema
} from '../domain/review'

const COUNTER = ['agent', 'supervisor'] as const
const REVIEWERS = ['reviewer', 'supervisor'] as const
/** Everyone who may read a case: the counter prints its letters, reviewers work it. */
const CASE_READERS = ['agent', 'reviewer', 'supervisor'] as const

const commonErrors = {
  400: ApiErrorSchema,
  401: ApiErrorSchema,
  403: ApiErrorSchema
} as const
const caseErrors = { ...commonErrors, 404: ApiErrorSchema, 409: ApiErrorSchema } as const

/**
 * Automated decisions and their human review (issue 9). Merged into `operations`.
 *
 * Claims are leases with a fencing token: only the current claimant, presenting the token of
 * their current claim, may decide, renew or release (else 409 `stale_claim`). A closed case is
 * final (409 `case_closed`). An override of a credit decision, and every manual assessment, waits
 * for a supervisor who is not the decider (403 for the decider).
 */
export const reviewOperations = {
  recordDecision: {
    method: 'POST',
    path: '/v1/decisions',
    summary:
      'Record an automated decision (profiling or credit); refused with 409 consent_missing ' +
      'when the client has not given the consent its kind needs (purpose 3 or 4)',
    tags: ['decisions'],
    auth: ['integration'],
    body: RecordDecisionRequestSchema,
    responses: { 201: DecisionSchema, ...commonErrors, 404: ApiErrorSchema, 409: ApiErrorSchema }
  },
  listClientDecisions: {
    method: 'GET',
    path: '/v1/clients/:id/decisions',
    summary: "A client's automated decisions, newest first, each with its latest review case",
    tags: ['decisions'],
    auth: CASE_READERS,
    params: ClientIdParamsSchema,
    accessLog: 'decisions',
    responses: { 200: DecisionListSchema, ...commonErrors, 404: ApiErrorSchema }
  },
  getDecision: {
    method: 'GET',
    path: '/v1/decisions/:id',
    summary: 'One automated decision with its factors and inputs',
    tags: ['decisions'],
    auth: [...CASE_READERS, 'integration'],
    params: DecisionIdParamsSchema,
    accessLog: 'decisions',
    responses: { 200: DecisionSchema, ...commonErrors, 404: ApiErrorSchema }
  },
  createReviewCase: {
    method: 'POST',
    path: '/v1/review-cases',
    summary:
      'File a review of an automated decision, or a manual creditworthiness assessment; due ' +
      'one calendar month after the request (Riga days)',
    tags: ['review'],
    auth: COUNTER,
    body: CreateReviewCaseRequestSchema,
    responses: { 201: ReviewCaseSchema, ...caseErrors }
  },
  listReviewCases: {
    method: 'GET',
    path: '/v1/review-cases',
    summary: 'The review queue: filtered, searched, sorted and paged on the server',
    tags: ['review'],
    auth: REVIEWERS,
    query: ReviewCaseListQuerySchema,
    accessLog: 'review_case',
    responses: { 200: ReviewCaseListSchema, ...commonErrors }
  },
  listClientReviewCases: {
    method: 'GET',
    path: '/v1/clients/:id/review-cases',
    summary: "A client's review cases, newest first (the counter's Decisions tab)",
    tags: ['review'],
    auth: CASE_READERS,
    params: ClientIdParamsSchema,
    accessLog: 'review_case',
    responses: { 200: ReviewCaseListSchema, ...commonErrors, 404: ApiErrorSchema }
  },
  getReviewCase: {
    method: 'GET',
    path: '/v1/review-cases/:id',
    summary: 'One case in full, with the decision, the outcome and the history',
    tags: ['review'],
    auth: CASE_READERS,
    params: ReviewCaseIdParamsSchema,
    accessLog: 'review_case',
    responses: { 200: ReviewCaseSchema, ...commonErrors, 404: ApiErrorSchema }
  },
  claimNextReviewCase: {
    method: 'POST',
    path: '/v1/review-cases/claim-next',
    summary:
      'Claim the unclaimed case due soonest (never one someone holds); 204 when none is left',
    tags: ['review'],
    auth: REVIEWERS,
    accessLog: 'review_case',
    responses: { 200: ClaimResponseSchema, 204: null, ...commonErrors }
  },
  claimReviewCase: {
    method: 'POST',
    path: '/v1/review-cases/:id/claim',
    summary:
      'Claim this case: open, its lease expired, or already yours (a new token; the old one ' +
      'goes stale)',
    tags: ['review'],
    auth: REVIEWERS,
    params: ReviewCaseIdParamsSchema,
    accessLog: 'review_case',
    responses: { 200: ClaimResponseSchema, ...caseErrors }
  },
  renewReviewClaim: {
    method: 'POST',
    path: '/v1/review-cases/:id/renew',
    summary: 'Extend the lease of your current claim',
    tags: ['review'],
    auth: REVIEWERS,
    params: ReviewCaseIdParamsSchema,
    body: ClaimTokenRequestSchema,
    responses: { 200: ClaimResponseSchema, ...caseErrors }
  },
  releaseReviewClaim: {
    method: 'POST',
    path: '/v1/review-cases/:id/release',
    summary: 'Give the case back to the queue',
    tags: ['review'],
    auth: REVIEWERS,
    params: ReviewCaseIdParamsSchema,
    body: ClaimTokenRequestSchema,
    responses: { 200: ReviewCaseSchema, ...caseErrors }
  },
  decideReviewCase: {
    method: 'POST',
    path: '/v1/review-cases/:id/decision',
    summary:
      "The reviewer's decision, with the current claim's token; closes the case or sends it " +
      'for approval',
    tags: ['review'],
    auth: REVIEWERS,
    params: ReviewCaseIdParamsSchema,
    body: CaseDecisionRequestSchema,
    responses: { 200: ReviewCaseSchema, ...caseErrors }
  },
  approveReviewCase: {
    method: 'POST',
    path: '/v1/review-cases/:id/approval',
    summary: "A supervisor's approval (closes the case) or sending back; never the decider's",
    tags: ['review'],
    auth: ['supervisor'],
    params: ReviewCaseIdParamsSchema,
    body: ApprovalRequestSchema,
    responses: { 200: ReviewCaseSchema, ...caseErrors }
  },
  extendReviewCase: {
    method: 'POST',
    path: '/v1/review-cases/:id/extension',
    summary:
      'Extend the deadline once by one or two months, within the first month, with the ' +
      'reason the client is told',
    tags: ['review'],
    auth: REVIEWERS,
    params: ReviewCaseIdParamsSchema,
    body: ExtensionRequestSchema,
    responses: { 200: ReviewCaseSchema, ...caseErrors }
  },
  reassignReviewCase: {
    method: 'POST',
    path: '/v1/review-cases/:id/reassign',
    summary: 'Give the case to another reviewer, or back to the queue (supervisors)',
    tags: ['review'],
    auth: ['supervisor'],
    params: ReviewCaseIdParamsSchema,
    body: ReassignRequestSchema,
    responses: { 200: ReviewCaseSchema, ...caseErrors }
  }
} as const satisfies Record<string, Operation>
