import { randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import { z } from 'zod'
import {
  caseNumber,
  needsApproval,
  outcomeProblems,
  outcomesFor,
  type ApprovalRequest,
  type CaseDecisionRequest,
  type CaseHistoryEntry,
  type CaseOutcome,
  type ClaimResponse,
  type CreateReviewCaseRequest,
  type DecisionOutcome,
  type ExtensionRequest,
  type ProvidedDocument,
  type ReasonCode,
  type ReviewCase,
  type ReviewCaseList,
  type ReviewCaseListQuery,
  type ReviewCaseSort,
  type ReviewCaseSummary
} from '../../shared/domain/review'
import { canExtend, extendedDueDate, firstDueDate } from '../../shared/domain/review-deadlines'
import type { Role, Staff } from '../../shared/domain/staff'
import { foldForSearch } from '../../shared/identifiers/searchText'
import { clientExists } from '../clients/clients.repository'
import { searchWords } from '../clients/name-ranking'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import { uniqueViolation } from '../db/unique-violation'
import { DomainError, validationFailed, type FieldError } from '../domain-error'
import { clientIdentity } from '../receipts/client-identity'
import { decisionNotFound, outcomeOf, toDecision } from './decisions.service'
import { findDecision, type DecisionRow } from './decisions.repository'
import {
  appendHistory,
  claimCaseById,
  claimNextCaseWithCase,
  decideCase,
  findCaseFacts,
  findCaseState,
  findFullCase,
  hasDecided,
  insertCase,
  listCases,
  loadedCase,
  lockCase,
  ONE_PENDING_PER_DECISION,
  releaseClaim,
  renewClaim,
  staffRolesAndName,
  updateCase,
  type CaseListFilter,
  type CaseRow,
  type CaseSummaryRow,
  type ClaimedCaseRow,
  type HistoryRow,
  type LoadedCase,
  type LockedCase,
  type WrittenCaseRow
} from './review-cases.repository'

/**
 * The human-review queue (issue 9): filing cases, claiming them with a lease and a fencing token,
 * deciding, four-eyes approval, extensions and reassignment. Every transition writes its history
 * row in the same transaction as the change (or the same statement, for claims and decisions;
 * those statements also read back the case they answer with, so a claim is one round trip).
 *
 * Who sees what: a supervisor every case; a reviewer the open ones (a lease run out makes a case
 * open), the ones they hold and the ones they decided; the counter (agents) any one case and a
 * client's cases, for the letters. A case someone may not see answers 404, as if it did not exist.
 */
export interface ReviewDeps {
  db: Kysely<Database>
  clock: Clock
  /** How long a claim holds without renewal. */
  leaseMinutes: number
}

const MINUTE = 60_000

function caseNotFound(): DomainError {
  return new DomainError('not_found', 'No review case with this id')
}

function caseClosed(): DomainError {
  return new DomainError('case_closed', 'This case is closed and cannot change')
}

function staleClaim(): DomainError {
  return new DomainError(
    'stale_claim',
    'Your claim on this case is no longer current (it ran out, was released, or was taken ' +
      'over); claim the case again'
  )
}

function isSupervisor(staff: Staff): boolean {
  return staff.roles.includes('supervisor')
}

/** The first of `preferred` the staff member holds: the role they act in, for the history. */
function actingRole(staff: Staff, preferred: readonly Role[]): Role {
  return preferred.find((role) => staff.roles.includes(role)) ?? preferred[0]!
}

const REVIEWING: readonly Role[] = ['reviewer', 'supervisor']

/** A claim that ran out: the case is nobody's. */
function leaseRanOut(row: { status: string; lease_expires_at: Date | null }, now: Date): boolean {
  return row.status === 'claimed' && row.lease_expires_at !== null && row.lease_expires_at <= now
}

function isHeldBy(
  row: { status: string; assignee_id: string | null; lease_expires_at: Date | null },
  staffId: string,
  now: Date
): boolean {
  return row.status === 'claimed' && row.assignee_id === staffId && !leaseRanOut(row, now)
}

function heldBySomeoneElse(
  row: { status: string; assignee_id: string | null; lease_expires_at: Date | null },
  staffId: string,
  now: Date
): boolean {
  return row.status === 'claimed' && row.assignee_id !== staffId && !leaseRanOut(row, now)
}

/** Whether a reviewer (who is neither supervisor nor agent) may see this case. */
async function reviewerSees(
  db: Kysely<Database> | Transaction<Database>,
  row: { id: string; status: string; assignee_id: string | null; lease_expires_at: Date | null },
  staffId: string,
  now: Date
): Promise<boolean> {
  if (row.status === 'open' || leaseRanOut(row, now)) return true
  if (row.assignee_id === staffId) return true
  return hasDecided(db, row.id, staffId)
}

/** reviewerSees, for a case state read with whether the reviewer decided it. */
function reviewerSeesState(
  row: { status: string; assignee_id: string | null; lease_expires_at: Date | null },
  decided: boolean,
  staffId: string,
  now: Date
): boolean {
  return row.status === 'open' || leaseRanOut(row, now) || row.assignee_id === staffId || decided
}

/** Supervisors and the counter read any single case; reviewers only theirs and the open ones. */
function readsEveryCase(staff: Staff): boolean {
  return staff.roles.includes('supervisor') || staff.roles.includes('agent')
}

// ---- reading --------------------------------------------------------------------------------------

function personRef(id: string, name: string | null): { id: string; displayName: string } {
  return { id, displayName: name ?? '' }
}

function toSummary(row: CaseSummaryRow, now: Date): ReviewCaseSummary {
  const ranOut = leaseRanOut(row, now)
  const status = ranOut ? 'open' : row.status
  const identity = clientIdentity({
    kind: row.client_kind,
    first_name: row.first_name,
    last_name: row.last_name,
    name: row.name,
    personal_code: row.personal_code,
    registration_number: row.registration_number
  })
  return {
    id: row.id,
    number: caseNumber(row.number),
    kind: row.kind,
    status,
    client: {
      id: row.client_id,
      displayName: identity.name,
      maskedIdentifier: identity.maskedCode
    },
    decisionKind: row.decision_kind,
    requestedAt: row.requested_at.toISOString(),
    dueAt: row.due_at,
    extended: row.extension_months !== null,
    assignee:
      ranOut || row.assignee_id === null ? null : personRef(row.assignee_id, row.assignee_name),
    claimExpiresAt:
      status === 'claimed' && row.lease_expires_at ? row.lease_expires_at.toISOString() : null,
    closedAt: row.closed_at ? row.closed_at.toISOString() : null
  }
}

function toHistoryEntry(row: HistoryRow): CaseHistoryEntry {
  return {
    at: row.at.toISOString(),
    actor: row.actor_id === null ? null : personRef(row.actor_id, row.actor_name),
    actorRole: row.actor_role,
    action: row.action,
    details: (row.details ?? {}) as Record<string, unknown>
  }
}

function toReviewCase(
  row: CaseRow,
  history: HistoryRow[],
  decision: DecisionRow | undefined,
  now: Date
): ReviewCase {
  return {
    ...toSummary(row, now),
    clientLanguage: row.client_language,
    decision: decision ? toDecision(decision) : null,
    clientStatement: row.client_statement,
    replyChannel: row.reply_channel,
    creditPurpose: row.credit_purpose,
    documents: row.documents as ProvidedDocument[],
    requestedBy: personRef(row.requested_by, row.requested_by_name),
    centre: row.centre_id === null ? null : { id: row.centre_id, name: row.centre_name ?? '' },
    firstDueAt: row.first_due_at,
    extension:
      row.extended_at === null || row.extended_by === null
        ? null
        : {
            months: row.extension_months ?? 0,
            reason: row.extension_reason ?? '',
            at: row.extended_at.toISOString(),
            by: personRef(row.extended_by, row.extended_by_name)
          },
    resolution:
      row.outcome === null || row.decided_at === null || row.decided_by === null
        ? null
        : {
            outcome: row.outcome as CaseOutcome,
            newOutcome: (row.new_outcome ?? null) as DecisionOutcome | null,
            conditions: row.conditions,
            reasonCode: row.reason_code as ReasonCode,
            rationale: row.rationale ?? '',
            decidedAt: row.decided_at.toISOString(),
            decidedBy: personRef(row.decided_by, row.decided_by_name)
          },
    approval:
      row.approved === null || row.approval_at === null || row.approval_by === null
        ? null
        : {
            approved: row.approved,
            note: row.approval_note ?? '',
            at: row.approval_at.toISOString(),
            by: personRef(row.approval_by, row.approval_by_name)
          },
    history: history.map(toHistoryEntry)
  }
}

/** The case, its history and its decision: one query. */
async function loadCase(deps: ReviewDeps, id: string, now: Date): Promise<LoadedCase | null> {
  const full = await findFullCase(deps.db, id)
  return full ? loadedCase(full, now) : null
}

/** The case as it is now, for the answer to a write (whoever wrote it may see it). */
async function readCase(deps: ReviewDeps, id: string): Promise<ReviewCase> {
  const now = deps.clock.now()
  const loaded = await loadCase(deps, id, now)
  if (!loaded) throw caseNotFound()
  return toReviewCase(loaded.row, loaded.history, loaded.decision, now)
}

/**
 * The answer to a write that read the case back in its own statement: that case, or, when
 * another transaction changed the case while the write waited for it (and so may have written
 * history the statement could not see), the case read again.
 */
async function writtenCase(deps: ReviewDeps, written: WrittenCaseRow): Promise<ReviewCase> {
  if (!written.fresh) return readCase(deps, written.id)
  const now = deps.clock.now()
  const { row, history, decision } = loadedCase(written, now)
  return toReviewCase(row, history, decision, now)
}

/** GET /v1/review-cases/{id}: the case in full, history oldest first. */
export async function getReviewCase(
  deps: ReviewDeps,
  args: { id: string; staff: Staff }
): Promise<ReviewCase> {
  const now = deps.clock.now()
  const loaded = await loadCase(deps, args.id, now)
  if (!loaded) throw caseNotFound()
  const { row, history } = loaded
  if (!readsEveryCase(args.staff)) {
    const decided = history.some(
      (entry) => entry.action === 'decided' && entry.actor_id === args.staff.id
    )
    const sees =
      row.status === 'open' || leaseRanOut(row, now) || row.assignee_id === args.staff.id || decided
    if (!sees) throw caseNotFound()
  }
  return toReviewCase(row, history, loaded.decision, now)
}

// ---- the queue ------------------------------------------------------------------------------------

const CURSOR_KEY: Record<string, z.ZodType<string>> = {
  dueAt: z.iso.date(),
  requestedAt: z.iso.datetime(),
  number: z.string().regex(/^[0-9]{1,19}$/)
}

function encodeCursor(sort: ReviewCaseSort, key: string, id: string): string {
  return Buffer.from(JSON.stringify([sort, key, id])).toString('base64url')
}

function decodeCursor(cursor: string, sort: ReviewCaseSort): { key: string; id: string } {
  const invalid = (): DomainError =>
    validationFailed([{ path: 'cursor', message: 'is not a cursor of this list and sort' }])
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw invalid()
  }
  const shape = z
    .tuple([z.literal(sort), CURSOR_KEY[sort.replace(/^-/, '')]!, z.uuid()])
    .safeParse(parsed)
  if (!shape.success) throw invalid()
  return { key: shape.data[1], id: shape.data[2] }
}

