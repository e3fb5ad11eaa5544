import type { Kysely } from 'kysely'
import {
  PASSWORD_PROBLEM_MESSAGES,
  passwordProblems,
  type PasswordProblem
} from '../../shared/domain/password-policy'
import type { Role, Staff } from '../../shared/domain/staff'
import type {
  ChangePasswordRequest,
  CreateStaffRequest,
  StaffAccount,
  StaffListResponse,
  UpdateStaffRequest
} from '../../shared/domain/staff-admin'
import { isCommonPassword } from '../auth/common-passwords'
import { hashPassword, verifyPassword } from '../auth/password'
import { listCounterStaff } from '../auth/staff.repository'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import { uniqueViolation } from '../db/unique-violation'
import { DomainError, validationFailed, type FieldError } from '../domain-error'
import type { AuthContext } from '../http/register-operation'
import {
  appendStaffAdminEvent,
  centreExists,
  findPasswordContext,
  findStaffAccount,
  insertStaffAccount,
  listCentres,
  listStaffAccounts,
  lockAccounts,
  revokeSessionsOf,
  updateStaffAccount,
  type AccountChange
} from './staff.repository'

export interface StaffDeps {
  db: Kysely<Database>
  clock: Clock
}

const isAdmin = (roles: readonly string[]): boolean => roles.includes('admin')

/** Field errors for every rule a new password breaks (`password-policy.ts`), none if it is fine. */
function passwordFieldErrors(
  path: string,
  password: string,
  context: { username: string; displayName: string },
  extra: PasswordProblem[] = []
): FieldError[] {
  const problems = [
    ...passwordProblems(password, { ...context, isCommon: isCommonPassword }),
    ...extra
  ]
  return problems.map((problem) => ({ path, message: PASSWORD_PROBLEM_MESSAGES[problem] }))
}

const unknownCentre = (): DomainError =>
  validationFailed([{ path: 'centreId', message: 'is not a known centre' }])

/**
 * `GET /v1/staff`. An admin sees every account with its state and the centres to choose from;
 * a supervisor sees who and where only: the counter staff, or those holding `role`.
 */
export async function listStaff(
  deps: StaffDeps,
  args: { staff: Staff; role?: Role | undefined }
): Promise<StaffListResponse> {
  if (!isAdmin(args.staff.roles)) {
    if (args.role === undefined) return { items: await listCounterStaff(deps.db) }
    // Someone to hand work to (a reviewer for a case): a disabled account can take none.
    const accounts = await listStaffAccounts(deps.db, { role: args.role, now: deps.clock.now() })
    return {
      items: accounts
        .filter((account) => !account.account.disabled)
        .map(({ account: _state, ...staff }) => staff)
    }
  }
  const [items, centres] = await Promise.all([
    listStaffAccounts(deps.db, { role: args.role, now: deps.clock.now() }),
    listCentres(deps.db)
  ])
  return { items, centres }
}

/** `POST /v1/staff`: a new account whose one-time password must be changed at first sign-in. */
export async function createStaff(
  deps: StaffDeps,
  args: { request: CreateStaffRequest; actor: Staff }
): Promise<StaffAccount> {
  const { request } = args
  const fields = passwordFieldErrors('oneTimePassword', request.oneTimePassword, request)
  if (fields.length > 0) throw validationFailed(fields)
  if (!(await centreExists(deps.db, request.centreId))) throw unknownCentre()

  // Hashed before the transaction: scrypt's ~100 ms should not be spent holding locks.
  const passwordHash = await hashPassword(request.oneTimePassword)
  const now = deps.clock.now()
  try {
    const id = await deps.db.transaction().execute(async (trx) => {
      const created = await insertStaffAccount(trx, {
        username: request.username,
        displayName: request.displayName,
        roles: request.roles,
        centreId: request.centreId,
        passwordHash,
        now
      })
      await appendStaffAdminEvent(trx, {
        staffId: created,
        actorId: args.actor.id,
        at: now,
        action: 'created',
        changes: {
          username: request.username,
          displayName: request.displayName,
          roles: request.roles,
          centreId: request.centreId
        }
      })
      return created
    })
    return (await findStaffAccount(deps.db, { id, now }))!
  } catch (error) {
    if (uniqueViolation(error, ['staff_username_key'])) {
      throw new DomainError('username_taken', `The username ${request.username} is taken`, [
        { path: 'username', message: 'is taken' }
      ])
    }
    throw error
  }
}

/**
 * `PATCH /v1/staff/{id}`: one admin change, checked against the version the admin read.
 * Disabling and a new one-time password end the person's sessions in the same transaction.
 * An admin cannot take away their own admin role or disable themselves; since every change is
 * made by an admin who stays one, there is always an admin left.
 */
