import { z } from 'zod'
import { queryInteger } from '../api/query-integer'
import { LanguageSchema } from './staff'

/**
 * Automated decisions and the human review of them (GDPR Art. 22(3), issue 9).
 *
 * Other systems record what their models decided (`POST /v1/decisions`); a client may ask at the
 * counter for a person to review one (a `decision_review` case), or, having refused the automated
 * credit check, ask for a manual creditworthiness assessment (a `manual_credit` case). Reviewers
 * claim cases with a lease and a fencing token and decide; some endings need a supervisor's
 * approval (four eyes). Every transition is kept in the case's history.
 */

// ---------------------------------------------------------------------------------------------
// Automated decisions
// ---------------------------------------------------------------------------------------------

export const DECISION_KINDS = ['profiling', 'credit'] as const
export const DecisionKindSchema = z.enum(DECISION_KINDS)
export type DecisionKind = z.infer<typeof DecisionKindSchema>

/** The purpose a kind of automated decision needs the client's consent for (seed §3 and §4). */
export const PURPOSE_NEEDED_BY: Readonly<
  Record<DecisionKind, 'automated_profiling' | 'credit_information'>
> = {
  profiling: 'automated_profiling',
  credit: 'credit_information'
}

/**
 * What a decision concluded. Credit: `approved`, `declined`, or `approved_with_limit` (with
 * `limitEur`). Profiling: `segment_assigned` (with `segment`, and the offers it allows).
 */
export const CREDIT_RESULTS = ['approved', 'declined', 'approved_with_limit'] as const
export const PROFILING_RESULTS = ['segment_assigned'] as const
export const DecisionResultSchema = z.enum([...CREDIT_RESULTS, ...PROFILING_RESULTS])
export type DecisionResult = z.infer<typeof DecisionResultSchema>

const text = (max: number) => z.string().trim().min(1).max(max)

export const DecisionOutcomeSchema = z.object({
  result: DecisionResultSchema,
  /** Whole euros or cents, positive; only with `approved_with_limit`. */
  limitEur: z.number().positive().max(10_000_000).multipleOf(0.01).optional(),
  /** Only with `segment_assigned`. */
  segment: text(100).optional(),
  /** The offers a profiling segment allows (codes or names from the calling system). */
  offers: z.array(text(100)).max(50).optional()
})
export type DecisionOutcome = z.infer<typeof DecisionOutcomeSchema>

/**
 * Why an outcome does not fit a decision kind, as `{ path, message }` issues; empty when it
 * fits. Shared by the API's refinements and the reviewer's form.
 */
export function outcomeProblems(
  kind: DecisionKind,
  outcome: DecisionOutcome
): Array<{ path: string[]; message: string }> {
  const problems: Array<{ path: string[]; message: string }> = []
  const allowed: readonly string[] = kind === 'credit' ? CREDIT_RESULTS : PROFILING_RESULTS
  if (!allowed.includes(outcome.result)) {
    problems.push({
      path: ['result'],
      message: `a ${kind} decision's result is one of ${allowed.join(', ')}`
    })
  }
  if (outcome.result === 'approved_with_limit' && outcome.limitEur === undefined) {
    problems.push({ path: ['limitEur'], message: 'approved with a limit needs limitEur' })
  }
  if (outcome.result !== 'approved_with_limit' && outcome.limitEur !== undefined) {
    problems.push({ path: ['limitEur'], message: 'limitEur goes only with approved_with_limit' })
  }
  if (outcome.result === 'segment_assigned' && outcome.segment === undefined) {
    problems.push({ path: ['segment'], message: 'a profiling result names its segment' })
  }
  if (kind === 'credit' && (outcome.segment !== undefined || outcome.offers !== undefined)) {
    problems.push({ path: ['segment'], message: 'a credit decision has no segment or offers' })
  }
  return problems
}

export const LocalizedTextSchema = z.object({ lv: text(1000), en: text(1000), ru: text(1000) })
export type LocalizedText = z.infer<typeof LocalizedTextSchema>

export const FactorDirectionSchema = z.enum(['raised', 'lowered'])
export type FactorDirection = z.infer<typeof FactorDirectionSchema>

/** One factor of a decision: what moved it, which way, how much, and why in plain words. */
export const DecisionFactorSchema = z.object({
  name: text(100),
  direction: FactorDirectionSchema,
  /** Its share of the decision, 0–1. */
  weight: z.number().min(0).max(1),
  explanation: LocalizedTextSchema
})
export type DecisionFactor = z.infer<typeof DecisionFactorSchema>

export const DecisionModelSchema = z.object({ name: text(100), version: text(50) })