/** `P-000123`, `p123` or `123`: a case number (its digits, without leading zeros). */
const CASE_NUMBER_QUERY = /^(?:p\s*-?\s*)?0*([0-9]{1,18})$/i

function searchFilter(q: string | undefined): Pick<CaseListFilter, 'number' | 'nameWords'> {
  if (q === undefined) return {}
  const number = CASE_NUMBER_QUERY.exec(q.trim())
  if (number) return { number: number[1]! }
  return { nameWords: searchWords(foldForSearch(q)) }
}

/**
 * GET /v1/review-cases: the queue, filtered, searched, sorted and keyset-paged on the server. A
 * reviewer's queue is what they may see whatever the filters ask; `total` counts the matches.
 */
export async function listReviewCases(
  deps: ReviewDeps,
  args: { query: ReviewCaseListQuery; staff: Staff }
): Promise<ReviewCaseList> {
  const { query, staff } = args
  const now = deps.clock.now()
  const page = {
    sort: query.sort,
    after: query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.sort),
    limit: query.limit
  }
  const filter: CaseListFilter = {
    now,
    visibleTo: isSupervisor(staff) ? undefined : staff.id,
    status: query.status,
    kind: query.kind,
    assignee:
      query.assignee === undefined
        ? undefined
        : query.assignee === 'me'
          ? staff.id
          : query.assignee === 'none'
            ? null
            : query.assignee,
    dueBefore: query.dueBefore,
    ...searchFilter(query.q)
  }
  const { rows, total } = await listCases(deps.db, filter, page)
  const shown = rows.slice(0, query.limit)
  const last = shown.at(-1)
  return {
    items: shown.map((row) => toSummary(row, now)),
    total,
    nextCursor:
      rows.length > query.limit && last ? encodeCursor(query.sort, last.sort_key, last.id) : null
  }
}

