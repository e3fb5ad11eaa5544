import type { Insertable, Transaction } from 'kysely'
import type { Database, ReceiptsTable } from '../db/database'

/**
 * One receipt per recorded request: what the printed receipt carries (its verification code) and
 * what the client confirmed besides the purposes' texts (language, rights notice version).
 * Written by the ledger writer in the same statement as the events that point at it.
 */
export type NewReceipt = Insertable<ReceiptsTable>

export function insertReceipt(trx: Transaction<Database>, receipt: NewReceipt) {
  return trx.insertInto('receipts').values(receipt)
}
