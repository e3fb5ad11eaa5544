import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database'
import { toStaff, type StaffRow } from './staff.repository'
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

interface LiveSessionRow extends StaffRow {
  token_hash: string
  session_id: string
  must_change_password: boolean
  last_seen_at: Date
}

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
  // Written out as SQL rather than built: it runs for every request, and Kysely's builder
  // rebuilt and recompiled the CTE each time (plain in the API's CPU profile under load,
  // bench/reads.bench.ts). One text whatever the number of hashes: one prepared statement
  // (db/prepared-statements.ts).
  const rows = await sql<LiveSessionRow>`
    with touched as (
      update sessions set last_seen_at = ${args.now}
      where token_hash = any(${hashes}::text[])
        and revoked_at is null
        and expires_at > ${args.now}
        and last_seen_at < ${touchBefore}
        and last_seen_at > ${idleSince}
      returning id)
    select s.token_hash, s.id as session_id, staff.id, staff.username, staff.display_name,
           staff.roles, centres.id as centre_id, centres.name as centre_name,
           staff.must_change_password,
           -- PostgreSQL runs a data-modifying CTE to completion whether or not the query reads it.
           s.last_seen_at
    from sessions s
    join staff on staff.id = s.staff_id
    join centres on centres.id = staff.centre_id
    where s.token_hash = any(${hashes}::text[])
      -- Disabling revokes the sessions too; this holds even for one that slipped past.
      and staff.disabled_at is null
      and s.revoked_at is null
      and s.expires_at > ${args.now}`.execute(db)
  const found = new Map<string, Exclude<SessionLookup, { status: 'none' }>>()
  for (const row of rows.rows) {
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
