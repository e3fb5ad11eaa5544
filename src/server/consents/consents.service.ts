import { createHash } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type {
  ConsentAction,
  ConsentEvent,
  ConsentSource,
  ConsentState,
  IdentityVerification,
  Purpose,
  RecordConsentsRequest,
  RecordConsentsResponse
} from '../../shared/domain/consent'
import { DOCUMENT_METHODS } from '../../shared/domain/consent'
import type { ClientKind } from '../../shared/domain/client'
import type { Staff } from '../../shared/domain/staff'
import {
  parsePersonalCode,
  PERSONAL_CODE_FAILURE_MESSAGES
} from '../../shared/identifiers/personalCode'
import type { Clock } from '../clock'
import { createCoalescedLookup } from '../db/coalesced-lookup'
import type { Database } from '../db/database'
import { validationFailed, type FieldError } from '../domain-error'
import { verifyChain, type ChainVerification } from './hash-chain'
import {
  allEvents,
  pageEvents,
  readSnapshot,
  readSnapshots,
  toConsentEvent,
  type LedgerSnapshot,
  toStoredChainEvent
} from './ledger.repository'
import { notFound, stateOf, writeToLedger } from './ledger.writer'
import { clientExists } from '../clients/clients.repository'
import type { ReceiptSigning } from '../receipts/receipt-signing'
import { verifyClientReceipts, type ReceiptAnchoring } from '../receipts/receipts.service'
import {
  foldEvents,
  projectionMismatches,
  toPurposeStates,
  type CellMismatch
} from '../../shared/domain/consent-rules'

type Db = Kysely<Database> | Transaction<Database>

export interface ConsentDeps {
  db: Kysely<Database>
  clock: Clock
}

/** What a write with a receipt, and /verify, need besides: the signing key and the public keys. */
export interface SigningConsentDeps extends ConsentDeps {
  signing: ReceiptSigning
}

async function requireClient(db: Db, clientId: string): Promise<void> {
  if (!(await clientExists(db, clientId))) throw notFound()
}

/**
 * The current state (the projection) from the ledger as read: a client's snapshot, or the card's
 * one statement (clients.repository.ts). 404 when there is no client.
 */
export function currentStateOf(
  clientId: string,
  snapshot: Pick<LedgerSnapshot, 'head' | 'cells' | 'contracts'> | null | undefined,
  now: Date
): ConsentState {
  if (!snapshot) throw notFound()
  return stateOf(clientId, snapshot.head.version, snapshot.cells, snapshot.contracts, now)
}

/**
 * GET /v1/clients/{id}/consents without `at`, as the card asks it: the reads that arrive together
 * share one statement (db/coalesced-lookup.ts), as the card's client read does. Each answer is
 * read no earlier than its request arrived, so a write acknowledged before it is always seen.
 */
export function createConsentStateReader(
  deps: ConsentDeps
): (clientId: string) => Promise<ConsentState> {
  const lookup = createCoalescedLookup((clientIds) => readSnapshots(deps.db, clientIds))
  return async (clientId) => currentStateOf(clientId, await lookup(clientId), deps.clock.now())
}

/** The current state, or with `at` the state at a past moment. */
export async function getConsentState(
  deps: ConsentDeps,
  args: { clientId: string; at?: string | undefined }
): Promise<ConsentState> {
  if (args.at === undefined) {
    // The same statement as the route's coalesced reads (createConsentStateReader).
    const snapshots = await readSnapshots(deps.db, [args.clientId])
    return currentStateOf(args.clientId, snapshots.get(args.clientId), deps.clock.now())
  }
  await requireClient(deps.db, args.clientId)
  // The state at a past moment is a fold of the events up to it; the loyalty clock is a
  // present-tense figure (it depends on today's contracts) and is left out.
  const at = new Date(args.at)
  const rows = await allEvents(deps.db, args.clientId, at)
  const events = rows.map(toConsentEvent)
  return {
    clientId: args.clientId,
    version: rows.reduce((max, row) => Math.max(max, row.version), 0),
    asOf: at.toISOString(),
    purposes: toPurposeStates(foldEvents(events))
  }
}

