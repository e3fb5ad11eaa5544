import type { Kysely } from 'kysely'
import { RoleSchema, type Role, type Staff } from '../../shared/domain/staff'
import type { Database } from '../db/database'

export interface StaffCredentials {
  id: string
  passwordHash: string
  /** The password is an admin's one-time password (migration 017). */
  mustChangePassword: boolean
}

export async function findCredentialsByUsername(
  db: Kysely<Database>,
  username: string
): Promise<StaffCredentials | null> {
  const row = await db
    .selectFrom('staff')
    .select(['id', 'password_hash', 'must_change_password'])
    .where('username', '=', username.toLowerCase())
    // A disabled account signs in exactly like an unknown username: same answer, same time.
    .where('disabled_at', 'is', null)
    .executeTakeFirst()
  return row
    ? {
        id: row.id,
        passwordHash: row.password_hash,
        mustChangePassword: row.must_change_password
      }
    : null
}

/** Staff members with their centres, as `toStaff` maps them. */
function staffWithCentres(db: Kysely<Database>) {
  return db
    .selectFrom('staff')
    .innerJoin('centres', 'centres.id', 'staff.centre_id')
    .select([
      'staff.id',
      'staff.username',
      'staff.display_name',
      'staff.roles',
      'centres.id as centre_id',
      'centres.name as centre_name'
    ])
}

export async function findStaffById(db: Kysely<Database>, staffId: string): Promise<Staff | null> {
  const row = await staffWithCentres(db).where('staff.id', '=', staffId).executeTakeFirst()
  return row ? toStaff(row) : null
}

/** Every staff member who works at a counter, by centre and name: the register's filters. */
export async function listCounterStaff(db: Kysely<Database>, role?: Role): Promise<Staff[]> {
  const rows = await staffWithCentres(db)
    .orderBy('centres.name')
    .orderBy('staff.display_name')
    .execute()
  const wanted: readonly Role[] = role ? [role] : ['agent', 'supervisor']
  return rows.map(toStaff).filter((staff) => staff.roles.some((held) => wanted.includes(held)))
}

export interface StaffRow {
  id: string
  username: string
  display_name: string
  roles: string[]
  centre_id: string
  centre_name: string
}

export function toStaff(row: StaffRow): Staff {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles.map((role) => RoleSchema.parse(role)),
    centre: { id: row.centre_id, name: row.centre_name }
  }
}
