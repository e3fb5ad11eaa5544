import {
  sql,
  type Compilable,
  type Insertable,
  type Kysely,
  type Selectable,
  type Transaction
} from 'kysely'
import type {
  ConsentAction,
  ConsentEvent,
  ConsentSource,
  IdentityMethod,
  OfferChannel,
  Purpose,
  RecordedIdentityVerification,
  RepresentativeBasis
} from '../../shared/domain/consent'
import type { ClientKind } from '../../shared/domain/client'
import type { Language } from '../../shared/domain/staff'
import { maskPersonalCode } from '../../shared/identifiers/personalCode'
import { offersSummary, type Cell, type Cells } from '../../shared/domain/consent-rules'
import type {
  ClientConsentVersionsTable,
  ConsentEventsTable,
  ConsentProjectionTable,
  Database
} from '../db/database'
import type { StoredChainEvent } from './hash-chain'

/**
 * The ledger's own SQL: the events, the current state (projection) and the version row. The
 * receipts, the notices, the feed and the idempotency keys have their own repositories; the
 * writer (ledger.writer.ts) puts their statements together into one transaction.
 */

type Db = Kysely<Database> | Transaction<Database>

/** A stored event, as Kysely selects it. */
export type EventRecord = Selectable<ConsentEventsTable>

/** An event as reads return it: with who recorded it and the name of the centre. */
export type EventRow = EventRecord & {
  actor_display_name: string | null
  centre_name: string | null
}

export interface ClientHead {
  version: number
  lastSeq: number
  headHash: string | null
}

const toHead = (row: Selectable<ClientConsentVersionsTable>): ClientHead => ({
  version: row.version,
  lastSeq: row.last_seq,
  headHash: row.head_hash
})

const EMPTY_HEAD: ClientHead = { version: 0, lastSeq: 0, headHash: null }

function toIso(value: Date | string | null): string | null {
  if (value === null) return null
  return (value instanceof Date ? value : new Date(value)).toISOString()
}

// ---- mapping: the one place an event row becomes a domain value ------------------------------

/** The facts the hash chain covers, from a stored (or about to be stored) event. */
export function toStoredChainEvent(row: EventRecord): StoredChainEvent {
  return {
    id: row.id,
    clientId: row.client_id,
    seq: row.seq,
    version: row.version,
    purpose: row.purpose,
    channel: row.channel,
    action: row.action,
    at: toIso(row.at)!,
    source: row.source,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    centre: row.centre,
    identityMethod: row.identity_method,
    documentLast4: row.identity_document_last4,
    noticeVersion: row.notice_version,
    language: row.language,
    receiptId: row.receipt_id,
    representativeName: row.representative_name,
    representativePersonalCode: row.representative_personal_code,
    representativeBasis: row.representative_basis,
    prevHash: row.prev_hash,
    hash: row.hash
  }
}

export function toConsentEvent(row: EventRow): ConsentEvent {
  return {
    id: row.id,
    seq: row.seq,
    clientId: row.client_id,
    purpose: row.purpose as Purpose,
    channel: row.channel as OfferChannel | null,
    action: row.action as ConsentAction,
    at: toIso(row.at)!,
    source: row.source as ConsentSource | null,
    actor: {
      kind: row.actor_kind as ConsentEvent['actor']['kind'],
      id: row.actor_id,
      displayName: row.actor_display_name
    },
    centre: row.centre,
    centreName: row.centre_name,
    identityVerification: toIdentityVerification(row),
    noticeVersion: row.notice_version,
    language: row.language as Language | null,
    receiptId: row.receipt_id,
    hash: row.hash,
    prevHash: row.prev_hash
  }
}

/**
 * The identity verification of a stored event. The representative's personal code never leaves
 * the API whole: it is the stored proof, and reads (timeline, feed, replays) need only the mask.
 */
function toIdentityVerification(row: EventRecord): RecordedIdentityVerification | null {
  if (!row.identity_method) return null
  return {
    method: row.identity_method as IdentityMethod,
    ...(row.identity_document_last4 ? { documentLast4: row.identity_document_last4 } : {}),
    // The migration's check constraint keeps the three columns all set or all null.
    ...(row.representative_name !== null &&
    row.representative_personal_code !== null &&
    row.representative_basis !== null
      ? {
          representative: {
            name: row.representative_name,
            personalCodeMasked: maskPersonalCode(row.representative_personal_code),
            basis: row.representative_basis as RepresentativeBasis
          }
        }
      : {})
  }
}

function toCell(row: Selectable<ConsentProjectionTable>): Cell {
  return {
    state: row.state as Cell['state'],
    since: toIso(row.since),
    eventId: row.event_id,
    source: row.source as ConsentSource | null,
    noticeVersion: row.notice_version
  }
}

/** Projection rows as fold cells; offers' '' row is a summary of the channels, not a cell. */
function toCells(rows: ReadonlyArray<Selectable<ConsentProjectionTable>>): Cells {
  const cells: Cells = new Map()
  for (const row of rows) {
    if (row.purpose === 'offers' && row.channel === '') continue
    cells.set(row.channel === '' ? row.purpose : `${row.purpose}:${row.channel}`, toCell(row))
  }
  return cells
}