/** The input data the model used: a JSON object as the calling system sent it. */
export const DecisionInputsSchema = z.record(z.string().max(100), z.unknown())

export const RecordDecisionRequestSchema = z
  .object({
    clientId: z.uuid(),
    kind: DecisionKindSchema,
    outcome: DecisionOutcomeSchema,
    model: DecisionModelSchema,
    factors: z.array(DecisionFactorSchema).min(1).max(30),
    inputs: DecisionInputsSchema,
    /** When the model decided; the API's time when left out. Never in the future. */
    decidedAt: z.iso.datetime({ offset: true }).optional()
  })
  .superRefine((request, context) => {
    for (const problem of outcomeProblems(request.kind, request.outcome)) {
      context.addIssue({
        code: 'custom',
        path: ['outcome', ...problem.path],
        message: problem.message
      })
    }
  })
export type RecordDecisionRequest = z.infer<typeof RecordDecisionRequestSchema>

export const REVIEW_CASE_STATUSES = ['open', 'claimed', 'awaiting_approval', 'closed'] as const
export const ReviewCaseStatusSchema = z.enum(REVIEW_CASE_STATUSES)
export type ReviewCaseStatus = z.infer<typeof ReviewCaseStatusSchema>

export const DecisionSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  kind: DecisionKindSchema,
  outcome: DecisionOutcomeSchema,
  model: DecisionModelSchema,
  factors: z.array(DecisionFactorSchema),
  inputs: DecisionInputsSchema,
  decidedAt: z.string(),
  recordedAt: z.string(),
  /** The latest review case of this decision, if the client asked for one. */
  review: z
    .object({ caseId: z.string(), number: z.string(), status: ReviewCaseStatusSchema })
    .nullable()
})
export type Decision = z.infer<typeof DecisionSchema>

export const DecisionIdParamsSchema = z.object({ id: z.uuid() })

export const DecisionListSchema = z.object({ items: z.array(DecisionSchema) })
export type DecisionList = z.infer<typeof DecisionListSchema>

// ---------------------------------------------------------------------------------------------
// Review cases
// ---------------------------------------------------------------------------------------------

export const REVIEW_CASE_KINDS = ['decision_review', 'manual_credit'] as const
export const ReviewCaseKindSchema = z.enum(REVIEW_CASE_KINDS)
export type ReviewCaseKind = z.infer<typeof ReviewCaseKindSchema>

/** How the client wants the answer. */
export const REPLY_CHANNELS = ['letter', 'email', 'centre'] as const
export const ReplyChannelSchema = z.enum(REPLY_CHANNELS)
export type ReplyChannel = z.infer<typeof ReplyChannelSchema>

export const DOCUMENT_TYPES = [
  'income_statement',
  'employment_certificate',
  'bank_statement',
  'other'
] as const
export const DocumentTypeSchema = z.enum(DOCUMENT_TYPES)
export type DocumentType = z.infer<typeof DocumentTypeSchema>

/** A document the client provided for a manual assessment; `other` says what in its note. */
export const ProvidedDocumentSchema = z
  .object({ type: DocumentTypeSchema, note: text(300).optional() })
  .refine((document) => document.type !== 'other' || document.note !== undefined, {
    path: ['note'],
    message: 'say what the other document is'
  })
export type ProvidedDocument = z.infer<typeof ProvidedDocumentSchema>

export const CreateReviewCaseRequestSchema = z
  .object({
    kind: ReviewCaseKindSchema,
    clientId: z.uuid(),
    /** The decision to review (`decision_review` only; required there). */
    decisionId: z.uuid().optional(),
    /** The client's own point of view, in their words (Art. 22(3)). */
    clientStatement: text(4000).optional(),
    replyChannel: ReplyChannelSchema,
    /** What the client wants to buy or sign (`manual_credit` only; required there). */
    creditPurpose: text(300).optional(),
    /** The documents the client provided (`manual_credit` only; at least one there). */
    documents: z.array(ProvidedDocumentSchema).max(20).optional()
  })
  .superRefine((request, context) => {
    const issue = (path: string, message: string): void => {
      context.addIssue({ code: 'custom', path: [path], message })
    }
    if (request.kind === 'decision_review') {
      if (request.decisionId === undefined) issue('decisionId', 'a review names its decision')
      if (request.creditPurpose !== undefined)
        issue('creditPurpose', 'only for a manual assessment')
      if (request.documents !== undefined) issue('documents', 'only for a manual assessment')
    } else {
      if (request.decisionId !== undefined)
        issue('decisionId', 'a manual assessment has no decision')
      if (request.creditPurpose === undefined)
        issue('creditPurpose', 'say what the client wants to buy or sign')
      if (request.documents === undefined || request.documents.length === 0) {
        issue('documents', 'name at least one document the client provided')
      }
    }
  })
