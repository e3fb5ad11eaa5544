import {
  outcomeProblems,
  type CaseOutcome,
  type DecisionOutcome,
  type ReasonCode,
  type ReviewCase,
  type ReviewCaseSummary
} from '../../../../shared/domain/review'
import type { CREDIT_RESULTS } from '../../../../shared/domain/review'
import { canExtend } from '../../../../shared/domain/review-deadlines'
import type { Staff } from '../../../../shared/domain/staff'
import type { InvokeInput } from '../../../../shared/ipc/contract'

/** The queue's page size: "1–50 of 1 234". */
export const REVIEW_PAGE_SIZE = 50

/** The shortest rationale the API takes; the client reads it in the letter. */
export const RATIONALE_MIN = 20
export const RATIONALE_MAX = 4000

export type CreditResult = (typeof CREDIT_RESULTS)[number]

/** The reviewer's decision as it is being written, field by field as typed. */
export interface DecisionDraft {
  outcome: CaseOutcome | null
  /** The new credit result of an override. */
  newResult: CreditResult | ''
  /** The new limit in euros, as typed (`1500`, `1 500,50`). */
  limit: string
  /** The new segment of an overridden profiling decision. */
  segment: string
  conditions: string
  reasonCode: ReasonCode | ''
  rationale: string
}

export const EMPTY_DRAFT: DecisionDraft = {
  outcome: null,
  newResult: '',
  limit: '',
  segment: '',
  conditions: '',
  reasonCode: '',
  rationale: ''
}

/** Anything typed or chosen: leaving would lose it, so every way out asks first. */
export function isDraftDirty(draft: DecisionDraft): boolean {
  return (
    draft.outcome !== null ||
    draft.newResult !== '' ||
    draft.limit.trim() !== '' ||
    draft.segment.trim() !== '' ||
    draft.conditions.trim() !== '' ||
    draft.reasonCode !== '' ||
    draft.rationale.trim() !== ''
  )
}

/**
 * Euros as staff type them: digits, an optional space or non-breaking space between thousands,
 * a comma or a point before at most two cents. Null when it is not an amount.
 */
export function parseEuros(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.')
  if (!/^\d{1,8}(\.\d{1,2})?$/.test(compact)) return null
  const value = Number(compact)
  return value > 0 && value <= 10_000_000 ? value : null
}

/** The form's fields that can be wrong, each with what is wrong (an i18n key under `review.form.problem`). */
export type DraftField =
  'outcome' | 'newResult' | 'limit' | 'segment' | 'conditions' | 'reasonCode' | 'rationale'
export type DraftProblems = Partial<Record<DraftField, string>>

/** The outcome that replaces the automated one, when the draft overrides it. */
export function newOutcomeOf(
  draft: DecisionDraft,
  reviewCase: Pick<ReviewCase, 'decision'>
): DecisionOutcome | undefined {
  if (draft.outcome !== 'overridden' || !reviewCase.decision) return undefined
  if (reviewCase.decision.kind === 'profiling') {
    return { result: 'segment_assigned', segment: draft.segment.trim() }
  }
  if (draft.newResult === '') return undefined
  const limit = parseEuros(draft.limit)
  return draft.newResult === 'approved_with_limit'
    ? { result: 'approved_with_limit', ...(limit === null ? {} : { limitEur: limit }) }
    : { result: draft.newResult }
}

function sameOutcome(a: DecisionOutcome, b: DecisionOutcome): boolean {
  return (
    a.result === b.result &&
    (a.limitEur ?? null) === (b.limitEur ?? null) &&
    (a.segment ?? '').trim().toLowerCase() === (b.segment ?? '').trim().toLowerCase()
  )
}

/**
 * What stops the draft from being sent, field by field; empty when it can go. The structural
 * rules of a new outcome are the API's own (`outcomeProblems`), so the form and the API agree.
 */
