import { beforeEach, describe, expect, it, vi } from 'vitest'

// The preload's only dependency is Electron; a fake stands in for the binary we do not have.
const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>()
  return {
    exposed: {} as Record<string, unknown>,
    listeners,
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: null })),
    emit(channel: string, payload: unknown): void {
      for (const listener of listeners.get(channel) ?? []) listener({ sender: 'secret' }, payload)
    }
  }
})

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      electron.exposed[key] = api
    }
  },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      const set = electron.listeners.get(channel) ?? new Set()
      set.add(listener)
      electron.listeners.set(channel, set)
    },
    removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      electron.listeners.get(channel)?.delete(listener)
    }
  }
}))

interface Bridge {
  invoke(channel: string, input?: unknown): Promise<unknown>
  on(channel: string, listener: (payload: unknown) => void): () => void
}

let bridge: Bridge
beforeEach(async () => {
  vi.resetModules()
  electron.invoke.mockClear()
  electron.listeners.clear()
  await import('../../src/preload/index')
  bridge = electron.exposed.consentDesk as Bridge
})

describe('preload', () => {
  it('exposes exactly invoke and on, frozen', () => {
    expect(Object.keys(electron.exposed)).toEqual(['consentDesk'])
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on'])
    expect(Object.isFrozen(bridge)).toBe(true)
  })

  it('forwards allow-listed channels to ipcRenderer.invoke', async () => {
    await bridge.invoke('clients:search', { q: 'x' })
    expect(electron.invoke).toHaveBeenCalledWith('clients:search', { q: 'x' })
  })

  it('answers other channels with an invalid_input envelope without sending them', async () => {
    await expect(bridge.invoke('fs:read', '/etc/passwd')).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_input' }
    })
    expect(electron.invoke).not.toHaveBeenCalled()
  })

  it('passes only the payload to listeners and unsubscribes exactly that listener', () => {
    const first = vi.fn()
    const second = vi.fn()
    const offFirst = bridge.on('session:ended', first)
    bridge.on('session:ended', second)
    electron.emit('session:ended', { reason: 'expired' })
    expect(first).toHaveBeenCalledWith({ reason: 'expired' })
    expect(first.mock.calls[0]).toHaveLength(1)
    offFirst()
    electron.emit('session:ended', { reason: 'signed_out' })
    expect(first).toHaveBeenCalledTimes(1)
    expect(second).toHaveBeenCalledTimes(2)
  })

  it('refuses to subscribe to a channel that is not an event channel', () => {
    expect(() => bridge.on('auth:login', vi.fn())).toThrow()
  })
})
