import type { Kysely } from 'kysely'
import { z } from 'zod'
import type {
  AccessAction,
  AccessLogEntry,
  AccessLogPage,
  AccessLogQuery
} from '../../shared/domain/access-log'
import type { Database } from '../db/database'
import { validationFailed } from '../domain-error'
import { findAccessLogRows, type AccessLogRow } from './access-log.repository'

/**
 * The action as the client's copy says it. English for API callers; the desk and the printout
 * say it in lv/en/ru from the same code (locale key `accessLog.action.<code>`).
 */
const ACTION_TEXT: Record<AccessAction, string> = {
  search: 'Found in a client search',
  view: 'Client card opened',
  reveal: 'Full personal code, phones and e-mail shown',
  consents: 'Consents read',
  timeline: 'Consent history read',
  verify: 'Consent records checked for integrity',
  report: 'Consent report issued',
  receipt: 'Consent receipt read',
  decisions: 'Automated decisions read',
  review_case: 'Review case read',
  access_log: 'Access log read'
}

/** Who looked at which client, newest first, one keyset page. */
export async function readAccessLog(
  db: Kysely<Database>,
  query: AccessLogQuery
): Promise<AccessLogPage> {
  const rows = await findAccessLogRows(db, {
    ...(query.clientId === undefined ? {} : { clientId: query.clientId }),
    ...(query.staffId === undefined ? {} : { staffId: query.staffId }),
    ...(query.from === undefined ? {} : { from: query.from }),
    ...(query.to === undefined ? {} : { to: query.to }),
    ...(query.cursor === undefined ? {} : { after: decodeCursor(query.cursor) }),
    limit: query.limit + 1
  })
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  return {
    items: page.map(toEntry),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null
  }
}

function toEntry(row: AccessLogRow): AccessLogEntry {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    client: {
      id: row.client_id,
      displayName:
        row.kind === 'private'
          ? `${row.first_name ?? ''} ${row.last_name ?? ''}`.trim()
          : (row.client_name ?? '')
    },
    staff: { id: row.staff_id, name: row.staff_name },
    role: row.role,
    action: row.action,
    actionText: ACTION_TEXT[row.action],
    reason: row.reason,
    reasonNote: row.reason_note,
    requestId: row.request_id
  }
}

function encodeCursor(row: AccessLogRow): string {
  return Buffer.from(`${new Date(row.at).toISOString()}|${row.id}`).toString('base64url')
}

const CursorSchema = z.tuple([z.iso.datetime(), z.string().regex(/^[1-9][0-9]{0,18}$/)])

function decodeCursor(cursor: string): { at: string; id: string } {
  const parsed = CursorSchema.safeParse(
    Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  )
  if (!parsed.success) {
    throw validationFailed([{ path: 'cursor', message: 'is not a cursor of this list' }])
  }
  return { at: parsed.data[0], id: parsed.data[1] }
}
