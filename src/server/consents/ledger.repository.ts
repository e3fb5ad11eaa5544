import {
  sql,
  type Insertable,
  type Kysely,
  type RawBuilder,
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
import { clientIdentity, type ClientIdentityRow } from '../receipts/client-identity'

/**
 * The ledger's own SQL: the events, the current state (projection) and the version row. The
 * receipts, the notices, the feed and the idempotency keys have their own repositories. The
 * writer (ledger.writer.ts) puts their parts together into the one statement that is a write.
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
  /** The current notices' titles in that language: what a receipt calls the purposes. */
  noticeTitles: Map<string, string>
  /** The client as a receipt names them: name and masked personal code (registration number). */
  client: { name: string; maskedCode: string | null }
  /** The idempotency key asked about, when someone has used it already. */
  usedKey: UsedKey | null
}

export interface UsedKey {
  requestHash: string
  body: unknown
}

interface SnapshotRow extends ClientIdentityRow, CurrentLedgerRow {
  kind: ClientKind
  contracts: Array<{ status: string; end_date: string | null }>
  notices: Array<{ purpose: string; version: number; title: string }>
  used_key: { request_hash: string; response_body: unknown } | null
}

/**
 * The client's consent ledger as it stands, for the client row `c`: its version row (`head`) and
 * its projection (`cells`). Part of the snapshot, and of the client card's one statement
 * (clients.repository.ts, findClientCardsByIds).
 */
export const LEDGER_HEAD = sql<CurrentLedgerRow['head']>`(select row_to_json(v)
    from client_consent_versions v where v.client_id = c.id)`
export const LEDGER_CELLS = sql<CurrentLedgerRow['cells']>`(select coalesce(json_agg(p), '[]')
    from consent_projection p where p.client_id = c.id)`

export interface CurrentLedgerRow {
  head: Selectable<ClientConsentVersionsTable> | null
  cells: Array<Selectable<ConsentProjectionTable>>
}

export function currentLedgerOf(row: CurrentLedgerRow): Pick<LedgerSnapshot, 'head' | 'cells'> {
  return { head: row.head ? toHead(row.head) : EMPTY_HEAD, cells: toCells(row.cells) }
}

/** The contracts as the loyalty clock reads them (loyaltyClock), from their rows. */
export function loyaltyContractsOf(
  rows: ReadonlyArray<{ status: string; end_date: string | null }>
): LedgerSnapshot['contracts'] {
  return rows.map((contract) => ({ status: contract.status, endDate: contract.end_date }))
}

/** The snapshot's columns, for the client row `c`: one round trip for all of it. */
function snapshotColumns(language: Language | null, key: KeyRef | null) {
  const usedKey = key
    ? sql`(select json_build_object('request_hash', i.request_hash, 'response_body', i.response_body)
           from idempotency_keys i where i.staff_id = ${key.staffId} and i.key = ${key.key})`
    : sql`null::json`
  return sql`c.kind, c.first_name, c.last_name, c.name, c.personal_code, c.registration_number,
    ${usedKey} as used_key, ${LEDGER_HEAD} as head, ${LEDGER_CELLS} as cells,
    (select coalesce(json_agg(json_build_object('status', k.status, 'end_date', k.end_date::text)),
                     '[]')
       from contracts k where k.client_id = c.id) as contracts,
    (select coalesce(json_agg(json_build_object('purpose', n.purpose, 'version', n.version,
                                                'title', n.title)), '[]')
       from (select distinct on (purpose) purpose, version, title from notice_versions
             where language = ${language} order by purpose, version desc) n) as notices`
}

function toSnapshot(row: SnapshotRow): LedgerSnapshot {
  return {
    kind: row.kind,
    ...currentLedgerOf(row),
    contracts: loyaltyContractsOf(row.contracts),
    notices: new Map(row.notices.map((notice) => [notice.purpose, notice.version])),
    noticeTitles: new Map(row.notices.map((notice) => [notice.purpose, notice.title])),
    client: clientIdentity(row),
    usedKey: row.used_key
      ? { requestHash: row.used_key.request_hash, body: row.used_key.response_body }
      : null
  }
}