/**
 * The identity verification's own rules (document number, the representative's personal code),
 * the same for a consent change and a change of the client's data.
 */
export function identityVerificationFieldErrors(identity: IdentityVerification): FieldError[] {
  const fields: FieldError[] = []
  const { method, documentLast4, representative } = identity
  if (DOCUMENT_METHODS.includes(method) && documentLast4 === undefined) {
    fields.push({
      path: 'identityVerification.documentLast4',
      message: `is required for ${method}`
    })
  }
  if (!DOCUMENT_METHODS.includes(method) && documentLast4 !== undefined) {
    fields.push({
      path: 'identityVerification.documentLast4',
      message: `is not used for ${method}`
    })
  }
  if (representative) {
    const parsed = parsePersonalCode(representative.personalCode)
    if (!parsed.ok) {
      fields.push({
        path: 'identityVerification.representative.personalCode',
        message: PERSONAL_CODE_FAILURE_MESSAGES[parsed.reason]
      })
    }
  }
  return fields
}

/**
 * The rules zod cannot express: document number, the representative's personal code, channels,
 * one change per target. Rules that depend on the client are in validateForClient.
 */
export function validateRecordRequest(body: RecordConsentsRequest): FieldError[] {
  const fields = identityVerificationFieldErrors(body.identityVerification)
  const seen = new Set<string>()
  body.changes.forEach((change, index) => {
    if (change.purpose === 'offers' && change.channel === undefined) {
      fields.push({ path: `changes.${index}.channel`, message: 'is required for offers' })
    }
    if (change.purpose !== 'offers' && change.channel !== undefined) {
      fields.push({ path: `changes.${index}.channel`, message: 'is only used for offers' })
    }
    if (
      (change.action === 'paused' || change.action === 'resumed') &&
      change.purpose !== 'location'
    ) {
      fields.push({
        path: `changes.${index}.action`,
        message: `only location can be ${change.action}`
      })
    }
    const target = `${change.purpose}:${change.channel ?? ''}`
    if (seen.has(target)) {
      fields.push({ path: `changes.${index}`, message: 'changes the same consent twice' })
    }
    seen.add(target)
  })
  return fields
}

/**
 * A company cannot show an ID card: the person at the counter acts for it, and it is that person
 * who is verified and recorded. A private person acts for themselves, so a representative there
 * would record someone else's identity as the client's.
 */
export function validateForClient(kind: ClientKind, identity: IdentityVerification): FieldError[] {
  const path = 'identityVerification.representative'
  if (kind === 'business' && identity.representative === undefined) {
    const message =
      'is required for a business client: the name, personal code and basis of the person acting for it'
    return [{ path, message }]
  }
  if (kind === 'private' && identity.representative !== undefined) {
    return [{ path, message: 'is not used for a private client' }]
  }
  return []
}

/** The identity as stored: the representative's personal code compact (11 digits, no hyphen). */
export function normalizedIdentity(identity: IdentityVerification): IdentityVerification {
  if (!identity.representative) return identity
  const parsed = parsePersonalCode(identity.representative.personalCode)
  // validateRecordRequest has refused every code that does not parse.
  if (!parsed.ok) throw new Error('unvalidated representative personal code')
  const representative = { ...identity.representative, personalCode: parsed.compact }
  return { ...identity, representative }
}

export interface RecordArgs {
  clientId: string
  staff: Staff
  /** The request's Idempotency-Key, trimmed and checked by the caller. */
  idempotencyKey: string
  /** If-Match, as a version. */
  expectedVersion: number
  body: RecordConsentsRequest
}

/**
 * POST /v1/clients/{id}/consents: the counter's write. Checks the request's own rules (400), then
 * hands it to the ledger writer, which checks, in one transaction: client (404), key (replay or
 * 422), the rules for the client's kind (400), version (412), transitions (409 no_op_change) and
 * notice versions (409 notice_outdated). A refused request leaves nothing behind, its key
 * included, so a retry runs again.
 */
