import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

/**
 * Least privilege for the API (issue 10). The API connects as a LOGIN role that is a member of
 * `consent_app`; the owner of the tables runs the migrations (`npm run migrate`). Until now the
 * grants of 006/013/014 missed tables the API writes (sessions, staff, clients, access_log, the
 * review tables' neighbours), so in practice the API ran as the owner, and an owner can disable
 * the append-only triggers.
 *
 * This replaces every grant `consent_app` had with exactly what the repositories in src/server
 * use, table by table, derived from their queries:
 * - the records of what happened are append-only, SELECT and INSERT: consent_events, receipts,
 *   review_case_history, access_log, consent_outbox, consent_reports, automated_decisions,
 *   idempotency_keys (a key is written once, with its answer, in the write's statement);
 * - UPDATE only where a row holds current state: staff (failed sign-ins and the lock), sessions
 *   (revocation), consent_projection and client_consent_versions (upserts), review_cases (claims
 *   and decisions; SELECT … FOR UPDATE needs UPDATE too), receipt_signing_keys (retired_at);
 * - DELETE and TRUNCATE nowhere, and no sequence but review_claim_tokens (identity columns draw
 *   from their own sequences without a privilege check);
 * - INSERT ... RETURNING and ON CONFLICT ... WHERE read the row, so those tables keep SELECT;
 * - SELECT on Kysely's record of applied migrations: the API checks at start that the schema is
 *   current (db/schema-version.ts) instead of migrating.
 *
 * `consent_app` owns nothing, so it cannot ALTER a table or disable a trigger, and as a plain role
 * it cannot set session_replication_role (superuser-only). A later migration that adds a table
 * grants on it in the same migration; test/integration/postgres/least-privilege.test.ts lists
 * every table and fails for one it has no expectation for.
 *
 * Roles are per cluster: like 006, this creates `consent_app` only where the migrating user may
 * create roles, and grants only where the role exists. Where the owner may not create roles, a
 * DBA creates `consent_app` before `npm run migrate` (README, "Two roles").
 */
const GRANTS: ReadonlyArray<readonly [table: string, privileges: string]> = [
  ['centres', 'select'],
  ['staff', 'select, update'],
  ['sessions', 'select, insert, update'],
  ['clients', 'select, insert'],
  ['client_phones', 'select, insert'],
  ['contracts', 'select, insert'],
  ['access_log', 'select, insert'],
  ['notice_versions', 'select'],
  ['receipts', 'select, insert'],
  ['consent_events', 'select, insert'],
  ['consent_projection', 'select, insert, update'],
  ['client_consent_versions', 'select, insert, update'],
  ['idempotency_keys', 'select, insert'],
  ['consent_outbox', 'select, insert'],
  ['receipt_signing_keys', 'select, insert, update'],
  ['consent_reports', 'select, insert'],
  ['automated_decisions', 'select, insert'],
  ['review_cases', 'select, insert, update'],
  ['review_case_history', 'select, insert']
]

/** What 006, 013 and 014 had granted, for `down`. */
const EARLIER_GRANTS: ReadonlyArray<readonly [table: string, privileges: string]> = [
  ['consent_events, consent_outbox, receipts', 'select, insert'],
  ['consent_projection, client_consent_versions, idempotency_keys', 'select, insert, update'],
  ['idempotency_keys', 'delete'],
  ['notice_versions, clients, contracts, staff, centres', 'select'],
  ['consent_reports', 'select, insert'],
  ['receipt_signing_keys', 'select, insert, update'],
  ['automated_decisions, review_case_history', 'select, insert'],
  ['review_cases', 'select, insert, update']
]

function grantStatements(grants: ReadonlyArray<readonly [string, string]>): string {
  return grants
    .map(([table, privileges]) => `execute 'grant ${privileges} on ${table} to consent_app';`)
    .join('\n        ')
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    do $$
    begin
      if not exists (select 1 from pg_roles where rolname = 'consent_app')
         and exists (select 1 from pg_roles
                     where rolname = current_user and (rolsuper or rolcreaterole)) then
        begin
          create role consent_app nologin;
        exception when duplicate_object then
          -- Another database of the cluster migrated at the same moment.
          null;
        end;
      end if;
      if exists (select 1 from pg_roles where rolname = 'consent_app') then
        execute 'revoke all on all tables in schema public from consent_app';
        execute 'revoke all on all sequences in schema public from consent_app';
        execute 'revoke create on schema public from consent_app';
        execute 'grant usage on schema public to consent_app';
        ${sql.raw(grantStatements(GRANTS))}
        execute 'grant usage on sequence review_claim_tokens to consent_app';
        execute 'grant select on kysely_migration to consent_app';
      end if;
    end
    $$`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'consent_app') then
        execute 'revoke all on all tables in schema public from consent_app';
        execute 'revoke all on all sequences in schema public from consent_app';
        ${sql.raw(grantStatements(EARLIER_GRANTS))}
        execute 'grant usage on all sequences in schema public to consent_app';
      end if;
    end
    $$`.execute(db)
}
