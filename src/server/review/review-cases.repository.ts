import {
  sql,
  type Expression,
  type Kysely,
  type RawBuilder,
  type SqlBool,
  type Transaction
} from 'kysely'
import type { CaseAction, ReviewCaseSort, ReviewCaseStatus } from '../../shared/domain/review'
import type { Database } from '../db/database'

/**
 * Review cases in the database. A claim is the case row's `assignee_id`, `claim_token` (from the
 * one global sequence `review_claim_tokens`, so tokens only ever grow) and `lease_expires_at`.
 * A `claimed` case whose lease has run out is nobody's: every read shows it `open` with no
 * assignee, and anyone may claim it. Times are the API clock's (`now`), never the database's, so
 * tests can move time.
 *
 * The claim, renewal and release are each ONE statement (the check, the write and the history
 * row together): two racing requests cannot both pass, and a claim costs one round trip.
 */

type Db = Kysely<Database> | Transaction<Database>

/** The status as people see it: a claim whose lease ran out is `open` again. */
export function effectiveStatus(alias: string, now: Date): RawBuilder<ReviewCaseStatus> {
  const status = sql.ref(`${alias}.status`)
  return sql<ReviewCaseStatus>`case when ${status} = 'claimed'
    and ${sql.ref(`${alias}.lease_expires_at`)} <= ${now}::timestamptz
    then 'open' else ${status} end`
}

/** Open, or claimed with a lease that has run out: anyone's to claim. */
function isClaimable(now: Date): RawBuilder<SqlBool> {
  return sql<SqlBool>`(c.status = 'open'
    or (c.status = 'claimed' and c.lease_expires_at <= ${now}::timestamptz))`
}

/** A claim that still holds: claimed, and the lease not yet run out. */
function isHeld(now: Date): RawBuilder<SqlBool> {
  return sql<SqlBool>`(c.status = 'claimed' and c.lease_expires_at > ${now}::timestamptz)`
}

// ---- reading cases ------------------------------------------------------------------------------

/** A queue row's columns, raw: the service applies the lease (see effectiveStatus). */
export interface CaseSummaryRow {
  id: string
  number: string
  kind: 'decision_review' | 'manual_credit'
  status: ReviewCaseStatus
  client_id: string
  client_kind: 'private' | 'business'
  first_name: string | null
  last_name: string | null
  name: string | null
  personal_code: string | null
  registration_number: string | null
  decision_kind: 'profiling' | 'credit' | null
  requested_at: Date
  due_at: string
  extension_months: number | null
  assignee_id: string | null
  assignee_name: string | null
  lease_expires_at: Date | null
  closed_at: Date | null
}

export interface CaseRow extends CaseSummaryRow {
  client_language: 'lv' | 'en' | 'ru'
  decision_id: string | null
  claim_token: string | null
  client_statement: string | null
  reply_channel: 'letter' | 'email' | 'centre'
  credit_purpose: string | null
  documents: unknown
  requested_by: string
  requested_by_name: string
  centre_id: string | null
  centre_name: string | null
  first_due_at: string
  extension_reason: string | null
  extended_at: Date | null
  extended_by: string | null
  extended_by_name: string | null
  outcome: string | null
  new_outcome: unknown
  conditions: string | null
  reason_code: string | null
  rationale: string | null
  decided_at: Date | null
  decided_by: string | null
  decided_by_name: string | null
  approved: boolean | null
  approval_note: string | null
  approval_at: Date | null
  approval_by: string | null
  approval_by_name: string | null
}

function summaryQuery(db: Db) {
  return db
    .selectFrom('review_cases as c')
    .innerJoin('clients as cl', 'cl.id', 'c.client_id')
    .leftJoin('automated_decisions as d', 'd.id', 'c.decision_id')
    .leftJoin('staff as a', 'a.id', 'c.assignee_id')
    .select([
      'c.id',
      sql<string>`c.number::text`.as('number'),
      'c.kind',
      'c.status',
      'c.client_id',
      'cl.kind as client_kind',
      'cl.first_name',
      'cl.last_name',
      'cl.name',
      'cl.personal_code',
      'cl.registration_number',
      'd.kind as decision_kind',
      'c.requested_at',
      sql<string>`c.due_at::text`.as('due_at'),
      'c.extension_months',
      'c.assignee_id',
      'a.display_name as assignee_name',
      'c.lease_expires_at',
      'c.closed_at'
    ])
}

