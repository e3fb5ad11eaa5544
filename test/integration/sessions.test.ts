import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApi, TEST_PASSWORD, type TestApi } from '../support/test-api'
import { createTestClock, type TestClock } from '../support/test-clock'

/** The idle timeout, sign out everywhere and the Authorization header's scheme (issue 10). */
describe('sessions', () => {
  let api: TestApi
  let clock: TestClock

  beforeAll(async () => {
    clock = createTestClock()
    api = await createTestApi({ clock, sessionIdleMinutes: 30 })
  })
  afterAll(async () => {
    await api.close()
  })

  const signIn = async (username: string): Promise<string> => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { username, password: TEST_PASSWORD }
    })
    expect(response.statusCode).toBe(200)
    return (response.json() as { token: string }).token
  }
  const me = (authorization: string) =>
    api.app.inject({ method: 'GET', url: '/v1/auth/me', headers: { authorization } })
  const lastSeen = async (staffUsername: string): Promise<Date[]> => {
    const rows = await api.database.db
      .selectFrom('sessions')
      .innerJoin('staff', 'staff.id', 'sessions.staff_id')
      .select('sessions.last_seen_at')
      .where('staff.username', '=', staffUsername)
      .where('sessions.revoked_at', 'is', null)
      .execute()
    return rows.map((row) => row.last_seen_at)
  }

  it('refuses a session idle for longer than the idle timeout with 401 session_idle', async () => {
    const token = await signIn('reviewer')

    // Used every 29 minutes, it lives on well past 30 minutes.
    for (let step = 0; step < 3; step++) {
      clock.advanceMinutes(29)
      expect((await me(`Bearer ${token}`)).statusCode).toBe(200)
    }
    clock.advanceMinutes(31)
    const idle = await me(`Bearer ${token}`)
    expect(idle.statusCode).toBe(401)
    expect(idle.json()).toEqual({ code: 'session_idle', message: expect.any(String) })
    // And the refused request did not bring it back to life.
    expect((await me(`Bearer ${token}`)).statusCode).toBe(401)
  })

  it('writes the last use at most once a minute, not on every request', async () => {
    const token = await signIn('integration')
    const [signedInAt] = await lastSeen('integration')

    clock.advanceMinutes(0.5)
    await me(`Bearer ${token}`)
    await me(`Bearer ${token}`)
    expect(await lastSeen('integration')).toEqual([signedInAt])

    clock.advanceMinutes(1)
    await me(`Bearer ${token}`)
    expect(await lastSeen('integration')).toEqual([clock.now()])
  })

  it('checks sessions arriving at once each on its own: every caller is who they are, a signed-out one is refused', async () => {
    const agent = await signIn('agent')
    const supervisor = await signIn('supervisor')
    const signedOut = await signIn('reviewer')
    const logout = await api.app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      headers: bearer(signedOut)
    })
    expect(logout.statusCode).toBe(204)
    // Checked together (createAuthenticator coalesces them), answered apart.
    const callers = [agent, supervisor, signedOut, 'x'.repeat(40), agent, supervisor, signedOut]
    const answers = await Promise.all(
      Array.from({ length: 42 }, (_, turn) => callers[turn % callers.length]!).map(
        async (token) => {
          const response = await me(`Bearer ${token}`)
          return response.statusCode === 200
            ? (response.json() as { username: string }).username
            : response.statusCode
        }
      )
    )
    const expected = ['agent', 'supervisor', 401, 401, 'agent', 'supervisor', 401]
    expect(answers).toEqual(Array.from({ length: 42 }, (_, turn) => expected[turn % 7]))
  })

  it('accepts the Bearer scheme in any case', async () => {
    const token = await signIn('agent')
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      expect((await me(`${scheme} ${token}`)).statusCode, scheme).toBe(200)
    }
    expect((await me(`Basic ${token}`)).statusCode).toBe(401)
    expect((await me(`Bearer${token}`)).statusCode).toBe(401)
  })

  it("signs out everywhere: all of the caller's sessions end, nobody else's", async () => {
    const desk = await signIn('agent')
    const laptop = await signIn('agent')
    const colleague = await signIn('supervisor')

    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/auth/logout-all',
      headers: bearer(laptop)
    })
    expect(response.statusCode).toBe(204)

    expect((await me(`Bearer ${desk}`)).statusCode).toBe(401)
    expect((await me(`Bearer ${laptop}`)).statusCode).toBe(401)
    expect((await me(`Bearer ${colleague}`)).statusCode).toBe(200)
    expect((await api.app.inject({ method: 'POST', url: '/v1/auth/logout-all' })).statusCode).toBe(
      401
    )
  })
})
