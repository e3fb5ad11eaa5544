import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

/**
 * Every read of personal data is logged (issue 10 item 6): the log learns the other reads
 * (consents, timeline, …), and each row now says in which role, why (a reveal's reason) and in
 * which request (Fastify's request id, to find the request-log lines). The new columns are
 * nullable, so rows written before this stay valid as they are: nothing is updated (the log is
 * append-only for the app, and history is not rewritten). `view`, `search` and `reveal` keep their
 * meaning.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table access_log
    add column role text check (role in ('agent', 'reviewer', 'supervisor', 'integration', 'admin')),
    add column reason text check (reason in
      ('client_at_counter', 'client_on_phone', 'identity_check', 'complaint', 'review_case', 'other')),
    add column reason_note text check (char_length(reason_note) <= 500),
    add column request_id text check (char_length(request_id) <= 100)`.execute(db)
  await sql`alter table access_log drop constraint access_log_action_check`.execute(db)
  await sql`alter table access_log add constraint access_log_action_check check (action in
    ('search', 'view', 'reveal', 'consents', 'timeline', 'verify', 'report', 'receipt',
     'decisions', 'review_case', 'access_log'))`.execute(db)
  // "Who looked at this client" pages by (client_id, at, id) and "what did this person look at"
  // by (staff_id, at, id): the keyset's tie-breaker joins both indexes.
  await sql`drop index access_log_client_id_at_idx`.execute(db)
  await sql`drop index access_log_staff_id_at_idx`.execute(db)
  await sql`create index access_log_client_id_at_idx on access_log (client_id, at desc, id desc)`.execute(
    db
  )
  await sql`create index access_log_staff_id_at_idx on access_log (staff_id, at desc, id desc)`.execute(
    db
  )
  await sql`create index access_log_at_idx on access_log (at desc, id desc)`.execute(db)
  // Append-only for the API: it writes rows and reads them back for supervisors, nothing else.
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'consent_app') then
        execute 'grant select, insert on access_log to consent_app';
      end if;
    end
    $$`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from access_log where action not in ('view', 'search', 'reveal')`.execute(db)
  await sql`drop index access_log_at_idx`.execute(db)
  await sql`drop index access_log_client_id_at_idx`.execute(db)
  await sql`drop index access_log_staff_id_at_idx`.execute(db)
  await sql`create index access_log_client_id_at_idx on access_log (client_id, at)`.execute(db)
  await sql`create index access_log_staff_id_at_idx on access_log (staff_id, at)`.execute(db)
  await sql`alter table access_log drop constraint access_log_action_check`.execute(db)
  await sql`alter table access_log add constraint access_log_action_check
    check (action in ('view', 'search', 'reveal'))`.execute(db)
  await sql`alter table access_log
    drop column role, drop column reason, drop column reason_note, drop column request_id`.execute(
    db
  )
}