export function draftProblems(
  draft: DecisionDraft,
  reviewCase: Pick<ReviewCase, 'kind' | 'decision'>
): DraftProblems {
  const problems: DraftProblems = {}
  if (draft.outcome === null) problems.outcome = 'outcome'
  if (draft.outcome === 'overridden' && reviewCase.decision) {
    const kind = reviewCase.decision.kind
    if (kind === 'credit') {
      if (draft.newResult === '') problems.newResult = 'newResult'
      else if (draft.newResult === 'approved_with_limit' && parseEuros(draft.limit) === null) {
        problems.limit = draft.limit.trim() === '' ? 'limitMissing' : 'limitInvalid'
      }
    } else if (draft.segment.trim() === '') {
      problems.segment = 'segment'
    }
    const next = newOutcomeOf(draft, reviewCase)
    if (next && Object.keys(problems).length === 0) {
      for (const problem of outcomeProblems(kind, next)) {
        const field: DraftField =
          problem.path[0] === 'limitEur'
            ? 'limit'
            : problem.path[0] === 'segment'
              ? 'segment'
              : 'newResult'
        problems[field] ??= 'structure'
      }
      if (sameOutcome(next, reviewCase.decision.outcome)) {
        problems[kind === 'credit' ? 'newResult' : 'segment'] = 'sameAsAutomated'
      }
    }
  }
  if (draft.outcome === 'approved_with_conditions' && draft.conditions.trim() === '') {
    problems.conditions = 'conditions'
  }
  if (draft.conditions.trim().length > 1000) problems.conditions = 'conditionsLong'
  if (draft.reasonCode === '') problems.reasonCode = 'reasonCode'
  const rationale = draft.rationale.trim()
  if (rationale.length < RATIONALE_MIN) {
    problems.rationale = rationale === '' ? 'rationaleMissing' : 'rationaleShort'
  } else if (rationale.length > RATIONALE_MAX) {
    problems.rationale = 'rationaleLong'
  }
  return problems
}

/** The `reviews:decide` input for a draft that has no problems. */
export function decisionInput(
  draft: DecisionDraft,
  reviewCase: Pick<ReviewCase, 'id' | 'kind' | 'decision'>,
  token: string
): InvokeInput<'reviews:decide'> {
  const newOutcome = newOutcomeOf(draft, reviewCase)
  return {
    id: reviewCase.id,
    token,
    outcome: draft.outcome as CaseOutcome,
    ...(newOutcome ? { newOutcome } : {}),
    ...(draft.outcome === 'approved_with_conditions'
      ? { conditions: draft.conditions.trim() }
      : {}),
    reasonCode: draft.reasonCode as ReasonCode,
    rationale: draft.rationale.trim()
  }
}

/** A server field path (`newOutcome.limitEur`) as the form's field, when it has one. */
export function fieldOfPath(path: string): DraftField | null {
  if (path.startsWith('newOutcome.limitEur')) return 'limit'
  if (path.startsWith('newOutcome.segment')) return 'segment'
  if (path.startsWith('newOutcome')) return 'newResult'
  const head = path.split('.')[0]
  switch (head) {
    case 'outcome':
    case 'conditions':
    case 'reasonCode':
    case 'rationale':
      return head
    default:
      return null
  }
}

/** Whether a lease shown on a row or a case is still running at `now`. */
export function leaseRunning(
  summary: Pick<ReviewCaseSummary, 'claimExpiresAt'>,
  now: number
): boolean {
  return summary.claimExpiresAt !== null && Date.parse(summary.claimExpiresAt) > now
}

/** The case is held by this person (the API says so; the token may or may not be in hand). */
export function isMine(
  summary: Pick<ReviewCaseSummary, 'assignee' | 'status'>,
  staff: Staff
): boolean {
  return summary.status === 'claimed' && summary.assignee?.id === staff.id
}

/** Someone may claim it now: open, or claimed with the lease run out (and not mine). */
export function isClaimable(summary: ReviewCaseSummary, staff: Staff, now: number): boolean {
  if (summary.status === 'open') return true
  return summary.status === 'claimed' && !isMine(summary, staff) && !leaseRunning(summary, now)
}

export function isReviewer(staff: Staff): boolean {
  return staff.roles.includes('reviewer') || staff.roles.includes('supervisor')
}

export function isSupervisor(staff: Staff): boolean {
  return staff.roles.includes('supervisor')
}

/** The extension is offered within the first month, once, to the claimant or a supervisor. */
export function extensionOffered(
  reviewCase: ReviewCase,
  nowIso: string,
  holdsClaim: boolean,
  supervisor: boolean
): boolean {
  if (reviewCase.status === 'closed' || reviewCase.status === 'awaiting_approval') return false
  if (!holdsClaim && !supervisor) return false
  return canExtend(reviewCase.requestedAt, nowIso, reviewCase.extended)
}

/** The lease left as `m:ss` (never negative). */
export function formatRemaining(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  const minutes = Math.floor(seconds / 60)
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`
}