/** One case with everything the case view shows but its decision and history. */
export async function findCase(db: Db, id: string): Promise<CaseRow | undefined> {
  return summaryQuery(db)
    .innerJoin('staff as rb', 'rb.id', 'c.requested_by')
    .leftJoin('centres as ce', 'ce.id', 'c.centre_id')
    .leftJoin('staff as eb', 'eb.id', 'c.extended_by')
    .leftJoin('staff as db', 'db.id', 'c.decided_by')
    .leftJoin('staff as ab', 'ab.id', 'c.approval_by')
    .select([
      'cl.language as client_language',
      'c.decision_id',
      sql<string | null>`c.claim_token::text`.as('claim_token'),
      'c.client_statement',
      'c.reply_channel',
      'c.credit_purpose',
      'c.documents',
      'c.requested_by',
      'rb.display_name as requested_by_name',
      'c.centre_id',
      'ce.name as centre_name',
      sql<string>`c.first_due_at::text`.as('first_due_at'),
      'c.extension_reason',
      'c.extended_at',
      'c.extended_by',
      'eb.display_name as extended_by_name',
      'c.outcome',
      'c.new_outcome',
      'c.conditions',
      'c.reason_code',
      'c.rationale',
      'c.decided_at',
      'c.decided_by',
      'db.display_name as decided_by_name',
      'c.approved',
      'c.approval_note',
      'c.approval_at',
      'c.approval_by',
      'ab.display_name as approval_by_name'
    ])
    .where('c.id', '=', id)
    .executeTakeFirst()
}

export interface HistoryRow {
  at: Date
  actor_id: string | null
  actor_name: string | null
  actor_role: string | null
  action: CaseAction
  details: unknown
}

/** A case's history, oldest first. */
export async function findHistory(db: Db, caseId: string): Promise<HistoryRow[]> {
  const rows = await db
    .selectFrom('review_case_history as h')
    .leftJoin('staff as s', 's.id', 'h.actor_id')
    .select([
      'h.at',
      'h.actor_id',
      's.display_name as actor_name',
      'h.actor_role',
      'h.action',
      'h.details'
    ])
    .where('h.case_id', '=', caseId)
    .orderBy('h.id')
    .execute()
  return rows as HistoryRow[]
}

/** Whether this staff member ever decided the case (a reviewer keeps seeing such cases). */
export async function hasDecided(db: Db, caseId: string, staffId: string): Promise<boolean> {
  const row = await db
    .selectFrom('review_case_history')
    .select('id')
    .where('case_id', '=', caseId)
    .where('actor_id', '=', staffId)
    .where('action', '=', 'decided')
    .executeTakeFirst()
  return row !== undefined
}

// ---- the queue ----------------------------------------------------------------------------------

export interface CaseListFilter {
  now: Date
  /** Only the cases a reviewer sees: open ones, theirs, and those they decided. */
  visibleTo?: string | undefined
  clientId?: string | undefined
  status?: ReviewCaseStatus | undefined
  kind?: 'decision_review' | 'manual_credit' | undefined
  /** A staff id (whose claim holds, or who decided), or null: nobody holds it. */
  assignee?: string | null | undefined
  dueBefore?: string | undefined
  number?: string | undefined
  /** Folded words, each the start of a word of the client's name. */
  nameWords?: readonly string[] | undefined
}

