import { sql, type Kysely, type Selectable, type Transaction } from 'kysely'
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
import { maskPersonalCode } from '../../shared/identifiers/personalCode'
import type { Language } from '../../shared/domain/staff'
import type { ConsentEventsTable, Database } from '../db/database'
import type { StoredChainEvent } from './hash-chain'
import { applyEvent, offersSummary, type Cell, type Cells } from '../../shared/domain/consent-rules'

type Db = Kysely<Database> | Transaction<Database>

/**
 * The one lock every consent writer takes, right before it inserts outbox rows. Positions come
 * from an identity sequence, and a sequence value taken before commit can become visible AFTER a
 * higher one (the other transaction committed first): a feed reader that has moved past the
 * higher position would miss it forever. Holding this transaction-level advisory lock from
 * allocation to commit makes writers take positions in commit order, so a reader never sees a
 * gap fill in later. It is taken last, so it is held only for the final inserts and the commit.
 */
export const OUTBOX_LOCK_KEY = 7_231_125_004

export interface ClientHead {
  version: number
  lastSeq: number
  headHash: string | null
}

export async function readClientHead(db: Db, clientId: string): Promise<ClientHead> {
  const row = await db
    .selectFrom('client_consent_versions')
    .select(['version', 'last_seq', 'head_hash'])
    .where('client_id', '=', clientId)
    .executeTakeFirst()
  return row
    ? { version: row.version, lastSeq: row.last_seq, headHash: row.head_hash }
    : { version: 0, lastSeq: 0, headHash: null }
}

/**
 * Locks the client's version row for the rest of the transaction (creating it on the first
 * write). Every writer of one client queues here, so the If-Match check, the seq numbers and the
 * chain's prev_hash are decided by one writer at a time.
 */
export async function lockClientHead(trx: Transaction<Database>, clientId: string): Promise<ClientHead> {
  // ON CONFLICT DO NOTHING: two first writers both "insert"; the second waits for the first's
  // commit and then finds the row, already at version 1.
  await trx
    .insertInto('client_consent_versions')
    .values({ client_id: clientId, version: 0, last_seq: 0, head_hash: null })
    .onConflict((oc) => oc.column('client_id').doNothing())
    .execute()
  const row = await trx
    .selectFrom('client_consent_versions')
    .select(['version', 'last_seq', 'head_hash'])
    .where('client_id', '=', clientId)
    .forUpdate()
    .executeTakeFirstOrThrow()
  return { version: row.version, lastSeq: row.last_seq, headHash: row.head_hash }
}

export async function writeClientHead(
  trx: Transaction<Database>,
  clientId: string,
  head: ClientHead
): Promise<void> {
  await trx
    .updateTable('client_consent_versions')
    .set({ version: head.version, last_seq: head.lastSeq, head_hash: head.headHash })
    .where('client_id', '=', clientId)
    .execute()
}

function toIso(value: Date | string | null): string | null {
  if (value === null) return null
  return (value instanceof Date ? value : new Date(value)).toISOString()
}

/** The projection rows of a client as fold cells (offers' '' summary row left out). */
export async function readProjection(db: Db, clientId: string): Promise<Cells> {
  const rows = await db
    .selectFrom('consent_projection')
    .selectAll()
    .where('client_id', '=', clientId)
    .execute()
  const cells: Cells = new Map()
  for (const row of rows) {
    if (row.purpose === 'offers' && row.channel === '') continue
    const key = row.channel === '' ? row.purpose : `${row.purpose}:${row.channel}`
    cells.set(key, {
      state: row.state as Cell['state'],
      since: toIso(row.since),
      eventId: row.event_id,
      source: row.source as ConsentSource | null,
      noticeVersion: row.notice_version
    })
  }
  return cells
}

export interface NewConsentEvent extends StoredChainEvent {
  purpose: Purpose
  channel: OfferChannel | null
  action: ConsentAction
  source: ConsentSource | null
}

