import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import {
  caseNumber,
  PURPOSE_NEEDED_BY,
  type Decision,
  type DecisionFactor,
  type DecisionList,
  type DecisionOutcome,
  type RecordDecisionRequest,
  type ReviewCaseStatus
} from '../../shared/domain/review'
import type { Staff } from '../../shared/domain/staff'
import { clientExists } from '../clients/clients.repository'
import type { Clock } from '../clock'
import { PURPOSE_NUMBERS } from '../consents/purposes.catalogue'
import { checkPermission } from '../consents/permissions.service'
import type { Database } from '../db/database'
import { DomainError, validationFailed } from '../domain-error'
import {
  findDecision,
  insertDecision,
  listDecisionsOfClient,
  type DecisionRow
} from './decisions.repository'

export interface DecisionDeps {
  db: Kysely<Database>
  clock: Clock
}

/** How far ahead of the API's clock a caller's `decidedAt` may be (their clock may run fast). */
const CLOCK_SKEW_MS = 60_000

export function decisionNotFound(): DomainError {
  return new DomainError('not_found', 'No decision with this id')
}

/** The outcome as the contract shows it: only the members its result has. */
export function outcomeOf(row: {
  result: string
  limit_eur: number | null
  segment: string | null
  offers: string[] | null
}): DecisionOutcome {
  return {
    result: row.result as DecisionOutcome['result'],
    ...(row.limit_eur === null ? {} : { limitEur: Number(row.limit_eur) }),
    ...(row.segment === null ? {} : { segment: row.segment }),
    ...(row.offers === null ? {} : { offers: row.offers })
  }
}

export function toDecision(row: DecisionRow): Decision {
  return {
    id: row.id,
    clientId: row.client_id,
    kind: row.kind,
    outcome: outcomeOf(row),
    model: { name: row.model_name, version: row.model_version },
    factors: row.factors as DecisionFactor[],
    inputs: row.inputs as Record<string, unknown>,
    decidedAt: row.decided_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    review:
      row.review_case_id === null
        ? null
        : {
            caseId: row.review_case_id,
            number: caseNumber(row.review_number ?? ''),
            status: row.review_status as ReviewCaseStatus
          }
  }
}

/**
 * POST /v1/decisions: records what another system's model decided. A decision of a kind whose
 * consent the client has not given (profiling: purpose 3, credit: purpose 4) is refused with
 * `consent_missing`; the consent is asked of the permission check, the same answer
 * `GET /v1/permissions` gives. `decidedAt` defaults to now and may not lie in the future.
 */
export async function recordDecision(
  deps: DecisionDeps,
  args: { request: RecordDecisionRequest; staff: Staff }
): Promise<Decision> {
  const { request } = args
  const now = deps.clock.now()
  const decidedAt = request.decidedAt === undefined ? now : new Date(request.decidedAt)
  if (decidedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw validationFailed([{ path: 'decidedAt', message: 'is in the future' }])
  }
  const purpose = PURPOSE_NEEDED_BY[request.kind]
  // Throws not_found for an unknown client.
  const permission = await checkPermission(deps.db, { client: request.clientId, purpose })
  if (!permission.allowed) {
    throw new DomainError(
      'consent_missing',
      `A ${request.kind} decision needs the client's consent to ${purpose} ` +
        `(purpose ${PURPOSE_NUMBERS[purpose]}), which is ${permission.reason.replace('_', ' ')}`
    )
  }
  const id = randomUUID()
  await insertDecision(deps.db, {
    id,
    clientId: request.clientId,
    kind: request.kind,
    result: request.outcome.result,
    limitEur: request.outcome.limitEur ?? null,
    segment: request.outcome.segment ?? null,
    offers: request.outcome.offers ?? null,
    modelName: request.model.name,
    modelVersion: request.model.version,
    factors: request.factors,
    inputs: request.inputs,
    decidedAt,
    recordedAt: now,
    recordedBy: args.staff.id
  })
  return {
    id,
    clientId: request.clientId,
    kind: request.kind,
    outcome: request.outcome,
    model: request.model,
    factors: request.factors,
    inputs: request.inputs,
    decidedAt: decidedAt.toISOString(),
    recordedAt: now.toISOString(),
    review: null
  }
}

/** GET /v1/decisions/{id}. */
export async function getDecision(deps: DecisionDeps, id: string): Promise<Decision> {
  const row = await findDecision(deps.db, id, deps.clock.now())
  if (!row) throw decisionNotFound()
  return toDecision(row)
}

/** GET /v1/clients/{id}/decisions: newest first, each with its latest review case. */
export async function listClientDecisions(
  deps: DecisionDeps,
  clientId: string
): Promise<DecisionList> {
  const [exists, rows] = await Promise.all([
    clientExists(deps.db, clientId),
    listDecisionsOfClient(deps.db, clientId, deps.clock.now())
  ])
  if (!exists) throw new DomainError('not_found', 'No client with this id')
  return { items: rows.map(toDecision) }
}