export interface CaseListPage {
  sort: ReviewCaseSort
  /** The sort key and id of the last row of the previous page. */
  after?: { key: string; id: string } | undefined
  limit: number
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`)
}

function filterConditions(filter: CaseListFilter): Array<Expression<SqlBool>> {
  const { now } = filter
  const conditions: Array<Expression<SqlBool>> = []
  if (filter.visibleTo !== undefined) {
    conditions.push(sql<SqlBool>`(${isClaimable(now)} or c.assignee_id = ${filter.visibleTo}::uuid
      or c.id in (select case_id from review_case_history
                  where actor_id = ${filter.visibleTo}::uuid and action = 'decided'))`)
  }
  if (filter.clientId !== undefined) {
    conditions.push(sql<SqlBool>`c.client_id = ${filter.clientId}::uuid`)
  }
  switch (filter.status) {
    case undefined:
      break
    case 'open':
      conditions.push(isClaimable(now))
      break
    case 'claimed':
      conditions.push(isHeld(now))
      break
    default:
      conditions.push(sql<SqlBool>`c.status = ${filter.status}`)
  }
  if (filter.kind !== undefined) conditions.push(sql<SqlBool>`c.kind = ${filter.kind}`)
  if (filter.assignee === null) {
    conditions.push(
      sql<SqlBool>`(c.assignee_id is null
        or (c.status = 'claimed' and c.lease_expires_at <= ${now}::timestamptz))`
    )
  } else if (filter.assignee !== undefined) {
    conditions.push(sql<SqlBool>`(c.assignee_id = ${filter.assignee}::uuid
      and not (c.status = 'claimed' and c.lease_expires_at <= ${now}::timestamptz))`)
  }
  if (filter.dueBefore !== undefined) {
    conditions.push(sql<SqlBool>`c.due_at <= ${filter.dueBefore}::date`)
  }
  if (filter.number !== undefined) {
    conditions.push(sql<SqlBool>`c.number = ${filter.number}::bigint`)
  }
  for (const word of filter.nameWords ?? []) {
    const escaped = escapeLike(word)
    conditions.push(
      sql<SqlBool>`(cl.search_name like ${`${escaped}%`} or cl.search_name like ${`% ${escaped}%`})`
    )
  }
  return conditions
}

const SORT_COLUMNS = {
  dueAt: { column: sql`c.due_at`, cast: sql`date` },
  requestedAt: { column: sql`c.requested_at`, cast: sql`timestamptz` },
  number: { column: sql`c.number`, cast: sql`bigint` }
} as const

/** The text a sort key is carried in inside a cursor. */
function sortKeyText(sort: ReviewCaseSort): RawBuilder<string> {
  switch (sort.replace(/^-/, '') as keyof typeof SORT_COLUMNS) {
    case 'dueAt':
      return sql<string>`c.due_at::text`
    case 'requestedAt':
      // Microseconds and UTC, so that the cursor compares exactly with what is stored.
      return sql<string>`to_char(c.requested_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    case 'number':
      return sql<string>`c.number::text`
  }
}

/**
 * One page of the queue, in `sort` order (ties broken by id, in the same direction), after the
 * cursor's row; one row more than `limit` tells the caller there is a next page. `total` counts
 * every row the filter matches.
 */
export async function listCases(
  db: Db,
  filter: CaseListFilter,
  page: CaseListPage
): Promise<{ rows: Array<CaseSummaryRow & { sort_key: string }>; total: number }> {
  const conditions = filterConditions(filter)
  const descending = page.sort.startsWith('-')
  const { column, cast } = SORT_COLUMNS[page.sort.replace(/^-/, '') as keyof typeof SORT_COLUMNS]
  const direction = descending ? sql`desc` : sql`asc`

  // Case numbers are unique: no tie to break, and the unique index serves the order alone.
  const unique = page.sort.replace(/^-/, '') === 'number'
  let rowsQuery = summaryQuery(db)
    .select(sortKeyText(page.sort).as('sort_key'))
    .orderBy(sql`${column} ${direction}`)
    .$if(!unique, (query) => query.orderBy(sql`c.id ${direction}`))
    .limit(page.limit + 1)
  for (const condition of conditions) rowsQuery = rowsQuery.where(condition)
  if (page.after) {
    const key = sql`${page.after.key}::${cast}`
    const id = sql`${page.after.id}::uuid`
    const [left, right] = unique ? [column, key] : [sql`(${column}, c.id)`, sql`(${key}, ${id})`]
    rowsQuery = rowsQuery.where(
      descending ? sql<SqlBool>`${left} < ${right}` : sql<SqlBool>`${left} > ${right}`
    )
  }

  // The count joins the clients only when a name is searched for: nothing else needs them.
  let countQuery = db
    .selectFrom('review_cases as c')
    .$if((filter.nameWords?.length ?? 0) > 0, (query) =>
      query.innerJoin('clients as cl', 'cl.id', 'c.client_id')
    )
    .select((eb) => eb.fn.countAll<string>().as('total'))
  for (const condition of conditions) countQuery = countQuery.where(condition)

  const [rows, count] = await Promise.all([
    rowsQuery.execute(),
    countQuery.executeTakeFirstOrThrow()
  ])
  return { rows, total: Number(count.total) }
}

