import { sql, type Kysely } from 'kysely'
import type { AccessAction, RevealReason } from '../../shared/domain/access-log'
import type { Role } from '../../shared/domain/staff'
import type { Database } from '../db/database'

/** What one answer logs: one row per client it shows. */
export interface AccessEntry {
  staffId: string
  role: Role | null
  action: AccessAction
  clientIds: readonly string[]
  at: Date
  reason: RevealReason | null
  reasonNote: string | null
  requestId: string
}

/**
 * The rows of one or more entries, in one statement: all are written or none is. (Its own
 * transaction: it returns once PostgreSQL has committed them.) The rows go as one array per
 * column, so the statement's text is the same for any number of rows: one prepared statement
 * (db/prepared-statements.ts), where a VALUES list of each length was a new text to parse and
 * plan for every size of group commit.
 */
export async function insertAccessRows(
  db: Kysely<Database>,
  entries: readonly AccessEntry[]
): Promise<void> {
  const rows = entries.flatMap((entry) => entry.clientIds.map((clientId) => ({ entry, clientId })))
  const column = <T>(value: (row: (typeof rows)[number]) => T): T[] => rows.map(value)
  await sql`
    insert into access_log
      (staff_id, client_id, action, at, role, reason, reason_note, request_id)
    select * from unnest(
      ${column((row) => row.entry.staffId)}::uuid[],
      ${column((row) => row.clientId)}::uuid[],
      ${column((row) => row.entry.action)}::text[],
      ${column((row) => row.entry.at)}::timestamptz[],
      ${column((row) => row.entry.role)}::text[],
      ${column((row) => row.entry.reason)}::text[],
      ${column((row) => row.entry.reasonNote)}::text[],
      ${column((row) => row.entry.requestId)}::text[])`.execute(db)
}

export interface AccessLogRow {
  id: string
  at: Date
  client_id: string
  kind: 'private' | 'business'
  first_name: string | null
  last_name: string | null
  client_name: string | null
  staff_id: string
  staff_name: string
  role: Role | null
  action: AccessAction
  reason: RevealReason | null
  reason_note: string | null
  request_id: string | null
}

/** Newest first; `after` is the last row of the previous page (keyset on at, id). */
export async function findAccessLogRows(
  db: Kysely<Database>,
  args: {
    clientId?: string
    staffId?: string
    from?: string
    to?: string
    after?: { at: string; id: string }
    limit: number
  }
): Promise<AccessLogRow[]> {
  let query = db
    .selectFrom('access_log as log')
    .innerJoin('clients as c', 'c.id', 'log.client_id')
    .innerJoin('staff as s', 's.id', 'log.staff_id')
    .select([
      sql<string>`log.id::text`.as('id'),
      'log.at',
      'log.client_id',
      'c.kind',
      'c.first_name',
      'c.last_name',
      'c.name as client_name',
      'log.staff_id',
      's.display_name as staff_name',
      'log.role',
      'log.action',
      'log.reason',
      'log.reason_note',
      'log.request_id'
    ])
  if (args.clientId !== undefined) query = query.where('log.client_id', '=', args.clientId)
  if (args.staffId !== undefined) query = query.where('log.staff_id', '=', args.staffId)
  if (args.from !== undefined) query = query.where('log.at', '>=', new Date(args.from))
  if (args.to !== undefined) query = query.where('log.at', '<', new Date(args.to))
  if (args.after !== undefined) {
    const after = args.after
    query = query.where(
      sql<boolean>`(log.at, log.id) < (${after.at}::timestamptz, ${after.id}::bigint)`
    )
  }
  return query.orderBy('log.at', 'desc').orderBy('log.id', 'desc').limit(args.limit).execute()
}
