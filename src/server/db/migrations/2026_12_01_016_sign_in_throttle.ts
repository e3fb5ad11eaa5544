import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

/**
 * Sign-in that holds (issue 10, item 2).
 *
 * - `sign_in_throttle`: failed sign-ins counted per normalised username (`scope = 'account'`,
 *   whether or not such a staff member exists, so that an unknown name locks exactly like a known
 *   one) and per source address (`scope = 'source'`, across usernames). An attempt reserves its
 *   count before the password is checked (auth/sign-in-throttle.repository.ts), so a burst cannot
 *   get more checks than the limit. Replaces `staff.failed_attempts` / `staff.locked_until`,
 *   which are no longer written.
 * - `staff_unlocks`: who lifted whose lock, and when; append-only like the other audit tables.
 * - `sessions.last_seen_at`: the idle timeout's clock, moved at most once a minute.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sign_in_throttle')
    .addColumn('scope', 'text', (col) => col.notNull().check(sql`scope in ('account', 'source')`))
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('failures', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`failures >= 0`)
    )
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_failure_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('sign_in_throttle_pk', ['scope', 'key'])
    .execute()

  await db.schema
    .createTable('staff_unlocks')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('unlocked_by', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('unlocked_by_role', 'text', (col) => col.notNull())
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    // The lock that was lifted (null: the account was not locked, only counting failures).
    .addColumn('was_locked_until', 'timestamptz')
    .execute()
  await db.schema
    .createIndex('staff_unlocks_staff_idx')
    .on('staff_unlocks')
    .columns(['staff_id', 'at'])
    .execute()
  await sql`create function staff_unlocks_append_only() returns trigger
    language plpgsql as $$
    begin
      raise exception 'staff unlocks are append-only: % refused on %', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
    end
    $$`.execute(db)
  await sql`create trigger staff_unlocks_no_update_delete
    before update or delete on staff_unlocks
    for each row execute function staff_unlocks_append_only()`.execute(db)
  await sql`create trigger staff_unlocks_no_truncate
    before truncate on staff_unlocks
    for each statement execute function staff_unlocks_append_only()`.execute(db)

  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'timestamptz').execute()
  await sql`update sessions set last_seen_at = created_at`.execute(db)
  await db.schema
    .alterTable('sessions')
    .alterColumn('last_seen_at', (col) => col.setNotNull())
    .execute()

  // The API's role (migration 006): counts and clears sign-in failures; records unlocks, never
  // changes them; moves a session's last-seen time and revokes sessions (sign out everywhere).
  // No sequence: staff_unlocks' identity column needs no grant (migration 015 keeps sequences shut).
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'consent_app') then
        execute 'grant select, insert, update, delete on sign_in_throttle to consent_app';
        execute 'grant select, insert on staff_unlocks to consent_app';
        execute 'grant select (last_seen_at), insert (last_seen_at), update (last_seen_at)
                 on sessions to consent_app';
      end if;
    end
    $$`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('last_seen_at').execute()
  await db.schema.dropTable('staff_unlocks').execute()
  await sql`drop function staff_unlocks_append_only()`.execute(db)
  await db.schema.dropTable('sign_in_throttle').execute()
}