export type CreateReviewCaseRequest = z.infer<typeof CreateReviewCaseRequestSchema>

/** How a reviewer ends a case: a review is upheld or overridden; an assessment decided. */
export const REVIEW_OUTCOMES = ['upheld', 'overridden'] as const
export const ASSESSMENT_OUTCOMES = ['approved', 'declined', 'approved_with_conditions'] as const
export const CaseOutcomeSchema = z.enum([...REVIEW_OUTCOMES, ...ASSESSMENT_OUTCOMES])
export type CaseOutcome = z.infer<typeof CaseOutcomeSchema>

/** The reasons a reviewer gives, from a list (labels in the locales, `review.reason.*`). */
export const REASON_CODES = [
  'model_correct',
  'input_data_incorrect',
  'new_information',
  'model_error',
  'circumstances_changed',
  'income_sufficient',
  'income_insufficient',
  'documents_insufficient',
  'payment_history',
  'other'
] as const
export const ReasonCodeSchema = z.enum(REASON_CODES)
export type ReasonCode = z.infer<typeof ReasonCodeSchema>

/** The outcomes open to a case of this kind. */
export function outcomesFor(kind: ReviewCaseKind): readonly CaseOutcome[] {
  return kind === 'decision_review' ? REVIEW_OUTCOMES : ASSESSMENT_OUTCOMES
}

/**
 * Whether a decided case waits for a supervisor before it closes: an override of a credit
 * decision, and every manual creditworthiness assessment (issue 9: "the same way").
 */
export function needsApproval(
  kind: ReviewCaseKind,
  decisionKind: DecisionKind | null,
  outcome: CaseOutcome
): boolean {
  if (kind === 'manual_credit') return true
  return decisionKind === 'credit' && outcome === 'overridden'
}

/** A fencing token: a decimal number that grows with every claim, across all cases. */
export const ClaimTokenSchema = z.string().regex(/^[1-9][0-9]{0,18}$/, 'a claim token')

export const CaseDecisionRequestSchema = z.object({
  token: ClaimTokenSchema,
  outcome: CaseOutcomeSchema,
  /** The outcome that replaces the automated one (`overridden`; for an assessment, optional). */
  newOutcome: DecisionOutcomeSchema.optional(),
  /** What the client must do or accept (`approved_with_conditions` only; required there). */
  conditions: text(1000).optional(),
  reasonCode: ReasonCodeSchema,
  /** Shown to the client in the outcome letter: written for them. */
  rationale: z.string().trim().min(20).max(4000)
})
export type CaseDecisionRequest = z.infer<typeof CaseDecisionRequestSchema>

export const ClaimTokenRequestSchema = z.object({ token: ClaimTokenSchema })

export const ApprovalRequestSchema = z.object({
  approve: z.boolean(),
  /** Why; required when sending it back, optional when approving. */
  note: z.string().trim().max(2000)
})
export type ApprovalRequest = z.infer<typeof ApprovalRequestSchema>

export const ExtensionRequestSchema = z.object({
  months: z.union([z.literal(1), z.literal(2)]),
  reason: text(1000)
})
export type ExtensionRequest = z.infer<typeof ExtensionRequestSchema>

export const ReassignRequestSchema = z.object({
  /** A reviewer's staff id, or null to put the case back in the queue. */
  assignee: z.uuid().nullable()
})

export const ReviewCaseIdParamsSchema = z.object({ id: z.uuid() })

export const PersonRefSchema = z.object({ id: z.string(), displayName: z.string() })
export type PersonRef = z.infer<typeof PersonRefSchema>

export const CASE_ACTIONS = [
  'created',
  'claimed',
  'released',
  'claim_expired',
  'reassigned',
  'extended',
  'decided',
  'approved',
  'sent_back',
  'closed'
] as const
export const CaseActionSchema = z.enum(CASE_ACTIONS)
export type CaseAction = z.infer<typeof CaseActionSchema>

/** One step of a case's history: who (null: the API itself), when, what, and its details. */
export const CaseHistoryEntrySchema = z.object({
  at: z.string(),
  actor: PersonRefSchema.nullable(),
  /** The role the actor acted in (`reviewer`, `supervisor`, `agent`); null for the API. */
  actorRole: z.string().nullable(),
  action: CaseActionSchema,
  details: z.record(z.string(), z.unknown())
})
export type CaseHistoryEntry = z.infer<typeof CaseHistoryEntrySchema>

