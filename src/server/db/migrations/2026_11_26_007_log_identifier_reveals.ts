import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

/** The access log also records when a client's full identifiers were revealed on screen. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table access_log drop constraint access_log_action_check`.execute(db)
  await sql`alter table access_log add constraint access_log_action_check
    check (action in ('view', 'search', 'reveal'))`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from access_log where action = 'reveal'`.execute(db)
  await sql`alter table access_log drop constraint access_log_action_check`.execute(db)
  await sql`alter table access_log add constraint access_log_action_check
    check (action in ('view', 'search'))`.execute(db)
}
