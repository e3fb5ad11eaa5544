import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApiClient } from '../../src/main/api/api-client'
import { createIpcDispatcher } from '../../src/main/ipc/register'
import { createMemoryLogger } from '../../src/main/logger'
import { startBackend } from '../../src/main/services/backend'
import { createMainServices } from '../../src/main/services/create-services'
import { BridgeError } from '../../src/shared/ipc/result'
import { startFakeApi } from './main-fake-api'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// In embedded mode the window opens on the sign-in screen while PGlite migrates and Fastify
// starts listening (src/main/index.ts, src/main/services/backend.ts). These are the rules that
// makes safe, in plain Node: what the sign-in screen needs answers at once, a call made before
// the API is ready waits and then succeeds, and an API that cannot start is a clear error.

const STAFF = {
  id: 's1',
  username: 'agent',
  displayName: 'Agnese Agente',
  roles: ['agent'],
  centre: { id: 'c1', name: 'Rīga' }
}
const EXPIRES = '2099-11-25T20:00:00.000Z'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

function deferred<T>(): {
  promise: Promise<T>
  resolve(value: T): void
  reject(error: unknown): void
} {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Whether `promise` has settled after the event loop had a few turns. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false
  promise.then(
    () => (done = true),
    () => (done = true)
  )
  await new Promise((resolve) => setTimeout(resolve, 50))
  return done
}

async function fakeApi() {
  const api = await startFakeApi((request) => {
    if (request.url === '/health') {
      return { status: 200, body: { status: 'ok', database: 'pglite', version: '9' } }
    }
    if (request.url === '/v1/auth/login') {
      return { status: 200, body: { token: 'tok_1', expiresAt: EXPIRES, staff: STAFF } }
    }
    return { status: 404, body: { code: 'not_found', message: 'No such thing' } }
  })
  cleanups.push(api.close)
  return api
}

function desk(apiUrl: Promise<string>) {
  const logger = createMemoryLogger()
  const services = createMainServices({
    apiUrl,
    mode: 'embedded',
    demoAccounts: [{ username: 'agent', roles: ['agent'] }],
    version: '0.1.0',
    events: { emit: () => undefined },
    logger
  })
  return { services, dispatch: createIpcDispatcher(services.handlers, logger) }
}

describe('an API that is still starting', () => {
  it('answers what the sign-in screen needs at once; sign-in waits for the API, then succeeds', async () => {
    const api = await fakeApi()
    const start = deferred<string>()
    const { dispatch } = desk(start.promise)

    // The sign-in screen: main answers these itself.
    expect(await dispatch('app:info', undefined)).toMatchObject({ ok: true })
    expect(await dispatch('auth:session', undefined)).toEqual({ ok: true, value: null })

    const login = dispatch('auth:login', { username: 'agent', password: 'demo-2026-pass' })
    expect(await settled(login)).toBe(false)
    expect(api.requests).toEqual([])

    start.resolve(api.url)
    expect(await login).toEqual({ ok: true, value: { staff: STAFF, expiresAt: EXPIRES } })
    expect(api.requests.map((request) => request.url)).toEqual(['/v1/auth/login'])
  })

  it('a failed start reaches the renderer as api_start_failed with its cause', async () => {
    const start = deferred<string>()
    const { dispatch, services } = desk(start.promise)
    const login = dispatch('auth:login', { username: 'agent', password: 'demo-2026-pass' })
    start.reject(new Error('PGlite could not open its data folder'))

    expect(await login).toEqual({
      ok: false,
      error: {
        code: 'api_start_failed',
        message: 'The consent service could not start: PGlite could not open its data folder'
      }
    })
    // Later calls get the same answer; the health check says unreachable (the banner).
    expect(await dispatch('auth:login', { username: 'agent', password: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'api_start_failed' }
    })
    expect(await dispatch('api:health', undefined)).toEqual({
      ok: true,
      value: { reachable: false }
    })
    await expect(services.api.ready).rejects.toBeInstanceOf(BridgeError)
  })

  it("the client's `ready` settles with the address; the request timeout starts after it", async () => {
    const api = await fakeApi()
    const start = deferred<string>()
    const client = createApiClient({
      baseUrl: start.promise,
      tokens: { token: () => undefined, rejected: () => undefined },
      logger: createMemoryLogger(),
      timeoutMs: 100
    })
    const health = client.call('health', {})
    // Longer than the request timeout: waiting for the start is not the request timing out.
    await new Promise((resolve) => setTimeout(resolve, 250))
    start.resolve(api.url)
    await expect(client.ready).resolves.toBe(api.url)
    await expect(health).resolves.toMatchObject({ status: 'ok', database: 'pglite' })
  })
})

describe('startBackend in embedded mode', () => {
  async function userData(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'consent-desk-ready-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    return dir
  }

  it('returns before the embedded API has started; a quit meanwhile closes it once started', async () => {
    const start = deferred<{ url: string; close(): Promise<void> }>()
    const close = vi.fn(async () => {})
    const logger = createMemoryLogger()
    const backend = await startBackend({
      env: {},
      userDataDir: await userData(),
      demoPassword: 'pw',
      startEmbedded: () => start.promise,
      logger
    })
    expect(backend.mode).toBe('embedded')
    expect(await settled(backend.apiUrl)).toBe(false)

    const closing = backend.close()
    expect(await settled(closing)).toBe(false)
    start.resolve({ url: 'http://127.0.0.1:4321', close })
    await expect(backend.apiUrl).resolves.toBe('http://127.0.0.1:4321')
    await closing
    expect(close).toHaveBeenCalledTimes(1)
    expect(logger.entries.map((entry) => entry.message)).toContain('Embedded consent API started')
  })

  it('logs a failed start, rejects apiUrl, and closes without throwing', async () => {
    const logger = createMemoryLogger()
    const backend = await startBackend({
      env: {},
      userDataDir: await userData(),
      demoPassword: 'pw',
      startEmbedded: () => Promise.reject(new Error('migration 015 failed')),
      logger
    })
    await expect(backend.apiUrl).rejects.toThrow('migration 015 failed')
    await backend.close()
    expect(logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'Embedded consent API failed to start'
      })
    )
  })
})