/** The most cases a client's list returns (a client with more is not a real one). */
const CLIENT_CASES_LIMIT = 500

/** GET /v1/clients/{id}/review-cases: newest first; a reviewer sees only what they may. */
export async function listClientReviewCases(
  deps: ReviewDeps,
  args: { clientId: string; staff: Staff }
): Promise<ReviewCaseList> {
  const now = deps.clock.now()
  if (!(await clientExists(deps.db, args.clientId))) {
    throw new DomainError('not_found', 'No client with this id')
  }
  const { rows, total } = await listCases(
    deps.db,
    {
      now,
      clientId: args.clientId,
      visibleTo: readsEveryCase(args.staff) ? undefined : args.staff.id
    },
    { sort: '-requestedAt', limit: CLIENT_CASES_LIMIT }
  )
  return {
    items: rows.slice(0, CLIENT_CASES_LIMIT).map((row) => toSummary(row, now)),
    total,
    nextCursor: null
  }
}

// ---- filing -----------------------------------------------------------------------------------------

/**
 * POST /v1/review-cases: the counter files a review of a decision, or a manual creditworthiness
 * assessment. Due one calendar month after the request (Riga days). A decision already under a
 * review that is not closed is refused (`review_already_requested`), by a unique index, so two
 * agents at two counters cannot both file it.
 */
