import { sql, type Kysely, type Transaction } from 'kysely'
import type { Role } from '../../shared/domain/staff'
import type { StaffAccount } from '../../shared/domain/staff-admin'
import type { Database } from '../db/database'
import { toStaff } from '../auth/staff.repository'

type Db = Kysely<Database> | Transaction<Database>

/** Staff with centre and account state, as `toStaffAccount` maps them. */
function accountsWithCentres(db: Db) {
  return (
    db
      .selectFrom('staff')
      .innerJoin('centres', 'centres.id', 'staff.centre_id')
      // Sign-in failures are counted per username in sign_in_throttle (migration 016; usernames are
      // stored lower-case, as the throttle normalises them), not in staff.locked_until any more.
      .leftJoin('sign_in_throttle', (join) =>
        join
          .onRef('sign_in_throttle.key', '=', 'staff.username')
          .on('sign_in_throttle.scope', '=', 'account')
      )
      .select([
        'staff.id',
        'staff.username',
        'staff.display_name',
        'staff.roles',
        'centres.id as centre_id',
        'centres.name as centre_name',
        'staff.disabled_at',
        'sign_in_throttle.locked_until',
        'staff.must_change_password',
        'staff.created_at',
        'staff.updated_at',
        'staff.version'
      ])
  )
}

type AccountRow = Awaited<
  ReturnType<ReturnType<typeof accountsWithCentres>['executeTakeFirstOrThrow']>
>

function toStaffAccount(row: AccountRow, now: Date): StaffAccount {
  return {
    ...toStaff(row),
    account: {
      disabled: row.disabled_at !== null,
      // A lock that has run out is no lock: the next sign-in is checked normally.
      lockedUntil:
        row.locked_until && row.locked_until > now ? row.locked_until.toISOString() : null,
      mustChangePassword: row.must_change_password,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at ? row.updated_at.toISOString() : null,
      version: row.version
    }
  }
}

/** Every account (or those holding `role`), by centre and name: the admin's table. */
export async function listStaffAccounts(
  db: Db,
  args: { role?: Role | undefined; now: Date }
): Promise<StaffAccount[]> {
  let query = accountsWithCentres(db).orderBy('centres.name').orderBy('staff.display_name')
  if (args.role) query = query.where(sql<boolean>`${args.role} = any(staff.roles)`)
  const rows = await query.execute()
  return rows.map((row) => toStaffAccount(row, args.now))
}

export async function findStaffAccount(
  db: Db,
  args: { id: string; now: Date }
): Promise<StaffAccount | null> {
  const row = await accountsWithCentres(db).where('staff.id', '=', args.id).executeTakeFirst()
  return row ? toStaffAccount(row, args.now) : null
}

export async function listCentres(db: Db): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('centres').select(['id', 'name']).orderBy('name').execute()
}

export async function centreExists(db: Db, centreId: string): Promise<boolean> {
  const row = await db
    .selectFrom('centres')
    .select('id')
    .where('id', '=', centreId)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Locks the acting admin's and the target's rows, in id order so that two admins changing each
 * other at once wait instead of deadlocking, and returns what the checks need.
 */
export async function lockAccounts(
  trx: Transaction<Database>,
  ids: readonly string[]
): Promise<Map<string, { roles: string[]; disabled: boolean; version: number }>> {
  const rows = await trx
    .selectFrom('staff')
    .select(['id', 'roles', 'disabled_at', 'version'])
    .where('id', 'in', [...new Set(ids)])
    .orderBy('id')
    .forUpdate()
    .execute()
  return new Map(
    rows.map((row) => [
      row.id,
      { roles: row.roles, disabled: row.disabled_at !== null, version: row.version }
    ])
  )
}

export async function insertStaffAccount(
  trx: Transaction<Database>,
  args: {
    username: string
    displayName: string
    roles: Role[]
    centreId: string
    passwordHash: string
    now: Date
  }
): Promise<string> {
  const row = await trx
    .insertInto('staff')
    .values({
      username: args.username,
      display_name: args.displayName,
      roles: args.roles,
      centre_id: args.centreId,
      password_hash: args.passwordHash,
      must_change_password: true,
      created_at: args.now
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export interface AccountChange {
  displayName?: string
  roles?: Role[]
  centreId?: string
  /** The moment it was disabled, or null to enable it again. */
  disabledAt?: Date | null
  /** A new password hash, and whether it is a one-time password its owner must change. */
  password?: { hash: string; mustChange: boolean }
}

/**
 * Applies a change; the caller holds the row's lock. An admin's change moves the version on (an
 * edit based on the old one is refused); the owner changing their password does not, since it
 * changes nothing an admin edits.
 */
export async function updateStaffAccount(
  trx: Transaction<Database>,
  args: { id: string; change: AccountChange; now: Date; byAdmin: boolean }
): Promise<void> {
  const { change } = args
  await trx
    .updateTable('staff')
    .set((eb) => ({
      ...(change.displayName === undefined ? {} : { display_name: change.displayName }),
      ...(change.roles === undefined ? {} : { roles: change.roles }),
      ...(change.centreId === undefined ? {} : { centre_id: change.centreId }),
      ...(change.disabledAt === undefined ? {} : { disabled_at: change.disabledAt }),
      ...(change.password === undefined
        ? {}
        : {
            password_hash: change.password.hash,
            must_change_password: change.password.mustChange
          }),
      version: args.byAdmin ? eb('version', '+', 1) : eb.ref('version'),
      updated_at: args.now
    }))
    .where('id', '=', args.id)
    .execute()
}

/** Ends a person's sessions at once (all, or all but `except`: the one changing the password). */
export async function revokeSessionsOf(
  trx: Db,
  args: { staffId: string; now: Date; except?: string }
): Promise<void> {
  let query = trx
    .updateTable('sessions')
    .set({ revoked_at: args.now })
    .where('staff_id', '=', args.staffId)
    .where('revoked_at', 'is', null)
  if (args.except !== undefined) query = query.where('id', '<>', args.except)
  await query.execute()
}

export async function appendStaffAdminEvent(
  trx: Db,
  args: {
    staffId: string
    actorId: string
    at: Date
    action: 'created' | 'updated' | 'password_changed'
    changes: Record<string, unknown>
  }
): Promise<void> {
  await trx
    .insertInto('staff_admin_events')
    .values({
      staff_id: args.staffId,
      actor_id: args.actorId,
      at: args.at,
      action: args.action,
      changes: JSON.stringify(args.changes)
    })
    .execute()
}

/** What a password change checks against: the stored hash and the context words. */
export async function findPasswordContext(
  db: Db,
  staffId: string
): Promise<{ passwordHash: string; username: string; displayName: string } | null> {
  const row = await db
    .selectFrom('staff')
    .select(['password_hash', 'username', 'display_name'])
    .where('id', '=', staffId)
    .executeTakeFirst()
  return row
    ? { passwordHash: row.password_hash, username: row.username, displayName: row.display_name }
    : null
}
