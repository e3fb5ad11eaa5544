import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApi, bearer, TEST_PASSWORD, type TestApi } from '../support/test-api'
import { createTestClock, type TestClock } from '../support/test-clock'

describe('staff sign-in', () => {
  let api: TestApi
  let clock: TestClock

  beforeAll(async () => {
    clock = createTestClock()
    // Every sign-in here comes from one address; the per-address limit of failed sign-ins is
    // the subject of sign-in-throttle.test.ts.
    api = await createTestApi({ clock, signInLimits: { sourceMaxFailures: 1000 } })
  })
  afterAll(async () => {
    await api.close()
  })

  const login = (username: string, password: string) =>
    api.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password } })

  it('signs in with the right password and returns the session and who signed in', async () => {
    const response = await login('supervisor', TEST_PASSWORD)

    expect(response.statusCode).toBe(200)
    const body = response.json() as { token: string; expiresAt: string; staff: unknown }
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(body.expiresAt).toBe(new Date(clock.now().getTime() + 480 * 60_000).toISOString())
    expect(body.staff).toEqual({
      id: expect.any(String),
      username: 'supervisor',
      displayName: 'Ilze Bērziņa',
      roles: ['supervisor', 'agent'],
      centre: { id: 'riga-ropazu', name: 'Rīga, Ropažu iela 6' }
    })
  })

  it('stores only a hash of the session token', async () => {
    const { token } = (await login('agent', TEST_PASSWORD)).json() as { token: string }
    const sessions = await api.database.owner.selectFrom('sessions').select('token_hash').execute()
    expect(sessions.length).toBeGreaterThan(0)
    expect(sessions.map((session) => session.token_hash)).not.toContain(token)
    expect(sessions.every((session) => /^[0-9a-f]{64}$/.test(session.token_hash))).toBe(true)
  })

  it('stores passwords as salted scrypt hashes', async () => {
    const staff = await api.database.owner.selectFrom('staff').select('password_hash').execute()
    const hashes = staff.map((row) => row.password_hash)
    expect(hashes.every((hash) => /^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/.test(hash))).toBe(true)
    // Same password, different salts: no two hashes alike.
    expect(new Set(hashes).size).toBe(hashes.length)
  })

  it('answers a wrong password and an unknown user with the same 401 body', async () => {
    const wrongPassword = await login('reviewer', 'not-the-password')
    const unknownUser = await login('nobody-by-this-name', 'not-the-password')

    expect(wrongPassword.statusCode).toBe(401)
    expect(unknownUser.statusCode).toBe(401)
    expect(wrongPassword.json()).toEqual({
      code: 'invalid_credentials',
      message: 'Wrong username or password'
    })
    expect(unknownUser.body).toBe(wrongPassword.body)
  })

  it('rejects a sign-in without a password as a validation error naming the field', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { username: 'agent' }
    })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({
      code: 'validation_failed',
      fields: [{ path: 'password', message: expect.any(String) }]
    })
  })

  it('locks the account for 15 minutes after 10 failures, even to the right password', async () => {
    for (let attempt = 1; attempt <= 9; attempt++) {
      expect((await login('integration', `wrong-${attempt}`)).statusCode).toBe(401)
    }
    const lockedAt = clock.now()
    const tenth = await login('integration', 'wrong-10')
    expect(tenth.statusCode).toBe(423)
    // The answer says when the account opens again: 15 minutes from the tenth failure.
    const unlocks = new Date(lockedAt.getTime() + 15 * 60_000).toISOString()
    expect(tenth.json()).toEqual({
      code: 'account_locked',
      message: expect.any(String),
      lockedUntil: unlocks
    })

    const whileLocked = await login('integration', TEST_PASSWORD)
    expect(whileLocked.statusCode).toBe(423)
    expect(whileLocked.json()).toMatchObject({ lockedUntil: unlocks })
    clock.advanceMinutes(14)
    expect((await login('integration', TEST_PASSWORD)).statusCode).toBe(423)

    clock.advanceMinutes(1)
    expect((await login('integration', TEST_PASSWORD)).statusCode).toBe(200)
  })

  it('resets the failure count on a successful sign-in', async () => {
    // An earlier test left one failure on this account; a success clears it.
    expect((await login('reviewer', TEST_PASSWORD)).statusCode).toBe(200)
    for (let attempt = 1; attempt <= 9; attempt++) {
      expect((await login('reviewer', `wrong-${attempt}`)).statusCode).toBe(401)
    }
    expect((await login('reviewer', TEST_PASSWORD)).statusCode).toBe(200)
    for (let attempt = 1; attempt <= 9; attempt++) {
      expect((await login('reviewer', `wrong-again-${attempt}`)).statusCode).toBe(401)
    }
    expect((await login('reviewer', TEST_PASSWORD)).statusCode).toBe(200)
  })

  it('answers /v1/auth/me with the signed-in staff member', async () => {
    const { token, staff } = (await login('agent', TEST_PASSWORD)).json() as {
      token: string
      staff: unknown
    }
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/auth/me',
      headers: bearer(token)
    })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual(staff)
  })

  it('ends the session on logout: the token no longer works', async () => {
    const { token } = (await login('agent', TEST_PASSWORD)).json() as { token: string }

    const logout = await api.app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      headers: { ...bearer(token), 'content-type': 'application/json' }
    })
    expect(logout.statusCode).toBe(204)
    expect(logout.body).toBe('')

    const me = await api.app.inject({ method: 'GET', url: '/v1/auth/me', headers: bearer(token) })
    expect(me.statusCode).toBe(401)
    expect(me.json()).toEqual({ code: 'unauthenticated', message: 'Sign in to continue' })
  })

  it('expires a session after its lifetime', async () => {
    const { token } = (await login('agent', TEST_PASSWORD)).json() as { token: string }
    const me = () => api.app.inject({ method: 'GET', url: '/v1/auth/me', headers: bearer(token) })

    clock.advanceMinutes(479)
    expect((await me()).statusCode).toBe(200)
    clock.advanceMinutes(1)
    expect((await me()).statusCode).toBe(401)
  })
})
