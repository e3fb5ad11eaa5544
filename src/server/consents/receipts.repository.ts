import { sql, type Insertable, type RawBuilder } from 'kysely'
import type { ReceiptsTable } from '../db/database'
import { onlyIf, type Gate } from './ledger.repository'

/**
 * One receipt per recorded request: what the printed receipt carries (its verification code) and
 * what the client confirmed besides the purposes' texts (language, rights notice version).
 * Written by the ledger writer in the same statement as the events that point at it.
 */
export type NewReceipt = Insertable<ReceiptsTable>

export function insertReceipt(receipt: NewReceipt, gate: Gate): RawBuilder<unknown> {
  return sql`insert into receipts
    select * from jsonb_populate_record(null::receipts, ${JSON.stringify(receipt)}::jsonb)
    ${onlyIf(gate)}`
}
