import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/database'
import { effectiveStatus } from './review-cases.repository'

type Db = Kysely<Database> | Transaction<Database>

/** A decision as stored, with its latest review case (if any) as the queue would show it. */
export interface DecisionRow {
  id: string
  client_id: string
  kind: 'profiling' | 'credit'
  result: string
  limit_eur: number | null
  segment: string | null
  offers: string[] | null
  model_name: string
  model_version: string
  factors: unknown
  inputs: unknown
  decided_at: Date
  recorded_at: Date
  review_case_id: string | null
  review_number: string | null
  review_status: string | null
}

export interface NewDecision {
  id: string
  clientId: string
  kind: 'profiling' | 'credit'
  result: string
  limitEur: number | null
  segment: string | null
  offers: string[] | null
  modelName: string
  modelVersion: string
  factors: unknown
  inputs: unknown
  decidedAt: Date
  recordedAt: Date
  recordedBy: string
}

export async function insertDecision(db: Db, decision: NewDecision): Promise<void> {
  await db
    .insertInto('automated_decisions')
    .values({
      id: decision.id,
      client_id: decision.clientId,
      kind: decision.kind,
      result: decision.result,
      limit_eur: decision.limitEur,
      segment: decision.segment,
      offers: decision.offers,
      model_name: decision.modelName,
      model_version: decision.modelVersion,
      // Strings: pg would turn a JS array into a PostgreSQL array literal, not JSON.
      factors: JSON.stringify(decision.factors),
      inputs: JSON.stringify(decision.inputs),
      decided_at: decision.decidedAt,
      recorded_at: decision.recordedAt,
      recorded_by: decision.recordedBy
    })
    .execute()
}

/**
 * Decisions with their latest review case (newest request first). `now` decides whether a claim
 * has run out: such a case reads as `open`, as everywhere else.
 */
function decisionsQuery(db: Db, now: Date) {
  return db
    .selectFrom('automated_decisions as d')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('review_cases as c')
          .select([
            'c.id',
            sql<string>`c.number::text`.as('number'),
            effectiveStatus('c', now).as('status')
          ])
          .whereRef('c.decision_id', '=', 'd.id')
          .orderBy('c.requested_at', 'desc')
          .orderBy('c.number', 'desc')
          .limit(1)
          .as('r'),
      (join) => join.onTrue()
    )
    .select([
      'd.id',
      'd.client_id',
      'd.kind',
      'd.result',
      // As float8: pg reads numeric as a string, PGlite as a number.
      sql<number | null>`d.limit_eur::float8`.as('limit_eur'),
      'd.segment',
      'd.offers',
      'd.model_name',
      'd.model_version',
      'd.factors',
      'd.inputs',
      'd.decided_at',
      'd.recorded_at',
      'r.id as review_case_id',
      'r.number as review_number',
      'r.status as review_status'
    ])
}

export async function findDecision(
  db: Db,
  id: string,
  now: Date
): Promise<DecisionRow | undefined> {
  return decisionsQuery(db, now).where('d.id', '=', id).executeTakeFirst()
}

/** A client's decisions, newest first. */
export async function listDecisionsOfClient(
  db: Db,
  clientId: string,
  now: Date
): Promise<DecisionRow[]> {
  return decisionsQuery(db, now)
    .where('d.client_id', '=', clientId)
    .orderBy('d.decided_at', 'desc')
    .orderBy('d.id', 'desc')
    .execute()
}