/** A staff member's idempotency key. */
export interface KeyRef {
  staffId: string
  key: string
}

/**
 * The client's kind, version row, projection, contracts (the loyalty clock), with a language the
 * current notice versions, and with a key whether it has been used: one query. Null when there is
 * no such client.
 */
export async function readSnapshot(
  db: Db,
  clientId: string,
  language: Language | null,
  key: KeyRef | null = null
): Promise<LedgerSnapshot | null> {
  const result = await sql<SnapshotRow>`
    select ${snapshotColumns(language, key)} from clients c where c.id = ${clientId}`.execute(db)
  const row = result.rows[0]
  return row ? toSnapshot(row) : null
}

/**
 * The snapshots of several clients in one statement (no language, no key: what a read of the
 * current state needs), keyed by client id; an id with no client is absent. The card's consent
 * reads that arrive together share it (consents.service `createConsentStateReader`).
 */
export async function readSnapshots(
  db: Db,
  clientIds: readonly string[]
): Promise<Map<string, LedgerSnapshot>> {
  const result = await sql<SnapshotRow & { id: string }>`
    select c.id::text as id, ${snapshotColumns(null, null)}
    from clients c where c.id = any(${[...clientIds]}::uuid[])`.execute(db)
  return new Map(result.rows.map((row) => [row.id, toSnapshot(row)]))
}

/**
 * A write's parts are CTEs of one statement. The version row moves first (`advanceHead`); every
 * other part runs only when it did (`gate`: the CTE whose rows say so), so that a write whose
 * version row moved on changes nothing at all. A part that fails (a taken idempotency key) fails
 * the whole statement, which is one transaction. Rows travel as one JSON parameter per
 * table (`jsonb_populate_recordset` converts them to the table's types), so the statement's text
 * is the same for any number of changes and PostgreSQL can keep its plan.
 */
export type Gate = 'head'

export function onlyIf(gate: Gate): RawBuilder<unknown> {
  return sql`where exists (select 1 from ${sql.table(gate)})`
}

export function insertEvents(events: readonly EventRecord[], gate: Gate): RawBuilder<unknown> {
  return sql`insert into consent_events
    select * from jsonb_populate_recordset(null::consent_events, ${JSON.stringify(events)}::jsonb)
    ${onlyIf(gate)}`
}

export function upsertProjection(
  clientId: string,
  cells: Cells,
  events: readonly EventRecord[],
  gate: Gate
): RawBuilder<unknown> {
  const rows = projectionRows(clientId, cells, events)
  return sql`insert into consent_projection
    select * from jsonb_populate_recordset(null::consent_projection, ${JSON.stringify(rows)}::jsonb)
    ${onlyIf(gate)}
    on conflict (client_id, purpose, channel) do update set
      state = excluded.state, since = excluded.since, event_id = excluded.event_id,
      source = excluded.source, notice_version = excluded.notice_version`
}

/**
 * Moves the client's version row from `from` to `head`, and returns a row only if it did: the
 * optimistic lock of a write. A concurrent writer's uncommitted move makes this wait for its
 * commit, and then find the version changed.
 */
export function advanceHead(clientId: string, from: number, head: ClientHead): RawBuilder<unknown> {
  const row: Insertable<ClientConsentVersionsTable> = {
    client_id: clientId,
    version: head.version,
    last_seq: head.lastSeq,
    head_hash: head.headHash
  }
  return sql`insert into client_consent_versions
    select * from jsonb_populate_record(null::client_consent_versions, ${JSON.stringify(row)}::jsonb)
    on conflict (client_id) do update set
      version = excluded.version, last_seq = excluded.last_seq, head_hash = excluded.head_hash
      where client_consent_versions.version = ${from}
    returning version`
}

// ---- reads ------------------------------------------------------------------------------------

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
