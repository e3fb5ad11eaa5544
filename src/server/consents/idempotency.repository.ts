import { sql, type Insertable, type RawBuilder } from 'kysely'
import type { IdempotencyKeysTable } from '../db/database'
import { onlyIf, type Gate } from './ledger.repository'

/**
 * Idempotency keys, scoped to the staff member who sent them. A key is stored by the write it
 * belongs to, in the same statement, with the write's answer: the key exists exactly when the
 * write does. A request that dies (even by kill -9) leaves nothing behind, and a retry simply
 * runs again; a retry after success finds the key (ledger.repository `readSnapshot`) and replays.
 */
export interface KeyClaim {
  staffId: string
  key: string
  clientId: string
  requestHash: string
  now: Date
}

/** The key's primary key: a write that finds it taken is rolled back whole (see claimKey). */
export const KEY_TAKEN_CONSTRAINT = 'idempotency_keys_pkey'

/**
 * The key's row with the write's answer, as a part of the write's statement, inserted only when
 * the write goes through (`gate`). A plain INSERT: when another request has the key, it fails on
 * KEY_TAKEN_CONSTRAINT and with it the whole statement, so that nothing of this write is stored;
 * the writer then reads again and replays that request's answer (or refuses a different body,
 * 422). A key held by a write still in flight makes this wait for it: if that write commits, this
 * one fails as above; if it rolls back, the key is ours. Concurrent duplicates therefore get the
 * first one's answer, never a second set of events, and never a "still in flight" refusal.
 */
export function claimKey(
  claim: KeyClaim,
  response: { status: number; body: unknown },
  gate: Gate
): RawBuilder<unknown> {
  // The answer goes in as JSON itself (a jsonb column takes the JSON value as it is).
  const row: Omit<Insertable<IdempotencyKeysTable>, 'response_body'> & { response_body: unknown } =
    {
      staff_id: claim.staffId,
      key: claim.key,
      client_id: claim.clientId,
      request_hash: claim.requestHash,
      state: 'done',
      response_status: response.status,
      response_body: response.body,
      created_at: claim.now,
      claimed_at: claim.now
    }
  return sql`insert into idempotency_keys
    select * from jsonb_populate_record(null::idempotency_keys, ${JSON.stringify(row)}::jsonb)
    ${onlyIf(gate)}`
}
