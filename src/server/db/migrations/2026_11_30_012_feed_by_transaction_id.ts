import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

/**
 * The feed stops serialising every writer's commit.
 *
 * Until now an outbox position came from an identity sequence taken under one global advisory
 * lock held through commit, so that positions became visible in order. Every durable commit then
 * waited for the one before it: sixteen writers were no faster than one.
 *
 * Now each outbox row also records the id of the transaction that wrote it, and the feed reads in
 * (transaction id, position) order, only below the oldest transaction still in flight
 * (`pg_snapshot_xmin(pg_current_snapshot())`): every row below that line is committed or gone for
 * good, and no row can appear below it later, so a reader never skips one. A writer that stays
 * open holds the line back (the feed waits; nothing is lost).
 *
 * Rows written before this migration all get this migration's transaction id, which is above
 * theirs and below every later writer's, so their order (by position) is kept and old cursors
 * (`pos:N`) can be translated.
 *
 * Also: an idempotency claim is now made in the same transaction as its write, so a committed
 * claim is always `done`. A claim left `in_flight` by a request that died before this version
 * would have blocked its key for two minutes; it is released here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table consent_outbox
              add column xact_id xid8 not null default pg_current_xact_id()`.execute(db)
  await sql`create index consent_outbox_feed_order on consent_outbox (xact_id, position)`.execute(
    db
  )
  await sql`delete from idempotency_keys where state = 'in_flight'`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index consent_outbox_feed_order`.execute(db)
  await sql`alter table consent_outbox drop column xact_id`.execute(db)
}
