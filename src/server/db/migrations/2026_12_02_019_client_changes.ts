import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

/**
 * Changing a client's data at the counter (issue 11, deliverable 3).
 *
 * - `clients.version`: grows with every change, so a change based on a stale read is refused
 *   (If-Match → 412), checked atomically by `update … where id = $1 and version = $2`.
 * - `clients.address`: the postal address, one free-text line (street, house, flat, postcode);
 *   `town` stays what search shows to tell namesakes apart.
 * - `clients.updated_at`: when the data was last changed; null until then.
 * - `client_changes`: who changed which client's data, when, how the client's identity was
 *   verified, and what changed (`[{ field, before, after }]`), written in the change's own
 *   transaction; append-only like the consent events.
 *
 * The API's role may now update a client's row and replace its phones (delete and insert the
 * list), and appends the change history, which it can never change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('clients')
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('address', 'text')
    .addColumn('updated_at', 'timestamptz')
    .execute()

  await db.schema
    .createTable('client_changes')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('client_id', 'uuid', (col) => col.notNull().references('clients.id'))
    .addColumn('actor_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    // The client's version this change produced.
    .addColumn('version', 'integer', (col) => col.notNull())
    // As consent events record it: method, documentLast4, representative (personal code compact).
    .addColumn('identity_verification', 'jsonb', (col) => col.notNull())
    // `[{ field, before, after }]`, never empty: a request that changes nothing records nothing.
    .addColumn('changes', 'jsonb', (col) =>
      col.notNull().check(sql`jsonb_typeof(changes) = 'array' and jsonb_array_length(changes) > 0`)
    )
    .execute()
  await db.schema
    .createIndex('client_changes_client_idx')
    .on('client_changes')
    .columns(['client_id', 'id'])
    .execute()

  await sql`create function client_changes_append_only() returns trigger
    language plpgsql as $$
    begin
      raise exception 'client changes are append-only: % refused on %', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
    end
    $$`.execute(db)
  await sql`create trigger client_changes_no_update_delete
    before update or delete on client_changes
    for each row execute function client_changes_append_only()`.execute(db)
  await sql`create trigger client_changes_no_truncate
    before truncate on client_changes
    for each statement execute function client_changes_append_only()`.execute(db)

  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'consent_app') then
        execute 'grant update on clients to consent_app';
        execute 'grant delete on client_phones to consent_app';
        execute 'grant select, insert on client_changes to consent_app';
      end if;
    end
    $$`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'consent_app') then
        execute 'revoke update on clients from consent_app';
        execute 'revoke delete on client_phones from consent_app';
      end if;
    end
    $$`.execute(db)
  await db.schema.dropTable('client_changes').execute()
  await sql`drop function client_changes_append_only()`.execute(db)
  await db.schema
    .alterTable('clients')
    .dropColumn('version')
    .dropColumn('address')
    .dropColumn('updated_at')
    .execute()
}
