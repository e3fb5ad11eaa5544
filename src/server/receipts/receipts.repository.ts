import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../db/database'
import { onlyIf, type Gate } from '../consents/ledger.repository'
import type { ClientIdentityRow } from './client-identity'

/**
 * One receipt per recorded request: its verification code, what the client confirmed besides the
 * purposes' texts (language, rights notice version), and since migration 013 the signed payload,
 * its JWS and the signing key's id. Written by the ledger writer in the same statement as the
 * events that point at it; never changed afterwards.
 */
export interface NewReceipt {
  id: string
  client_id: string
  verification_code: string
  staff_id: string | null
  created_at: Date
  language: string | null
  rights_notice_version: number | null
  centre_id: string | null
  payload: unknown
  jws: string
  kid: string
}

export function insertReceipt(receipt: NewReceipt, gate: Gate): RawBuilder<unknown> {
  return sql`insert into receipts
    select * from jsonb_populate_record(null::receipts, ${JSON.stringify(receipt)}::jsonb)
    ${onlyIf(gate)}`
}

/** A stored receipt with its JWS (null before migration 013). */
export interface ReceiptRow {
  id: string
  client_id: string
  verification_code: string
  staff_id: string | null
  created_at: Date
  jws: string | null
}

const RECEIPT_COLUMNS = [
  'id',
  'client_id',
  'verification_code',
  'staff_id',
  'created_at',
  'jws'
] as const

export async function findReceipt(db: Kysely<Database>, id: string): Promise<ReceiptRow | null> {
  const row = await db
    .selectFrom('receipts')
    .select(RECEIPT_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ?? null
}

/**
 * The receipt a printed code names. Codes are random (40 bits), not unique by constraint: should
 * two receipts ever share one, the newest answers.
 */
export async function findReceiptByCode(
  db: Kysely<Database>,
  code: string
): Promise<ReceiptRow | null> {
  const row = await db
    .selectFrom('receipts')
    .select(RECEIPT_COLUMNS)
    .where('verification_code', '=', code)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst()
  return row ?? null
}

/** A client's signed receipts (one indexed query), for /consents/verify. */
export async function signedReceiptsOf(
  db: Kysely<Database>,
  clientId: string
): Promise<Array<{ id: string; jws: string }>> {
  const rows = await db
    .selectFrom('receipts')
    .select(['id', 'jws'])
    .where('client_id', '=', clientId)
    .orderBy('created_at')
    .execute()
  return rows.flatMap((row) => (row.jws === null ? [] : [{ id: row.id, jws: row.jws }]))
}

/** The events a list of ids names, with their client and hash: what a receipt's changes anchor. */
export async function eventHashes(
  db: Kysely<Database>,
  ids: readonly string[]
): Promise<Map<string, { clientId: string; hash: string; receiptId: string | null }>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('consent_events')
    .select(['id', 'client_id', 'hash', 'receipt_id'])
    .where('id', 'in', [...ids])
    .execute()
  return new Map(
    rows.map((row) => [
      row.id,
      { clientId: row.client_id, hash: row.hash, receiptId: row.receipt_id }
    ])
  )
}

export interface ReceiptFilter {
  clientId?: string | undefined
  from?: Date | undefined
  to?: Date | undefined
  staffId?: string | undefined
  centreId?: string | undefined
  /** Keyset paging, newest first: only receipts before this (created_at, id). */
  before?: { createdAt: Date; id: string } | undefined
  limit: number
}

export interface ReceiptListRow extends ClientIdentityRow {
  id: string
  verification_code: string
  created_at: Date
  client_id: string
  language: string | null
  staff_id: string | null
  staff_name: string | null
  centre_id: string | null
  centre_name: string | null
  receipt_number: string | null
  changes: number
}

/** A page of the receipts register, newest first; `limit + 1` rows say whether more exist. */
export async function pageReceipts(
  db: Kysely<Database>,
  filter: ReceiptFilter
): Promise<ReceiptListRow[]> {
  let query = db
    .selectFrom('receipts as r')
    .innerJoin('clients as c', 'c.id', 'r.client_id')
    .leftJoin('staff as s', 's.id', 'r.staff_id')
    .leftJoin('centres as ce', 'ce.id', 'r.centre_id')
    .select([
      'r.id',
      'r.verification_code',
      'r.created_at',
      'r.client_id',
      'r.language',
      'r.staff_id',
      's.display_name as staff_name',
      'r.centre_id',
      'ce.name as centre_name',
      'c.kind',
      'c.first_name',
      'c.last_name',
      'c.name',
      'c.personal_code',
      'c.registration_number',
      sql<string | null>`r.payload->>'receiptNumber'`.as('receipt_number'),
      sql<number>`coalesce(jsonb_array_length(r.payload->'changes'),
        (select count(*) from consent_events e where e.receipt_id = r.id))::int`.as('changes')
    ])
  if (filter.clientId !== undefined) query = query.where('r.client_id', '=', filter.clientId)
  if (filter.staffId !== undefined) query = query.where('r.staff_id', '=', filter.staffId)
  if (filter.centreId !== undefined) query = query.where('r.centre_id', '=', filter.centreId)
  if (filter.from !== undefined) query = query.where('r.created_at', '>=', filter.from)
  if (filter.to !== undefined) query = query.where('r.created_at', '<=', filter.to)
  if (filter.before !== undefined) {
    const { createdAt, id } = filter.before
    query = query.where(
      sql<boolean>`(r.created_at, r.id) < (${createdAt}::timestamptz, ${id}::uuid)`
    )
  }
  return query
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(filter.limit + 1)
    .execute()
}