export async function createReviewCase(
  deps: ReviewDeps,
  args: { request: CreateReviewCaseRequest; staff: Staff }
): Promise<ReviewCase> {
  const { request, staff } = args
  const now = deps.clock.now()
  if (!(await clientExists(deps.db, request.clientId))) {
    throw new DomainError('not_found', 'No client with this id')
  }
  if (request.decisionId !== undefined) {
    const decision = await findDecision(deps.db, request.decisionId, now)
    if (!decision) throw decisionNotFound()
    if (decision.client_id !== request.clientId) {
      throw validationFailed([
        { path: 'decisionId', message: 'is a decision about another client' }
      ])
    }
  }
  const id = randomUUID()
  const dueAt = firstDueDate(now.toISOString())
  try {
    await deps.db.transaction().execute(async (trx) => {
      await insertCase(trx, {
        id,
        kind: request.kind,
        clientId: request.clientId,
        decisionId: request.decisionId ?? null,
        clientStatement: request.clientStatement ?? null,
        replyChannel: request.replyChannel,
        creditPurpose: request.creditPurpose ?? null,
        documents: request.documents ?? [],
        requestedAt: now,
        requestedBy: staff.id,
        centreId: staff.centre.id,
        firstDueAt: dueAt
      })
      await appendHistory(trx, id, now, [
        {
          action: 'created',
          actorId: staff.id,
          actorRole: actingRole(staff, ['agent', 'supervisor']),
          details: {
            kind: request.kind,
            ...(request.decisionId === undefined ? {} : { decisionId: request.decisionId }),
            replyChannel: request.replyChannel,
            dueAt
          }
        }
      ])
    })
  } catch (error) {
    if (uniqueViolation(error, [ONE_PENDING_PER_DECISION]) === ONE_PENDING_PER_DECISION) {
      throw new DomainError(
        'review_already_requested',
        'This decision is already under review; the open case answers the client'
      )
    }
    throw error
  }
  return readCase(deps, id)
}

