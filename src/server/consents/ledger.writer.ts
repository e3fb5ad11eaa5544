import { randomBytes, randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type {
  ConsentAction,
  ConsentEvent,
  ConsentSource,
  ConsentState,
  CurrentNotice,
  IdentityVerification,
  OfferChannel,
  Purpose,
  RecordConsentsResponse
} from '../../shared/domain/consent'
import type { ReceiptPayload } from '../../shared/domain/receipt'
import type { Language, Staff } from '../../shared/domain/staff'
import {
  applyEvent,
  cellOf,
  checkTransition,
  dayOf,
  loyaltyClock,
  toPurposeStates,
  type Cells
} from '../../shared/domain/consent-rules'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import { DomainError, type FieldError } from '../domain-error'
import { appendToFeed } from './feed.repository'
import { eventHash } from './hash-chain'
import { claimKey, KEY_TAKEN_CONSTRAINT } from './idempotency.repository'
import { uniqueViolation } from '../db/unique-violation'
import {
  advanceHead,
  insertEvents,
  readSnapshot,
  toConsentEvent,
  toStoredChainEvent,
  upsertProjection,
  type ClientHead,
  type EventRecord,
  type LedgerSnapshot
} from './ledger.repository'
import { buildReceiptPayload } from '../receipts/receipt-payload'
import { insertReceipt } from '../receipts/receipts.repository'
import type { ReceiptSigner } from '../receipts/signing-keys'

/**
 * The one place consent history is made. Every writer (the counter's POST, the loyalty expiry
 * job, and whatever comes next) hands `writeToLedger` what should happen, and it:
 *
 *   1. reads the client's snapshot in one query: version row, current state, contracts, the
 *      notice versions now published, and whether the idempotency key has been used (→ replay);
 *   2. checks the caller's precondition, If-Match, the transitions and the notice versions, and
 *      computes the events, their hash chain, the new state and the answer;
 *      With a receipt, it also builds the receipt's payload from what it computed (the events
 *      with their hashes, the state after) and signs it (Ed25519, well under a millisecond);
 *   3. stores it all in ONE statement, so one implicit transaction and one commit: the key with
 *      its answer, the version row moved from the version read to the next, the receipt, the
 *      events, the current state and the feed rows. Each part is gated on the one before, and the
 *      version row moves only if it still holds the version read: that conditional move is the
 *      client's lock (optimistic). A concurrent write that got there first leaves this statement
 *      with nothing stored, and the loop reads again: with If-Match that ends in a 412, or in the
 *      replay of a duplicate request.
 *
 * Two round trips to the database per write, and one fsync, whatever the number of changes. The
 * pessimistic form (BEGIN, SELECT … FOR UPDATE, writes, COMMIT) costs two more, and on this
 * machine a round trip costs about as much as the durable commit itself. Nothing is read back:
 * the answer is what was computed.
 */

export interface LedgerChange {
  purpose: Purpose
  channel: OfferChannel | null
  action: ConsentAction
  /** The notice version the client was shown; absent → the current one is recorded. */
  noticeVersion?: number | undefined
}

export type LedgerActor = { kind: 'staff'; staff: Staff } | { kind: 'system' }

export interface LedgerWrite {
  clientId: string
  changes: readonly LedgerChange[]
  actor: LedgerActor
  /** How the person at the counter was identified (stored compact); null for system writes. */
  identity: IdentityVerification | null
  source: ConsentSource | null
  /** The language the client was shown the notices in; null for system writes. */
  language: Language | null
  /** If-Match: the version the writer last read. Absent for writers that decide on what they find. */
  expectedVersion?: number | undefined
  /** A request's key and body hash: a retry replays the first answer instead of writing again. */
  idempotency?: { key: string; requestHash: string } | undefined
  /**
   * A signed receipt for the client, recording the rights notice version they confirmed. Only a
   * staff member's write with a language and a source has one (it names who, where and how).
   */
  receipt?: { rightsNoticeVersion?: number | undefined; signer: ReceiptSigner } | undefined
  /**
   * Checked against the snapshot the write is based on (and again if it loses a race): throw a
   * DomainError to refuse, or answer `skip` to write nothing (a job whose reason has gone).
   */
  precondition?: ((snapshot: LedgerSnapshot) => 'write' | 'skip') | undefined
}

export type LedgerOutcome =
  | { kind: 'written'; response: RecordConsentsResponse }
  /** The idempotency key's earlier answer, for the same request. */
  | { kind: 'replayed'; response: RecordConsentsResponse }
  | { kind: 'skipped' }

/** Eight characters of Crockford base32: easy to read out and type from a printed receipt. */
function verificationCode(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
  return [...randomBytes(8)].map((byte) => alphabet[byte % 32]).join('')
}

export function notFound(): DomainError {
  return new DomainError('not_found', 'No client with this id')
}

/** The current state as GET /consents answers it, from a snapshot and the time of asking. */
export function stateOf(
  clientId: string,
  version: number,
  cells: Cells,
  contracts: LedgerSnapshot['contracts'],
  now: Date
): ConsentState {
  const state: ConsentState = {
    clientId,
    version,
    asOf: now.toISOString(),
    purposes: toPurposeStates(cells)
  }
  if (cellOf(cells, 'loyalty', null).state === 'given') {
    const loyalty = loyaltyClock(contracts, dayOf(now))
    if (loyalty) state.loyalty = loyalty
  }
  return state
}

/** How often a write without If-Match (a job) re-reads after losing a race before it gives up. */
const MAX_ATTEMPTS = 5

export async function writeToLedger(
  db: Kysely<Database>,
  clock: Clock,
  write: LedgerWrite
): Promise<LedgerOutcome> {
  const staffId = write.actor.kind === 'staff' ? write.actor.staff.id : null
  const key = write.idempotency && staffId ? { staffId, key: write.idempotency.key } : null
  for (let attempt = 1; ; attempt++) {
    const snapshot = await readSnapshot(db, write.clientId, write.language, key)
    if (!snapshot) throw notFound()
    if (snapshot.usedKey) {
      if (snapshot.usedKey.requestHash !== write.idempotency!.requestHash) {
        throw new DomainError(
          'idempotency_key_reused',
          'This Idempotency-Key was used for a different request'
        )
      }
      return { kind: 'replayed', response: snapshot.usedKey.body as RecordConsentsResponse }
    }
    const outcome = await tryWrite(db, clock.now(), write, snapshot)
    if (outcome) return outcome
    // Another write got there first (the version moved on, or the key was taken): decide again
    // on the state as it is now. With If-Match that is a 412 or the key's replay.
    if (attempt >= MAX_ATTEMPTS) {
      throw new DomainError('conflict', 'The consents keep changing; try again')
    }
  }
}

/**
 * Checks the write against the snapshot and stores it in one statement. Null when a concurrent
 * write changed the client's version since the snapshot, or took the key: nothing was stored.
 */
async function tryWrite(
  db: Kysely<Database>,
  now: Date,
  write: LedgerWrite,
  snapshot: LedgerSnapshot
): Promise<LedgerOutcome | null> {
  const { head } = snapshot
  if (write.precondition?.(snapshot) === 'skip') return { kind: 'skipped' }
  if (write.expectedVersion !== undefined && head.version !== write.expectedVersion) {
    throw new DomainError(
      'version_mismatch',
      `The consents changed since they were read (version ${write.expectedVersion}, now ` +
        `${head.version}); review the current state and try again`,
      undefined,
      { state: stateOf(write.clientId, head.version, snapshot.cells, snapshot.contracts, now) }
    )
  }
  checkTransitions(snapshot.cells, write.changes)
  const noticeVersions = checkNotices(snapshot.notices, write)
  for (const change of write.changes) {
    // What runs out is the consent as given: its event names the text it was given under.
    const given = cellOf(snapshot.cells, change.purpose, change.channel).noticeVersion
    if (change.action === 'expired' && given !== null) noticeVersions.set(change.purpose, given)
  }

  const staffId = write.actor.kind === 'staff' ? write.actor.staff.id : null
  const receipt = write.receipt ? { id: randomUUID(), verificationCode: verificationCode() } : null
  const events = chainEvents(head, write, {
    at: now,
    receiptId: receipt?.id ?? null,
    noticeVersions
  })
  const recorded = events.map((event) =>
    toConsentEvent({
      ...event,
      actor_display_name: write.actor.kind === 'staff' ? write.actor.staff.displayName : null,
      centre_name: write.actor.kind === 'staff' ? write.actor.staff.centre.name : null
    })
  )
  const cells = new Map(snapshot.cells)
  for (const event of recorded) applyEvent(cells, event)
  const last = events.at(-1)!
  const newHead: ClientHead = { version: head.version + 1, lastSeq: last.seq, headHash: last.hash }
  const state = stateOf(write.clientId, newHead.version, cells, snapshot.contracts, now)
  const signed = receipt
    ? await signReceipt(write, snapshot, {
        ...receipt,
        now,
        events: recorded,
        state,
        noticeVersions
      })
    : null
  const response: RecordConsentsResponse = {
    version: newHead.version,
    state,
    events: recorded,
    // A system write (the loyalty job) has no client at a counter to give a receipt to.
    receipt: receipt && signed ? { ...receipt, jws: signed.jws } : {}
  }

  const claim =
    write.idempotency && staffId
      ? sql`, claim as (${claimKey(
          { staffId, clientId: write.clientId, now, ...write.idempotency },
          { status: 201, body: response },
          'head'
        )})`
      : sql``
  const statement = sql<{ written: number }>`
    with head as (${advanceHead(write.clientId, head.version, newHead)})
      ${claim},
      events as (${insertEvents(events, 'head')}),
      state as (${upsertProjection(write.clientId, cells, events, 'head')}),
      feed as (${appendToFeed(events, now, 'head')})
      ${
        receipt && signed
          ? sql`, receipt as (${insertReceipt(
              {
                id: receipt.id,
                client_id: write.clientId,
                verification_code: receipt.verificationCode,
                staff_id: staffId,
                created_at: now,
                language: write.language,
                rights_notice_version: noticeVersions.get('rights') ?? null,
                centre_id: write.actor.kind === 'staff' ? write.actor.staff.centre.id : null,
                payload: signed.payload,
                jws: signed.jws,
                kid: signed.kid
              },
              'head'
            )})`
          : sql``
      }
    select (select count(*) from head)::int as written`
  try {
    const result = await statement.execute(db)
    return result.rows[0]?.written === 1 ? { kind: 'written', response } : null
  } catch (error) {
    if (uniqueViolation(error, [KEY_TAKEN_CONSTRAINT]) === KEY_TAKEN_CONSTRAINT) return null
    throw error
  }
}

/** The receipt's payload, built from what the write computed, and its compact JWS. */
async function signReceipt(
  write: LedgerWrite,
  snapshot: LedgerSnapshot,
  computed: {
    id: string
    verificationCode: string
    now: Date
    events: ConsentEvent[]
    state: ConsentState
    noticeVersions: Map<string, number>
  }
): Promise<{ payload: ReceiptPayload; jws: string; kid: string }> {
  const { actor, language, source, identity } = write
  if (!write.receipt || actor.kind !== 'staff' || !language || !source || !identity) {
    throw new Error('a receipt needs a staff member, a language, a source and an identity')
  }
  const payload = buildReceiptPayload({
    id: computed.id,
    verificationCode: computed.verificationCode,
    issuedAt: computed.now,
    clientId: write.clientId,
    client: snapshot.client,
    staff: actor.staff,
    language,
    source,
    identity,
    events: computed.events,
    before: snapshot.cells,
    state: computed.state,
    noticeTitles: snapshot.noticeTitles,
    rightsNoticeVersion: computed.noticeVersions.get('rights') ?? null
  })
  const { signer } = write.receipt
  return { payload, jws: await signer.sign(payload), kid: signer.kid }
}

/** Every change must change something, judged in order (a later change sees the earlier ones). */
function checkTransitions(cells: Cells, changes: readonly LedgerChange[]): void {
  const problems: FieldError[] = []
  const working = new Map(cells)
  changes.forEach((change, index) => {
    const current = cellOf(working, change.purpose, change.channel).state
    // `expired` is the system's (the loyalty job's): only a consent in force can run out.
    const problem =
      change.action === 'expired'
        ? current === 'given'
          ? null
          : { message: `cannot expire: it is ${current}` }
        : checkTransition(change.purpose, current, change.action)
    if (problem) {
      const target = change.channel ? `${change.purpose} (${change.channel})` : change.purpose
      problems.push({ path: `changes.${index}`, message: `${target} ${problem.message}` })
    }
  })
  if (problems.length > 0) {
    throw new DomainError(
      'no_op_change',
      `Nothing recorded: ${problems.map((problem) => problem.message).join('; ')}`,
      problems
    )
  }
}

/**
 * The notice versions to record: the one the client was shown, which must be the one published
 * now (a text changed while the client read the old one needs showing again), or the current one
 * when the writer does not say. A system write records the version the consent was given under,
 * which its caller passes in.
 */
function checkNotices(current: Map<string, number>, write: LedgerWrite): Map<string, number> {
  const recorded = new Map<string, number>()
  const outdated: string[] = []
  const shown = write.changes.map(
    (change) => [change.purpose as string, change.noticeVersion] as const
  )
  if (write.receipt) shown.push(['rights', write.receipt.rightsNoticeVersion])
  for (const [purpose, version] of shown) {
    const now = current.get(purpose)
    if (version !== undefined && write.language !== null && version !== now) {
      outdated.push(`${purpose} (shown ${version}, current ${now ?? 'none'})`)
    }
    const value = version ?? now
    if (value !== undefined) recorded.set(purpose, value)
  }
  if (outdated.length > 0 && write.language !== null) {
    const language = write.language
    const named = [...new Set(shown.map(([purpose]) => purpose))]
    throw new DomainError(
      'notice_outdated',
      `A notice the client was shown is not the current one: ${outdated.join('; ')}. ` +
        'Show the client the current text and ask again',
      undefined,
      {
        current: named.flatMap((purpose): CurrentNotice[] => {
          const version = current.get(purpose)
          return version === undefined
            ? []
            : [{ purpose: purpose as CurrentNotice['purpose'], language, version }]
        })
      }
    )
  }
  return recorded
}

/** The write's events, numbered after the head and chained to it. */
function chainEvents(
  head: ClientHead,
  write: LedgerWrite,
  context: { at: Date; receiptId: string | null; noticeVersions: Map<string, number> }
): EventRecord[] {
  const version = head.version + 1
  const representative = write.identity?.representative
  let prevHash = head.headHash
  return write.changes.map((change, index) => {
    const event: EventRecord = {
      id: randomUUID(),
      client_id: write.clientId,
      seq: head.lastSeq + index + 1,
      version,
      purpose: change.purpose,
      channel: change.channel,
      action: change.action,
      at: context.at,
      source: write.source,
      actor_kind: write.actor.kind,
      actor_id: write.actor.kind === 'staff' ? write.actor.staff.id : null,
      centre: write.actor.kind === 'staff' ? write.actor.staff.centre.id : null,
      identity_method: write.identity?.method ?? null,
      identity_document_last4: write.identity?.documentLast4 ?? null,
      representative_name: representative?.name ?? null,
      representative_personal_code: representative?.personalCode ?? null,
      representative_basis: representative?.basis ?? null,
      notice_version: context.noticeVersions.get(change.purpose) ?? null,
      language: write.language,
      receipt_id: context.receiptId,
      prev_hash: prevHash,
      hash: ''
    }
    event.hash = eventHash(prevHash, toStoredChainEvent(event))
    prevHash = event.hash
    return event
  })
}
