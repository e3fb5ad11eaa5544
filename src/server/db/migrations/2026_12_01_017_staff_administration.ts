import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

/**
 * Staff administration (issue 10, item 3): admins create staff, change their roles and centre,
 * disable them and set one-time passwords.
 *
 * - `staff.disabled_at`: set while an account is disabled; it cannot sign in and its sessions are
 *   revoked when it is set.
 * - `staff.must_change_password`: the password is a one-time password an admin set; the person
 *   must choose their own before doing anything else.
 * - `staff.version`: grows with every admin change, so an edit based on a stale read is refused
 *   (If-Match, as consent writes do).
 * - `staff.updated_at`: when an admin last changed the account or its owner their password.
 * - `staff_admin_events`: who changed which account, when, and what (field names and new values;
 *   never a password), append-only like the consent events.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('staff')
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('must_change_password', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('updated_at', 'timestamptz')
    .execute()

  await db.schema
    .createTable('staff_admin_events')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('actor_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .addColumn('action', 'text', (col) =>
      col.notNull().check(sql`action in ('created', 'updated', 'password_changed')`)
    )
    // What changed: `{ field: { from, to } }` for an update (`oneTimePassword: 'set'`, never the
    // password), the new account for `created`, nothing for `password_changed` (by its owner).
    .addColumn('changes', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute()
  await db.schema
    .createIndex('staff_admin_events_staff_idx')
    .on('staff_admin_events')
    .columns(['staff_id', 'id'])
    .execute()

  await sql`create function staff_admin_events_append_only() returns trigger
    language plpgsql as $$
    begin
      raise exception 'staff admin events are append-only: % refused on %', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
    end
    $$`.execute(db)
  await sql`create trigger staff_admin_events_no_update_delete
    before update or delete on staff_admin_events
    for each row execute function staff_admin_events_append_only()`.execute(db)
  await sql`create trigger staff_admin_events_no_truncate
    before truncate on staff_admin_events
    for each statement execute function staff_admin_events_append_only()`.execute(db)

  // The API's role (migration 006): it now creates and changes staff accounts (never deletes
  // them: history refers to them), revokes a disabled person's sessions, and appends the admin
  // log, which it can never change.
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'consent_app') then
        execute 'grant select, insert, update on staff to consent_app';
        execute 'grant select, update on sessions to consent_app';
        execute 'grant select on centres to consent_app';
        execute 'grant select, insert on staff_admin_events to consent_app';
      end if;
    end
    $$`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('staff_admin_events').execute()
  await sql`drop function staff_admin_events_append_only()`.execute(db)
  await db.schema
    .alterTable('staff')
    .dropColumn('disabled_at')
    .dropColumn('must_change_password')
    .dropColumn('version')
    .dropColumn('updated_at')
    .execute()
}