export async function recordConsents(
  deps: SigningConsentDeps,
  args: RecordArgs
): Promise<RecordConsentsResponse> {
  const fields = validateRecordRequest(args.body)
  if (fields.length > 0) throw validationFailed(fields)
  // The body as zod returns it has a fixed key order, so equal requests hash equally. If-Match is
  // left out: a retry of the same request carries the same one anyway.
  const requestHash = createHash('sha256')
    .update(JSON.stringify({ clientId: args.clientId, body: args.body }))
    .digest('hex')
  const { body } = args
  const outcome = await writeToLedger(deps.db, deps.clock, {
    clientId: args.clientId,
    changes: body.changes.map((change) => ({
      purpose: change.purpose,
      channel: change.channel ?? null,
      action: change.action,
      noticeVersion: change.noticeVersion
    })),
    actor: { kind: 'staff', staff: args.staff },
    identity: normalizedIdentity(body.identityVerification),
    source: body.source,
    language: body.language,
    expectedVersion: args.expectedVersion,
    idempotency: { key: args.idempotencyKey, requestHash },
    receipt: { rightsNoticeVersion: body.rightsNoticeVersion, signer: deps.signing.signer },
    precondition: (snapshot) => {
      const kindFields = validateForClient(snapshot.kind, body.identityVerification)
      if (kindFields.length > 0) throw validationFailed(kindFields)
      return 'write'
    }
  })
  if (outcome.kind === 'skipped') throw new Error('a counter write is never skipped')
  return outcome.response
}

// ---- timeline and verification ----------------------------------------------------------------

function encodeCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url')
}

function decodeCursor(cursor: string): number {
  const match = /^seq:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!match) throw validationFailed([{ path: 'cursor', message: 'is not a cursor of this list' }])
  return Number(match[1])
}

export async function listConsentEvents(
  deps: ConsentDeps,
  args: {
    clientId: string
    purpose?: Purpose | undefined
    action?: ConsentAction | undefined
    source?: ConsentSource | undefined
    from?: string | undefined
    to?: string | undefined
    cursor?: string | undefined
    limit: number
  }
): Promise<{ items: ConsentEvent[]; nextCursor: string | null }> {
  const beforeSeq = args.cursor === undefined ? undefined : decodeCursor(args.cursor)
  await requireClient(deps.db, args.clientId)
  const rows = await pageEvents(deps.db, args.clientId, {
    purpose: args.purpose,
    action: args.action,
    source: args.source,
    from: args.from === undefined ? undefined : new Date(args.from),
    to: args.to === undefined ? undefined : new Date(args.to),
    beforeSeq,
    limit: args.limit
  })
  const page = rows.slice(0, args.limit)
  const last = page.at(-1)
  return {
    items: page.map(toConsentEvent),
    nextCursor: rows.length > args.limit && last ? encodeCursor(last.seq) : null
  }
}

/**
 * GET /v1/clients/{id}/consents/verify: the hash chain recomputed; the current state against the
 * events; and every signed receipt against the chain. A chain rewritten with every hash
 * recomputed passes the first check, but no longer matches the hashes its receipts signed.
 */
export async function verifyClientChain(
  deps: SigningConsentDeps,
  clientId: string
): Promise<
  ChainVerification & { projectionIntact: boolean; mismatches: CellMismatch[] } & ReceiptAnchoring
> {
  const [rows, snapshot] = await Promise.all([
    allEvents(deps.db, clientId),
    readSnapshot(deps.db, clientId, null)
  ])
  if (!snapshot) throw notFound()
  const chain = verifyChain(rows.map(toStoredChainEvent), snapshot.head)
  // The current state is a cache of the events: it must be exactly what they add up to.
  const mismatches = projectionMismatches(snapshot.cells, foldEvents(rows.map(toConsentEvent)))
  const receipts = await verifyClientReceipts(deps, clientId, rows)
  return {
    ...chain,
    intact: chain.intact && mismatches.length === 0 && receipts.receiptsIntact,
    projectionIntact: mismatches.length === 0,
    mismatches,
    ...receipts
  }
}
