import type { Kysely } from 'kysely'
import type { Operation } from '../../shared/api/operations'
import type { LoginResponse } from '../../shared/domain/staff'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import { createCoalescedLookup } from '../db/coalesced-lookup'
import { DomainError } from '../domain-error'
import type { AuthContext } from '../http/register-operation'
import { dummyPasswordHash, verifyPassword } from './password'
import {
  findLiveSessions,
  insertSession,
  revokeAllSessions,
  revokeSession
} from './sessions.repository'
import {
  activeLock,
  clearFailures,
  pruneForgottenFailures,
  reserveAttempt
} from './sign-in-throttle.repository'
import { findCredentialsByUsername, findStaffById } from './staff.repository'
import { hashSessionToken, newSessionToken } from './tokens'

export const MAX_FAILED_LOGINS = 10
export const LOCKOUT_MINUTES = 15
/**
 * Failed sign-ins one source address may make, across all usernames, before it is refused for
 * LOCKOUT_MINUTES. Three accounts' worth: enough for a centre's desks behind one address to mistype
 * their passwords, far too few for one stranger to lock out a whole centre.
 */
export const MAX_FAILED_LOGINS_PER_SOURCE = 30
/**
 * An address's failures count while they come close together: after a quarter hour without one
 * its count starts again. Ordinary typos at a centre, spread over days, never add up to a lock.
 */
export const SOURCE_FAILURES_FORGOTTEN_AFTER_MINUTES = LOCKOUT_MINUTES
/**
 * A username's failures count until a sign-in succeeds, as NIST SP 800-63B's consecutive limit
 * does, but not for ever: after 30 days without one they are forgotten. Staff who work sign in
 * every day, which clears the count anyway; what this forgets is names nobody signs in with.
 */
export const ACCOUNT_FAILURES_FORGOTTEN_AFTER_DAYS = 30
export const DEFAULT_SESSION_IDLE_MINUTES = 30

/**
 * How sign-in holds against guessing (README, "Sign-in lockout").
 *
 * - Per account: at most `accountMaxFailures` passwords are checked per normalised username until
 *   a sign-in succeeds (or 30 days pass without a failure); the attempt that reaches the limit
 *   locks the name for `lockMinutes`, and while it is locked nothing is checked, not even the
 *   right password. The count is kept per username, not per staff row, so an unknown name
 *   answers exactly like a known one (401s, then 423), and every attempt that is checked costs
 *   one scrypt either way.
 * - Per source address, across usernames: `sourceMaxFailures` failures, none of them a quarter
 *   hour after the one before, then 429 for `lockMinutes`. One stranger can therefore lock at
 *   most a few accounts per quarter hour, not the whole centre.
 * - The account lock stays global (not per account and source): a guesser spread over many
 *   addresses must still get no more than 10 tries. What keeps a stranger from locking a real
 *   employee out again and again is the source limit plus a supervisor's (or an admin's) unlock,
 *   `POST /v1/staff/{id}/unlock`, recorded in `staff_unlocks`.
 */
export interface SignInLimits {
  accountMaxFailures: number
  sourceMaxFailures: number
  lockMinutes: number
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  accountMaxFailures: MAX_FAILED_LOGINS,
  sourceMaxFailures: MAX_FAILED_LOGINS_PER_SOURCE,
  lockMinutes: LOCKOUT_MINUTES
}

/** Checks a password against a stored hash; tests inject one that counts the checks. */
export type PasswordVerifier = (password: string, storedHash: string) => Promise<boolean>

export interface AuthDeps {
  db: Kysely<Database>
  clock: Clock
  sessionTtlMinutes: number
  /** A session unused for longer than this is refused with `session_idle`. */
  sessionIdleMinutes: number
  signInLimits: SignInLimits
  verifyPassword?: PasswordVerifier
}

const MINUTE = 60_000

/** A refusal that tells the client when to try again (`Retry-After`). */
export class RetryLaterError extends DomainError {
  constructor(
    code: 'account_locked' | 'rate_limited',
    message: string,
    readonly retryAfterSeconds: number,
    details?: Record<string, unknown>
  ) {
    super(code, message, undefined, details)
  }
}

const secondsUntil = (until: Date, now: Date): number =>
  Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000))

// One body for an unknown user and a wrong password, so the answer reveals nothing.
const invalidCredentials = (): DomainError =>
  new DomainError('invalid_credentials', 'Wrong username or password')

const accountLocked = (until: Date, now: Date): DomainError =>
  new RetryLaterError(
    'account_locked',
    'Too many failed sign-ins; try again later',
    secondsUntil(until, now),
    { lockedUntil: until.toISOString() }
  )

const sourceThrottled = (until: Date, now: Date): DomainError =>
  new RetryLaterError(
    'rate_limited',
    'Too many failed sign-ins from this address; try again later',
    secondsUntil(until, now)
  )

/** The key a username is counted under: what the staff table matches (trimmed by the schema). */
export function normaliseUsername(username: string): string {
  return username.normalize('NFC').toLowerCase()
}

/**
 * Signs a staff member in from `source` (the caller's address). The account's count is reserved
 * before the password is checked, so a burst gets no more checks than the account limit allows.
 * The address's count is only of failures, recorded after them: a centre's staff signing in at
 * the start of a shift from one address must never be refused for arriving at the same moment,
 * and the account limit already caps the checks per account.
 */
