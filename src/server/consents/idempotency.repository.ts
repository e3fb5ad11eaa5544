import type { Transaction } from 'kysely'
import type { Database } from '../db/database'

/**
 * Idempotency keys, scoped to the staff member who sent them. A key is claimed inside the write's
 * own transaction, so the claim and the write commit together or not at all: a request that dies
 * (even by kill -9) leaves no claim behind, and a retry simply runs again.
 */
export interface KeyClaim {
  staffId: string
  key: string
  clientId: string
  requestHash: string
  now: Date
}

/**
 * INSERT … ON CONFLICT DO NOTHING, as a statement for the writer to run first in its transaction
 * (ledger.repository `lockAndRead`). When another transaction holds the same key uncommitted, it
 * waits for it: if that one commits, the key is taken and its answer is the replay; if it rolls
 * back, the claim is ours. Concurrent duplicates therefore get the first one's answer, never a
 * second set of events, and never a "still in flight" refusal.
 */
export function claimKey(trx: Transaction<Database>, claim: KeyClaim) {
  return trx
    .insertInto('idempotency_keys')
    .values({
      staff_id: claim.staffId,
      key: claim.key,
      client_id: claim.clientId,
      request_hash: claim.requestHash,
      state: 'in_flight',
      response_status: null,
      response_body: null,
      created_at: claim.now,
      claimed_at: claim.now
    })
    .onConflict((oc) => oc.columns(['staff_id', 'key']).doNothing())
    .returning('key')
}

/** A key someone else has used: its request and answer. Read in a statement after the claim's. */
export async function readTakenKey(
  trx: Transaction<Database>,
  claim: Pick<KeyClaim, 'staffId' | 'key'>
): Promise<{ requestHash: string; status: number; body: unknown }> {
  const existing = await trx
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response_status', 'response_body'])
    .where('staff_id', '=', claim.staffId)
    .where('key', '=', claim.key)
    .executeTakeFirstOrThrow()
  return {
    requestHash: existing.request_hash,
    status: existing.response_status ?? 201,
    body: existing.response_body
  }
}

/** The claim's answer, stored with the write so that a replay exists exactly when the write does. */
export function completeKey(
  trx: Transaction<Database>,
  claim: Pick<KeyClaim, 'staffId' | 'key'>,
  response: { status: number; body: unknown }
) {
  return trx
    .updateTable('idempotency_keys')
    .set({
      state: 'done',
      response_status: response.status,
      response_body: JSON.stringify(response.body)
    })
    .where('staff_id', '=', claim.staffId)
    .where('key', '=', claim.key)
}
