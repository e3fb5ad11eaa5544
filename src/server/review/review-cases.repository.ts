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
import type { DecisionRow } from './decisions.repository'
import { fragment, prepare, run, text, type Fragment } from './prepared-sql'

/**
 * Review cases in the database. A claim is the case row's `assignee_id`, `claim_token` (from the
 * one global sequence `review_claim_tokens`, so tokens only ever grow) and `lease_expires_at`.
 * A `claimed` case whose lease has run out is nobody's: every read shows it `open` with no
 * assignee, and anyone may claim it. Times are the API clock's (`now`), never the database's, so
 * tests can move time.
 *
 * The claim, renewal, release and decision are each ONE statement (the check, the write, the
 * history rows and the case it answers with, together): two racing requests cannot both pass,
 * and each costs one round trip. Those statements and the case read are SQL text put together
 * once (prepared-sql.ts), not query builders rebuilt and compiled on every call.
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

// ---- the whole case in one statement ---------------------------------------------------------------

/**
 * Everything the case view shows, as the columns of ONE row: the case (`k`), its client (joined),
 * the staff and centre names (scalar subqueries: they plan in linear time, where five more joins
 * made the planner search join orders), the decision it reviews and the case history (JSON).
 * `k` is the case table itself for a read, or a write's RETURNING `c.*` for a write that answers
 * with the case it wrote, in the same statement. Such a statement reads the other tables as they
 * were when it started, so a write that adds history rows passes them as `newHistory` (its
 * INSERT … RETURNING): they join the rows already there (ids only grow, so they come last).
 *
 * The decision's latest review case is the case itself after a claim or a decision (a decision
 * has at most one case not closed), so that one reads its status and lease from `k` too. Both are
 * raw: the service applies the lease, at the time it answers, as it does for the case.
 */
function caseColumns(newHistory: string | null): Fragment<never> {
  const historyRows =
    'select h.id, h.at, h.actor_id, h.actor_role, h.action, h.details ' +
    'from review_case_history h where h.case_id = k.id' +
    (newHistory === null
      ? ''
      : ` union all select id, at, actor_id, actor_role, action, details from ${newHistory}`)
  return text(`k.id, k.number::text as number, k.kind, k.status, k.client_id,
      cl.kind as client_kind, cl.first_name, cl.last_name, cl.name, cl.personal_code,
      cl.registration_number, cl.language as client_language,
      k.requested_at, k.due_at::text as due_at, k.extension_months, k.assignee_id,
      (select s.display_name from staff s where s.id = k.assignee_id) as assignee_name,
      k.lease_expires_at, k.closed_at, k.decision_id, k.claim_token::text as claim_token,
      k.client_statement, k.reply_channel, k.credit_purpose, k.documents,
      k.requested_by,
      (select s.display_name from staff s where s.id = k.requested_by) as requested_by_name,
      k.centre_id, (select ce.name from centres ce where ce.id = k.centre_id) as centre_name,
      k.first_due_at::text as first_due_at, k.extension_reason, k.extended_at, k.extended_by,
      (select s.display_name from staff s where s.id = k.extended_by) as extended_by_name,
      k.outcome, k.new_outcome, k.conditions, k.reason_code, k.rationale, k.decided_at,
      k.decided_by,
      (select s.display_name from staff s where s.id = k.decided_by) as decided_by_name,
      k.approved, k.approval_note, k.approval_at, k.approval_by,
      (select s.display_name from staff s where s.id = k.approval_by) as approval_by_name,
      (select json_build_object(
          'id', d.id, 'client_id', d.client_id, 'kind', d.kind, 'result', d.result,
          'limit_eur', d.limit_eur::float8, 'segment', d.segment, 'offers', d.offers,
          'model_name', d.model_name, 'model_version', d.model_version,
          'factors', d.factors, 'inputs', d.inputs,
          'decided_at', d.decided_at, 'recorded_at', d.recorded_at,
          'review', (select json_build_object(
              'id', r.id, 'number', r.number::text,
              'status', case when r.id = k.id then k.status else r.status end,
              'lease_expires_at',
                case when r.id = k.id then k.lease_expires_at else r.lease_expires_at end)
            from review_cases r
            where r.decision_id = d.id
            order by r.requested_at desc, r.number desc
            limit 1))
        from automated_decisions d where d.id = k.decision_id) as decision,
      (select coalesce(json_agg(json_build_object(
            'at', h.at, 'actor_id', h.actor_id,
            'actor_name', (select s.display_name from staff s where s.id = h.actor_id),
            'actor_role', h.actor_role, 'action', h.action, 'details', h.details)
          order by h.id), '[]'::json)
        from (${historyRows}) h) as history`)
}