// ---- claims -------------------------------------------------------------------------------------

function claimArgs(deps: ReviewDeps, staff: Staff) {
  const now = deps.clock.now()
  return {
    staffId: staff.id,
    role: actingRole(staff, REVIEWING),
    now,
    leaseUntil: new Date(now.getTime() + deps.leaseMinutes * MINUTE)
  }
}

async function claimResponse(deps: ReviewDeps, claimed: ClaimedCaseRow): Promise<ClaimResponse> {
  return {
    case: await writtenCase(deps, claimed),
    claim: { token: claimed.token, expiresAt: new Date(claimed.expires_at).toISOString() }
  }
}

/**
 * POST /v1/review-cases/claim-next: the claimable case due soonest, or undefined (204) when none
 * is left. Never a case someone holds, the caller included.
 */
export async function claimNextReviewCase(
  deps: ReviewDeps,
  args: { staff: Staff }
): Promise<ClaimResponse | undefined> {
  const claimed = await claimNextCaseWithCase(deps.db, claimArgs(deps, args.staff))
  return claimed ? claimResponse(deps, claimed) : undefined
}

/**
 * POST /v1/review-cases/{id}/claim: open, its lease run out, or already the caller's (a new token;
 * the old one goes stale). Someone else's live claim → `case_claimed`; a closed case →
 * `case_closed`; a case waiting for approval → `invalid_transition`.
 */
export async function claimReviewCase(
  deps: ReviewDeps,
  args: { id: string; staff: Staff }
): Promise<ClaimResponse> {
  // A second attempt only when the case became claimable between the claim and the look at why
  // it failed (released, or its lease ran out, in between).
  for (let attempt = 1; ; attempt++) {
    const claim = claimArgs(deps, args.staff)
    const claimed = await claimCaseById(deps.db, args.id, claim)
    if (claimed) return claimResponse(deps, claimed)

    const row = await findCaseState(deps.db, args.id, args.staff.id)
    if (!row) throw caseNotFound()
    const held = heldBySomeoneElse(row, args.staff.id, claim.now)
    // Someone else's claim is not hidden: the reviewer saw the case open a moment ago.
    if (
      !held &&
      !readsEveryCase(args.staff) &&
      !reviewerSeesState(row, row.decided, args.staff.id, claim.now)
    ) {
      throw caseNotFound()
    }
    if (row.status === 'closed') throw caseClosed()
    if (row.status === 'awaiting_approval') {
      throw new DomainError(
        'invalid_transition',
        'This case waits for a supervisor’s approval; it cannot be claimed'
      )
    }
    if (held || attempt >= 2) {
      throw new DomainError('case_claimed', 'Someone else is working on this case')
    }
  }
}

/** Why a token-bearing request failed: no case, a closed one, or a claim that is not current. */
async function claimFailure(deps: ReviewDeps, id: string, staff: Staff): Promise<DomainError> {
  const row = await findCaseState(deps.db, id, staff.id)
  if (!row) return caseNotFound()
  if (row.status === 'closed') return caseClosed()
  return staleClaim()
}

