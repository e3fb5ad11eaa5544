import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type {
  ConsentAction,
  ConsentEvent,
  ConsentSource,
  ConsentState,
  IdentityVerification,
  OfferChannel,
  Purpose,
  RecordConsentsRequest,
  RecordConsentsResponse
} from '../../shared/domain/consent'
import { DOCUMENT_METHODS } from '../../shared/domain/consent'
import type { ClientKind } from '../../shared/domain/client'
import type { Language, Staff } from '../../shared/domain/staff'
import {
  parsePersonalCode,
  PERSONAL_CODE_FAILURE_MESSAGES
} from '../../shared/identifiers/personalCode'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import { HttpError, type FieldError } from '../http/http-error'
import { eventHash, verifyChain, type ChainVerification } from './hash-chain'
import { claimKey, releaseKey } from './idempotency.repository'
import {
  allEvents,
  appendEvents,
  currentNoticeVersions,
  eventsByIds,
  insertReceipt,
  lockClientHead,
  pageEvents,
  readClientHead,
  readProjection,
  toConsentEvent,
  toStoredChainEvent,
  writeClientHead,
  type ClientHead,
  type NewConsentEvent
} from './events.repository'
import { contractsOf } from './loyalty.job'
import { clientExists } from '../clients/clients.repository'
import {
  cellOf,
  checkTransition,
  dayOf,
  foldEvents,
  loyaltyClock,
  projectionMismatches,
  toPurposeStates,
  type CellMismatch,
  type Cells
} from '../../shared/domain/consent-rules'

type Db = Kysely<Database> | Transaction<Database>

export interface ConsentDeps {
  db: Kysely<Database>
  clock: Clock
}

/** An in-flight claim older than this belongs to a request that died; a retry may take it. */
export const IDEMPOTENCY_STALE_MS = 2 * 60_000

const notFound = (): HttpError => new HttpError(404, 'not_found', 'No client with this id')

async function requireClient(db: Db, clientId: string): Promise<void> {
  if (!(await clientExists(db, clientId))) throw notFound()
}

/** Private person or company: it decides whose identity a recording must carry. */
async function requireClientKind(db: Db, clientId: string): Promise<ClientKind> {
  const row = await db
    .selectFrom('clients')
    .select('kind')
    .where('id', '=', clientId)
    .executeTakeFirst()
  if (!row) throw notFound()
  return row.kind
}

/** The current state (projection), as GET /v1/clients/{id}/consents answers it. */
export async function currentState(db: Db, clientId: string, now: Date): Promise<ConsentState> {
  const [head, cells, contracts] = await Promise.all([
    readClientHead(db, clientId),
    readProjection(db, clientId),
    contractsOf(db as Kysely<Database>, clientId)
  ])
  const state: ConsentState = {
    clientId,
    version: head.version,
    asOf: now.toISOString(),
    purposes: toPurposeStates(cells)
  }
  if (cellOf(cells, 'loyalty', null).state === 'given') {
    const loyalty = loyaltyClock(contracts, dayOf(now))
    if (loyalty) state.loyalty = loyalty
  }
  return state
}

export async function getConsentState(
  deps: ConsentDeps,
  args: { clientId: string; at?: string | undefined }
): Promise<ConsentState> {
  await requireClient(deps.db, args.clientId)
  if (args.at === undefined) return currentState(deps.db, args.clientId, deps.clock.now())
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

/** `3`, `"3"` and `W/"3"` all mean version 3 (clients and proxies differ in how they quote). */
export function parseIfMatch(header: string): number | null {
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header)
  return match ? Number(match[1]) : null
}

function validationError(fields: FieldError[]): HttpError {
  return new HttpError(
    400,
    'validation_failed',
    `Invalid request: ${fields.map((field) => `${field.path} ${field.message}`).join('; ')}`,
    fields
  )
}

/**
 * The rules zod cannot express: document number, the representative's personal code, channels,
 * one change per target. Rules that depend on the client are in validateForClient.
 */
