import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedServer } from '../../../src/server/embedded'
import { FIXTURES } from '../../../src/server/seed/generator'
import type { EventChannel } from '../../../src/shared/ipc/channels'
import { createIpcDispatcher } from '../../../src/main/ipc/register'
import type { IpcDispatcher } from '../../../src/main/ipc/register'
import { createMemoryLogger } from '../../../src/main/logger'
import { createMainServices } from '../../../src/main/services/create-services'
import type { MainServices } from '../../../src/main/services/create-services'

// main's services and dispatcher against the real consent API on in-memory PGlite.
const PASSWORD = 'unit-demo-password'
let server: Awaited<ReturnType<typeof startEmbeddedServer>> | undefined

beforeAll(async () => {
  server = await startEmbeddedServer({
    demoPassword: PASSWORD,
    demoClients: 50,
    host: '127.0.0.1',
    port: 0
  })
}, 120_000)

afterAll(async () => {
  await server?.close()
})

function desk(): {
  dispatch: IpcDispatcher
  services: MainServices
  events: { channel: EventChannel; payload: unknown }[]
  logged: () => string
} {
  const events: { channel: EventChannel; payload: unknown }[] = []
  const logger = createMemoryLogger()
  const services = createMainServices({
    apiUrl: server?.url ?? 'http://127.0.0.1:1',
    mode: 'embedded',
    demoAccounts: [],
    version: '0.1.0',
    events: { emit: (channel, payload) => events.push({ channel, payload }) },
    logger
  })
  return {
    dispatch: createIpcDispatcher(services.handlers, logger),
    services,
    events,
    logged: () => JSON.stringify(logger.entries)
  }
}

describe('main against the real consent API', () => {
  it('reports the API healthy on PGlite', async () => {
    expect(await desk().dispatch('api:health', undefined)).toMatchObject({
      ok: true,
      value: { reachable: true, database: 'pglite' }
    })
  })

  it('signs in, finds and opens a client, signs out, and never hands out the token', async () => {
    const { dispatch, services, events, logged } = desk()
    const outputs: unknown[] = []
    const call = async (channel: string, input?: unknown): Promise<unknown> => {
      const result = await dispatch(channel, input)
      outputs.push(result)
      return result
    }

    const login = await call('auth:login', { username: 'agent', password: PASSWORD })
    expect(login).toMatchObject({
      ok: true,
      value: { staff: { username: 'agent', roles: ['agent'] } }
    })
    const token = services.session.token()
    expect(token).toBeTruthy()

    const search = (await call('clients:search', { q: FIXTURES.janisBerzins.personalCode })) as {
      ok: true
      value: { items: { id: string; displayName: string }[] }
    }
    expect(search.ok).toBe(true)
    expect(search.value.items).toHaveLength(1)
    const id = search.value.items[0]?.id

    // The card comes masked; the full code only through a reveal with a reason (logged).
    const card = await call('clients:get', { id })
    expect(card).toMatchObject({
      ok: true,
      value: { personalCodeMasked: '120389-*****', lastName: 'Bērziņš' }
    })
    expect(JSON.stringify(card)).not.toContain(FIXTURES.janisBerzins.personalCode)
    expect(await call('clients:reveal', { id, reason: 'client_at_counter' })).toMatchObject({
      ok: true,
      value: { personalCode: FIXTURES.janisBerzins.personalCode }
    })
    await call('auth:session')
    await call('app:info')
    expect(await call('auth:logout')).toEqual({ ok: true, value: null })
    // The API forgot the token too (a failed API logout would only be logged).
    expect(logged()).not.toContain('API logout failed')
    expect(events).toEqual([{ channel: 'session:ended', payload: { reason: 'signed_out' } }])

    expect(JSON.stringify(outputs)).not.toContain(token)
    expect(logged()).not.toContain(token)
    expect(logged()).not.toContain(PASSWORD)
  })

  it('passes API codes through: invalid_credentials, invalid_identifier, not_found', async () => {
    const { dispatch } = desk()
    expect(await dispatch('auth:login', { username: 'agent', password: 'wrong' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials', status: 401 }
    })
    await dispatch('auth:login', { username: 'agent', password: PASSWORD })
    expect(await dispatch('clients:search', { q: '120389-12345' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_identifier', status: 400 }
    })
    expect(
      await dispatch('clients:get', { id: '00000000-0000-4000-8000-000000000000' })
    ).toMatchObject({ ok: false, error: { code: 'not_found', status: 404 } })
  })

  it('ends the session with reason expired when the API no longer accepts the token', async () => {
    const { dispatch, services, events } = desk()
    await dispatch('auth:login', { username: 'reviewer', password: PASSWORD })
    // Revoke the token at the API behind main's back, as an expiry or an admin would.
    await services.api.call('logout', {})
    expect(await dispatch('clients:search', { q: 'berzins' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated', status: 401 }
    })
    expect(events).toEqual([{ channel: 'session:ended', payload: { reason: 'expired' } }])
    expect(await dispatch('auth:session', undefined)).toEqual({ ok: true, value: null })
  })
})