export const CaseResolutionSchema = z.object({
  outcome: CaseOutcomeSchema,
  newOutcome: DecisionOutcomeSchema.nullable(),
  conditions: z.string().nullable(),
  reasonCode: ReasonCodeSchema,
  rationale: z.string(),
  decidedAt: z.string(),
  decidedBy: PersonRefSchema
})
export type CaseResolution = z.infer<typeof CaseResolutionSchema>

/** A row of the queue: what the table shows, client identifiers masked. */
export const ReviewCaseSummarySchema = z.object({
  id: z.string(),
  /** Human-readable case number, e.g. `P-000123`; printed on letters. */
  number: z.string(),
  kind: ReviewCaseKindSchema,
  status: ReviewCaseStatusSchema,
  client: z.object({
    id: z.string(),
    displayName: z.string(),
    /** Personal code masked, or a business's registration number. */
    maskedIdentifier: z.string().nullable()
  }),
  decisionKind: DecisionKindSchema.nullable(),
  requestedAt: z.string(),
  /** The answer deadline, a Riga calendar date `YYYY-MM-DD` (see review-deadlines.ts). */
  dueAt: z.iso.date(),
  extended: z.boolean(),
  assignee: PersonRefSchema.nullable(),
  /** Until when the assignee's lease holds; past it, the case is anyone's to claim. */
  claimExpiresAt: z.string().nullable(),
  closedAt: z.string().nullable()
})
export type ReviewCaseSummary = z.infer<typeof ReviewCaseSummarySchema>

/** One case in full: the queue row, what the client asked, the decision, the outcome, history. */
export const ReviewCaseSchema = ReviewCaseSummarySchema.extend({
  clientLanguage: LanguageSchema,
  decision: DecisionSchema.nullable(),
  clientStatement: z.string().nullable(),
  replyChannel: ReplyChannelSchema,
  creditPurpose: z.string().nullable(),
  documents: z.array(ProvidedDocumentSchema),
  requestedBy: PersonRefSchema,
  centre: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The first deadline, one calendar month after the request. */
  firstDueAt: z.iso.date(),
  extension: z
    .object({ months: z.number().int(), reason: z.string(), at: z.string(), by: PersonRefSchema })
    .nullable(),
  resolution: CaseResolutionSchema.nullable(),
  approval: z
    .object({ approved: z.boolean(), note: z.string(), at: z.string(), by: PersonRefSchema })
    .nullable(),
  history: z.array(CaseHistoryEntrySchema)
})
export type ReviewCase = z.infer<typeof ReviewCaseSchema>

export const ClaimSchema = z.object({ token: ClaimTokenSchema, expiresAt: z.string() })
export type Claim = z.infer<typeof ClaimSchema>

export const ClaimResponseSchema = z.object({ case: ReviewCaseSchema, claim: ClaimSchema })
export type ClaimResponse = z.infer<typeof ClaimResponseSchema>

export const REVIEW_CASE_SORTS = [
  'dueAt',
  '-dueAt',
  'requestedAt',
  '-requestedAt',
  'number',
  '-number'
] as const
export const ReviewCaseSortSchema = z.enum(REVIEW_CASE_SORTS)
export type ReviewCaseSort = z.infer<typeof ReviewCaseSortSchema>

/**
 * The queue's query, all on the server. `assignee`: a staff id, `me`, or `none` (unclaimed).
 * `q`: a case number, or words of the client's name (accent- and case-insensitive).
 * A reviewer sees the open cases and their own whatever this asks; a supervisor sees all.
 */
export const ReviewCaseListQuerySchema = z.object({
  status: ReviewCaseStatusSchema.optional(),
  kind: ReviewCaseKindSchema.optional(),
  assignee: z.union([z.uuid(), z.enum(['me', 'none'])]).optional(),
  dueBefore: z.iso.date().optional(),
  q: z.string().trim().min(1).max(100).optional(),
  sort: ReviewCaseSortSchema.default('dueAt'),
  cursor: z.string().max(200).optional(),
  limit: queryInteger({ min: 1, max: 200 }).default(50)
})
export type ReviewCaseListQuery = z.infer<typeof ReviewCaseListQuerySchema>

export const ReviewCaseListSchema = z.object({
  items: z.array(ReviewCaseSummarySchema),
  /** Every case the query matches (within what the caller may see), for "1–50 of 1,234". */
  total: z.number().int(),
  nextCursor: z.string().nullable()
})
export type ReviewCaseList = z.infer<typeof ReviewCaseListSchema>

/** Format of a case number: `P-` and six digits at least. */
export function caseNumber(serial: number | bigint | string): string {
  return `P-${String(serial).padStart(6, '0')}`
}