/**
 * Appends events and brings the projection, the outbox and (by the caller) the version row up to
 * date, all in the caller's transaction.
 */
export async function appendEvents(
  trx: Transaction<Database>,
  args: { clientId: string; events: NewConsentEvent[]; cells: Cells; now: Date }
): Promise<void> {
  if (args.events.length === 0) return
  await trx
    .insertInto('consent_events')
    .values(
      args.events.map((event) => ({
        id: event.id,
        client_id: event.clientId,
        seq: event.seq,
        version: event.version,
        purpose: event.purpose,
        channel: event.channel,
        action: event.action,
        at: event.at,
        source: event.source,
        actor_kind: event.actorKind,
        actor_id: event.actorId,
        centre: event.centre,
        identity_method: event.identityMethod,
        identity_document_last4: event.documentLast4,
        representative_name: event.representativeName ?? null,
        representative_personal_code: event.representativePersonalCode ?? null,
        representative_basis: event.representativeBasis ?? null,
        notice_version: event.noticeVersion,
        language: event.language,
        receipt_id: event.receiptId,
        prev_hash: event.prevHash,
        hash: event.hash
      }))
    )
    .execute()

  const cells = new Map(args.cells)
  for (const event of args.events) applyEvent(cells, { ...event, noticeVersion: event.noticeVersion })
  const touched = new Set(args.events.map((event) => `${event.purpose}|${event.channel ?? ''}`))
  if (args.events.some((event) => event.purpose === 'offers')) touched.add('offers|')
  const rows = [...touched].map((entry) => {
    const [purpose, channel] = entry.split('|') as [Purpose, string]
    const cell =
      purpose === 'offers' && channel === ''
        ? offersSummary(cells)
        : cells.get(channel === '' ? purpose : `${purpose}:${channel}`)!
    return {
      client_id: args.clientId,
      purpose,
      channel,
      state: cell.state,
      since: cell.since,
      event_id: cell.eventId,
      source: cell.source,
      notice_version: cell.noticeVersion
    }
  })
  await trx
    .insertInto('consent_projection')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['client_id', 'purpose', 'channel']).doUpdateSet((eb) => ({
        state: eb.ref('excluded.state'),
        since: eb.ref('excluded.since'),
        event_id: eb.ref('excluded.event_id'),
        source: eb.ref('excluded.source'),
        notice_version: eb.ref('excluded.notice_version')
      }))
    )
    .execute()

  // Last, so that the global lock is held only for this insert and the commit (see above).
  await sql`select pg_advisory_xact_lock(${OUTBOX_LOCK_KEY}::bigint)`.execute(trx)
  await trx
    .insertInto('consent_outbox')
    .values(
      args.events.map((event) => ({
        event_id: event.id,
        client_id: args.clientId,
        created_at: args.now
      }))
    )
    .execute()
}

export async function insertReceipt(
  trx: Transaction<Database>,
  receipt: { id: string; clientId: string; verificationCode: string; staffId: string | null; at: Date }
): Promise<void> {
  await trx
    .insertInto('receipts')
    .values({
      id: receipt.id,
      client_id: receipt.clientId,
      verification_code: receipt.verificationCode,
      staff_id: receipt.staffId,
      created_at: receipt.at
    })
    .execute()
}

/** Current notice version per purpose in one language (what the client is shown now). */
export async function currentNoticeVersions(db: Db, language: Language): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('notice_versions')
    .select(['purpose', (eb) => eb.fn.max('version').as('version')])
    .where('language', '=', language)
    .groupBy('purpose')
    .execute()
  return new Map(rows.map((row) => [row.purpose, Number(row.version)]))
}

export async function listNotices(db: Db): Promise<
  Array<{ purpose: string; version: number; language: string; title: string; text: string }>
> {
  return db
    .selectFrom('notice_versions')
    .select(['purpose', 'version', 'language', 'title', 'text'])
    .orderBy('purpose')
    .orderBy('version')
    .orderBy('language')
    .execute()
}