/**
 * Whether the row a write locked is the one its statement's snapshot shows. Not so when another
 * transaction changed the case after the statement began and before it took the lock (the write
 * re-checked its conditions on the newer row, as READ COMMITTED does): that change may have
 * written history this statement cannot see, so the caller reads the case again.
 */
const FRESH = text('(select s.ctid from review_cases s where s.id = k.id) = k.locked_ctid as fresh')

interface DecisionJson {
  id: string
  client_id: string
  kind: 'profiling' | 'credit'
  result: string
  limit_eur: number | null
  segment: string | null
  offers: string[] | null
  model_name: string
  model_version: string
  factors: unknown
  inputs: unknown
  decided_at: string
  recorded_at: string
  review: {
    id: string
    number: string
    status: ReviewCaseStatus
    lease_expires_at: string | null
  } | null
}

interface HistoryJson {
  at: string
  actor_id: string | null
  actor_name: string | null
  actor_role: string | null
  action: CaseAction
  details: unknown
}

/** The row `caseColumns` reads: the case, with its decision and history as JSON. */
export interface FullCaseRow extends Omit<CaseRow, 'decision_kind'> {
  decision: DecisionJson | null
  history: HistoryJson[]
}

/** A write's answer: the case as the write left it, and whether it is `fresh` (see FRESH). */
export interface WrittenCaseRow extends FullCaseRow {
  fresh: boolean
}

export interface HistoryRow {
  at: Date
  actor_id: string | null
  actor_name: string | null
  actor_role: string | null
  action: CaseAction
  details: unknown
}

export interface LoadedCase {
  row: CaseRow
  history: HistoryRow[]
  decision: DecisionRow | undefined
}

/**
 * The typed case from a `caseColumns` row. `now` applies the lease to the decision's review
 * case, as everywhere else: a claim that ran out reads `open`.
 */
export function loadedCase(full: FullCaseRow, now: Date): LoadedCase {
  const { decision: json, history, ...rest } = full
  const review = json?.review ?? null
  const reviewStatus =
    review === null
      ? null
      : review.status === 'claimed' &&
          review.lease_expires_at !== null &&
          new Date(review.lease_expires_at) <= now
        ? 'open'
        : review.status
  return {
    row: { ...rest, decision_kind: json?.kind ?? null },
    history: history.map((entry) => ({ ...entry, at: new Date(entry.at) })),
    decision:
      json === null
        ? undefined
        : {
            id: json.id,
            client_id: json.client_id,
            kind: json.kind,
            result: json.result,
            limit_eur: json.limit_eur,
            segment: json.segment,
            offers: json.offers,
            model_name: json.model_name,
            model_version: json.model_version,
            factors: json.factors,
            inputs: json.inputs,
            decided_at: new Date(json.decided_at),
            recorded_at: new Date(json.recorded_at),
            review_case_id: review?.id ?? null,
            review_number: review?.number ?? null,
            review_status: reviewStatus
          }
  }
}

const READ_CASE = prepare(fragment<'caseId'>`select ${caseColumns(null)}
  from review_cases k join clients cl on cl.id = k.client_id
  where k.id = ${'caseId'}::uuid`)

