import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

/**
 * Automated decisions and the human-review queue (issue 9, GDPR Art. 22(3)).
 *
 * - `automated_decisions`: what other systems' models decided about a client (profiling or
 *   credit), with the model, its factors and the inputs it used. Recorded once, never changed.
 * - `review_cases`: a client's request for a person to review a decision, or for a manual
 *   creditworthiness assessment. One row per case, holding its current state: the claim (a lease
 *   with a fencing token), the deadline and its extension, the reviewer's resolution and the
 *   supervisor's approval. `number` is the case number printed on letters (`P-000123`).
 * - `review_claim_tokens`: ONE sequence for every claim of every case, so a fencing token only
 *   ever grows: a token handed out later is always larger, whichever case it was for.
 * - `review_case_history`: every transition of every case, append-only like the consent events
 *   (a trigger refuses UPDATE, DELETE and TRUNCATE for everyone).
 *
 * A decision has at most one case that is not closed (a partial unique index): two agents filing
 * the same request at once cannot both succeed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('automated_decisions')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('client_id', 'uuid', (col) => col.notNull().references('clients.id'))
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('profiling', 'credit')`))
    .addColumn('result', 'text', (col) => col.notNull())
    .addColumn('limit_eur', sql`numeric(12, 2)`)
    .addColumn('segment', 'text')
    .addColumn('offers', sql`text[]`)
    .addColumn('model_name', 'text', (col) => col.notNull())
    .addColumn('model_version', 'text', (col) => col.notNull())
    .addColumn('factors', 'jsonb', (col) => col.notNull())
    .addColumn('inputs', 'jsonb', (col) => col.notNull())
    .addColumn('decided_at', 'timestamptz', (col) => col.notNull())
    .addColumn('recorded_at', 'timestamptz', (col) => col.notNull())
    .addColumn('recorded_by', 'uuid', (col) => col.notNull().references('staff.id'))
    .addCheckConstraint(
      'automated_decisions_result_by_kind',
      sql`(kind = 'credit' and result in ('approved', 'declined', 'approved_with_limit')
             and segment is null and offers is null)
        or (kind = 'profiling' and result = 'segment_assigned' and segment is not null)`
    )
    .addCheckConstraint(
      'automated_decisions_limit',
      sql`(result = 'approved_with_limit') = (limit_eur is not null)`
    )
    .execute()
  // A client's decisions, newest first (the Decisions tab).
  await db.schema
    .createIndex('automated_decisions_client_idx')
    .on('automated_decisions')
    .columns(['client_id', 'decided_at desc', 'id desc'])
    .execute()

  await sql`create sequence review_claim_tokens as bigint`.execute(db)

  await db.schema
    .createTable('review_cases')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('number', 'bigint', (col) => col.notNull().unique().generatedAlwaysAsIdentity())
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('decision_review', 'manual_credit')`)
    )
    .addColumn('client_id', 'uuid', (col) => col.notNull().references('clients.id'))
    .addColumn('decision_id', 'uuid', (col) => col.references('automated_decisions.id'))
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('open', 'claimed', 'awaiting_approval', 'closed')`)
    )
    // What the client asked.
    .addColumn('client_statement', 'text')
    .addColumn('reply_channel', 'text', (col) =>
      col.notNull().check(sql`reply_channel in ('letter', 'email', 'centre')`)
    )
    .addColumn('credit_purpose', 'text')
    .addColumn('documents', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('requested_at', 'timestamptz', (col) => col.notNull())
    .addColumn('requested_by', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('centre_id', 'text', (col) => col.references('centres.id'))
    // Deadlines: Riga calendar dates (shared/domain/review-deadlines.ts).
    .addColumn('first_due_at', 'date', (col) => col.notNull())
    .addColumn('due_at', 'date', (col) => col.notNull())
    .addColumn('extension_months', 'smallint', (col) =>
      col.check(sql`extension_months between 1 and 2`)
    )
    .addColumn('extension_reason', 'text')
    .addColumn('extended_at', 'timestamptz')
    .addColumn('extended_by', 'uuid', (col) => col.references('staff.id'))
    // The claim: who holds it, with which fencing token, until when.
    .addColumn('assignee_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('claim_token', 'bigint')
    .addColumn('lease_expires_at', 'timestamptz')
    // The reviewer's resolution.
    .addColumn('outcome', 'text', (col) =>
      col.check(
        sql`outcome in ('upheld', 'overridden', 'approved', 'declined', 'approved_with_conditions')`
      )
    )
    .addColumn('new_outcome', 'jsonb')
    .addColumn('conditions', 'text')
    .addColumn('reason_code', 'text')
    .addColumn('rationale', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by', 'uuid', (col) => col.references('staff.id'))
    // The supervisor's approval, or the last sending back.
    .addColumn('approved', 'boolean')
    .addColumn('approval_note', 'text')
    .addColumn('approval_at', 'timestamptz')
    .addColumn('approval_by', 'uuid', (col) => col.references('staff.id'))
    .addColumn('closed_at', 'timestamptz')
    .addCheckConstraint(
      'review_cases_decision_by_kind',
      sql`(kind = 'decision_review') = (decision_id is not null)`
    )
    // A claim is all three or nothing, and only a claimed case has one; an open case has nobody.
    .addCheckConstraint(
      'review_cases_claim',
      sql`(status = 'claimed') = (claim_token is not null)
        and (claim_token is null) = (lease_expires_at is null)
        and (status <> 'claimed' or assignee_id is not null)
        and (status <> 'open' or assignee_id is null)`
    )
    .addCheckConstraint(
      'review_cases_extension',
      sql`(extension_months is null) = (extended_at is null)
        and (extended_at is null) = (extension_reason is null)
        and (extended_at is null) = (extended_by is null)`
    )
    .addCheckConstraint(
      'review_cases_resolution',
      sql`(outcome is null) = (decided_at is null)
        and (outcome is null) = (decided_by is null)
        and (outcome is null) = (reason_code is null)
        and (outcome is null) = (rationale is null)
        and (status not in ('awaiting_approval', 'closed') or outcome is not null)`
    )
    .addCheckConstraint('review_cases_closed', sql`(status = 'closed') = (closed_at is not null)`)
    .execute()

  // Claim next: the claimable cases (open, or claimed with a lease that may have run out) in the
  // order they are taken.
  await sql`create index review_cases_claimable_idx
    on review_cases (due_at, requested_at, number)
    where status in ('open', 'claimed')`.execute(db)
  // The queue's sorts (each tie-broken by id for keyset paging) and filters.
  await db.schema
    .createIndex('review_cases_due_at_idx')
    .on('review_cases')
    .columns(['due_at', 'id'])
    .execute()
  await db.schema
    .createIndex('review_cases_requested_at_idx')
    .on('review_cases')
    .columns(['requested_at', 'id'])
    .execute()
  await db.schema
    .createIndex('review_cases_status_idx')
    .on('review_cases')
    .columns(['status', 'due_at'])
    .execute()
  await db.schema
    .createIndex('review_cases_assignee_idx')
    .on('review_cases')
    .columns(['assignee_id', 'status'])
    .where(sql.ref('assignee_id'), 'is not', null)
    .execute()
  await db.schema
    .createIndex('review_cases_client_idx')
    .on('review_cases')
    .columns(['client_id', 'requested_at'])
    .execute()
  // A decision's cases (its latest, for the Decisions tab), and at most one not closed.
  await db.schema
    .createIndex('review_cases_decision_idx')
    .on('review_cases')
    .columns(['decision_id', 'requested_at'])
    .where(sql.ref('decision_id'), 'is not', null)
    .execute()
  await sql`create unique index review_cases_one_pending_per_decision
    on review_cases (decision_id)
    where decision_id is not null and status <> 'closed'`.execute(db)

  await db.schema
    .createTable('review_case_history')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('case_id', 'uuid', (col) => col.notNull().references('review_cases.id'))
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    // Null: the API itself (a lease that ran out).
    .addColumn('actor_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('actor_role', 'text')
    .addColumn('action', 'text', (col) =>
      col.notNull().check(
        sql`action in ('created', 'claimed', 'released', 'claim_expired', 'reassigned',
                         'extended', 'decided', 'approved', 'sent_back', 'closed')`
      )
    )
    .addColumn('details', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute()
  await db.schema
    .createIndex('review_case_history_case_idx')
    .on('review_case_history')
    .columns(['case_id', 'id'])
    .execute()
  // "The cases I decided": what a reviewer still sees after deciding.
  await db.schema
    .createIndex('review_case_history_actor_idx')
    .on('review_case_history')
    .columns(['actor_id', 'action', 'case_id'])
    .where(sql.ref('actor_id'), 'is not', null)
    .execute()

  await sql`create function review_case_history_append_only() returns trigger
    language plpgsql as $$
    begin
      raise exception 'review case history is append-only: % refused on %', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
    end
    $$`.execute(db)
  await sql`create trigger review_case_history_no_update_delete
    before update or delete on review_case_history
    for each row execute function review_case_history_append_only()`.execute(db)
  await sql`create trigger review_case_history_no_truncate
    before truncate on review_case_history
    for each statement execute function review_case_history_append_only()`.execute(db)

  // The API's role (migration 006): records decisions and history, never changes them; moves
  // cases through their states; draws tokens and numbers from the sequences.
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'consent_app') then
        execute 'grant select, insert on automated_decisions, review_case_history to consent_app';
        execute 'grant select, insert, update on review_cases to consent_app';
        execute 'grant usage on sequence review_claim_tokens to consent_app';
        execute 'grant usage on all sequences in schema public to consent_app';
      end if;
    end
    $$`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('review_case_history').execute()
  await sql`drop function review_case_history_append_only()`.execute(db)
  await db.schema.dropTable('review_cases').execute()
  await sql`drop sequence review_claim_tokens`.execute(db)
  await db.schema.dropTable('automated_decisions').execute()
}
