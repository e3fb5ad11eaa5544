import type { Kysely } from 'kysely'
import type { Operation } from '../../shared/api/operations'
import type { LoginResponse } from '../../shared/domain/staff'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import { DomainError } from '../domain-error'
import type { AuthContext } from '../http/register-operation'
import { dummyPasswordHash, verifyPassword } from './password'
import { findLiveSession, insertSession, revokeSession } from './sessions.repository'
import {
  findCredentialsByUsername,
  findStaffById,
  recordFailedLogin,
  recordSuccessfulLogin
} from './staff.repository'
import { hashSessionToken, newSessionToken } from './tokens'

export const MAX_FAILED_LOGINS = 10
export const LOCKOUT_MINUTES = 15

export interface AuthDeps {
  db: Kysely<Database>
  clock: Clock
  sessionTtlMinutes: number
}

const MINUTE = 60_000

// One body for an unknown user and a wrong password, so the answer reveals nothing.
const invalidCredentials = (): DomainError =>
  new DomainError('invalid_credentials', 'Wrong username or password')

const accountLocked = (until: Date): DomainError =>
  new DomainError('account_locked', 'Too many failed sign-ins; try again later', undefined, {
    lockedUntil: until.toISOString()
  })

export async function login(
  deps: AuthDeps,
  args: { username: string; password: string }
): Promise<LoginResponse> {
  const credentials = await findCredentialsByUsername(deps.db, args.username)
  if (!credentials) {
    await verifyPassword(args.password, await dummyPasswordHash())
    throw invalidCredentials()
  }

  const now = deps.clock.now()
  if (credentials.lockedUntil && credentials.lockedUntil > now) {
    throw accountLocked(credentials.lockedUntil)
  }

  if (!(await verifyPassword(args.password, credentials.passwordHash))) {
    const lockedUntil = await recordFailedLogin(deps.db, {
      staffId: credentials.id,
      maxAttempts: MAX_FAILED_LOGINS,
      lockUntil: new Date(now.getTime() + LOCKOUT_MINUTES * MINUTE)
    })
    throw lockedUntil ? accountLocked(lockedUntil) : invalidCredentials()
  }

  await recordSuccessfulLogin(deps.db, credentials.id)
  const staff = await findStaffById(deps.db, credentials.id)
  if (!staff) throw invalidCredentials()

  const token = newSessionToken()
  const expiresAt = new Date(now.getTime() + deps.sessionTtlMinutes * MINUTE)
  await insertSession(deps.db, {
    tokenHash: hashSessionToken(token),
    staffId: staff.id,
    createdAt: now,
    expiresAt
  })
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    staff,
    mustChangePassword: credentials.mustChangePassword
  }
}

export async function logout(deps: AuthDeps, auth: AuthContext): Promise<void> {
  await revokeSession(deps.db, { sessionId: auth.sessionId, now: deps.clock.now() })
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,200})$/

/** Resolves the bearer session and checks roles: 401 without a live session, 403 without a role. */
export async function authenticate(
  deps: AuthDeps,
  authorization: string | undefined,
  roles: Operation['auth']
): Promise<AuthContext | null> {
  if (roles === 'public') return null
  const token = authorization ? BEARER.exec(authorization.trim())?.[1] : undefined
  const auth = token
    ? await findLiveSession(deps.db, { tokenHash: hashSessionToken(token), now: deps.clock.now() })
    : null
  if (!auth) throw new DomainError('unauthenticated', 'Sign in to continue')
  if (!auth.staff.roles.some((role) => roles.includes(role))) {
    throw new DomainError('forbidden', 'Your role does not allow this')
  }
  return auth
}