export async function updateStaff(
  deps: StaffDeps,
  args: { id: string; expectedVersion: number; request: UpdateStaffRequest; actor: Staff }
): Promise<StaffAccount> {
  const { request, actor } = args
  const before = await findStaffAccount(deps.db, { id: args.id, now: deps.clock.now() })
  if (!before) throw new DomainError('not_found', 'No such staff member')

  if (
    actor.id === args.id &&
    (request.disabled === true || (request.roles && !isAdmin(request.roles)))
  ) {
    throw new DomainError(
      'self_lockout',
      'You cannot remove your own admin role or disable your own account'
    )
  }

  let passwordHash: string | undefined
  if (request.oneTimePassword !== undefined) {
    const fields = passwordFieldErrors('oneTimePassword', request.oneTimePassword, {
      username: before.username,
      displayName: request.displayName ?? before.displayName
    })
    if (fields.length > 0) throw validationFailed(fields)
    passwordHash = await hashPassword(request.oneTimePassword)
  }
  if (request.centreId !== undefined && !(await centreExists(deps.db, request.centreId))) {
    throw unknownCentre()
  }

  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now()
    const locked = await lockAccounts(trx, [actor.id, args.id])
    const acting = locked.get(actor.id)
    // Another admin may have demoted or disabled this one since the request was authenticated.
    if (!acting || acting.disabled || !isAdmin(acting.roles)) {
      throw new DomainError('forbidden', 'Your role does not allow this')
    }
    const target = locked.get(args.id)
    if (!target) throw new DomainError('not_found', 'No such staff member')
    const current = (await findStaffAccount(trx, { id: args.id, now }))!
    if (target.version !== args.expectedVersion) {
      throw new DomainError(
        'version_mismatch',
        'Someone changed this account since you read it; review it and try again',
        undefined,
        { staff: current }
      )
    }

    const { change, recorded } = accountChange(current, request, passwordHash, now)
    if (Object.keys(recorded).length === 0) return current
    await updateStaffAccount(trx, { id: args.id, change, now, byAdmin: true })
    if (change.disabledAt || change.password) {
      await revokeSessionsOf(trx, { staffId: args.id, now })
    }
    await appendStaffAdminEvent(trx, {
      staffId: args.id,
      actorId: actor.id,
      at: now,
      action: 'updated',
      changes: recorded
    })
    return (await findStaffAccount(trx, { id: args.id, now }))!
  })
}

/**
 * What actually changes (a field sent with its current value is no change), and its record for
 * the admin log: `{ field: { from, to } }`, with `oneTimePassword: 'set'`, never the password.
 */
function accountChange(
  current: StaffAccount,
  request: UpdateStaffRequest,
  passwordHash: string | undefined,
  now: Date
): { change: AccountChange; recorded: Record<string, unknown> } {
  const change: AccountChange = {}
  const recorded: Record<string, unknown> = {}
  if (request.displayName !== undefined && request.displayName !== current.displayName) {
    change.displayName = request.displayName
    recorded['displayName'] = { from: current.displayName, to: request.displayName }
  }
  if (request.roles !== undefined && !sameRoles(request.roles, current.roles)) {
    change.roles = request.roles
    recorded['roles'] = { from: current.roles, to: request.roles }
  }
  if (request.centreId !== undefined && request.centreId !== current.centre.id) {
    change.centreId = request.centreId
    recorded['centreId'] = { from: current.centre.id, to: request.centreId }
  }
  if (request.disabled !== undefined && request.disabled !== current.account.disabled) {
    change.disabledAt = request.disabled ? now : null
    recorded['disabled'] = { from: current.account.disabled, to: request.disabled }
  }
  if (passwordHash !== undefined) {
    change.password = { hash: passwordHash, mustChange: true }
    recorded['oneTimePassword'] = 'set'
  }
  return { change, recorded }
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role))
}

/**
 * `POST /v1/auth/password`: the person changes their own password. It clears a one-time
 * password's restriction, and ends the person's other sessions (someone else may know the old
 * password: the admin who set it, or whoever made the person change it).
 */
export async function changeOwnPassword(
  deps: StaffDeps,
  args: { request: ChangePasswordRequest; auth: AuthContext }
): Promise<void> {
  const { request, auth } = args
  const context = await findPasswordContext(deps.db, auth.staff.id)
  if (!context) throw new DomainError('unauthenticated', 'Sign in to continue')
  // A wrong current password is a field error, not a 401: the session itself is fine, and a 401
  // would sign the desk out.
  if (!(await verifyPassword(request.currentPassword, context.passwordHash))) {
    throw validationFailed([{ path: 'currentPassword', message: 'is not your current password' }])
  }
  const reused = request.newPassword.normalize('NFKC') === request.currentPassword.normalize('NFKC')
  const fields = passwordFieldErrors(
    'newPassword',
    request.newPassword,
    context,
    reused ? ['reused'] : []
  )
  if (fields.length > 0) throw validationFailed(fields)

  const passwordHash = await hashPassword(request.newPassword)
  const now = deps.clock.now()
  await deps.db.transaction().execute(async (trx) => {
    await updateStaffAccount(trx, {
      id: auth.staff.id,
      change: { password: { hash: passwordHash, mustChange: false } },
      now,
      byAdmin: false
    })
    await revokeSessionsOf(trx, { staffId: auth.staff.id, now, except: auth.sessionId })
    await appendStaffAdminEvent(trx, {
      staffId: auth.staff.id,
      actorId: auth.staff.id,
      at: now,
      action: 'password_changed',
      changes: {}
    })
  })
}
