import { afterEach, describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from '../../src/server/auth/password'
import {
  bearer,
  createTestApi,
  TEST_PASSWORD,
  type TestApi,
  type TestApiOptions
} from '../support/test-api'
import { createTestClock } from '../support/test-clock'

/**
 * Sign-in under attack (issue 10, item 2): a burst of wrong passwords, unknown usernames, a
 * stranger guessing at several accounts from one address, and a supervisor lifting a lock.
 */
describe('sign-in lockout and throttling', () => {
  let api: TestApi | undefined
  afterEach(async () => {
    await api?.close()
    api = undefined
  })

  /** The API, with a password check that counts how often it ran. */
  async function start(
    options: TestApiOptions = {}
  ): Promise<{ api: TestApi; checks: () => number }> {
    let checks = 0
    api = await createTestApi({
      ...options,
      verifyPassword: async (password, hash) => {
        checks++
        return verifyPassword(password, hash)
      }
    })
    return { api, checks: () => checks }
  }

  const login = (
    target: TestApi,
    username: string,
    password: string,
    remoteAddress = '192.0.2.10',
    forwardedFor?: string
  ) =>
    target.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { username, password },
      remoteAddress,
      ...(forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {})
    })

  it('checks at most 10 of 50 wrong passwords sent at once, then refuses the right one', async () => {
    const { api, checks } = await start({ signInLimits: { sourceMaxFailures: 1000 } })

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, index) => login(api, 'agent', `wrong-${index}`))
    )

    expect(checks()).toBeLessThanOrEqual(10)
    const statuses = answers.map((answer) => answer.statusCode)
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(9)
    expect(statuses.every((status) => status === 401 || status === 423)).toBe(true)
    // The right password while locked: refused, and not even checked.
    const checksBefore = checks()
    const right = await login(api, 'agent', TEST_PASSWORD)
    expect(right.statusCode).toBe(423)
    expect(right.json()).toMatchObject({ code: 'account_locked', lockedUntil: expect.any(String) })
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0)
    expect(checks()).toBe(checksBefore)
  })

  it('answers an unknown username exactly like a known one, lock included', async () => {
    const { api } = await start()
    const statusesFor = async (username: string): Promise<number[]> => {
      const statuses: number[] = []
      for (let attempt = 1; attempt <= 11; attempt++) {
        statuses.push((await login(api, username, `wrong-${attempt}`, '192.0.2.20')).statusCode)
      }
      return statuses
    }

    const known = await statusesFor('reviewer')
    const unknown = await statusesFor('no-such-person')

    expect(known).toEqual([...Array<number>(9).fill(401), 423, 423])
    expect(unknown).toEqual(known)
    const lockedKnown = (await login(api, 'reviewer', 'x', '192.0.2.21')).json() as object
    const lockedUnknown = (await login(api, 'no-such-person', 'x', '192.0.2.21')).json() as object
    expect(Object.keys(lockedUnknown)).toEqual(Object.keys(lockedKnown))
  })

  it('takes as long for an unknown username as for a wrong password (medians within 25%)', async () => {
    const { api, checks } = await start({ signInLimits: { sourceMaxFailures: 1000 } })
    // The account's hash at production's cost, as the unknown username's stand-in hash is (the
    // test accounts' own are cheap, database-templates.ts).
    await api.database.owner
      .updateTable('staff')
      .set({ password_hash: await hashPassword(TEST_PASSWORD) })
      .where('username', '=', 'supervisor')
      .execute()
    const time = async (username: string, password: string): Promise<number> => {
      const started = performance.now()
      const answer = await login(api, username, password)
      expect(answer.statusCode).toBe(401)
      return performance.now() - started
    }
    const known: number[] = []
    const unknown: number[] = []
    // Alternating, so that a busy moment of the machine falls on both; 9 wrong passwords, then
    // the right one clears the count before the account would lock.
    for (let round = 0; round < 3; round++) {
      for (let attempt = 0; attempt < 9; attempt++) {
        known.push(await time('supervisor', `wrong-${round}-${attempt}`))
        unknown.push(await time(`nobody-${round}-${attempt}`, `wrong-${round}-${attempt}`))
      }
      expect((await login(api, 'supervisor', TEST_PASSWORD)).statusCode).toBe(200)
    }

    // One password check per attempt either way (54 wrong + 3 right).
    expect(checks()).toBe(57)
    const median = (values: number[]): number => {
      const sorted = [...values].sort((a, b) => a - b)
      return sorted[Math.floor(sorted.length / 2)]!
    }
    const [knownMedian, unknownMedian] = [median(known), median(unknown)]
    expect(Math.abs(knownMedian - unknownMedian)).toBeLessThan(
      0.25 * Math.max(knownMedian, unknownMedian)
    )
  })

  it('stops one address from locking out the whole centre: 429 after 30 failures', async () => {
    const { api } = await start()
    const stranger = '198.51.100.7'
    const answers: number[] = []
    for (const username of ['agent', 'reviewer', 'supervisor', 'integration']) {
      for (let attempt = 1; attempt <= 10; attempt++) {
        answers.push((await login(api, username, `guess-${attempt}`, stranger)).statusCode)
      }
    }

    // Three accounts' worth of guesses, then the address itself is refused.
    expect(answers.slice(0, 30).filter((status) => status === 423)).toHaveLength(3)
    expect(answers.slice(30)).toEqual(Array<number>(10).fill(429))
    const refused = await login(api, 'integration', 'guess', stranger)
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toEqual({ code: 'rate_limited', message: expect.any(String) })
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)

    // The fourth account was never guessed at enough to lock: its owner signs in from their desk.
    expect((await login(api, 'integration', TEST_PASSWORD, '192.0.2.50')).statusCode).toBe(200)
  })

  it("forgets an address's failures after a quiet quarter hour: a day of typos never locks a centre", async () => {
    const clock = createTestClock()
    const { api } = await start({ clock })
    const centre = '203.0.113.77'
    // Thirty-two typos through the day from one centre, four an hour: more than the address's 30.
    const answers: number[] = []
    for (let hour = 0; hour < 8; hour++) {
      for (const username of ['agent', 'reviewer', 'supervisor', 'admin']) {
        answers.push((await login(api, username, `typo-${hour}`, centre)).statusCode)
      }
      clock.advanceMinutes(60)
    }
    expect(answers).toEqual(Array<number>(32).fill(401))
    // What the address has against it is the last hour's four, not the day's 32.
    const stored = await api.database.db
      .selectFrom('sign_in_throttle')
      .select(['failures', 'locked_until'])
      .where('scope', '=', 'source')
      .where('key', '=', centre)
      .executeTakeFirstOrThrow()
    expect(stored).toEqual({ failures: 4, locked_until: null })
    expect((await login(api, 'agent', TEST_PASSWORD, centre)).statusCode).toBe(200)
  })

  it("forgets a username's failures after 30 days without one, and deletes what it forgot", async () => {
    const clock = createTestClock()
    const { api } = await start({ clock, signInLimits: { sourceMaxFailures: 1000 } })
    const failures = async (username: string, count: number) => {
      const statuses: number[] = []
      for (let attempt = 0; attempt < count; attempt++) {
        statuses.push((await login(api, username, `wrong-${attempt}`)).statusCode)
      }
      return statuses
    }
    const storedKeys = async () =>
      (
        await api.database.db
          .selectFrom('sign_in_throttle')
          .select(['scope', 'key'])
          .orderBy('scope')
          .orderBy('key')
          .execute()
      ).map((row) => `${row.scope}:${row.key}`)

    expect(await failures('agent', 9)).toEqual(Array<number>(9).fill(401))
    expect(await failures('reviewer', 9)).toEqual(Array<number>(9).fill(401))
    expect(await failures('nobody-here', 3)).toEqual(Array<number>(3).fill(401))
    clock.advanceMinutes(29 * 24 * 60)
    // 29 days on, nine failures still count: the tenth locks.
    expect(await failures('reviewer', 1)).toEqual([423])
    expect(await storedKeys()).toEqual([
      'account:agent',
      'account:nobody-here',
      'account:reviewer',
      'source:192.0.2.10'
    ])

    clock.advanceMinutes(2 * 24 * 60)
    // 31 days after its last failure (and never locked): nine more before the lock, not one.
    expect(await failures('agent', 9)).toEqual(Array<number>(9).fill(401))
    expect(await failures('agent', 1)).toEqual([423])
    // The unknown name nobody tried for a month is gone; the reviewer's lock of two days ago stays.
    expect(await storedKeys()).toEqual(['account:agent', 'account:reviewer', 'source:192.0.2.10'])
    const source = await api.database.db
      .selectFrom('sign_in_throttle')
      .select('failures')
      .where('scope', '=', 'source')
      .executeTakeFirstOrThrow()
    expect(source.failures).toBe(10)
  })

  it('counts a sign-in through a named proxy by the address it forwards, and believes no one else', async () => {
    const { api } = await start({
      trustedProxies: ['10.0.0.0/8'],
      signInLimits: { sourceMaxFailures: 3 }
    })
    const proxy = '10.20.30.40'
    const statuses = async (
      attempts: number,
      remoteAddress: string,
      forwardedFor: (attempt: number) => string
    ) => {
      const answers: number[] = []
      for (let attempt = 0; attempt < attempts; attempt++) {
        const answer = await login(api, 'agent', 'guess', remoteAddress, forwardedFor(attempt))
        answers.push(answer.statusCode)
      }
      return answers
    }

    // Behind the proxy, one guessing desk is refused; the proxy and the desk beside it are not.
    expect(await statuses(4, proxy, () => '198.51.100.1')).toEqual([401, 401, 401, 429])
    expect(await statuses(1, proxy, () => '198.51.100.2')).toEqual([401])
    // From anywhere else the header is not believed: a new address per guess changes nothing.
    expect(await statuses(4, '203.0.113.9', (attempt) => `198.51.100.${50 + attempt}`)).toEqual([
      401, 401, 401, 429
    ])
    const stored = await api.database.db
      .selectFrom('sign_in_throttle')
      .select('key')
      .where('scope', '=', 'source')
      .orderBy('key')
      .execute()
    expect(stored.map((row) => row.key)).toEqual(['198.51.100.1', '198.51.100.2', '203.0.113.9'])
  })

  it('lets a supervisor unlock a locked employee, and records who unlocked whom and when', async () => {
    const clock = createTestClock()
    const { api } = await start({ clock })
    for (let attempt = 1; attempt <= 10; attempt++) {
      await login(api, 'agent', `guess-${attempt}`, '198.51.100.8')
    }
    expect((await login(api, 'agent', TEST_PASSWORD)).statusCode).toBe(423)
    const agent = await api.database.db
      .selectFrom('staff')
      .select('id')
      .where('username', '=', 'agent')
      .executeTakeFirstOrThrow()
    const supervisor = await api.database.db
      .selectFrom('staff')
      .select('id')
      .where('username', '=', 'supervisor')
      .executeTakeFirstOrThrow()
    const unlock = (token: string, staffId: string) =>
      api.app.inject({
        method: 'POST',
        url: `/v1/staff/${staffId}/unlock`,
        headers: bearer(token)
      })

    // Only supervisors (and admins) may: the reviewer is refused.
    expect((await unlock(await api.tokenFor('reviewer'), agent.id)).statusCode).toBe(403)
    expect(
      (await unlock(await api.tokenFor('supervisor'), '00000000-0000-4000-8000-000000000000'))
        .statusCode
    ).toBe(404)
    const response = await unlock(await api.tokenFor('supervisor'), agent.id)
    expect(response.statusCode).toBe(204)

    expect((await login(api, 'agent', TEST_PASSWORD)).statusCode).toBe(200)
    const records = await api.database.db.selectFrom('staff_unlocks').selectAll().execute()
    expect(records).toEqual([
      expect.objectContaining({
        staff_id: agent.id,
        unlocked_by: supervisor.id,
        unlocked_by_role: 'supervisor',
        at: clock.now(),
        was_locked_until: new Date(clock.now().getTime() + 15 * 60_000)
      })
    ])
  })

  it("shows the admin who is locked out, and that an admin's unlock lifts it", async () => {
    const { api } = await start()
    for (let attempt = 1; attempt <= 10; attempt++) {
      await login(api, 'agent', `guess-${attempt}`, '198.51.100.9')
    }
    const admin = await api.tokenFor('admin')
    const agentAccount = async () => {
      const response = await api.app.inject({
        method: 'GET',
        url: '/v1/staff',
        headers: bearer(admin)
      })
      expect(response.statusCode).toBe(200)
      const items = (
        response.json() as {
          items: { id: string; username: string; account: { lockedUntil: string | null } }[]
        }
      ).items
      return items.find((item) => item.username === 'agent')!
    }

    const locked = await agentAccount()
    expect(locked.account.lockedUntil).not.toBeNull()
    const unlock = await api.app.inject({
      method: 'POST',
      url: `/v1/staff/${locked.id}/unlock`,
      headers: bearer(admin)
    })
    expect(unlock.statusCode).toBe(204)
    expect((await agentAccount()).account.lockedUntil).toBeNull()
    expect((await login(api, 'agent', TEST_PASSWORD)).statusCode).toBe(200)
  })

  it('signs in a whole centre arriving at once from one address', async () => {
    // More people than the address may fail for (30), all at the same moment: no one is refused.
    // Several shifts: each success clears its account's count while the others are counted, and
    // a right password must never meet a count that vanished under it (it was refused with 423).
    const { api } = await start()
    const names = ['agent', 'reviewer', 'supervisor', 'admin']
    for (let shift = 0; shift < 5; shift++) {
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          login(api, names[index % names.length]!, TEST_PASSWORD, '203.0.113.40')
        )
      )
      expect(answers.map((answer) => answer.statusCode)).toEqual(answers.map(() => 200))
    }
  })

  it('does not let a supervisor unlock an admin', async () => {
    const { api } = await start()
    const centre = await api.database.db
      .selectFrom('centres')
      .select('id')
      .executeTakeFirstOrThrow()
    const admin = await api.database.owner
      .insertInto('staff')
      .values({
        username: 'root-admin',
        display_name: 'Admin',
        password_hash: 'scrypt$1$1$1$AA$AA',
        roles: ['admin'],
        centre_id: centre.id
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const response = await api.app.inject({
      method: 'POST',
      url: `/v1/staff/${admin.id}/unlock`,
      headers: bearer(await api.tokenFor('supervisor'))
    })
    expect(response.statusCode).toBe(403)
  })
})
