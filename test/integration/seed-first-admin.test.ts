import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/server/app'
import { generateKeyset } from '../../src/server/receipts/signing-keys'
import { seedFirstAdmin } from '../../src/server/seed/seed-database'
import { createTestDatabase, type TestDatabase } from '../support/test-db'
import { bearer, TEST_VERSION } from '../support/test-api'

/**
 * Outside demo mode the seed used to create every account with one shared password. Now it
 * creates one admin with a one-time password, who creates everyone else through the API.
 */
describe('the first admin of a database without demo staff', () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(async () => {
    await database.close()
  })

  it('is created once, must change the one-time password, then creates staff', async () => {
    const oneTime = 'first-light-over-daugava'
    expect(await seedFirstAdmin(database.owner, oneTime)).toEqual({ username: 'admin' })
    expect(await seedFirstAdmin(database.owner, 'another-one-time-password')).toBeNull()
    const staff = await database.owner.selectFrom('staff').select(['username', 'roles']).execute()
    expect(staff).toEqual([{ username: 'admin', roles: ['admin'] }])

    const app = await buildApp({
      database,
      version: TEST_VERSION,
      signingKeys: await generateKeyset(new Date())
    })
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { username: 'admin', password: oneTime }
      })
      expect(login.json()).toMatchObject({ mustChangePassword: true })
      const token = (login.json() as { token: string }).token
      const newAgent = {
        username: 'liga.kalnina',
        displayName: 'Līga Kalniņa',
        roles: ['agent'],
        centreId: 'riga-ropazu',
        oneTimePassword: 'counter-morning-tea-0815'
      }
      const tooEarly = await app.inject({
        method: 'POST',
        url: '/v1/staff',
        headers: bearer(token),
        payload: newAgent
      })
      expect(tooEarly.statusCode).toBe(403)
      expect(tooEarly.json()).toMatchObject({ code: 'password_change_required' })

      const changed = await app.inject({
        method: 'POST',
        url: '/v1/auth/password',
        headers: bearer(token),
        payload: { currentPassword: oneTime, newPassword: 'my own chosen passphrase 2026' }
      })
      expect(changed.statusCode).toBe(204)
      const created = await app.inject({
        method: 'POST',
        url: '/v1/staff',
        headers: bearer(token),
        payload: newAgent
      })
      expect(created.statusCode).toBe(201)
    } finally {
      await app.close()
    }
  })
})
