import { describe, expect, it, vi } from 'vitest'
import { BridgeError, createIpcClient } from '../../src/renderer/src/lib/ipc-client'
import { BERZINA_CLIENT, createFakeBridge, fail, ok, STAFF_SESSION } from './support/fakeBridge'

describe('ipc client', () => {
  it('unwraps an ok envelope into the validated value', async () => {
    const ipc = createIpcClient(createFakeBridge())
    const session = await ipc.invoke('auth:login', { username: 'agent', password: 'x' })
    expect(session).toEqual(STAFF_SESSION)
  })

  it('throws a typed BridgeError with code, status and fields on ok:false', async () => {
    const bridge = createFakeBridge({
      'clients:search': () => ({
        ok: false,
        error: {
          code: 'validation_failed',
          message: 'bad',
          status: 400,
          fields: [{ path: 'q', message: 'too long' }]
        }
      })
    })
    const error = await createIpcClient(bridge)
      .invoke('clients:search', { q: 'x' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BridgeError)
    expect(error).toMatchObject({
      code: 'validation_failed',
      message: 'bad',
      status: 400,
      fields: [{ path: 'q', message: 'too long' }]
    })
  })

  it('rejects an answer that breaks the contract as internal_error', async () => {
    const bridge = createFakeBridge()
    bridge.invoke = async () => ({ ok: true, value: { items: [{ id: 1 }] } })
    const ipc = createIpcClient(bridge)
    await expect(ipc.invoke('clients:search', { q: 'x' })).rejects.toMatchObject({
      code: 'internal_error'
    })
  })

  it('turns a rejected bridge promise into a BridgeError', async () => {
    const bridge = createFakeBridge()
    bridge.invoke = () => Promise.reject(new Error('boom'))
    await expect(createIpcClient(bridge).invoke('app:info')).rejects.toMatchObject({
      code: 'internal_error',
      message: 'boom'
    })
  })

  it('checks input against the contract before calling main', async () => {
    const bridge = createFakeBridge()
    const ipc = createIpcClient(bridge)
    await expect(ipc.invoke('clients:search', { q: 'x'.repeat(101) })).rejects.toMatchObject({
      code: 'invalid_input'
    })
    // The API's own rules, before main is asked: a client id is a uuid, a search is not blank.
    await expect(ipc.invoke('clients:get', { id: 'd4e5f6' })).rejects.toMatchObject({
      code: 'invalid_input',
      fields: [expect.objectContaining({ path: 'id' })]
    })
    await expect(ipc.invoke('clients:search', { q: '   ' })).rejects.toMatchObject({
      code: 'invalid_input'
    })
    expect(bridge.calls).toHaveLength(0)
  })

  it('reports successes and failures to the observer', async () => {
    const observer = { onSuccess: vi.fn(), onError: vi.fn() }
    const bridge = createFakeBridge({ 'clients:get': () => fail('api_unreachable') })
    const ipc = createIpcClient(bridge, observer)
    await ipc.invoke('app:info')
    await ipc.invoke('clients:get', { id: BERZINA_CLIENT.id }).catch(() => undefined)
    expect(observer.onSuccess).toHaveBeenCalledWith('app:info')
    expect(observer.onError).toHaveBeenCalledWith(
      'clients:get',
      expect.objectContaining({ code: 'api_unreachable' })
    )
    expect(observer.onError.mock.calls[0]?.[1]).toBeInstanceOf(BridgeError)
  })

  it('passes valid event payloads and drops malformed ones', () => {
    const bridge = createFakeBridge()
    const listener = vi.fn()
    const off = createIpcClient(bridge).on('session:ended', listener)
    bridge.emit('session:ended', { reason: 'expired' })
    ;(bridge.emit as (c: string, p: unknown) => void)('session:ended', { reason: 'nope' })
    off()
    bridge.emit('session:ended', { reason: 'signed_out' })
    expect(listener).toHaveBeenCalledTimes(1)
    expect(listener).toHaveBeenCalledWith({ reason: 'expired' })
  })

  it('accepts the plain ok helper for channels without input', async () => {
    const bridge = createFakeBridge({ 'auth:session': () => ok(null) })
    await expect(createIpcClient(bridge).invoke('auth:session')).resolves.toBeNull()
  })
})
