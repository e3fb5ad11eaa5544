import type { Kysely } from 'kysely'
import { z } from 'zod'
import {
  ReceiptPayloadSchema,
  type Jwks,
  type Receipt,
  type ReceiptPayload,
  type ReceiptSummary,
  type VerifyReceiptResponse
} from '../../shared/domain/receipt'
import type { Language, Staff } from '../../shared/domain/staff'
import type { Database } from '../db/database'
import { DomainError, validationFailed } from '../domain-error'
import { clientIdentity } from './client-identity'
import { checkJws, type JwsFailure, type VerificationKeys } from './jws-verification'
import { receiptNumber } from './receipt-payload'
import type { ReceiptSigning } from './receipt-signing'
import {
  eventHashes,
  findReceipt,
  findReceiptByCode,
  pageReceipts,
  signedReceiptsOf,
  type ReceiptListRow
} from './receipts.repository'
import { listPublicKeys } from './signing-keys.repository'

export interface ReceiptDeps {
  db: Kysely<Database>
  signing: ReceiptSigning
}

/** A supervisor sees every receipt; anyone else only the receipts they issued. */
function seesAll(staff: Staff): boolean {
  return staff.roles.includes('supervisor')
}

function receiptNotFound(): DomainError {
  return new DomainError('not_found', 'No receipt with this id')
}

/** The payload of a compact JWS, decoded without checking anything (the caller trusts it). */
function decodePayload(jws: string): unknown {
  return JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as unknown
}

/**
 * GET /v1/receipts/{id}: the receipt as signed. An agent asking for someone else's receipt gets
 * the same 404 as for one that does not exist: the answer tells nothing about it.
 */
export async function getReceipt(
  deps: ReceiptDeps,
  args: { id: string; staff: Staff }
): Promise<Receipt> {
  const row = await findReceipt(deps.db, args.id)
  if (!row || (!seesAll(args.staff) && row.staff_id !== args.staff.id)) throw receiptNotFound()
  if (row.jws === null) {
    throw new DomainError('not_found', 'This receipt was issued before receipts were signed')
  }
  return {
    id: row.id,
    verificationCode: row.verification_code,
    issuedAt: row.created_at.toISOString(),
    clientId: row.client_id,
    jws: row.jws,
    receipt: ReceiptPayloadSchema.parse(decodePayload(row.jws))
  }
}

// ---- the register -----------------------------------------------------------------------------

function encodeCursor(row: { created_at: Date; id: string }): string {
  return Buffer.from(`${row.created_at.toISOString()}|${row.id}`).toString('base64url')
}

const CursorSchema = z.tuple([z.iso.datetime(), z.uuid()])

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const parsed = CursorSchema.safeParse(
    Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  )
  if (!parsed.success) {
    throw validationFailed([{ path: 'cursor', message: 'is not a cursor of this list' }])
  }
  return { createdAt: new Date(parsed.data[0]), id: parsed.data[1] }
}

function toSummary(row: ReceiptListRow): ReceiptSummary {
  const client = clientIdentity(row)
  return {
    id: row.id,
    receiptNumber: row.receipt_number ?? receiptNumber(row.id, row.created_at),
    verificationCode: row.verification_code,
    issuedAt: row.created_at.toISOString(),
    clientId: row.client_id,
    clientName: client.name,
    clientMaskedCode: client.maskedCode,
    agent: row.staff_id === null ? null : { id: row.staff_id, name: row.staff_name ?? '' },
    centre:
      row.centre_id === null ? null : { id: row.centre_id, name: row.centre_name ?? row.centre_id },
    language: (row.language as Language | null) ?? null,
    changes: row.changes
  }
}

export interface ReceiptListArgs {
  staff: Staff
  clientId?: string | undefined
  from?: string | undefined
  to?: string | undefined
  agent?: string | undefined
  centre?: string | undefined
  cursor?: string | undefined
  limit: number
}

/**
 * GET /v1/receipts: the register, newest first, `limit` a page, keyset-paged by (time, id). An
 * agent's `agent` filter is themselves whatever they ask.
 */
export async function listReceipts(
  deps: ReceiptDeps,
  args: ReceiptListArgs
): Promise<{ items: ReceiptSummary[]; nextCursor: string | null }> {
  const staffId = seesAll(args.staff) ? args.agent : args.staff.id
  if (staffId !== undefined && !z.uuid().safeParse(staffId).success) {
    throw validationFailed([{ path: 'agent', message: 'is not a staff id' }])
  }
  const rows = await pageReceipts(deps.db, {
    clientId: args.clientId,
    from: args.from === undefined ? undefined : new Date(args.from),
    to: args.to === undefined ? undefined : new Date(args.to),
    staffId,
    centreId: args.centre,
    before: args.cursor === undefined ? undefined : decodeCursor(args.cursor),
    limit: args.limit
  })
  const page = rows.slice(0, args.limit)
  const last = page.at(-1)
  return {
    items: page.map(toSummary),
    nextCursor: rows.length > args.limit && last ? encodeCursor(last) : null
  }
}

// ---- verification -----------------------------------------------------------------------------

export type ReceiptFailure = JwsFailure | 'chain_mismatch'

