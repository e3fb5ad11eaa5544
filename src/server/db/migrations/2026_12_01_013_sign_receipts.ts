import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

/**
 * Signed receipts (issue 8).
 *
 * - Every receipt now carries what was signed: the payload (jsonb, for reading and searching),
 *   the compact JWS (the proof, EdDSA over Ed25519) and the id of the key that signed it. Receipts
 *   written before this migration have none of the three; they stay readable, but nothing proves
 *   what they say.
 * - `receipt_signing_keys` holds every public key the API has ever signed with, registered at
 *   start-up, so that a receipt signed by a key later removed from the keyset file still verifies.
 *   A key is never deleted.
 * - `consent_reports` logs each Art. 15 consent report issued: who, when, in which language, and
 *   the signed report itself.
 * - The receipts register: each receipt names the customer centre it was issued at (filled in
 *   for earlier receipts from their events, which recorded it), and indexes to find receipts by
 *   code, time, staff member, centre and client; events by the receipt that recorded them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('receipts')
    .addColumn('payload', 'jsonb')
    .addColumn('jws', 'text')
    .addColumn('kid', 'text')
    .addColumn('centre_id', 'text')
    .execute()
  await sql`update receipts r set centre_id = e.centre
    from (select distinct on (receipt_id) receipt_id, centre from consent_events
          where receipt_id is not null order by receipt_id, seq) e
    where e.receipt_id = r.id`.execute(db)
  await sql`alter table receipts add constraint receipts_signed_check
    check ((payload is null) = (jws is null) and (jws is null) = (kid is null))`.execute(db)
  await db.schema
    .createIndex('receipts_verification_code_idx')
    .on('receipts')
    .column('verification_code')
    .execute()
  await db.schema
    .createIndex('receipts_created_at_idx')
    .on('receipts')
    .columns(['created_at', 'id'])
    .execute()
  await db.schema
    .createIndex('receipts_staff_id_idx')
    .on('receipts')
    .columns(['staff_id', 'created_at'])
    .execute()
  await db.schema
    .createIndex('receipts_centre_id_idx')
    .on('receipts')
    .columns(['centre_id', 'created_at'])
    .execute()
  await db.schema
    .createIndex('consent_events_receipt_id_idx')
    .on('consent_events')
    .column('receipt_id')
    .where(sql.ref('receipt_id'), 'is not', null)
    .execute()
  await db.schema
    .createIndex('receipts_client_id_idx')
    .on('receipts')
    .columns(['client_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('receipt_signing_keys')
    .addColumn('kid', 'text', (col) => col.primaryKey())
    .addColumn('public_jwk', 'jsonb', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('retired_at', 'timestamptz')
    .execute()

  await db.schema
    .createTable('consent_reports')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('client_id', 'uuid', (col) => col.notNull().references('clients.id'))
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('issued_at', 'timestamptz', (col) => col.notNull())
    .addColumn('language', 'text', (col) =>
      col.notNull().check(sql`language in ('lv', 'en', 'ru')`)
    )
    .addColumn('jws', 'text', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('consent_reports_client_id_idx')
    .on('consent_reports')
    .columns(['client_id', 'issued_at'])
    .execute()

  // The API's role (migration 006) may register keys and log reports; never delete either.
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'consent_app') then
        execute 'grant select, insert on consent_reports to consent_app';
        execute 'grant select, insert, update on receipt_signing_keys to consent_app';
      end if;
    end
    $$`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('consent_reports').execute()
  await db.schema.dropTable('receipt_signing_keys').execute()
  await db.schema.dropIndex('receipts_client_id_idx').execute()
  await db.schema.dropIndex('consent_events_receipt_id_idx').execute()
  await db.schema.dropIndex('receipts_centre_id_idx').execute()
  await db.schema.dropIndex('receipts_staff_id_idx').execute()
  await db.schema.dropIndex('receipts_created_at_idx').execute()
  await db.schema.dropIndex('receipts_verification_code_idx').execute()
  await sql`alter table receipts drop constraint receipts_signed_check`.execute(db)
  await db.schema
    .alterTable('receipts')
    .dropColumn('centre_id')
    .dropColumn('kid')
    .dropColumn('jws')
    .dropColumn('payload')
    .execute()
}
