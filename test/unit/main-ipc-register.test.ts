import { describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS } from '../../src/shared/ipc/channels'
import { BridgeError } from '../../src/shared/ipc/result'
import type { Client } from '../../src/shared/domain/client'
import { createIpcDispatcher, registerIpcHandlers } from '../../src/main/ipc/register'
import type { IpcHandlers, IpcMainLike, SenderInfo } from '../../src/main/ipc/register'
import { createMemoryLogger } from '../../src/main/logger'

const STAFF = {
  id: 's1',
  username: 'agent',
  displayName: 'Agnese Agente',
  roles: ['agent' as const],
  centre: { id: 'c1', name: 'Rīga' }
}

const notFound = async (): Promise<never> => {
  throw new BridgeError({ code: 'not_found', message: 'No such case' })
}

/** A client with nothing but what the schema requires. */
const clientOf = (id: string, version: number): Client => ({
  id,
  kind: 'private',
  phonesMasked: [],
  emailMasked: null,
  language: 'lv',
  contracts: [],
  version
})

function fakeHandlers(overrides: Partial<IpcHandlers> = {}): IpcHandlers {
  return {
    'app:info': async () => ({
      version: '0.1.0',
      mode: 'embedded',
      demoAccounts: [],
      defaultLanguage: 'lv'
    }),
    'api:health': async () => ({ reachable: true }),
    'auth:login': async () => ({ staff: STAFF, expiresAt: '2026-11-25T20:00:00Z' }),
    'auth:logout': async () => null,
    'auth:session': async () => null,
    'auth:lock': async () => null,
    'auth:logout-all': async () => null,
    'auth:change-password': async () => null,
    'clients:search': async () => ({ items: [], hasMore: false }),
    'clients:get': async ({ id }) => clientOf(id, 1),
    'clients:card': async ({ id }) => ({
      client: clientOf(id, 1),
      consents: { clientId: id, version: 0, asOf: '2026-11-25T12:00:00Z', purposes: [] }
    }),
    'clients:reveal': async () => ({ phones: [], email: null }),
    'clients:update': async ({ clientId }) => clientOf(clientId, 2),
    'clients:history': async () => ({ items: [], nextCursor: null }),
    'access-log:list': async () => ({ items: [], nextCursor: null }),
    'purposes:list': async () => ({ items: [], rights: { currentVersion: 1, notices: [] } }),
    'consents:get': async ({ clientId }) => ({
      clientId,
      version: 0,
      asOf: '2026-11-25T10:00:00Z',
      purposes: []
    }),
    'consents:record': async () => {
      throw new BridgeError({ code: 'conflict', message: 'No change' })
    },
    'consents:events': async () => ({ items: [], nextCursor: null }),
    'consents:verify': async () => ({
      intact: true,
      events: 0,
      projectionIntact: true,
      mismatches: []
    }),
    'receipts:get': async () => {
      throw new BridgeError({ code: 'not_found', message: 'No receipt' })
    },
    'receipts:list': async () => ({ items: [], nextCursor: null }),
    'staff:list': async () => ({ items: [] }),
    'staff:create': notFound,
    'staff:update': notFound,
    'staff:unlock': notFound,
    'receipts:verify': async () => ({ genuine: false, reason: 'unknown_code' }),
    'print:prepare': async () => {
      throw new BridgeError({ code: 'not_found', message: 'No receipt' })
    },
    'print:output': async () => ({ outcome: 'cancelled' }),
    'confirmations:print': async () => ({ outcome: 'cancelled', printed: 0, notFound: [] }),
    'confirmations:cancel': async () => null,
    'decisions:list': async () => ({ items: [] }),
    'reviews:create': notFound,
    'reviews:client': async () => ({ items: [], total: 0, nextCursor: null }),
    'reviews:list': async () => ({ items: [], total: 0, nextCursor: null }),
    'reviews:get': notFound,
    'reviews:claim-next': async () => null,
    'reviews:claim': notFound,
    'reviews:renew': notFound,
    'reviews:release': notFound,
    'reviews:decide': notFound,
    'reviews:approve': notFound,
    'reviews:extend': notFound,
    'reviews:reassign': notFound,
    'app:unsaved-work': async () => null,
    'app:close': async () => null,
    ...overrides
  }
}

function fakeIpcMain(): IpcMainLike & {
  call(channel: string, event: SenderInfo, input?: unknown): Promise<unknown>
} {
  const listeners = new Map<string, (event: SenderInfo, ...args: unknown[]) => unknown>()
  return {
    handle(channel, listener) {
      if (listeners.has(channel)) throw new Error(`second handler for ${channel}`)
      listeners.set(channel, listener)
    },
    async call(channel, event, input) {
      const listener = listeners.get(channel)
      if (!listener) throw new Error(`no handler for ${channel}`)
      return listener(event, input)
    }
  }
}

const APP = { senderFrame: { url: 'app://bundle/index.html', parent: null } }
const trusted = (event: SenderInfo): boolean => event.senderFrame?.url === APP.senderFrame.url