/** POST /v1/review-cases/{id}/renew: a fresh lease for the current claim (same token). */
export async function renewReviewClaim(
  deps: ReviewDeps,
  args: { id: string; token: string; staff: Staff }
): Promise<ClaimResponse> {
  const { now, leaseUntil } = claimArgs(deps, args.staff)
  const renewed = await renewClaim(
    deps.db,
    { caseId: args.id, staffId: args.staff.id, token: args.token, now },
    leaseUntil
  )
  if (!renewed) throw await claimFailure(deps, args.id, args.staff)
  return claimResponse(deps, renewed)
}

/** POST /v1/review-cases/{id}/release: back to the queue. */
export async function releaseReviewClaim(
  deps: ReviewDeps,
  args: { id: string; token: string; staff: Staff }
): Promise<ReviewCase> {
  const { now, role } = claimArgs(deps, args.staff)
  const released = await releaseClaim(
    deps.db,
    { caseId: args.id, staffId: args.staff.id, token: args.token, now },
    role
  )
  if (!released) throw await claimFailure(deps, args.id, args.staff)
  return writtenCase(deps, released)
}

// ---- transitions under the row lock ---------------------------------------------------------------

/**
 * Runs `change` on the case's row, locked (SELECT … FOR UPDATE) until the transaction commits:
 * what it checks cannot change before it writes. 404 when there is no such case.
 */
async function transition(
  deps: ReviewDeps,
  id: string,
  change: (trx: Transaction<Database>, locked: LockedCase, now: Date) => Promise<void>
): Promise<ReviewCase> {
  const now = deps.clock.now()
  await deps.db.transaction().execute(async (trx) => {
    const locked = await lockCase(trx, id)
    if (!locked) throw caseNotFound()
    await change(trx, locked, now)
  })
  return readCase(deps, id)
}

function sameOutcome(a: DecisionOutcome, b: DecisionOutcome): boolean {
  const key = (outcome: DecisionOutcome): string =>
    JSON.stringify([
      outcome.result,
      outcome.limitEur ?? null,
      outcome.segment ?? null,
      [...(outcome.offers ?? [])].sort()
    ])
  return key(a) === key(b)
}

/** What is wrong with a decision for this case (its kind, and the decision it reviews). */
function decisionProblems(locked: LockedCase, body: CaseDecisionRequest): FieldError[] {
  const problems: FieldError[] = []
  const allowed = outcomesFor(locked.kind)
  if (!allowed.includes(body.outcome)) {
    problems.push({
      path: 'outcome',
      message: `a ${locked.kind.replace('_', ' ')} case ends ${allowed.join(', ')}`
    })
  }
  const outcomeKind = locked.kind === 'manual_credit' ? 'credit' : locked.decision_kind
  if (body.newOutcome !== undefined) {
    if (locked.kind === 'decision_review' && body.outcome !== 'overridden') {
      problems.push({ path: 'newOutcome', message: 'goes only with an override' })
    } else if (outcomeKind !== null) {
      for (const problem of outcomeProblems(outcomeKind, body.newOutcome)) {
        problems.push({ path: ['newOutcome', ...problem.path].join('.'), message: problem.message })
      }
    }
  }
  if (body.outcome === 'overridden') {
    if (body.newOutcome === undefined) {
      problems.push({ path: 'newOutcome', message: 'an override says what the outcome is now' })
    } else if (locked.decision_result !== null) {
      const original = outcomeOf({
        result: locked.decision_result,
        limit_eur: locked.decision_limit_eur,
        segment: locked.decision_segment,
        offers: locked.decision_offers
      })
      if (sameOutcome(original, body.newOutcome)) {
        problems.push({
          path: 'newOutcome',
          message: 'is the outcome under review; uphold it instead'
        })
      }
    }
  }
  if (body.outcome === 'approved_with_conditions' && body.conditions === undefined) {
    problems.push({ path: 'conditions', message: 'say what the client must do or accept' })
  }
  if (body.outcome !== 'approved_with_conditions' && body.conditions !== undefined) {
    problems.push({ path: 'conditions', message: 'go only with approved_with_conditions' })
  }
  return problems
}

