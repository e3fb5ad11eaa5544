import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

/**
 * The access log's three time indexes go ascending: (client_id, at, id), (staff_id, at, id) and
 * (at, id). Every read of a client inserts a row whose `at` is the latest, and a descending index
 * put each one at the left edge of its range: a descent from the root and, when the leaf was full,
 * a half-and-half split that left both halves half empty for good. Ascending, a new row goes to the
 * right edge, where PostgreSQL keeps the last leaf in hand and splits it so that it stays full. The
 * newest-first pages read the same indexes backwards, in the same order as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index access_log_client_id_at_idx`.execute(db)
  await sql`drop index access_log_staff_id_at_idx`.execute(db)
  await sql`drop index access_log_at_idx`.execute(db)
  await sql`create index access_log_client_id_at_idx on access_log (client_id, at, id)`.execute(db)
  await sql`create index access_log_staff_id_at_idx on access_log (staff_id, at, id)`.execute(db)
  await sql`create index access_log_at_idx on access_log (at, id)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index access_log_client_id_at_idx`.execute(db)
  await sql`drop index access_log_staff_id_at_idx`.execute(db)
  await sql`drop index access_log_at_idx`.execute(db)
  await sql`create index access_log_client_id_at_idx on access_log (client_id, at desc, id desc)`.execute(
    db
  )
  await sql`create index access_log_staff_id_at_idx on access_log (staff_id, at desc, id desc)`.execute(
    db
  )
  await sql`create index access_log_at_idx on access_log (at desc, id desc)`.execute(db)
}
