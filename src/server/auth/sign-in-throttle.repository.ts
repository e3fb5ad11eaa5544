import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database, SignInThrottleTable } from '../db/database'

export type ThrottleScope = SignInThrottleTable['scope']

export type Reservation =
  /** The attempt may check a password; `locks` when a failure of it is the one that locks. */
  | { granted: true; locks: boolean; lockedUntil: Date | null }
  /** Refused without checking anything: the key is locked until then. */
  | { granted: false; lockedUntil: Date }

/**
 * Reserves one failed sign-in for `key` BEFORE the password is checked, in one statement: the
 * row is created, or counted only while it is not locked. The count that reaches
 * `maxFailures` locks the key at once (until `lockUntil`), so with 50 attempts at the same moment
 * the first `maxFailures` reservations are granted and every later one finds the lock and is
 * refused without a password check. On PostgreSQL the conditional upsert waits for the row lock
 * of a concurrent reservation and re-reads the row before deciding (READ COMMITTED), so two
 * reservations never both get the last count; PGlite runs one statement at a time anyway.
 *
 * A lock that has run out starts a fresh count, and so does a count whose last failure was at or
 * before `forgetBefore`: failures are counted while they come close together, not for ever. A
 * successful sign-in clears the account's count (`clearFailures`). A source address's failures
 * are counted with the same statement, after each failure rather than before the check
 * (auth.service.ts says why).
 */
export async function reserveAttempt(
  db: Kysely<Database>,
  args: {
    scope: ThrottleScope
    key: string
    now: Date
    maxFailures: number
    lockUntil: Date
    forgetBefore: Date
  }
): Promise<Reservation> {
  const { scope, key, now, maxFailures, lockUntil, forgetBefore } = args
  const lockAt = (count: RawBuilder<number>) =>
    sql<Date | null>`case when ${count} >= ${maxFailures} then ${lockUntil}::timestamptz else null end`
  // After an expired lock, or a long enough quiet, the count starts again from this attempt.
  const nextCount = sql<number>`case
    when sign_in_throttle.locked_until is not null
      or sign_in_throttle.last_failure_at <= ${forgetBefore} then 1
    else sign_in_throttle.failures + 1 end`
  // An upsert, not an insert and then an update: a successful sign-in deletes the row
  // (clearFailures), and between two statements it could vanish and refuse a right password.
  const reserved = await db
    .insertInto('sign_in_throttle')
    .values({
      scope,
      key,
      failures: 1,
      locked_until: lockAt(sql.lit<number>(1)),
      last_failure_at: now
    })
    .onConflict((oc) =>
      oc
        .columns(['scope', 'key'])
        .doUpdateSet({ failures: nextCount, locked_until: lockAt(nextCount), last_failure_at: now })
        .where((eb) =>
          eb.or([
            eb('sign_in_throttle.locked_until', 'is', null),
            eb('sign_in_throttle.locked_until', '<=', now)
          ])
        )
    )
    .returning(['failures', 'locked_until'])
    .executeTakeFirst()
  if (reserved) {
    return {
      granted: true,
      locks: reserved.failures >= maxFailures,
      lockedUntil: reserved.locked_until
    }
  }

  const row = await db
    .selectFrom('sign_in_throttle')
    .select('locked_until')
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst()
  // Locked when counted, unlocked since (a supervisor, just now): refuse this one attempt
  // anyway; the next one is counted afresh.
  return { granted: false, lockedUntil: row?.locked_until ?? now }
}

/** A successful sign-in: the account's count and any lock its own attempt set are cleared. */
export async function clearFailures(
  db: Kysely<Database>,
  args: { scope: ThrottleScope; key: string }
): Promise<void> {
  await db
    .deleteFrom('sign_in_throttle')
    .where('scope', '=', args.scope)
    .where('key', '=', args.key)
    .execute()
}

/** The lock on a key still in force at `now`, if any. */
export async function activeLock(
  db: Kysely<Database>,
  args: { scope: ThrottleScope; key: string; now: Date }
): Promise<Date | null> {
  const row = await db
    .selectFrom('sign_in_throttle')
    .select('locked_until')
    .where('scope', '=', args.scope)
    .where('key', '=', args.key)
    .where('locked_until', '>', args.now)
    .executeTakeFirst()
  return row?.locked_until ?? null
}

/**
 * Deletes the counts that are forgotten anyway (`reserveAttempt`'s `forgetBefore`, per scope) and
 * hold no lock still in force: without it, every username a stranger ever tried would stay.
 */
export async function pruneForgottenFailures(
  db: Kysely<Database>,
  args: { now: Date; forgetBefore: Record<ThrottleScope, Date> }
): Promise<void> {
  await db
    .deleteFrom('sign_in_throttle')
    .where((eb) =>
      eb.or(
        (['account', 'source'] as const).map((scope) =>
          eb.and([eb('scope', '=', scope), eb('last_failure_at', '<=', args.forgetBefore[scope])])
        )
      )
    )
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', args.now)]))
    .execute()
}