// ---- reading events -------------------------------------------------------------------------

const eventColumns = [
  'e.id',
  'e.client_id',
  'e.seq',
  'e.version',
  'e.purpose',
  'e.channel',
  'e.action',
  'e.at',
  'e.source',
  'e.actor_kind',
  'e.actor_id',
  'e.centre',
  'e.identity_method',
  'e.identity_document_last4',
  'e.representative_name',
  'e.representative_personal_code',
  'e.representative_basis',
  'e.notice_version',
  'e.language',
  'e.receipt_id',
  'e.prev_hash',
  'e.hash',
  's.display_name as actor_display_name',
  'c.name as centre_name'
] as const

/**
 * A stored event as read back, with the display name of the staff member who recorded it and the
 * name of the centre it was recorded at (events store the centre's id, which is what is hashed).
 */
export type EventRow = Selectable<ConsentEventsTable> & {
  actor_display_name: string | null
  centre_name: string | null
}

function eventsQuery(db: Db) {
  return db
    .selectFrom('consent_events as e')
    .leftJoin('staff as s', (join) =>
      join.on(sql<boolean>`e.actor_kind = 'staff' and s.id::text = e.actor_id`)
    )
    .leftJoin('centres as c', 'c.id', 'e.centre')
    .select(eventColumns)
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
function toIdentityVerification(row: EventRow): RecordedIdentityVerification | null {
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

export function toStoredChainEvent(row: EventRow): StoredChainEvent {
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

/** Every event of a client in seq order, optionally only those at or before `upTo`. */
export async function allEvents(db: Db, clientId: string, upTo?: Date): Promise<EventRow[]> {
  let query = eventsQuery(db).where('e.client_id', '=', clientId)
  if (upTo) query = query.where('e.at', '<=', upTo)
  return (await query.orderBy('e.seq').execute()) as EventRow[]
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
export async function pageEvents(db: Db, clientId: string, filter: EventFilter): Promise<EventRow[]> {
  let query = eventsQuery(db).where('e.client_id', '=', clientId)
  if (filter.purpose) query = query.where('e.purpose', '=', filter.purpose)
  if (filter.action) query = query.where('e.action', '=', filter.action)
  if (filter.source) query = query.where('e.source', '=', filter.source)
  if (filter.from) query = query.where('e.at', '>=', filter.from)
  if (filter.to) query = query.where('e.at', '<=', filter.to)
  if (filter.beforeSeq !== undefined) query = query.where('e.seq', '<', filter.beforeSeq)
  return (await query.orderBy('e.seq', 'desc').limit(filter.limit + 1).execute()) as EventRow[]
}

/** Events by id, in the order given (the response of a write, read back inside its transaction). */
export async function eventsByIds(db: Db, ids: string[]): Promise<EventRow[]> {
  if (ids.length === 0) return []
  const rows = (await eventsQuery(db).where('e.id', 'in', ids).execute()) as EventRow[]
  const byId = new Map(rows.map((row) => [row.id, row]))
  return ids.map((id) => byId.get(id)!)
}

/** The feed: outbox rows after a position, in position (= commit) order. */
export async function feedAfter(
  db: Db,
  after: bigint,
  limit: number
): Promise<Array<EventRow & { position: string }>> {
  const rows = await db
    .selectFrom('consent_outbox as o')
    .innerJoin('consent_events as e', 'e.id', 'o.event_id')
    .leftJoin('staff as s', (join) =>
      join.on(sql<boolean>`e.actor_kind = 'staff' and s.id::text = e.actor_id`)
    )
    .leftJoin('centres as c', 'c.id', 'e.centre')
    .select([...eventColumns, sql<string>`o.position::text`.as('position')])
    .where('o.position', '>', after.toString())
    .orderBy('o.position')
    .limit(limit)
    .execute()
  return rows as Array<EventRow & { position: string }>
}