/**
 * POST /v1/review-cases/{id}/decision: only the current claimant, with the current token and a
 * lease that holds (else `stale_claim`). Closes the case, or, for an override of a credit
 * decision and every manual assessment, sends it to a supervisor (`awaiting_approval`).
 *
 * Two round trips, no transaction: a read of what the decision is checked against, then ONE
 * statement that writes the decision and its history only if the claim is still current when it
 * holds the row (the check and the write are atomic, as for a claim). The `decided` history row
 * carries the fencing token the decision used.
 */
export async function decideReviewCase(
  deps: ReviewDeps,
  args: { id: string; body: CaseDecisionRequest; staff: Staff }
): Promise<ReviewCase> {
  const { body, staff } = args
  const now = deps.clock.now()
  // What the decision is checked against, read without a lock: the status and the claim are
  // checked again by the write itself (decideCase), atomically; the case's kind and the decision
  // it reviews never change. A refusal here (closed, stale, invalid) writes nothing.
  const facts = await findCaseFacts(deps.db, args.id)
  if (!facts) throw caseNotFound()
  if (facts.status === 'closed') throw caseClosed()
  if (!isHeldBy(facts, staff.id, now) || facts.claim_token !== body.token) throw staleClaim()
  const problems = decisionProblems(facts, body)
  if (problems.length > 0) throw validationFailed(problems)

  const closes = !needsApproval(facts.kind, facts.decision_kind, body.outcome)
  const decided = await decideCase(deps.db, {
    claim: { caseId: facts.id, staffId: staff.id, token: body.token, now },
    role: actingRole(staff, REVIEWING),
    closes,
    outcome: body.outcome,
    newOutcome: body.newOutcome ?? null,
    conditions: body.conditions ?? null,
    reasonCode: body.reasonCode,
    rationale: body.rationale,
    details: {
      outcome: body.outcome,
      reasonCode: body.reasonCode,
      ...(body.newOutcome === undefined ? {} : { newOutcome: body.newOutcome }),
      needsApproval: !closes
    }
  })
  // The claim stopped being current between the read and the write: closed, or stale.
  if (!decided) throw await claimFailure(deps, args.id, staff)
  return writtenCase(deps, decided)
}

/**
 * POST /v1/review-cases/{id}/approval: a supervisor who is not the decider (403) approves (the
 * case closes) or sends it back with a note (open again, the resolution cleared).
 */
export async function approveReviewCase(
  deps: ReviewDeps,
  args: { id: string; body: ApprovalRequest; staff: Staff }
): Promise<ReviewCase> {
  const { body, staff } = args
  if (!body.approve && body.note === '') {
    throw validationFailed([{ path: 'note', message: 'say why it goes back to the reviewer' }])
  }
  return transition(deps, args.id, async (trx, locked, now) => {
    if (locked.status === 'closed') throw caseClosed()
    if (locked.status !== 'awaiting_approval') {
      throw new DomainError('invalid_transition', 'This case is not waiting for approval')
    }
    if (locked.decided_by === staff.id) {
      throw new DomainError(
        'forbidden',
        'Nobody approves their own decision: ask another supervisor'
      )
    }
    const approval = {
      approved: body.approve,
      approval_note: body.note,
      approval_at: now,
      approval_by: staff.id
    }
    if (body.approve) {
      await updateCase(trx, locked.id, { ...approval, status: 'closed', closed_at: now })
      await appendHistory(trx, locked.id, now, [
        {
          action: 'approved',
          actorId: staff.id,
          actorRole: 'supervisor',
          details: { note: body.note }
        },
        { action: 'closed', actorId: staff.id, actorRole: 'supervisor' }
      ])
      return
    }
    await updateCase(trx, locked.id, {
      ...approval,
      status: 'open',
      assignee_id: null,
      outcome: null,
      new_outcome: null,
      conditions: null,
      reason_code: null,
      rationale: null,
      decided_at: null,
      decided_by: null
    })
    await appendHistory(trx, locked.id, now, [
      {
        action: 'sent_back',
        actorId: staff.id,
        actorRole: 'supervisor',
        details: { note: body.note }
      }
    ])
  })
}

