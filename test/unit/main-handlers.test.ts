import { afterEach, describe, expect, it } from 'vitest'
import type { EventChannel } from '../../src/shared/ipc/channels'
import { createIpcDispatcher } from '../../src/main/ipc/register'
import { createMemoryLogger } from '../../src/main/logger'
import type { Clock, EventSink } from '../../src/main/ports'
import { createMainServices } from '../../src/main/services/create-services'
import { closedPortUrl, startFakeApi } from './main-fake-api'
import type { RecordedRequest } from './main-fake-api'

const TOKEN = 'tok_9f8e7d6c5b4a'
const STAFF = {
  id: 's1',
  username: 'agent',
  displayName: 'Agnese Agente',
  roles: ['agent'],
  centre: { id: 'c1', name: 'Rīga' }
}
const EXPIRES = '2099-11-25T20:00:00.000Z'
const CLIENT_ID = '3f2b8c1e-6a4d-4e7b-9c2a-1d5e8f0a7b34'
const CLIENT = {
  id: CLIENT_ID,
  kind: 'private',
  personalCodeMasked: '050190-*****',
  firstName: 'Ilze',
  lastName: 'Bērziņa',
  phonesMasked: [],
  emailMasked: null,
  language: 'lv',
  contracts: [],
  version: 3
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

/** A fake API that accepts one password and treats TOKEN as valid until `revoke()`. */
async function fakeConsentApi(): Promise<{
  url: string
  requests: RecordedRequest[]
  revoke(): void
  /** From now on the API answers the token as idle (401 session_idle). */
  idle(): void
}> {
  let valid = true
  let idle = false
  const api = await startFakeApi((request) => {
    const authorised = request.headers.authorization === `Bearer ${TOKEN}` && valid
    if (request.url === '/health') {
      return { status: 200, body: { status: 'ok', database: 'pglite', version: '9' } }
    }
    if (request.url === '/v1/auth/login') {
      const { password } = JSON.parse(request.body) as { password: string }
      return password === 'right'
        ? { status: 200, body: { token: TOKEN, expiresAt: EXPIRES, staff: STAFF } }
        : {
            status: 401,
            body: { code: 'invalid_credentials', message: 'Wrong user name or password' }
          }
    }
    if (authorised && idle) {
      return { status: 401, body: { code: 'session_idle', message: 'Idle too long' } }
    }
    if (!authorised) return { status: 401, body: { code: 'unauthenticated', message: 'Sign in' } }
    if (request.url === '/v1/auth/logout') return { status: 204 }
    if (request.url === '/v1/auth/logout-all') {
      valid = false
      return { status: 204 }
    }
    // A search for "hang" never answers: only a newer search (which cancels it) ends it.
    if (request.url.startsWith('/v1/clients?q=hang')) return 'hang'
    if (request.url.startsWith('/v1/clients?'))
      return { status: 200, body: { items: [], hasMore: false } }
    // A change of a client's data: version 3 is current, anything else is stale.
    if (request.method === 'PATCH' && request.url === `/v1/clients/${CLIENT_ID}`) {
      return request.headers['if-match'] === '"3"'
        ? { status: 200, body: { ...CLIENT, version: 4 } }
        : {
            status: 412,
            body: { code: 'version_mismatch', message: 'Changed meanwhile', client: CLIENT }
          }
    }
    return { status: 404, body: { code: 'not_found', message: 'No such client' } }
  })
  cleanups.push(api.close)
  return {
    url: api.url,
    requests: api.requests,
    revoke: () => (valid = false),
    idle: () => (idle = true)
  }
}

function setup(apiUrl: string, clock?: Clock) {
  const events: { channel: EventChannel; payload: unknown }[] = []
  const sink: EventSink = { emit: (channel, payload) => events.push({ channel, payload }) }
  const logger = createMemoryLogger()
  const services = createMainServices({
    apiUrl,
    mode: 'embedded',
    demoAccounts: [{ username: 'agent', roles: ['agent'] }],
    version: '0.1.0',
    events: sink,
    logger,
    ...(clock ? { clock } : {})
  })
  return { events, logger, services, dispatch: createIpcDispatcher(services.handlers, logger) }
}

describe('main handlers over the dispatcher', () => {
  it('signs in, keeps the token in main, and uses it for client calls', async () => {
    const api = await fakeConsentApi()
    const { dispatch, services } = setup(api.url)
    const login = await dispatch('auth:login', { username: 'agent', password: 'right' })
    expect(login).toEqual({ ok: true, value: { staff: STAFF, expiresAt: EXPIRES } })
    expect(await dispatch('auth:session', undefined)).toEqual({
      ok: true,
      value: { staff: STAFF, expiresAt: EXPIRES }
    })
    expect(await dispatch('clients:search', { q: 'Bērziņš' })).toEqual({
      ok: true,
      value: { items: [], hasMore: false }
    })
    expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(services.session.token()).toBe(TOKEN)
    // Every answer the renderer can get is free of the token.
    const outputs = await Promise.all([
      dispatch('app:info', undefined),
      dispatch('auth:session', undefined),
      dispatch('api:health', undefined)
    ])
    expect(JSON.stringify([login, ...outputs])).not.toContain(TOKEN)
  })

  it('a new search cancels the one still on its way: the old call ends as superseded', async () => {
    const api = await fakeConsentApi()
    const { dispatch } = setup(api.url)
    await dispatch('auth:login', { username: 'agent', password: 'right' })
    const stale = dispatch('clients:search', { q: 'hang' })
    await expect
      .poll(() => api.requests.some((r) => r.url.startsWith('/v1/clients?q=hang')))
      .toBe(true)
    const fresh = await dispatch('clients:search', { q: 'berzins' })
    expect(fresh).toEqual({ ok: true, value: { items: [], hasMore: false } })
    expect(await stale).toMatchObject({ ok: false, error: { code: 'superseded' } })
  })

  it("sends a change of a client's data with the version read as If-Match, and passes a 412 on", async () => {
    const api = await fakeConsentApi()
    const { dispatch } = setup(api.url)
    await dispatch('auth:login', { username: 'agent', password: 'right' })
    const change = { language: 'en', identityVerification: { method: 'smart_id' } } as const

    const saved = await dispatch('clients:update', {
      clientId: CLIENT_ID,
      expectedVersion: 3,
      change
    })
    expect(saved).toEqual({ ok: true, value: { ...CLIENT, version: 4 } })
    const request = api.requests.at(-1)!
    expect(request.method).toBe('PATCH')
    expect(request.headers['if-match']).toBe('"3"')
    expect(JSON.parse(request.body)).toEqual(change)

    const stale = await dispatch('clients:update', {
      clientId: CLIENT_ID,
      expectedVersion: 2,
      change
    })
    expect(stale).toMatchObject({ ok: false, error: { code: 'version_mismatch', status: 412 } })
  })

  it('passes invalid_credentials through and stays signed out', async () => {
    const api = await fakeConsentApi()
    const { dispatch } = setup(api.url)
    expect(await dispatch('auth:login', { username: 'agent', password: 'wrong' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials', message: 'Wrong user name or password', status: 401 }
    })
    expect(await dispatch('auth:session', undefined)).toEqual({ ok: true, value: null })
  })

  it('refuses client calls before sign-in without asking the API', async () => {
    const api = await fakeConsentApi()
    const { dispatch } = setup(api.url)
    expect(await dispatch('clients:search', { q: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' }
    })
    expect(api.requests).toHaveLength(0)
  })

  it('clears the session and emits session:ended {expired} when the API answers 401', async () => {
    const api = await fakeConsentApi()
    const { dispatch, events } = setup(api.url)
    await dispatch('auth:login', { username: 'agent', password: 'right' })
    api.revoke()
    expect(await dispatch('clients:search', { q: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated', status: 401 }
    })
    expect(events).toEqual([{ channel: 'session:ended', payload: { reason: 'expired' } }])
    expect(await dispatch('auth:session', undefined)).toEqual({ ok: true, value: null })
  })

  it('tells the renderer {idle} (it locks, not signs out) when the API finds the session idle', async () => {
    const api = await fakeConsentApi()
    const { dispatch, events } = setup(api.url)
    await dispatch('auth:login', { username: 'agent', password: 'right' })
    api.idle()
    expect(await dispatch('clients:search', { q: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'session_idle', status: 401 }
    })
    expect(events).toEqual([{ channel: 'session:ended', payload: { reason: 'idle' } }])
    expect(await dispatch('auth:session', undefined)).toEqual({ ok: true, value: null })
  })

  it('locking ends the session at the API and forgets the token, without an event', async () => {
    const api = await fakeConsentApi()
    const { dispatch, events, services } = setup(api.url)
    await dispatch('auth:login', { username: 'agent', password: 'right' })
    expect(await dispatch('auth:lock', undefined)).toEqual({ ok: true, value: null })
    expect(api.requests.at(-1)?.url).toBe('/v1/auth/logout')
    expect(services.session.token()).toBeUndefined()
    expect(events).toEqual([])
    // Nothing reaches the API for the locked screen.
    const before = api.requests.length
    expect(await dispatch('clients:search', { q: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' }
    })
    expect(api.requests).toHaveLength(before)
  })

  it('signs out everywhere at the API, then here', async () => {
    const api = await fakeConsentApi()
    const { dispatch, events } = setup(api.url)
    await dispatch('auth:login', { username: 'agent', password: 'right' })
    expect(await dispatch('auth:logout-all', undefined)).toEqual({ ok: true, value: null })
    expect(api.requests.at(-1)).toMatchObject({ method: 'POST', url: '/v1/auth/logout-all' })
    expect(events).toEqual([{ channel: 'session:ended', payload: { reason: 'signed_out' } }])
  })

  it('forgets a session whose expiry has passed', async () => {
    const api = await fakeConsentApi()
    let now = new Date('2026-11-25T12:00:00Z')
    const { dispatch, events } = setup(api.url, { now: () => now })
    await dispatch('auth:login', { username: 'agent', password: 'right' })
    now = new Date('2099-11-25T20:00:01Z')
    expect(await dispatch('auth:session', undefined)).toEqual({ ok: true, value: null })
    expect(events).toEqual([{ channel: 'session:ended', payload: { reason: 'expired' } }])
  })

  it('signs out at the API and locally, and signs out locally when the API is gone', async () => {
    const api = await fakeConsentApi()
    const { dispatch, events } = setup(api.url)
    await dispatch('auth:login', { username: 'agent', password: 'right' })
    expect(await dispatch('auth:logout', undefined)).toEqual({ ok: true, value: null })
    expect(api.requests.at(-1)?.url).toBe('/v1/auth/logout')
    expect(events).toEqual([{ channel: 'session:ended', payload: { reason: 'signed_out' } }])
    expect(await dispatch('auth:session', undefined)).toEqual({ ok: true, value: null })
  })

  it('reports health, and reachable:false instead of an error when the API is down', async () => {
    const api = await fakeConsentApi()
    expect(await setup(api.url).dispatch('api:health', undefined)).toEqual({
      ok: true,
      value: { reachable: true, database: 'pglite', version: '9' }
    })
    expect(await setup(await closedPortUrl()).dispatch('api:health', undefined)).toEqual({
      ok: true,
      value: { reachable: false }
    })
  })

  it('answers api_unreachable to a search when the API is down', async () => {
    const down = setup(await closedPortUrl())
    // Signed in earlier; the API has gone away since.
    const staff = { ...STAFF, roles: ['agent' as const] }
    down.services.session.start({ token: TOKEN, staff, expiresAt: EXPIRES })
    expect(await down.dispatch('clients:search', { q: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'api_unreachable' }
    })
    expect(JSON.stringify(down.logger.entries)).not.toContain(TOKEN)
  })

  it('lists demo accounts only in embedded mode', async () => {
    const { services } = setup('http://127.0.0.1:1')
    expect(services.appInfo).toEqual({
      version: '0.1.0',
      mode: 'embedded',
      demoAccounts: [{ username: 'agent', roles: ['agent'] }],
      defaultLanguage: 'lv'
    })
    const remote = createMainServices({
      apiUrl: 'https://consent.lmt.lv',
      mode: 'remote',
      demoAccounts: [{ username: 'agent', roles: ['agent'] }],
      version: '0.1.0',
      events: { emit: () => {} },
      logger: createMemoryLogger()
    })
    expect(remote.appInfo.demoAccounts).toEqual([])
  })
})
