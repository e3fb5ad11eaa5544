import type { Kysely } from 'kysely'
import type { ConsentEvent } from '../../shared/domain/consent'
import type { Database } from '../db/database'
import { validationFailed } from '../domain-error'
import { feedAfter, xactIdAtPosition, type FeedPosition } from './feed.repository'
import { toConsentEvent } from './ledger.repository'

/** Cursors are opaque to consumers: base64url of the writing transaction's id and the position. */
export function encodeFeedCursor(at: FeedPosition): string {
  return Buffer.from(`tx:${at.xactId}:${at.position}`).toString('base64url')
}

const START: FeedPosition = { xactId: '0', position: '0' }

function invalidCursor(): Error {
  return validationFailed([{ path: 'after', message: 'is not a cursor of this feed' }])
}

async function decodeFeedCursor(db: Kysely<Database>, cursor: string): Promise<FeedPosition> {
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const current = /^tx:(\d{1,20}):(\d{1,19})$/.exec(text)
  if (current) return { xactId: current[1]!, position: current[2]! }
  // A cursor handed out before migration 012 (`pos:N`) still continues where it left off.
  const legacy = /^pos:(\d{1,19})$/.exec(text)
  if (!legacy) throw invalidCursor()
  const xactId = await xactIdAtPosition(db, legacy[1]!)
  return xactId === null ? START : { xactId, position: legacy[1]! }
}

/**
 * Every consent event of every client, each exactly once, in an order no later commit can insert
 * itself into (feed.repository explains how). `nextCursor` is where to continue; with nothing new
 * it stays the `after` the consumer sent, so polling loops need no special case. A consumer that
 * stores its cursor with its own work sees each event once; one that may crash between the two
 * dedupes by event id.
 */
export async function readFeed(
  db: Kysely<Database>,
  args: { after?: string | undefined; limit: number }
): Promise<{ items: Array<ConsentEvent & { cursor: string }>; nextCursor: string | null }> {
  const after = args.after === undefined ? START : await decodeFeedCursor(db, args.after)
  const rows = await feedAfter(db, after, args.limit)
  const items = rows.map((row) => ({
    ...toConsentEvent(row),
    cursor: encodeFeedCursor(row)
  }))
  const last = items.at(-1)
  return { items, nextCursor: last ? last.cursor : (args.after ?? null) }
}