// ---- claims ---------------------------------------------------------------------------------------

export interface ClaimArgs {
  staffId: string
  /** The role the claimant acts in, for the history. */
  role: string
  now: Date
  leaseUntil: Date
}

export interface ClaimedRow {
  id: string
  token: string
  expires_at: Date
}

/**
 * The history a claim writes, in the same statement: `claim_expired` (by the API, naming the
 * holder whose lease ran out) when it took over such a claim, then `claimed`. A claim that
 * replaces a lease still holding (the holder claiming again, or the reviewer a case was
 * reassigned to taking it over) records only `claimed`. One INSERT, rows in
 * that order, so their ids keep the order.
 */
function claimHistory(args: ClaimArgs): RawBuilder<unknown> {
  return sql`insert into review_case_history (case_id, at, actor_id, actor_role, action, details)
    select claimed.id, ${args.now}::timestamptz, e.actor_id, e.actor_role, e.action, e.details
    from claimed cross join lateral (values
      (1, null::uuid, null::text, 'claim_expired',
       jsonb_build_object('previousAssignee', claimed.previous_assignee,
                          'leaseExpiredAt', claimed.previous_lease)),
      (2, ${args.staffId}::uuid, ${args.role}::text, 'claimed',
       jsonb_build_object('expiresAt', ${args.leaseUntil.toISOString()}::text))
    ) as e(position, actor_id, actor_role, action, details)
    where e.position = 2
      or (claimed.previous_status = 'claimed'
          and claimed.previous_lease <= ${args.now}::timestamptz)
    order by e.position`
}

/** The update a claim makes: the caller holds it, with a new token, until `leaseUntil`. */
function claimUpdate(args: ClaimArgs, from: string): RawBuilder<unknown> {
  return sql`update review_cases c
    set status = 'claimed', assignee_id = ${args.staffId}::uuid,
        claim_token = nextval('review_claim_tokens'),
        lease_expires_at = ${args.leaseUntil}::timestamptz
    from ${sql.table(from)} t
    where c.id = t.id
    returning c.id, c.claim_token::text as token, c.lease_expires_at as expires_at,
      t.previous_assignee, t.previous_status, t.previous_lease`
}

/**
 * Claims the claimable case due soonest (then requested first, then lowest number), skipping rows
 * another transaction has locked: concurrent callers each get a different case, and none waits.
 * A case someone holds (the caller included) is never taken. Null when nothing is left.
 */
export async function claimNextCase(db: Db, args: ClaimArgs): Promise<ClaimedRow | null> {
  const result = await sql<ClaimedRow>`
    with candidate as (
      select c.id, c.assignee_id as previous_assignee, c.status as previous_status,
             c.lease_expires_at as previous_lease
      from review_cases c
      -- The first condition is the partial index's own: the planner need not prove it.
      where c.status in ('open', 'claimed') and ${isClaimable(args.now)}
      order by c.due_at, c.requested_at, c.number
      limit 1
      for update skip locked
    ),
    claimed as (${claimUpdate(args, 'candidate')}),
    history as (${claimHistory(args)})
    select id, token, expires_at from claimed`.execute(db)
  return result.rows[0] ?? null
}

