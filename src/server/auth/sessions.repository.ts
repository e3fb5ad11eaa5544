import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database'
import { toStaff } from './staff.repository'
import type { AuthContext } from '../http/register-operation'

export async function insertSession(
  db: Kysely<Database>,
  args: { tokenHash: string; staffId: string; createdAt: Date; expiresAt: Date }
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: args.tokenHash,
      staff_id: args.staffId,
      created_at: args.createdAt,
      expires_at: args.expiresAt,
      last_seen_at: args.createdAt
    })
    .execute()
}

/** How often a session's last use is written: a request within a minute of the last writes nothing. */
export const LAST_SEEN_GRANULARITY_MS = 60_000

export type SessionLookup =
  | { status: 'live'; auth: AuthContext }
  /** Not revoked or expired, but unused for longer than the idle timeout. */
  | { status: 'idle' }
  | { status: 'none' }

/**
 * The sessions for some token hashes, not revoked and not expired at `now`, and whether each has
 * been idle too long; a hash with no such session is absent from the map. One statement for all
 * of them: the API's session check goes through a coalesced lookup (auth.service.ts), so the
 * requests that arrive together share it.
 *
 * In the same statement (a data-modifying CTE: one round trip, no extra query per request) each
 * session's last use moves to `now`, but only when the stored one is more than a minute old and
 * the session is not idle already: most requests write nothing, and an idle session is never
 * revived by the request that is refused. The select reads the rows as they were before the
 * update, so the idle decision uses the previous last use. Since it moves once a minute, a session
 * may be refused up to a minute before it has really been idle for `idleMinutes`, never after.
 */
export async function findLiveSessions(
  db: Kysely<Database>,
  args: { tokenHashes: readonly string[]; now: Date; idleMinutes: number }
): Promise<Map<string, Exclude<SessionLookup, { status: 'none' }>>> {
  const idleSince = new Date(args.now.getTime() - args.idleMinutes * 60_000)
  const touchBefore = new Date(args.now.getTime() - LAST_SEEN_GRANULARITY_MS)
  const hashes = [...args.tokenHashes]
  const rows = await db
    .with('touched', (qb) =>
      qb
        .updateTable('sessions')
        .set({ last_seen_at: args.now })
        // One text whatever the number of hashes: one prepared statement (db/prepared-statements.ts).
        .where(sql<boolean>`token_hash = any(${hashes}::text[])`)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', args.now)
        .where('last_seen_at', '<', touchBefore)
        .where('last_seen_at', '>', idleSince)
        .returning('id')
    )
    .selectFrom('sessions')
    .innerJoin('staff', 'staff.id', 'sessions.staff_id')
    .innerJoin('centres', 'centres.id', 'staff.centre_id')
    .select([
      'sessions.token_hash',
      'sessions.id as session_id',
      'staff.id',
      'staff.username',
      'staff.display_name',
      'staff.roles',
      'centres.id as centre_id',
      'centres.name as centre_name',
      'staff.must_change_password',
      // PostgreSQL runs a data-modifying CTE to completion whether or not the query reads it.
      'sessions.last_seen_at'
    ])
    .where(sql<boolean>`sessions.token_hash = any(${hashes}::text[])`)
    // Disabling revokes the sessions too; this holds even for one that slipped past.
    .where('staff.disabled_at', 'is', null)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', args.now)
    .execute()
  const found = new Map<string, Exclude<SessionLookup, { status: 'none' }>>()
  for (const row of rows) {
    found.set(
      row.token_hash,
      row.last_seen_at.getTime() <= idleSince.getTime()
        ? { status: 'idle' }
        : {
            status: 'live',
            auth: {
              sessionId: row.session_id,
              staff: toStaff(row),
              mustChangePassword: row.must_change_password
            }
          }
    )
  }
  return found
}

/** Sign out everywhere: every live session of a staff member ends now. Answers how many. */
export async function revokeAllSessions(
  db: Kysely<Database>,
  args: { staffId: string; now: Date }
): Promise<number> {
  const rows = await db
    .updateTable('sessions')
    .set({ revoked_at: args.now })
    .where('staff_id', '=', args.staffId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute()
  return rows.length
}

export async function revokeSession(
  db: Kysely<Database>,
  args: { sessionId: string; now: Date }
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: args.now })
    .where('id', '=', args.sessionId)
    .where('revoked_at', 'is', null)
    .execute()
}