/** One case with everything the case view shows, its decision and history included: one query. */
export async function findFullCase(db: Db, id: string): Promise<FullCaseRow | undefined> {
  const rows = await run<FullCaseRow, 'caseId'>(db, READ_CASE, { caseId: id })
  return rows[0]
}

/** What the API needs to know about a case to say why a write on it failed. */
export interface CaseState {
  id: string
  status: ReviewCaseStatus
  assignee_id: string | null
  lease_expires_at: Date | null
  /** Whether the staff member asked about ever decided the case. */
  decided: boolean
}

const CASE_STATE = prepare(fragment<'caseId' | 'staffId'>`
  select c.id, c.status, c.assignee_id, c.lease_expires_at,
    exists (select 1 from review_case_history h
            where h.case_id = c.id and h.actor_id = ${'staffId'}::uuid
              and h.action = 'decided') as decided
  from review_cases c where c.id = ${'caseId'}::uuid`)

/** The case's state, and whether `staffId` ever decided it; undefined for no such case. */
export async function findCaseState(
  db: Db,
  id: string,
  staffId: string
): Promise<CaseState | undefined> {
  const rows = await run<CaseState, 'caseId' | 'staffId'>(db, CASE_STATE, { caseId: id, staffId })
  return rows[0]
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

/** The case as a claim or a renewal left it, with the claim. */
export interface ClaimedCaseRow extends WrittenCaseRow, ClaimedRow {}

type ClaimParam = 'now' | 'staffId' | 'role' | 'leaseUntil' | 'expiresAt'

function claimParams(args: ClaimArgs): Record<ClaimParam, unknown> {
  return {
    now: args.now,
    staffId: args.staffId,
    role: args.role,
    leaseUntil: args.leaseUntil,
    expiresAt: args.leaseUntil.toISOString()
  }
}

/** Open, or claimed with a lease that has run out: anyone's to claim. */
const CLAIMABLE = fragment<'now'>`(c.status = 'open'
    or (c.status = 'claimed' and c.lease_expires_at <= ${'now'}::timestamptz))`

/**
 * The update a claim makes: the caller holds it, with a new token, until `leaseUntil`. Returns
 * the whole row (`c.*`), for an answer made in the same statement.
 */
function claimUpdate(from: string): Fragment<ClaimParam> {
  return fragment<ClaimParam>`update review_cases c
    set status = 'claimed', assignee_id = ${'staffId'}::uuid,
        claim_token = nextval('review_claim_tokens'),
        lease_expires_at = ${'leaseUntil'}::timestamptz
    from ${text(from)} t
    where c.id = t.id
    returning c.*, c.claim_token::text as token, c.lease_expires_at as expires_at,
      t.previous_assignee, t.previous_status, t.previous_lease, t.locked_ctid`
}

/**
 * The history a claim writes, in the same statement: `claim_expired` (by the API, naming the
 * holder whose lease ran out) when it took over such a claim, then `claimed`, with the new lease
 * and fencing token (so the history alone proves which token a later decision presented). A
 * claim that replaces a lease still holding (the holder claiming again, or the reviewer a case
 * was reassigned to taking it over) records only `claimed`. One INSERT, rows in that order, so
 * their ids keep the order.
 */
const CLAIM_HISTORY = fragment<ClaimParam>`insert into review_case_history
      (case_id, at, actor_id, actor_role, action, details)
    select claimed.id, ${'now'}::timestamptz, e.actor_id, e.actor_role, e.action, e.details
    from claimed cross join lateral (values
      (1, null::uuid, null::text, 'claim_expired',
       jsonb_build_object('previousAssignee', claimed.previous_assignee,
                          'leaseExpiredAt', claimed.previous_lease)),
      (2, ${'staffId'}::uuid, ${'role'}::text, 'claimed',
       jsonb_build_object('expiresAt', ${'expiresAt'}::text, 'token', claimed.token))
    ) as e(position, actor_id, actor_role, action, details)
    where e.position = 2
      or (claimed.previous_status = 'claimed'
          and claimed.previous_lease <= ${'now'}::timestamptz)
    order by e.position
    returning id, at, actor_id, actor_role, action, details`

/**
 * The claimable case due soonest (then requested first, then lowest number), skipping rows
 * another transaction has locked: concurrent callers each get a different case, and none waits.
 */
const CLAIM_NEXT = fragment<ClaimParam>`
    with candidate as (
      select c.id, c.assignee_id as previous_assignee, c.status as previous_status,
             c.lease_expires_at as previous_lease, c.ctid as locked_ctid
      from review_cases c
      -- The first condition is the partial index's own: the planner need not prove it.
      where c.status in ('open', 'claimed') and ${CLAIMABLE}
      order by c.due_at, c.requested_at, c.number
      limit 1
      for update skip locked
    ),
    claimed as (${claimUpdate('candidate')}),
    history as (${CLAIM_HISTORY})`

/** The claim alone (the benchmark's "raw claim statement"). */
const CLAIM_NEXT_ONLY = prepare(fragment<ClaimParam>`${CLAIM_NEXT}
    select id, token, expires_at from claimed`)

/** The claim, answering with the case it claimed: one statement, one round trip. */
const CLAIM_NEXT_WITH_CASE = prepare(fragment<ClaimParam>`${CLAIM_NEXT}
    select ${caseColumns('history')}, k.token, k.expires_at, ${FRESH}
    from claimed k join clients cl on cl.id = k.client_id`)

/**
 * Claims the claimable case due soonest. A case someone holds (the caller included) is never
 * taken. Null when nothing is left. Only the claim: the API uses claimNextCaseWithCase.
 */
export async function claimNextCase(db: Db, args: ClaimArgs): Promise<ClaimedRow | null> {
  const rows = await run<ClaimedRow, ClaimParam>(db, CLAIM_NEXT_ONLY, claimParams(args))
  return rows[0] ?? null
}

/** claimNextCase, answering with the whole case in the same statement. */
export async function claimNextCaseWithCase(
  db: Db,
  args: ClaimArgs
): Promise<ClaimedCaseRow | null> {
  const rows = await run<ClaimedCaseRow, ClaimParam>(db, CLAIM_NEXT_WITH_CASE, claimParams(args))
  return rows[0] ?? null
}

const CLAIM_BY_ID = prepare(fragment<ClaimParam | 'caseId'>`
    with target as (
      select c.id, c.assignee_id as previous_assignee, c.status as previous_status,
             c.lease_expires_at as previous_lease, c.ctid as locked_ctid
      from review_cases c
      where c.id = ${'caseId'}::uuid
        and (${CLAIMABLE}
             or (c.status = 'claimed' and c.assignee_id = ${'staffId'}::uuid))
      for update
    ),
    claimed as (${claimUpdate('target')}),
    history as (${CLAIM_HISTORY})
    select ${caseColumns('history')}, k.token, k.expires_at, ${FRESH}
    from claimed k join clients cl on cl.id = k.client_id`)

/**
 * Claims this case if it is open, its lease has run out, or the caller already holds it (a new
 * token: the old one goes stale), answering with the case. Waits for a concurrent claim of the
 * same case, then decides on the row as that left it. Null when the case is not claimable by
 * the caller.
 */
export async function claimCaseById(
  db: Db,
  caseId: string,
  args: ClaimArgs
): Promise<ClaimedCaseRow | null> {
  const rows = await run<ClaimedCaseRow, ClaimParam | 'caseId'>(db, CLAIM_BY_ID, {
    ...claimParams(args),
    caseId
  })
  return rows[0] ?? null
}

export interface HeldClaim {
  caseId: string
  staffId: string
  token: string
  now: Date
}

type HeldParam = 'caseId' | 'staffId' | 'token' | 'now'

function heldParams(claim: HeldClaim): Record<HeldParam, unknown> {
  return { caseId: claim.caseId, staffId: claim.staffId, token: claim.token, now: claim.now }
}

/**
 * The case, locked, if the claim presented is the current one: the caller's, this token, and the
 * lease not run out. With the token as stored and the row version locked (see FRESH).
 */
const CURRENT_CLAIM = fragment<HeldParam>`
    select c.id, c.claim_token::text as token, c.ctid as locked_ctid
    from review_cases c
    where c.id = ${'caseId'}::uuid and c.status = 'claimed'
      and c.assignee_id = ${'staffId'}::uuid and c.claim_token = ${'token'}::bigint
      and c.lease_expires_at > ${'now'}::timestamptz
    for update`

const RENEW = prepare(fragment<HeldParam | 'leaseUntil'>`
    with target as (${CURRENT_CLAIM}),
    renewed as (
      update review_cases c set lease_expires_at = ${'leaseUntil'}::timestamptz
      from target t
      where c.id = t.id
      returning c.*, c.claim_token::text as token, c.lease_expires_at as expires_at,
        t.locked_ctid
    )
    select ${caseColumns(null)}, k.token, k.expires_at, ${FRESH}
    from renewed k join clients cl on cl.id = k.client_id`)

/**
 * Extends the current claim's lease (not a transition: no history), answering with the case.
 * Null for a stale claim.
 */
export async function renewClaim(
  db: Db,
  claim: HeldClaim,
  leaseUntil: Date
): Promise<ClaimedCaseRow | null> {
  const rows = await run<ClaimedCaseRow, HeldParam | 'leaseUntil'>(db, RENEW, {
    ...heldParams(claim),
    leaseUntil
  })
  return rows[0] ?? null
}

const RELEASE = prepare(fragment<HeldParam | 'role'>`
    with target as (${CURRENT_CLAIM}),
    released as (
      update review_cases c
      set status = 'open', assignee_id = null, claim_token = null, lease_expires_at = null
      from target t
      where c.id = t.id
      returning c.*, t.locked_ctid
    ),
    history as (
      insert into review_case_history (case_id, at, actor_id, actor_role, action, details)
      select id, ${'now'}::timestamptz, ${'staffId'}::uuid, ${'role'}::text, 'released',
             '{}'::jsonb
      from released
      returning id, at, actor_id, actor_role, action, details
    )
    select ${caseColumns('history')}, ${FRESH}
    from released k join clients cl on cl.id = k.client_id`)

/** Gives the case back to the queue and records it, answering with the case. Null: stale. */
export async function releaseClaim(
  db: Db,
  claim: HeldClaim,
  role: string
): Promise<WrittenCaseRow | null> {
  const rows = await run<WrittenCaseRow, HeldParam | 'role'>(db, RELEASE, {
    ...heldParams(claim),
    role
  })
  return rows[0] ?? null
}

/** A reviewer's decision, as decideCase writes it. */
export interface CaseDecision {
  claim: HeldClaim
  role: string
  /** Closed now, or waiting for a supervisor's approval. */
  closes: boolean
  outcome: string
  newOutcome: unknown
  conditions: string | null
  reasonCode: string
  rationale: string
  /** The `decided` history row's details; the fencing token is added from the row. */
  details: Record<string, unknown>
}

type DecideParams =
  | HeldParam
  | 'status'
  | 'outcome'
  | 'newOutcome'
  | 'conditions'
  | 'reasonCode'
  | 'rationale'
  | 'closedAt'
  | 'role'
  | 'details'
  | 'closes'

const DECIDE = prepare(fragment<DecideParams>`
    with target as (${CURRENT_CLAIM}),
    decided as (
      update review_cases c
      -- The decider stays named as the case's assignee; the claim itself ends.
      set status = ${'status'}::text, claim_token = null, lease_expires_at = null,
          outcome = ${'outcome'}::text, new_outcome = ${'newOutcome'}::jsonb,
          conditions = ${'conditions'}::text, reason_code = ${'reasonCode'}::text,
          rationale = ${'rationale'}::text, decided_at = ${'now'}::timestamptz,
          decided_by = ${'staffId'}::uuid,
          approved = null, approval_note = null, approval_at = null, approval_by = null,
          closed_at = ${'closedAt'}::timestamptz
      from target t
      where c.id = t.id
      returning c.*, t.token as presented_token, t.locked_ctid
    ),
    history as (
      insert into review_case_history (case_id, at, actor_id, actor_role, action, details)
      select decided.id, ${'now'}::timestamptz, ${'staffId'}::uuid, ${'role'}::text,
             e.action, e.details
      from decided cross join lateral (values
        (1, 'decided',
         ${'details'}::jsonb || jsonb_build_object('token', decided.presented_token)),
        (2, 'closed', '{}'::jsonb)
      ) as e(position, action, details)
      where e.position = 1 or ${'closes'}::boolean
      order by e.position
      returning id, at, actor_id, actor_role, action, details
    )
    select ${caseColumns('history')}, ${FRESH}
    from decided k join clients cl on cl.id = k.client_id`)

/**
 * Records a reviewer's decision if their claim is current (checked and written in one statement,
 * under the row lock, like a claim), with its `decided` (carrying the fencing token) and, when it
 * closes, `closed` history; answers with the case. Null when the claim is not current.
 */
export async function decideCase(db: Db, decision: CaseDecision): Promise<WrittenCaseRow | null> {
  const { claim } = decision
  const rows = await run<WrittenCaseRow, DecideParams>(db, DECIDE, {
    ...heldParams(claim),
    status: decision.closes ? 'closed' : 'awaiting_approval',
    outcome: decision.outcome,
    newOutcome: decision.newOutcome === null ? null : JSON.stringify(decision.newOutcome),
    conditions: decision.conditions,
    reasonCode: decision.reasonCode,
    rationale: decision.rationale,
    closedAt: decision.closes ? claim.now : null,
    role: decision.role,
    details: JSON.stringify(decision.details),
    closes: decision.closes
  })
  return rows[0] ?? null
}

// ---- transitions under the row lock ---------------------------------------------------------------

/** The columns a transition decides on. */
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

const CASE_FACTS = fragment<'caseId'>`
    select c.id, c.kind, c.status, c.client_id,
      d.kind as decision_kind, d.result as decision_result,
      d.limit_eur::float8 as decision_limit_eur, d.segment as decision_segment,
      d.offers as decision_offers,
      c.requested_at, c.reply_channel, c.extended_at, c.assignee_id,
      c.claim_token::text as claim_token, c.lease_expires_at, c.decided_by
    from review_cases c left join automated_decisions d on d.id = c.decision_id
    where c.id = ${'caseId'}::uuid`

const READ_FACTS = prepare(CASE_FACTS)
// FOR UPDATE OF the case: the decision is never changed (migration 014 grants no UPDATE).
const LOCK_FACTS = prepare(fragment<'caseId'>`${CASE_FACTS} for update of c`)

/**
 * The case as a transition decides on it, NOT locked. For a decision: what it checks that can
 * change (the status and the claim) is checked again by decideCase, in its write; the case's
 * kind and the decision it reviews never change.
 */
export async function findCaseFacts(db: Db, id: string): Promise<LockedCase | undefined> {
  const rows = await run<LockedCase, 'caseId'>(db, READ_FACTS, { caseId: id })
  return rows[0]
}

/** Reads the case and locks its row until the transaction ends (FOR UPDATE OF the case). */
export async function lockCase(
  trx: Transaction<Database>,
  id: string
): Promise<LockedCase | undefined> {
  const rows = await run<LockedCase, 'caseId'>(trx, LOCK_FACTS, { caseId: id })
  return rows[0]
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
/** A staff member's roles and display name, or undefined for no such staff member. */
export async function staffRolesAndName(
  db: Db,
  staffId: string
): Promise<{ roles: string[]; display_name: string } | undefined> {
  return db
    .selectFrom('staff')
    .select(['roles', 'display_name'])
    .where('id', '=', staffId)
    .executeTakeFirst()
}