/**
 * POST /v1/review-cases/{id}/extension: once, within the first month, by the reviewer holding the
 * case or any supervisor; the reason is what the client is told, through their reply channel.
 */
export async function extendReviewCase(
  deps: ReviewDeps,
  args: { id: string; body: ExtensionRequest; staff: Staff }
): Promise<ReviewCase> {
  const { body, staff } = args
  return transition(deps, args.id, async (trx, locked, now) => {
    if (!readsEveryCase(staff) && !(await reviewerSees(trx, locked, staff.id, now))) {
      throw caseNotFound()
    }
    if (locked.status === 'closed') throw caseClosed()
    const holder = isHeldBy(locked, staff.id, now)
    if (!holder && !isSupervisor(staff)) {
      throw new DomainError(
        'forbidden',
        'Only the reviewer holding the case, or a supervisor, may extend its deadline'
      )
    }
    const requestedAt = locked.requested_at.toISOString()
    if (!canExtend(requestedAt, now.toISOString(), locked.extended_at !== null)) {
      throw new DomainError(
        'extension_not_allowed',
        locked.extended_at !== null
          ? 'This case was extended already; a deadline is extended only once'
          : 'The first month has ended: a deadline can be extended only before it does'
      )
    }
    const dueAt = extendedDueDate(requestedAt, body.months)
    await updateCase(trx, locked.id, {
      due_at: dueAt,
      extension_months: body.months,
      extension_reason: body.reason,
      extended_at: now,
      extended_by: staff.id
    })
    await appendHistory(trx, locked.id, now, [
      {
        action: 'extended',
        actorId: staff.id,
        actorRole: holder ? actingRole(staff, REVIEWING) : 'supervisor',
        details: {
          months: body.months,
          reason: body.reason,
          dueAt,
          clientNotifiedVia: locked.reply_channel
        }
      }
    ])
  })
}

/**
 * POST /v1/review-cases/{id}/reassign (supervisors): to a reviewer, who holds it with a fresh
 * token and lease and takes it over with `claim` (allowed: it is theirs); or, with null, back to
 * the queue. Whoever held it before holds a stale token.
 */
export async function reassignReviewCase(
  deps: ReviewDeps,
  args: { id: string; assignee: string | null; staff: Staff }
): Promise<ReviewCase> {
  const { assignee, staff } = args
  let toName: string | null = null
  if (assignee !== null) {
    const member = await staffRolesAndName(deps.db, assignee)
    if (!member?.roles.includes('reviewer')) {
      throw validationFailed([{ path: 'assignee', message: 'is not a reviewer' }])
    }
    toName = member.display_name
  }
  return transition(deps, args.id, async (trx, locked, now) => {
    if (locked.status === 'closed') throw caseClosed()
    if (locked.status === 'awaiting_approval') {
      throw new DomainError(
        'invalid_transition',
        'This case waits for approval; approve it or send it back instead'
      )
    }
    const from = leaseRanOut(locked, now) ? null : locked.assignee_id
    // Names beside the ids, so the history reads without a staff directory.
    const fromName =
      from === null ? null : ((await staffRolesAndName(trx, from))?.display_name ?? null)
    await updateCase(
      trx,
      locked.id,
      assignee === null
        ? { status: 'open', assignee_id: null, claim_token: null, lease_expires_at: null }
        : {
            status: 'claimed',
            assignee_id: assignee,
            claim_token: 'next',
            lease_expires_at: new Date(now.getTime() + deps.leaseMinutes * MINUTE)
          }
    )
    await appendHistory(trx, locked.id, now, [
      {
        action: 'reassigned',
        actorId: staff.id,
        actorRole: 'supervisor',
        details: { from, to: assignee, fromName, toName }
      }
    ])
  })
}