describe('createIpcDispatcher', () => {
  it('returns the handler value in an ok envelope', async () => {
    const dispatch = createIpcDispatcher(fakeHandlers(), createMemoryLogger())
    await expect(dispatch('api:health', undefined)).resolves.toEqual({
      ok: true,
      value: { reachable: true }
    })
  })

  it('refuses an unknown channel without calling anything', async () => {
    const dispatch = createIpcDispatcher(fakeHandlers(), createMemoryLogger())
    const result = await dispatch('fs:read', { path: '/etc/passwd' })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })

  it('answers invalid_input with the failing fields and never calls the handler', async () => {
    const login = vi.fn(async () => ({ staff: STAFF, expiresAt: 'x' }))
    const handlers = fakeHandlers({ 'auth:login': login })
    const dispatch = createIpcDispatcher(handlers, createMemoryLogger())
    const result = await dispatch('auth:login', { username: 'agent' })
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: [{ path: 'password' }] }
    })
    expect(login).not.toHaveBeenCalled()
    expect(await dispatch('clients:search', 'not an object')).toMatchObject({ ok: false })
    expect(await dispatch('clients:search', { q: 'x'.repeat(101) })).toMatchObject({ ok: false })
    expect(await dispatch('app:info', { extra: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' }
    })
  })

  it('hands the handler the parsed input (trimmed, unknown keys dropped)', async () => {
    const login = vi.fn(async () => ({ staff: STAFF, expiresAt: 'x' }))
    const handlers = fakeHandlers({ 'auth:login': login })
    const dispatch = createIpcDispatcher(handlers, createMemoryLogger())
    await dispatch('auth:login', { username: ' agent ', password: 'pw', admin: true })
    expect(login).toHaveBeenCalledWith({ username: 'agent', password: 'pw' })
  })

  it('turns a thrown error into internal_error and logs it without the input', async () => {
    const logger = createMemoryLogger()
    const dispatch = createIpcDispatcher(
      fakeHandlers({
        'auth:login': async () => {
          throw new TypeError('boom')
        }
      }),
      logger
    )
    const result = await dispatch('auth:login', { username: 'agent', password: 'hunter2' })
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal_error', message: 'Internal error' }
    })
    expect(logger.entries).toHaveLength(1)
    expect(JSON.stringify(logger.entries)).toContain('boom')
    expect(JSON.stringify(logger.entries)).not.toContain('hunter2')
  })

  it('passes a BridgeError through as its code, message, status and fields', async () => {
    const dispatch = createIpcDispatcher(
      fakeHandlers({
        'clients:search': async () => {
          throw new BridgeError({
            code: 'invalid_identifier',
            message: 'Personal code check digit is wrong',
            status: 400,
            fields: [{ path: 'q', message: 'bad check digit' }]
          })
        }
      }),
      createMemoryLogger()
    )
    await expect(dispatch('clients:search', { q: '120389-12345' })).resolves.toEqual({
      ok: false,
      error: {
        code: 'invalid_identifier',
        message: 'Personal code check digit is wrong',
        status: 400,
        fields: [{ path: 'q', message: 'bad check digit' }]
      }
    })
  })

  it('refuses handler output that breaks the contract', async () => {
    const logger = createMemoryLogger()
    const dispatch = createIpcDispatcher(
      fakeHandlers({
        // Simulates a handler leaking a field: the output is parsed, never trusted.
        'api:health': async () => ({ reachable: 'yes' }) as never
      }),
      logger
    )
    await expect(dispatch('api:health', undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'internal_error', message: 'Internal error' }
    })
    expect(logger.entries[0]?.message).toMatch(/breaks the contract/)
  })

  it('strips fields the contract does not declare, so a token cannot ride along', async () => {
    const dispatch = createIpcDispatcher(
      fakeHandlers({
        'auth:login': async () =>
          ({ staff: STAFF, expiresAt: '2026-11-25T20:00:00Z', token: 'secret-token' }) as never
      }),
      createMemoryLogger()
    )
    const result = await dispatch('auth:login', { username: 'agent', password: 'pw' })
    expect(result.ok).toBe(true)
    expect(JSON.stringify(result)).not.toContain('secret-token')
  })
})

describe('registerIpcHandlers', () => {
  it('registers exactly the contract channels', () => {
    const ipc = fakeIpcMain()
    const handle = vi.spyOn(ipc, 'handle')
    registerIpcHandlers(ipc, fakeHandlers(), trusted, createMemoryLogger())
    const registered = handle.mock.calls.map(([channel]) => channel)
    expect(registered.sort()).toEqual([...INVOKE_CHANNELS].sort())
  })

  it('answers forbidden_sender to another frame and does not run the handler', async () => {
    const ipc = fakeIpcMain()
    const search = vi.fn(async () => ({ items: [], hasMore: false }))
    const logger = createMemoryLogger()
    registerIpcHandlers(ipc, fakeHandlers({ 'clients:search': search }), trusted, logger)
    const result = await ipc.call(
      'clients:search',
      { senderFrame: { url: 'https://attacker.example/', parent: null } },
      { q: 'Bērziņš' }
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
    expect(await ipc.call('clients:search', { senderFrame: null }, { q: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' }
    })
    expect(search).not.toHaveBeenCalled()
    expect(logger.entries[0]).toMatchObject({ level: 'warn' })
  })

  it('treats a sender check that throws as untrusted', async () => {
    const ipc = fakeIpcMain()
    registerIpcHandlers(
      ipc,
      fakeHandlers(),
      () => {
        throw new Error('frame gone')
      },
      createMemoryLogger()
    )
    await expect(ipc.call('api:health', APP)).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' }
    })
  })

  it('runs trusted calls through the same dispatcher and never rejects', async () => {
    const ipc = fakeIpcMain()
    registerIpcHandlers(
      ipc,
      fakeHandlers({
        'auth:session': async () => {
          throw 'a string, not an Error'
        }
      }),
      trusted,
      createMemoryLogger()
    )
    await expect(ipc.call('api:health', APP)).resolves.toEqual({
      ok: true,
      value: { reachable: true }
    })
    await expect(ipc.call('auth:session', APP)).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal_error' }
    })
    await expect(ipc.call('clients:search', APP, null)).resolves.toMatchObject({ ok: false })
  })
})