/**
 * Claims this case if it is open, its lease has run out, or the caller already holds it (a new
 * token: the old one goes stale). Waits for a concurrent claim of the same case, then decides on
 * the row as that left it. Null when the case is not claimable by the caller.
 */
export async function claimCaseById(
  db: Db,
  caseId: string,
  args: ClaimArgs
): Promise<ClaimedRow | null> {
  const result = await sql<ClaimedRow>`
    with target as (
      select c.id, c.assignee_id as previous_assignee, c.status as previous_status,
             c.lease_expires_at as previous_lease
      from review_cases c
      where c.id = ${caseId}::uuid
        and (${isClaimable(args.now)} or (c.status = 'claimed' and c.assignee_id = ${args.staffId}::uuid))
      for update
    ),
    claimed as (${claimUpdate(args, 'target')}),
    history as (${claimHistory(args)})
    select id, token, expires_at from claimed`.execute(db)
  return result.rows[0] ?? null
}

export interface HeldClaim {
  caseId: string
  staffId: string
  token: string
  now: Date
}

/** The claim presented is the current one: the caller's, this token, and the lease not run out. */
function presentsCurrentClaim(claim: HeldClaim): RawBuilder<SqlBool> {
  return sql<SqlBool>`c.id = ${claim.caseId}::uuid and c.status = 'claimed'
    and c.assignee_id = ${claim.staffId}::uuid and c.claim_token = ${claim.token}::bigint
    and c.lease_expires_at > ${claim.now}::timestamptz`
}

/** Extends the current claim's lease (not a transition: no history). Null for a stale claim. */
export async function renewClaim(
  db: Db,
  claim: HeldClaim,
  leaseUntil: Date
): Promise<ClaimedRow | null> {
  const result = await sql<ClaimedRow>`
    update review_cases c set lease_expires_at = ${leaseUntil}::timestamptz
    where ${presentsCurrentClaim(claim)}
    returning c.id, c.claim_token::text as token, c.lease_expires_at as expires_at`.execute(db)
  return result.rows[0] ?? null
}

/** Gives the case back to the queue and records it. False for a stale claim. */
export async function releaseClaim(db: Db, claim: HeldClaim, role: string): Promise<boolean> {
  const result = await sql<{ id: string }>`
    with released as (
      update review_cases c
      set status = 'open', assignee_id = null, claim_token = null, lease_expires_at = null
      where ${presentsCurrentClaim(claim)}
      returning c.id
    ),
    history as (
      insert into review_case_history (case_id, at, actor_id, actor_role, action, details)
      select id, ${claim.now}::timestamptz, ${claim.staffId}::uuid, ${role}::text, 'released',
             '{}'::jsonb
      from released
    )
    select id from released`.execute(db)
  return result.rows.length === 1
}

// ---- transitions under the row lock ---------------------------------------------------------------

/** The columns a transition decides on, read under the row lock. */
export interface LockedCase {
  id: string
  kind: 'decision_review' | 'manual_credit'
  status: ReviewCaseStatus
  client_id: string
  decision_kind: 'profiling' | 'credit' | null
  decision_result: string | null
  decision_limit_eur: number | null
  decision_segment: string | null
  decision_offers: string[] | null
  requested_at: Date
  reply_channel: 'letter' | 'email' | 'centre'
  extended_at: Date | null
  assignee_id: string | null
  claim_token: string | null
  lease_expires_at: Date | null
  decided_by: string | null
}

/** Reads the case and locks its row until the transaction ends (FOR UPDATE OF the case). */
export async function lockCase(
  trx: Transaction<Database>,
  id: string
): Promise<LockedCase | undefined> {
  return trx
    .selectFrom('review_cases as c')
    .leftJoin('automated_decisions as d', 'd.id', 'c.decision_id')
    .select([
      'c.id',
      'c.kind',
      'c.status',
      'c.client_id',
      'd.kind as decision_kind',
      'd.result as decision_result',
      sql<number | null>`d.limit_eur::float8`.as('decision_limit_eur'),
      'd.segment as decision_segment',
      'd.offers as decision_offers',
      'c.requested_at',
      'c.reply_channel',
      'c.extended_at',
      'c.assignee_id',
      sql<string | null>`c.claim_token::text`.as('claim_token'),
      'c.lease_expires_at',
      'c.decided_by'
    ])
    .where('c.id', '=', id)
    .forUpdate('c')
    .executeTakeFirst()
}

