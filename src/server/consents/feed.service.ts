import type { Kysely } from 'kysely'
import type { ConsentEvent } from '../../shared/domain/consent'
import type { Database } from '../db/database'
import { HttpError } from '../http/http-error'
import { feedAfter, toConsentEvent } from './events.repository'

/** Cursors are opaque to consumers: base64url of the outbox position. */
export function encodeFeedCursor(position: string): string {
  return Buffer.from(`pos:${position}`).toString('base64url')
}

function decodeFeedCursor(cursor: string): bigint {
  const match = /^pos:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!match) {
    throw new HttpError(400, 'validation_failed', 'Invalid query', [
      { path: 'after', message: 'is not a cursor of this feed' }
    ])
  }
  return BigInt(match[1]!)
}

/**
 * Every consent event of every client in commit order (the transactional outbox; positions are
 * allocated under a global advisory lock, see events.repository). `nextCursor` is where to
 * continue; with nothing new it stays the `after` the consumer sent, so polling loops need no
 * special case. Delivery is at-least-once from the consumer's view: dedupe by event id.
 */
export async function readFeed(
  db: Kysely<Database>,
  args: { after?: string | undefined; limit: number }
): Promise<{ items: Array<ConsentEvent & { cursor: string }>; nextCursor: string | null }> {
  const after = args.after === undefined ? 0n : decodeFeedCursor(args.after)
  const rows = await feedAfter(db, after, args.limit)
  const items = rows.map((row) => ({
    ...toConsentEvent(row),
    cursor: encodeFeedCursor(row.position)
  }))
  const last = items.at(-1)
  return { items, nextCursor: last ? last.cursor : (args.after ?? null) }
}