export async function login(
  deps: AuthDeps,
  args: { username: string; password: string },
  source: string
): Promise<LoginResponse> {
  const { db, signInLimits: limits } = deps
  const verify = deps.verifyPassword ?? verifyPassword
  const now = deps.clock.now()
  const lockUntil = new Date(now.getTime() + limits.lockMinutes * MINUTE)
  const forgetBefore = {
    source: new Date(now.getTime() - SOURCE_FAILURES_FORGOTTEN_AFTER_MINUTES * MINUTE),
    account: new Date(now.getTime() - ACCOUNT_FAILURES_FORGOTTEN_AFTER_DAYS * 24 * 60 * MINUTE)
  }
  const username = normaliseUsername(args.username)

  const sourceLockedUntil = await activeLock(db, { scope: 'source', key: source, now })
  if (sourceLockedUntil) throw sourceThrottled(sourceLockedUntil, now)
  const failedFromSource = async (): Promise<void> => {
    await reserveAttempt(db, {
      scope: 'source',
      key: source,
      now,
      maxFailures: limits.sourceMaxFailures,
      lockUntil,
      forgetBefore: forgetBefore.source
    })
    // Failures are rare (the limits see to that), so this is where the forgotten ones go.
    await pruneForgottenFailures(db, { now, forgetBefore })
  }

  const forAccount = await reserveAttempt(db, {
    scope: 'account',
    key: username,
    now,
    maxFailures: limits.accountMaxFailures,
    lockUntil,
    forgetBefore: forgetBefore.account
  })
  if (!forAccount.granted) {
    // Still counted against the address: hammering a locked name is guessing too.
    await failedFromSource()
    throw accountLocked(forAccount.lockedUntil, now)
  }

  // Exactly one password check per granted attempt, known name or not: the same time either way.
  const credentials = await findCredentialsByUsername(db, username)
  const matches = await verify(
    args.password,
    credentials?.passwordHash ?? (await dummyPasswordHash())
  )
  if (!credentials || !matches) {
    await failedFromSource()
    throw forAccount.locks && forAccount.lockedUntil
      ? accountLocked(forAccount.lockedUntil, now)
      : invalidCredentials()
  }

  await clearFailures(db, { scope: 'account', key: username })
  const staff = await findStaffById(db, credentials.id)
  if (!staff) throw invalidCredentials()

  const token = newSessionToken()
  const expiresAt = new Date(now.getTime() + deps.sessionTtlMinutes * MINUTE)
  await insertSession(db, {
    tokenHash: hashSessionToken(token),
    staffId: staff.id,
    createdAt: now,
    expiresAt
  })
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    idleTimeoutMinutes: deps.sessionIdleMinutes,
    staff,
    mustChangePassword: credentials.mustChangePassword
  }
}

export async function logout(deps: AuthDeps, auth: AuthContext): Promise<void> {
  await revokeSession(deps.db, { sessionId: auth.sessionId, now: deps.clock.now() })
}

/** Sign out everywhere: every session of the caller ends, this one included. */
export async function logoutEverywhere(deps: AuthDeps, auth: AuthContext): Promise<void> {
  await revokeAllSessions(deps.db, { staffId: auth.staff.id, now: deps.clock.now() })
}

/**
 * Lifts a staff member's sign-in lock and clears their failure count, and records who did it.
 * An admin may unlock anyone; a supervisor only staff of their own centre who are not admins
 * (a supervisor must not be able to reopen guessing at an administrator's password).
 */
export async function unlockStaff(
  deps: AuthDeps,
  auth: AuthContext,
  staffId: string
): Promise<void> {
  const target = await findStaffById(deps.db, staffId)
  if (!target) throw new DomainError('not_found', 'No such staff member')
  const isAdmin = auth.staff.roles.includes('admin')
  if (!isAdmin && (target.roles.includes('admin') || target.centre.id !== auth.staff.centre.id)) {
    throw new DomainError('forbidden', 'Your role does not allow unlocking this account')
  }
  const now = deps.clock.now()
  const key = normaliseUsername(target.username)
  await deps.db.transaction().execute(async (trx) => {
    const wasLockedUntil = await activeLock(trx, { scope: 'account', key, now })
    await clearFailures(trx, { scope: 'account', key })
    await trx
      .insertInto('staff_unlocks')
      .values({
        staff_id: target.id,
        unlocked_by: auth.staff.id,
        unlocked_by_role: isAdmin ? 'admin' : 'supervisor',
        at: now,
        was_locked_until: wasLockedUntil
      })
      .execute()
  })
}

// RFC 9110 §11.1: the scheme is case-insensitive (`bearer`, `BEARER`), one or more spaces follow.
const BEARER = /^bearer +([A-Za-z0-9_-]{16,200})$/i

/**
 * The API's session check: resolves the bearer session and checks roles; 401 without a live
 * session (`session_idle` for one unused too long), 403 without a role. Requests checked at the
 * same time share one query (createCoalescedLookup): under load the session check would otherwise
 * be a round trip of its own on every request.
 */
export function createAuthenticator(
  deps: AuthDeps
): (authorization: string | undefined, roles: Operation['auth']) => Promise<AuthContext | null> {
  const lookupSession = createCoalescedLookup((tokenHashes) =>
    findLiveSessions(deps.db, {
      tokenHashes,
      now: deps.clock.now(),
      idleMinutes: deps.sessionIdleMinutes
    })
  )
  return async (authorization, roles) => {
    if (roles === 'public') return null
    const token = authorization ? BEARER.exec(authorization.trim())?.[1] : undefined
    const found = token ? await lookupSession(hashSessionToken(token)) : undefined
    if (found?.status === 'idle') {
      throw new DomainError('session_idle', 'The session was idle too long; sign in again')
    }
    if (found?.status !== 'live') throw new DomainError('unauthenticated', 'Sign in to continue')
    const { auth } = found
    if (!auth.staff.roles.some((role) => roles.includes(role))) {
      throw new DomainError('forbidden', 'Your role does not allow this')
    }
    return auth
  }
}