/** The fields a transition may set; `claim_token: 'next'` draws a fresh fencing token. */
export interface CaseChanges {
  status?: ReviewCaseStatus
  assignee_id?: string | null
  claim_token?: 'next' | null
  lease_expires_at?: Date | null
  due_at?: string
  extension_months?: number
  extension_reason?: string
  extended_at?: Date
  extended_by?: string
  outcome?: string | null
  new_outcome?: unknown
  conditions?: string | null
  reason_code?: string | null
  rationale?: string | null
  decided_at?: Date | null
  decided_by?: string | null
  approved?: boolean | null
  approval_note?: string | null
  approval_at?: Date | null
  approval_by?: string | null
  closed_at?: Date | null
}

export async function updateCase(
  trx: Transaction<Database>,
  id: string,
  changes: CaseChanges
): Promise<void> {
  const { claim_token, new_outcome, ...plain } = changes
  await trx
    .updateTable('review_cases')
    .set({
      ...plain,
      ...(claim_token === undefined
        ? {}
        : {
            claim_token: claim_token === null ? null : sql<string>`nextval('review_claim_tokens')`
          }),
      ...(new_outcome === undefined
        ? {}
        : { new_outcome: new_outcome === null ? null : JSON.stringify(new_outcome) })
    })
    .where('id', '=', id)
    .execute()
}

export interface HistoryEntry {
  action: CaseAction
  actorId: string | null
  actorRole: string | null
  details?: Record<string, unknown>
}

/** Appends history rows in the order given (one INSERT: ids follow the order). */
export async function appendHistory(
  trx: Transaction<Database>,
  caseId: string,
  at: Date,
  entries: readonly HistoryEntry[]
): Promise<void> {
  if (entries.length === 0) return
  await trx
    .insertInto('review_case_history')
    .values(
      entries.map((entry) => ({
        case_id: caseId,
        at,
        actor_id: entry.actorId,
        actor_role: entry.actorRole,
        action: entry.action,
        details: JSON.stringify(entry.details ?? {})
      }))
    )
    .execute()
}

export interface NewCase {
  id: string
  kind: 'decision_review' | 'manual_credit'
  clientId: string
  decisionId: string | null
  clientStatement: string | null
  replyChannel: 'letter' | 'email' | 'centre'
  creditPurpose: string | null
  documents: unknown[]
  requestedAt: Date
  requestedBy: string
  centreId: string | null
  firstDueAt: string
}

/** The constraint that keeps a decision to one case not closed (migration 014). */
export const ONE_PENDING_PER_DECISION = 'review_cases_one_pending_per_decision'

export async function insertCase(trx: Transaction<Database>, row: NewCase): Promise<void> {
  await trx
    .insertInto('review_cases')
    .values({
      id: row.id,
      kind: row.kind,
      client_id: row.clientId,
      decision_id: row.decisionId,
      status: 'open',
      client_statement: row.clientStatement,
      reply_channel: row.replyChannel,
      credit_purpose: row.creditPurpose,
      documents: JSON.stringify(row.documents),
      requested_at: row.requestedAt,
      requested_by: row.requestedBy,
      centre_id: row.centreId,
      first_due_at: row.firstDueAt,
      due_at: row.firstDueAt
    })
    .execute()
}

/** A staff member's roles, or undefined for no such staff member. */
export async function staffRoles(db: Db, staffId: string): Promise<string[] | undefined> {
  const row = await db
    .selectFrom('staff')
    .select('roles')
    .where('id', '=', staffId)
    .executeTakeFirst()
  return row?.roles
}
