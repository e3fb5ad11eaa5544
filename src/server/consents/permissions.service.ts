import { sql, type Kysely } from 'kysely'
import type { ConsentStateValue, OfferChannel, Purpose } from '../../shared/domain/consent'
import type { Database } from '../db/database'
import { createCoalescedLookup } from '../db/coalesced-lookup'
import { DomainError } from '../domain-error'

export interface PermissionCheck {
  client: string
  purpose: Purpose
  channel?: OfferChannel | undefined
}

export interface PermissionAnswer {
  allowed: boolean
  reason: ConsentStateValue
  since: string | null
  eventId: string | null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * "May purpose P be processed for client C now?" — only a `given` state allows it; `paused`
 * (location) answers false with reason `paused`. Without a channel, `offers` answers its
 * purpose-level state (given while any channel is given): a caller about to send an e-mail must
 * ask for `channel=email`. A channel on any other purpose is ignored.
 *
 * All checks are answered by ONE query over the projection (unnest of the checks, left join), so
 * a batch of 1,000 costs one round trip. Clients without consent rows answer `never_given`.
 */
export async function checkPermissions(
  db: Kysely<Database>,
  checks: readonly PermissionCheck[]
): Promise<PermissionAnswer[]> {
  const rows = await selectPermissions(db, checks)
  return rows.map(toAnswer)
}

/** One row per check, in order; `known` says whether the client exists. */
async function selectPermissions(
  db: Kysely<Database>,
  checks: readonly PermissionCheck[]
): Promise<
  Array<{ known: boolean; state: string | null; since: Date | null; event_id: string | null }>
> {
  const index = checks.map((_, position) => position)
  // A malformed id cannot be a client: null never joins, so it answers never_given.
  const clients = checks.map((check) => (UUID.test(check.client) ? check.client : null))
  const purposes = checks.map((check) => check.purpose)
  const channels = checks.map((check) =>
    check.purpose === 'offers' && check.channel ? check.channel : ''
  )
  const result = await sql<{
    idx: number
    known: boolean
    state: string | null
    since: Date | null
    event_id: string | null
  }>`
    select c.idx, k.id is not null as known, p.state, p.since, p.event_id
    from unnest(${index}::int[], ${clients}::uuid[], ${purposes}::text[], ${channels}::text[])
      as c(idx, client_id, purpose, channel)
    left join clients k on k.id = c.client_id
    left join consent_projection p
      on p.client_id = c.client_id and p.purpose = c.purpose and p.channel = c.channel
    order by c.idx`.execute(db)
  return result.rows
}

/**
 * The API's single check (GET /v1/permissions): 404 for an unknown client. Integrations ask one
 * at a time and many at once, so checks that arrive together share one query
 * (createCoalescedLookup), the batch's; on its own a check is one round trip, as before.
 */
export function createPermissionCheck(
  db: Kysely<Database>
): (check: PermissionCheck) => Promise<PermissionAnswer> {
  const keyOf = (check: PermissionCheck) =>
    `${check.client} ${check.purpose} ${check.purpose === 'offers' && check.channel ? check.channel : ''}`
  const lookup = createCoalescedLookup(async (keys) => {
    const checks = keys.map((key): PermissionCheck => {
      const [client, purpose, channel] = key.split(' ') as [string, Purpose, string]
      return { client, purpose, ...(channel ? { channel: channel as OfferChannel } : {}) }
    })
    const rows = await selectPermissions(db, checks)
    return new Map(
      rows.flatMap((row, position) => (row.known ? [[keys[position]!, toAnswer(row)]] : []))
    )
  })
  return async (check) => {
    if (!UUID.test(check.client)) throw new DomainError('not_found', 'No client with this id')
    const answer = await lookup(keyOf(check))
    if (!answer) throw new DomainError('not_found', 'No client with this id')
    return answer
  }
}

function toAnswer(row: {
  state: string | null
  since: Date | null
  event_id: string | null
}): PermissionAnswer {
  const reason = (row.state ?? 'never_given') as ConsentStateValue
  return {
    allowed: reason === 'given',
    reason,
    since: row.since ? new Date(row.since).toISOString() : null,
    eventId: row.event_id
  }
}

/**
 * One check, and 404 for an unknown client, in one round trip: the client row drives the query,
 * so no row means no client.
 */
export async function checkPermission(
  db: Kysely<Database>,
  check: PermissionCheck
): Promise<PermissionAnswer> {
  if (!UUID.test(check.client)) throw new DomainError('not_found', 'No client with this id')
  const channel = check.purpose === 'offers' && check.channel ? check.channel : ''
  const row = await db
    .selectFrom('clients as c')
    .leftJoin('consent_projection as p', (join) =>
      join
        .onRef('p.client_id', '=', 'c.id')
        .on('p.purpose', '=', check.purpose)
        .on('p.channel', '=', channel)
    )
    .select(['p.state', 'p.since', 'p.event_id'])
    .where('c.id', '=', check.client)
    .executeTakeFirst()
  if (!row) throw new DomainError('not_found', 'No client with this id')
  return toAnswer(row)
}