/** The projection rows that store `cells` for the purposes `events` touched (and offers' summary). */
function projectionRows(
  clientId: string,
  cells: Cells,
  events: readonly EventRecord[]
): Array<Insertable<ConsentProjectionTable>> {
  const touched = new Set(events.map((event) => `${event.purpose}|${event.channel ?? ''}`))
  if (events.some((event) => event.purpose === 'offers')) touched.add('offers|')
  return [...touched].map((entry) => {
    const [purpose, channel] = entry.split('|') as [Purpose, string]
    const cell =
      purpose === 'offers' && channel === ''
        ? offersSummary(cells)
        : cells.get(channel === '' ? purpose : `${purpose}:${channel}`)!
    return {
      client_id: clientId,
      purpose,
      channel,
      state: cell.state,
      since: cell.since,
      event_id: cell.eventId,
      source: cell.source,
      notice_version: cell.noticeVersion
    }
  })
}

// ---- the writer's statements -------------------------------------------------------------------

/** What a write or a read of the current state needs to know about a client, in one query. */
export interface LedgerSnapshot {
  kind: ClientKind
  head: ClientHead
  cells: Cells
  contracts: Array<{ status: string; endDate: string | null }>
  /** The current version of every published notice in the language asked for (purposes, rights). */
  notices: Map<string, number>
}

interface SnapshotRow {
  kind: ClientKind
  head: Selectable<ClientConsentVersionsTable> | null
  cells: Array<Selectable<ConsentProjectionTable>>
  contracts: Array<{ status: string; end_date: string | null }>
  notices: Array<{ purpose: string; version: number }>
}

/** The snapshot's columns, for the client row `c`: one round trip for all of it. */
function snapshotColumns(language: Language | null) {
  return sql`c.kind,
    (select row_to_json(v) from client_consent_versions v where v.client_id = c.id) as head,
    (select coalesce(json_agg(p), '[]') from consent_projection p where p.client_id = c.id) as cells,
    (select coalesce(json_agg(json_build_object('status', k.status, 'end_date', k.end_date::text)),
                     '[]')
       from contracts k where k.client_id = c.id) as contracts,
    (select coalesce(json_agg(json_build_object('purpose', n.purpose, 'version', n.version)), '[]')
       from (select purpose, max(version) as version from notice_versions
             where language = ${language} group by purpose) n) as notices`
}

function toSnapshot(row: SnapshotRow): LedgerSnapshot {
  return {
    kind: row.kind,
    head: row.head ? toHead(row.head) : EMPTY_HEAD,
    cells: toCells(row.cells),
    contracts: row.contracts.map((contract) => ({
      status: contract.status,
      endDate: contract.end_date
    })),
    notices: new Map(row.notices.map((notice) => [notice.purpose, notice.version]))
  }
}

/**
 * The client's kind, version row, projection, contracts (the loyalty clock) and, with a
 * language, the current notice versions, in one query. Null when there is no such client.
 */
export async function readSnapshot(
  db: Db,
  clientId: string,
  language: Language | null
): Promise<LedgerSnapshot | null> {
  const result = await sql<SnapshotRow>`
    select ${snapshotColumns(language)} from clients c where c.id = ${clientId}`.execute(db)
  const row = result.rows[0]
  return row ? toSnapshot(row) : null
}

export type LockResult =
  | { kind: 'no_client' }
  /** Another request holds (or held) the idempotency key: nothing is locked. */
  | { kind: 'key_taken' }
  | { kind: 'locked'; snapshot: LedgerSnapshot }

/**
 * The first statement of every write: claims the idempotency key (when there is one), then takes
 * the client's ledger lock, then reads the snapshot the write is checked against, in ONE round
 * trip.
 *
 * - The claim comes first (the lock's insert reads it): every writer takes key, then client, so
 *   two writers never wait on each other in opposite order. A key held by a transaction in flight
 *   makes this wait for it; if that one commits, the key is taken and nothing here is locked.
 * - The lock is `INSERT … ON CONFLICT DO UPDATE` on the version row (created on the first write):
 *   it waits for a writer holding the row and returns the row's latest committed values. Every
 *   writer of one client queues here, so the If-Match check, the seq numbers and the chain's
 *   prev_hash are decided by one writer at a time.
 * - The snapshot is read with the statement's start snapshot. If the lock had to wait for another
 *   writer, that one's commit is newer than the snapshot: its version row (read here unlocked)
 *   then differs from the locked one, and the snapshot is read again, now after the lock.
 */
