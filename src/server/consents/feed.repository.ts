import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../db/database'
import {
  eventsQuery,
  onlyIf,
  type EventRecord,
  type EventRow,
  type Gate
} from './ledger.repository'

/**
 * The change feed (transactional outbox): one row per event, written in the event's transaction.
 *
 * Order and completeness without a global lock (migration 012). A row records the id of the
 * transaction that wrote it (`xact_id`, defaulted by PostgreSQL) next to its position, and the
 * feed is read in (xact_id, position) order, only below `pg_snapshot_xmin(pg_current_snapshot())`:
 * the oldest transaction still in flight. Below that line every transaction has ended, and any
 * later one gets a higher id, so no row can ever appear behind a reader's cursor. Writers commit
 * independently (sixteen durable commits share fsyncs instead of queueing for one lock); a writer
 * that stays open holds the line, and the feed waits for it rather than skip it.
 *
 * The alternative, a relay that numbers committed rows, needs a process of its own and adds a
 * hop of latency; this needs nothing but the reading query.
 */
export interface FeedPosition {
  xactId: string
  position: string
}

/** The events' feed rows; position and transaction id are PostgreSQL's defaults. */
export function appendToFeed(
  events: readonly EventRecord[],
  now: Date,
  gate: Gate
): RawBuilder<unknown> {
  const rows = events.map((event) => ({
    event_id: event.id,
    client_id: event.client_id,
    created_at: now
  }))
  return sql`insert into consent_outbox (event_id, client_id, created_at)
    select event_id, client_id, created_at
    from jsonb_populate_recordset(null::consent_outbox, ${JSON.stringify(rows)}::jsonb)
    ${onlyIf(gate)}`
}

/** Feed rows after `after`, oldest first, never past the oldest transaction still in flight. */
export async function feedAfter(
  db: Kysely<Database>,
  after: FeedPosition,
  limit: number
): Promise<Array<EventRow & FeedPosition>> {
  return eventsQuery(db)
    .innerJoin('consent_outbox as o', 'o.event_id', 'e.id')
    .select([
      sql<string>`o.xact_id::text`.as('xactId'),
      sql<string>`o.position::text`.as('position')
    ])
    .where(
      sql<boolean>`(o.xact_id, o.position) > (${after.xactId}::xid8, ${after.position}::bigint)`
    )
    .where(sql<boolean>`o.xact_id < pg_snapshot_xmin(pg_current_snapshot())`)
    .orderBy('o.xact_id')
    .orderBy('o.position')
    .limit(limit)
    .execute()
}

/**
 * A cursor from before migration 012 named a position only; every such row now carries the
 * migration's transaction id, so the position finds it. Null when no row has that position.
 */
export async function xactIdAtPosition(
  db: Kysely<Database>,
  position: string
): Promise<string | null> {
  const row = await db
    .selectFrom('consent_outbox')
    .select(sql<string>`xact_id::text`.as('xactId'))
    .where('position', '=', position)
    .executeTakeFirst()
  return row?.xactId ?? null
}
