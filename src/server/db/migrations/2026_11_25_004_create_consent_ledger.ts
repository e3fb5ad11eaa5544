import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

/**
 * The consent ledger (issue 3): notice texts, receipts, the append-only event log with its
 * per-client hash chain, the current-state projection, the per-client version used by If-Match,
 * idempotency keys and the transactional outbox behind the change feed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notice_versions')
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().check(sql`version > 0`))
    .addColumn('language', 'text', (col) =>
      col.notNull().check(sql`language in ('lv', 'en', 'ru')`)
    )
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('published_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('notice_versions_pkey', ['purpose', 'version', 'language'])
    .execute()

  // One receipt per recorded request; the verification code is what the printed receipt carries.
  await db.schema
    .createTable('receipts')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('client_id', 'uuid', (col) => col.notNull().references('clients.id'))
    .addColumn('verification_code', 'text', (col) => col.notNull())
    .addColumn('staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('consent_events')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('client_id', 'uuid', (col) => col.notNull().references('clients.id'))
    .addColumn('seq', 'integer', (col) => col.notNull().check(sql`seq > 0`))
    // The client's consent version this event's request produced (what ?at= reports).
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('channel', 'text')
    .addColumn('action', 'text', (col) =>
      col.notNull().check(sql`action in ('given', 'withdrawn', 'expired', 'paused', 'resumed')`)
    )
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .addColumn('source', 'text')
    .addColumn('actor_kind', 'text', (col) =>
      col.notNull().check(sql`actor_kind in ('staff', 'client', 'system')`)
    )
    .addColumn('actor_id', 'text')
    .addColumn('centre', 'text')
    .addColumn('identity_method', 'text')
    .addColumn('identity_document_last4', 'text')
    .addColumn('notice_version', 'integer')
    .addColumn('language', 'text')
    .addColumn('receipt_id', 'uuid', (col) => col.references('receipts.id'))
    .addColumn('prev_hash', 'text')
    .addColumn('hash', 'text', (col) => col.notNull())
    // The chain's order; also what makes two writers of one client collide instead of forking.
    .addUniqueConstraint('consent_events_client_seq_key', ['client_id', 'seq'])
    .execute()
  await db.schema
    .createIndex('consent_events_client_at_idx')
    .on('consent_events')
    .columns(['client_id', 'at'])
    .execute()

  // History is never rewritten: any UPDATE or DELETE fails, whoever asks. A superuser can still
  // disable the trigger, which is why the hash chain exists (reliability-anchors §3.2–3.3).
  await sql`create function consent_events_append_only() returns trigger
    language plpgsql as $$
    begin
      raise exception 'consent events are append-only: % refused on %', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
    end
    $$`.execute(db)
  await sql`create trigger consent_events_no_update_delete
    before update or delete on consent_events
    for each row execute function consent_events_append_only()`.execute(db)
  await sql`create trigger consent_events_no_truncate
    before truncate on consent_events
    for each statement execute function consent_events_append_only()`.execute(db)

  // Current state, one row per (client, purpose, channel); '' is "no channel" so that the
  // primary key needs no NULL handling. For `offers` the '' row is the derived purpose state.
  await db.schema
    .createTable('consent_projection')
    .addColumn('client_id', 'uuid', (col) => col.notNull().references('clients.id'))
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('channel', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('state', 'text', (col) =>
      col.notNull().check(sql`state in ('given', 'withdrawn', 'never_given', 'expired', 'paused')`)
    )
    .addColumn('since', 'timestamptz')
    .addColumn('event_id', 'uuid')
    .addColumn('source', 'text')
    .addColumn('notice_version', 'integer')
    .addPrimaryKeyConstraint('consent_projection_pkey', ['client_id', 'purpose', 'channel'])
    .execute()
  // The loyalty job looks for given loyalty consents without scanning every client.
  await sql`create index consent_projection_purpose_state_idx
    on consent_projection (purpose, state)`.execute(db)

  // The row a write locks (SELECT ... FOR UPDATE): it serialises writers of one client and
  // carries the version If-Match compares with, plus the chain head.
  await db.schema
    .createTable('client_consent_versions')
    .addColumn('client_id', 'uuid', (col) => col.primaryKey().references('clients.id'))
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_seq', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('head_hash', 'text')
    .execute()

  // Keys are scoped to the staff member who sent them: two people's keys never collide.
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('client_id', 'uuid', (col) => col.notNull())
    .addColumn('request_hash', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) =>
      col.notNull().check(sql`state in ('in_flight', 'done')`)
    )
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'jsonb')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('claimed_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['staff_id', 'key'])
    .execute()

  await db.schema
    .createTable('consent_outbox')
    .addColumn('position', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('event_id', 'uuid', (col) => col.notNull().unique().references('consent_events.id'))
    .addColumn('client_id', 'uuid', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('consent_outbox').execute()
  await db.schema.dropTable('idempotency_keys').execute()
  await db.schema.dropTable('client_consent_versions').execute()
  await db.schema.dropTable('consent_projection').execute()
  await db.schema.dropTable('consent_events').execute()
  await sql`drop function consent_events_append_only()`.execute(db)
  await db.schema.dropTable('receipts').execute()
  await db.schema.dropTable('notice_versions').execute()
}