type PayloadCheck = { ok: true; payload: ReceiptPayload } | { ok: false; reason: JwsFailure }

/** The JWS's signature, then its payload's shape. */
async function checkReceiptJws(jws: string, keys: VerificationKeys): Promise<PayloadCheck> {
  const checked = await checkJws(jws, keys)
  if (!checked.ok) return checked
  const parsed = ReceiptPayloadSchema.safeParse(checked.payload)
  return parsed.success ? { ok: true, payload: parsed.data } : { ok: false, reason: 'malformed' }
}

type StoredEvent = { clientId: string; hash: string; receiptId: string | null }

/**
 * A genuine receipt's anchors: every change it records is an event of its client, pointing at
 * this receipt, with the hash the receipt signed. A chain rewritten and rehashed fails here.
 */
function anchorsHold(payload: ReceiptPayload, events: ReadonlyMap<string, StoredEvent>): boolean {
  return payload.changes.every((change) => {
    const stored = events.get(change.eventId)
    return (
      stored !== undefined &&
      stored.clientId === payload.piiPrincipalId &&
      stored.receiptId === payload.consentReceiptID &&
      stored.hash === change.hash
    )
  })
}

/** Crockford base32 as people type it: any case, O for 0, I or L for 1, spaces and dashes. */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
}

/**
 * POST /v1/receipts/verify: is this receipt (a JWS, or the code printed on it) one the API signed,
 * and does the ledger still hold what it records? The answer comes from the signed payload.
 */
export async function verifyReceipt(
  deps: ReceiptDeps,
  request: { jws: string } | { code: string }
): Promise<VerifyReceiptResponse> {
  let jws: string
  if ('code' in request) {
    const row = await findReceiptByCode(deps.db, normalizeCode(request.code))
    if (!row) return { genuine: false, reason: 'unknown_code' }
    // Issued before receipts were signed: it exists, but nothing proves what it said.
    if (row.jws === null) return { genuine: false, reason: 'unknown_code' }
    jws = row.jws
  } else {
    jws = request.jws
  }
  const checked = await checkReceiptJws(jws, deps.signing.keys)
  if (!checked.ok) return { genuine: false, reason: checked.reason }
  const { payload } = checked
  const events = await eventHashes(
    deps.db,
    payload.changes.map((change) => change.eventId)
  )
  if (!anchorsHold(payload, events)) {
    return { genuine: false, receipt: payload, reason: 'chain_mismatch' }
  }
  return { genuine: true, receipt: payload }
}

export interface ReceiptAnchoring {
  receiptsChecked: number
  receiptsIntact: boolean
  receiptMismatches: Array<{ receiptId: string; reason: ReceiptFailure }>
}

/**
 * /consents/verify's receipt half: every signed receipt of the client, in memory against the
 * client's events (already read for the chain) and the cached keys; one query for the receipts.
 * Besides each receipt's own anchors, every event that names a signed receipt must be one the
 * receipt lists: an event added to a receipt after the fact is caught too.
 */
export async function verifyClientReceipts(
  deps: ReceiptDeps,
  clientId: string,
  events: ReadonlyArray<{ id: string; client_id: string; hash: string; receipt_id: string | null }>
): Promise<ReceiptAnchoring> {
  const receipts = await signedReceiptsOf(deps.db, clientId)
  const byId = new Map<string, StoredEvent>(
    events.map((event) => [
      event.id,
      { clientId: event.client_id, hash: event.hash, receiptId: event.receipt_id }
    ])
  )
  // Each event's receipt, grouped once: the check below stays linear in receipts + events.
  const eventsByReceipt = new Map<string, string[]>()
  for (const event of events) {
    if (event.receipt_id === null) continue
    const listed = eventsByReceipt.get(event.receipt_id)
    if (listed) listed.push(event.id)
    else eventsByReceipt.set(event.receipt_id, [event.id])
  }
  const mismatches: ReceiptAnchoring['receiptMismatches'] = []
  for (const receipt of receipts) {
    const checked = await checkReceiptJws(receipt.jws, deps.signing.keys)
    if (!checked.ok) {
      mismatches.push({ receiptId: receipt.id, reason: checked.reason })
      continue
    }
    const { payload } = checked
    const listed = new Set(payload.changes.map((change) => change.eventId))
    const holds =
      payload.consentReceiptID === receipt.id &&
      payload.piiPrincipalId === clientId &&
      anchorsHold(payload, byId) &&
      (eventsByReceipt.get(receipt.id) ?? []).every((eventId) => listed.has(eventId))
    if (!holds) mismatches.push({ receiptId: receipt.id, reason: 'chain_mismatch' })
  }
  return {
    receiptsChecked: receipts.length,
    receiptsIntact: mismatches.length === 0,
    receiptMismatches: mismatches
  }
}

/** GET /.well-known/jwks.json: every key ever registered, so every receipt stays verifiable. */
export async function publishedKeys(db: Kysely<Database>): Promise<Jwks> {
  const keys = await listPublicKeys(db)
  return {
    keys: keys.map(({ jwk }) => ({
      kty: jwk.kty,
      crv: jwk.crv,
      x: jwk.x,
      kid: jwk.kid,
      use: jwk.use,
      alg: jwk.alg
    }))
  }
}
