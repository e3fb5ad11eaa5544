import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

/**
 * The triggers stop UPDATE and DELETE for everyone, but an owner may drop a trigger. In production
 * the API therefore connects as a LOGIN role that is a member of `consent_app` (and not the owner
 * of the tables): it may read and append consent events, never change, delete or truncate them
 * (reliability-anchors §3.2). The operator creates the login role, e.g.
 *   create role consent_api login password '…' in role consent_app;
 * and runs migrations as the owner.
 *
 * Roles are per cluster, so this creates `consent_app` only where the migrating user may create
 * roles (PostgreSQL as superuser or CREATEROLE; PGlite's single user is a superuser too, where the
 * role is harmless), and never drops it: other databases of the cluster may use it.
 */
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
        execute 'grant usage on schema public to consent_app';
        execute 'grant select, insert on consent_events, consent_outbox, receipts to consent_app';
        execute 'grant select, insert, update on consent_projection, client_consent_versions,
                 idempotency_keys to consent_app';
        execute 'grant delete on idempotency_keys to consent_app';
        execute 'grant select on notice_versions, clients, contracts, staff, centres to consent_app';
        execute 'grant usage on all sequences in schema public to consent_app';
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
        execute 'revoke usage on schema public from consent_app';
      end if;
    end
    $$`.execute(db)
}