export async function lockAndRead(
  trx: Transaction<Database>,
  clientId: string,
  language: Language | null,
  claim: Compilable | null
): Promise<LockResult> {
  const claimed = claim ? sql`claim as (${claim}),` : sql``
  const afterClaim = claim ? sql`and exists (select 1 from claim)` : sql``
  const result = await sql<
    SnapshotRow & { claimed: number; locked: Selectable<ClientConsentVersionsTable> | null }
  >`
    with ${claimed} locked as (
      insert into client_consent_versions (client_id, version, last_seq, head_hash)
      select id, 0, 0, null from clients where id = ${clientId} ${afterClaim}
      on conflict (client_id) do update set version = client_consent_versions.version
      returning client_id, version, last_seq, head_hash
    )
    select ${claim ? sql`(select count(*) from claim)::int` : sql`1`} as claimed,
      (select row_to_json(l) from locked l) as locked,
      ${snapshotColumns(language)}
    from clients c where c.id = ${clientId}`.execute(trx)
  const row = result.rows[0]
  if (!row) return { kind: 'no_client' }
  if (row.claimed === 0) return { kind: 'key_taken' }
  if (!row.locked) return { kind: 'no_client' }
  const locked = toHead(row.locked)
  const seen = row.head ? toHead(row.head) : EMPTY_HEAD
  if (seen.version === locked.version) return { kind: 'locked', snapshot: toSnapshot(row) }
  const fresh = await readSnapshot(trx, clientId, language)
  if (!fresh) return { kind: 'no_client' }
  return { kind: 'locked', snapshot: { ...fresh, head: locked } }
}

/** The inserts of one write: its events, the state they lead to, the new head. */
export function insertEvents(trx: Transaction<Database>, events: readonly EventRecord[]) {
  return trx.insertInto('consent_events').values(events.map((event) => ({ ...event })))
}

export function upsertProjection(
  trx: Transaction<Database>,
  clientId: string,
  cells: Cells,
  events: readonly EventRecord[]
) {
  return trx
    .insertInto('consent_projection')
    .values(projectionRows(clientId, cells, events))
    .onConflict((oc) =>
      oc.columns(['client_id', 'purpose', 'channel']).doUpdateSet((eb) => ({
        state: eb.ref('excluded.state'),
        since: eb.ref('excluded.since'),
        event_id: eb.ref('excluded.event_id'),
        source: eb.ref('excluded.source'),
        notice_version: eb.ref('excluded.notice_version')
      }))
    )
}

export function updateHead(trx: Transaction<Database>, clientId: string, head: ClientHead) {
  return trx
    .updateTable('client_consent_versions')
    .set({ version: head.version, last_seq: head.lastSeq, head_hash: head.headHash })
    .where('client_id', '=', clientId)
}

// ---- reads ------------------------------------------------------------------------------------

export async function readClientHead(db: Db, clientId: string): Promise<ClientHead> {
  const row = await db
    .selectFrom('client_consent_versions')
    .selectAll()
    .where('client_id', '=', clientId)
    .executeTakeFirst()
  return row ? toHead(row) : EMPTY_HEAD
}

export async function readProjection(db: Db, clientId: string): Promise<Cells> {
  return toCells(
    await db
      .selectFrom('consent_projection')
      .selectAll()
      .where('client_id', '=', clientId)
      .execute()
  )
}

/** Events joined with who recorded them and where; `e` is consent_events. */
export function eventsQuery(db: Db) {
  return db
    .selectFrom('consent_events as e')
    .leftJoin('staff as s', (join) =>
      join.on(sql<boolean>`e.actor_kind = 'staff' and s.id::text = e.actor_id`)
    )
    .leftJoin('centres as c', 'c.id', 'e.centre')
    .selectAll('e')
    .select(['s.display_name as actor_display_name', 'c.name as centre_name'])
}

/** Every event of a client in seq order, optionally only those at or before `upTo`. */
export async function allEvents(db: Db, clientId: string, upTo?: Date): Promise<EventRow[]> {
  let query = eventsQuery(db).where('e.client_id', '=', clientId)
  if (upTo) query = query.where('e.at', '<=', upTo)
  return query.orderBy('e.seq').execute()
}

export interface EventFilter {
  purpose?: Purpose | undefined
  action?: ConsentAction | undefined
  source?: ConsentSource | undefined
  from?: Date | undefined
  to?: Date | undefined
  /** Only events with a seq below this one (keyset paging, newest first). */
  beforeSeq?: number | undefined
  limit: number
}

/** A page of the timeline, newest first; `limit + 1` rows tell whether another page exists. */
export async function pageEvents(
  db: Db,
  clientId: string,
  filter: EventFilter
): Promise<EventRow[]> {
  let query = eventsQuery(db).where('e.client_id', '=', clientId)
  if (filter.purpose) query = query.where('e.purpose', '=', filter.purpose)
  if (filter.action) query = query.where('e.action', '=', filter.action)
  if (filter.source) query = query.where('e.source', '=', filter.source)
  if (filter.from) query = query.where('e.at', '>=', filter.from)
  if (filter.to) query = query.where('e.at', '<=', filter.to)
  if (filter.beforeSeq !== undefined) query = query.where('e.seq', '<', filter.beforeSeq)
  return query
    .orderBy('e.seq', 'desc')
    .limit(filter.limit + 1)
    .execute()
}
