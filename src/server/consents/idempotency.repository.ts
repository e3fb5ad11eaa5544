import type { Kysely } from 'kysely'
import type { Database } from '../db/database'

export type ClaimResult =
  | { kind: 'claimed' }
  | { kind: 'replay'; requestHash: string; status: number; body: unknown }
  | { kind: 'in_flight'; requestHash: string }

/**
 * Claims an idempotency key in its own, immediately committed statement, so that a second
 * request with the key sees the claim at once (409 while in flight) instead of waiting for, or
 * racing with, the first one's transaction. INSERT … ON CONFLICT DO NOTHING: never
 * select-then-insert. A claim older than `staleAfterMs` (its request died between claim and
 * commit) may be taken over.
 */
export async function claimKey(
  db: Kysely<Database>,
  args: {
    staffId: string
    key: string
    clientId: string
    requestHash: string
    now: Date
    staleAfterMs: number
  }
): Promise<ClaimResult> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      staff_id: args.staffId,
      key: args.key,
      client_id: args.clientId,
      request_hash: args.requestHash,
      state: 'in_flight',
      response_status: null,
      response_body: null,
      created_at: args.now,
      claimed_at: args.now
    })
    .onConflict((oc) => oc.columns(['staff_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst()
  if (inserted) return { kind: 'claimed' }

  const existing = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'state', 'response_status', 'response_body', 'claimed_at'])
    .where('staff_id', '=', args.staffId)
    .where('key', '=', args.key)
    .executeTakeFirst()
  // Released between our insert and this read: the first request failed; try once more.
  if (!existing) return claimKey(db, args)
  if (existing.state === 'done') {
    return {
      kind: 'replay',
      requestHash: existing.request_hash,
      status: existing.response_status ?? 201,
      body: existing.response_body
    }
  }
  if (existing.request_hash === args.requestHash) {
    const staleBefore = new Date(args.now.getTime() - args.staleAfterMs)
    const taken = await db
      .updateTable('idempotency_keys')
      .set({ claimed_at: args.now })
      .where('staff_id', '=', args.staffId)
      .where('key', '=', args.key)
      .where('state', '=', 'in_flight')
      .where('claimed_at', '<', staleBefore)
      .returning('key')
      .executeTakeFirst()
    if (taken) return { kind: 'claimed' }
  }
  return { kind: 'in_flight', requestHash: existing.request_hash }
}

/** Gives a key back after its request failed, so that a retry with it runs again. */
export async function releaseKey(
  db: Kysely<Database>,
  args: { staffId: string; key: string }
): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('staff_id', '=', args.staffId)
    .where('key', '=', args.key)
    .where('state', '=', 'in_flight')
    .execute()
}
