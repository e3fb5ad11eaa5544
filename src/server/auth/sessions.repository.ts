import type { Kysely } from 'kysely'
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
      expires_at: args.expiresAt
    })
    .execute()
}

/** The live session for a token hash: not revoked and not expired at `now`. */
export async function findLiveSession(
  db: Kysely<Database>,
  args: { tokenHash: string; now: Date }
): Promise<AuthContext | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('staff', 'staff.id', 'sessions.staff_id')
    .innerJoin('centres', 'centres.id', 'staff.centre_id')
    .select([
      'sessions.id as session_id',
      'staff.id',
      'staff.username',
      'staff.display_name',
      'staff.roles',
      'centres.id as centre_id',
      'centres.name as centre_name',
      'staff.must_change_password'
    ])
    .where('sessions.token_hash', '=', args.tokenHash)
    // Disabling revokes the sessions too; this holds even for one that slipped past.
    .where('staff.disabled_at', 'is', null)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', args.now)
    .executeTakeFirst()
  return row
    ? {
        sessionId: row.session_id,
        staff: toStaff(row),
        mustChangePassword: row.must_change_password
      }
    : null
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