export function validateRecordRequest(body: RecordConsentsRequest): FieldError[] {
  const fields: FieldError[] = []
  const { method, documentLast4, representative } = body.identityVerification
  if (DOCUMENT_METHODS.includes(method) && documentLast4 === undefined) {
    fields.push({ path: 'identityVerification.documentLast4', message: `is required for ${method}` })
  }
  if (!DOCUMENT_METHODS.includes(method) && documentLast4 !== undefined) {
    fields.push({ path: 'identityVerification.documentLast4', message: `is not used for ${method}` })
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
  const seen = new Set<string>()
  body.changes.forEach((change, index) => {
    if (change.purpose === 'offers' && change.channel === undefined) {
      fields.push({ path: `changes.${index}.channel`, message: 'is required for offers' })
    }
    if (change.purpose !== 'offers' && change.channel !== undefined) {
      fields.push({ path: `changes.${index}.channel`, message: 'is only used for offers' })
    }
    if ((change.action === 'paused' || change.action === 'resumed') && change.purpose !== 'location') {
      fields.push({ path: `changes.${index}.action`, message: `only location can be ${change.action}` })
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
function normalizedIdentity(identity: IdentityVerification): IdentityVerification {
  if (!identity.representative) return identity
  const parsed = parsePersonalCode(identity.representative.personalCode)
  // validateRecordRequest has refused every code that does not parse.
  if (!parsed.ok) throw new Error('unvalidated representative personal code')
  const representative = { ...identity.representative, personalCode: parsed.compact }
  return { ...identity, representative }
}

export interface WriteEventsArgs {
  clientId: string
  head: ClientHead
  cells: Cells
  changes: Array<{ purpose: Purpose; channel: OfferChannel | null; action: ConsentAction }>
  now: Date
  actor: { kind: 'staff' | 'client' | 'system'; id: string | null }
  centre: string | null
  identity: IdentityVerification | null
  source: ConsentSource | null
  language: Language | null
  receiptId: string | null
  noticeVersions: Map<string, number>
}

/**
 * Appends one request's events under the client's lock (taken by the caller): numbers them,
 * chains them, updates projection, outbox and the version row. The single writer of the ledger,
 * used by recording and by the loyalty job alike.
 */
export async function writeEvents(
  trx: Transaction<Database>,
  args: WriteEventsArgs
): Promise<{ eventIds: string[]; head: ClientHead }> {
  const version = args.head.version + 1
  let seq = args.head.lastSeq
  let prevHash = args.head.headHash
  const at = args.now.toISOString()
  const events: NewConsentEvent[] = args.changes.map((change) => {
    seq += 1
    const fields = {
      id: randomUUID(),
      clientId: args.clientId,
      seq,
      version,
      purpose: change.purpose,
      channel: change.channel,
      action: change.action,
      at,
      source: args.source,
      actorKind: args.actor.kind,
      actorId: args.actor.id,
      centre: args.centre,
      identityMethod: args.identity?.method ?? null,
      documentLast4: args.identity?.documentLast4 ?? null,
      noticeVersion: args.noticeVersions.get(change.purpose) ?? null,
      language: args.language,
      receiptId: args.receiptId,
      // Left out (not null) without one, so the hash is the one it has always been.
      ...(args.identity?.representative
        ? {
            representativeName: args.identity.representative.name,
            representativePersonalCode: args.identity.representative.personalCode,
            representativeBasis: args.identity.representative.basis
          }
        : {})
    }
    const hash = eventHash(prevHash, fields)
    const event = { ...fields, prevHash, hash }
    prevHash = hash
    return event
  })
  await appendEvents(trx, { clientId: args.clientId, events, cells: args.cells, now: args.now })
  const head = { version, lastSeq: seq, headHash: prevHash }
  await writeClientHead(trx, args.clientId, head)
  return { eventIds: events.map((event) => event.id), head }
}

/** Eight characters of Crockford base32: easy to read out and type from a printed receipt. */
function verificationCode(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
  return [...randomBytes(8)].map((byte) => alphabet[byte % 32]).join('')
}

export interface RecordArgs {
  clientId: string
  staff: Staff
  idempotencyKey: string | undefined
  ifMatch: string | undefined
  body: RecordConsentsRequest
}

/**
 * POST /v1/clients/{id}/consents. Order of checks: key (400), If-Match (428), request rules
 * (400), client (404), rules for the client's kind (400), key claim (replay / 422 / 409), then
 * one transaction: lock, version (412), no-op (409), append. A failed request gives its key back,
 * so a retry runs again.
 */
export async function recordConsents(
  deps: ConsentDeps,
  args: RecordArgs
): Promise<RecordConsentsResponse> {
  const key = args.idempotencyKey?.trim()
  if (!key) {
    throw new HttpError(400, 'idempotency_key_required', 'An Idempotency-Key header is required')
  }
  if (key.length > 255) {
    throw validationError([{ path: 'idempotency-key', message: 'is longer than 255 characters' }])
  }
  if (args.ifMatch === undefined || args.ifMatch.trim() === '') {
    throw new HttpError(
      428,
      'precondition_required',
      'An If-Match header with the consent version last read is required'
    )
  }
  const expectedVersion = parseIfMatch(args.ifMatch)
  if (expectedVersion === null) {
    throw validationError([{ path: 'if-match', message: 'is not a consent version' }])
  }
  const fields = validateRecordRequest(args.body)
  if (fields.length > 0) throw validationError(fields)
  const kind = await requireClientKind(deps.db, args.clientId)
  const clientFields = validateForClient(kind, args.body.identityVerification)
  if (clientFields.length > 0) throw validationError(clientFields)

  // The body as zod returns it has a fixed key order, so equal requests hash equally. If-Match is
  // left out: a retry of the same request carries the same one anyway.
  const requestHash = createHash('sha256')
    .update(JSON.stringify({ clientId: args.clientId, body: args.body }))
    .digest('hex')
  const staffId = args.staff.id
  const claim = await claimKey(deps.db, {
    staffId,
    key,
    clientId: args.clientId,
    requestHash,
    now: deps.clock.now(),
    staleAfterMs: IDEMPOTENCY_STALE_MS
  })
  if (claim.kind !== 'claimed' && claim.requestHash !== requestHash) {
    throw new HttpError(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was used for a different request'
    )
  }
  if (claim.kind === 'in_flight') {
    throw new HttpError(
      409,
      'idempotency_key_in_flight',
      'A request with this Idempotency-Key is still being processed; retry shortly'
    )
  }
  if (claim.kind === 'replay') return claim.body as RecordConsentsResponse

  try {
    return await deps.db.transaction().execute((trx) =>
      recordInTransaction(trx, deps.clock, { ...args, key, expectedVersion })
    )
  } catch (error) {
    await releaseKey(deps.db, { staffId, key })
    throw error
  }
}

async function recordInTransaction(
  trx: Transaction<Database>,
  clock: Clock,
  args: RecordArgs & { key: string; expectedVersion: number }
): Promise<RecordConsentsResponse> {
  const now = clock.now()
  const head = await lockClientHead(trx, args.clientId)
  if (head.version !== args.expectedVersion) {
    throw new HttpError(
      412,
      'version_mismatch',
      `The consents changed since they were read (version ${args.expectedVersion}, now ` +
        `${head.version}); review the current state and try again`,
      undefined,
      { state: await currentState(trx, args.clientId, now) }
    )
  }

  const cells = await readProjection(trx, args.clientId)
  const problems: FieldError[] = []
  const working = new Map(cells)
  args.body.changes.forEach((change, index) => {
    const channel = change.channel ?? null
    const current = cellOf(working, change.purpose, channel).state
    const problem = checkTransition(change.purpose, current, change.action)
    if (problem) {
      const target = channel ? `${change.purpose} (${channel})` : change.purpose
      problems.push({ path: `changes.${index}`, message: `${target} ${problem.message}` })
    }
  })
  if (problems.length > 0) {
    throw new HttpError(
      409,
      'no_op_change',
      `Nothing recorded: ${problems.map((problem) => problem.message).join('; ')}`,
      problems
    )
  }

  const receipt = { id: randomUUID(), verificationCode: verificationCode() }
  await insertReceipt(trx, {
    id: receipt.id,
    clientId: args.clientId,
    verificationCode: receipt.verificationCode,
    staffId: args.staff.id,
    at: now
  })
  const { eventIds, head: newHead } = await writeEvents(trx, {
    clientId: args.clientId,
    head,
    cells,
    changes: args.body.changes.map((change) => ({
      purpose: change.purpose,
      channel: change.channel ?? null,
      action: change.action
    })),
    now,
    actor: { kind: 'staff', id: args.staff.id },
    centre: args.staff.centre.id,
    identity: normalizedIdentity(args.body.identityVerification),
    source: args.body.source,
    language: args.body.language,
    receiptId: receipt.id,
    noticeVersions: await currentNoticeVersions(trx, args.body.language)
  })

  const response: RecordConsentsResponse = {
    version: newHead.version,
    state: await currentState(trx, args.clientId, now),
    events: (await eventsByIds(trx, eventIds)).map(toConsentEvent),
    receipt
  }
  // Stored in the same transaction as the events: the replay exists exactly when they do.
  await trx
    .updateTable('idempotency_keys')
    .set({ state: 'done', response_status: 201, response_body: JSON.stringify(response) })
    .where('staff_id', '=', args.staff.id)
    .where('key', '=', args.key)
    .execute()
  return response
}

// ---- timeline and verification ----------------------------------------------------------------

function encodeCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url')
}

function decodeCursor(cursor: string): number {
  const match = /^seq:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!match) throw validationError([{ path: 'cursor', message: 'is not a cursor of this list' }])
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

export async function verifyClientChain(
  deps: ConsentDeps,
  clientId: string
): Promise<ChainVerification & { projectionIntact: boolean; mismatches: CellMismatch[] }> {
  await requireClient(deps.db, clientId)
  const [rows, head, stored] = await Promise.all([
    allEvents(deps.db, clientId),
    readClientHead(deps.db, clientId),
    readProjection(deps.db, clientId)
  ])
  const chain = verifyChain(rows.map(toStoredChainEvent), head)
  // The current state is a cache of the events: it must be exactly what they add up to.
  const mismatches = projectionMismatches(stored, foldEvents(rows.map(toConsentEvent)))
  return {
    ...chain,
    intact: chain.intact && mismatches.length === 0,
    projectionIntact: mismatches.length === 0,
    mismatches
  }
}

