import { afterEach, describe, expect, it } from 'vitest'
import { createIpcDispatcher } from '../../src/main/ipc/register'
import { createMemoryLogger } from '../../src/main/logger'
import { createMainServices } from '../../src/main/services/create-services'
import { startFakeApi } from './main-fake-api'

const TOKEN = 'tok_one_time_0123456789'
const STAFF = {
  id: 's1',
  username: 'zane.k',
  displayName: 'Zane Kļaviņa',
  roles: ['agent'],
  centre: { id: 'c1', name: 'Rīga' }
}
const EXPIRES = '2099-11-25T20:00:00.000Z'
const ACCOUNT_ID = '3f2b8c1e-6a4d-4e7b-9c2a-1d5e8f0a7b34'
const ACCOUNT = {
  ...STAFF,
  id: ACCOUNT_ID,
  account: {
    disabled: true,
    lockedUntil: null,
    mustChangePassword: false,
    createdAt: '2026-12-01T08:00:00.000Z',
    updatedAt: '2026-12-01T09:00:00.000Z',
    version: 4
  }
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

async function setup() {
  const api = await startFakeApi((request) => {
    if (request.url === '/v1/auth/login') {
      return {
        status: 200,
        body: { token: TOKEN, expiresAt: EXPIRES, staff: STAFF, mustChangePassword: true }
      }
    }
    if (request.url === '/v1/auth/password') return { status: 204 }
    if (request.url === `/v1/staff/${ACCOUNT_ID}`) return { status: 200, body: ACCOUNT }
    return { status: 404, body: { code: 'not_found', message: 'No route' } }
  })
  cleanups.push(api.close)
  const logger = createMemoryLogger()
  const services = createMainServices({
    apiUrl: api.url,
    mode: 'remote',
    demoAccounts: [],
    version: '0.1.0',
    events: { emit: () => undefined },
    logger
  })
  return { api, dispatch: createIpcDispatcher(services.handlers, logger) }
}

describe('one-time passwords and staff administration in main', () => {
  it('tells the renderer a password must be changed, until it is', async () => {
    const { dispatch, api } = await setup()
    const login = await dispatch('auth:login', { username: 'zane.k', password: 'one-time-pw-123' })
    expect(login).toEqual({
      ok: true,
      value: { staff: STAFF, expiresAt: EXPIRES, mustChangePassword: true }
    })
    const changed = await dispatch('auth:change-password', {
      currentPassword: 'one-time-pw-123',
      newPassword: 'quiet river under amber sky'
    })
    expect(changed).toEqual({ ok: true, value: null })
    expect(await dispatch('auth:session', undefined)).toEqual({
      ok: true,
      value: { staff: STAFF, expiresAt: EXPIRES }
    })
    const request = api.requests.at(-1)!
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(JSON.parse(request.body)).toEqual({
      currentPassword: 'one-time-pw-123',
      newPassword: 'quiet river under amber sky'
    })
  })

  it('sends an account change with the version read as If-Match', async () => {
    const { dispatch, api } = await setup()
    await dispatch('auth:login', { username: 'zane.k', password: 'x' })
    const result = await dispatch('staff:update', {
      id: ACCOUNT_ID,
      expectedVersion: 3,
      change: { disabled: true }
    })
    expect(result).toEqual({ ok: true, value: ACCOUNT })
    const request = api.requests.at(-1)!
    expect(request.method).toBe('PATCH')
    expect(request.headers['if-match']).toBe('"3"')
    expect(JSON.parse(request.body)).toEqual({ disabled: true })
  })
})
