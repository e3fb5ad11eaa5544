import { describe, expect, it, vi } from 'vitest'
import type { ClientSearchResponse } from '../../src/shared/domain/client'
import type { IpcResult } from '../../src/shared/ipc/result'
import { createLookupStore } from '../../src/renderer/src/features/lookup'
import { createIpcClient } from '../../src/renderer/src/lib/ipc-client'
import { BERZINA, BERZINS, createFakeBridge, ok } from './support/fakeBridge'

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

describe('lookup store', () => {
  it('ignores an answer that arrives after a newer one', async () => {
    const slow = deferred<IpcResult<ClientSearchResponse>>()
    const bridge = createFakeBridge({
      'clients:search': ({ q }) => (q === 'ber' ? slow.promise : ok({ items: [BERZINA] }))
    })
    const store = createLookupStore({ ipc: createIpcClient(bridge), debounceMs: 0 })
    store.getState().setQuery('ber')
    await vi.waitFor(() => expect(bridge.callsTo('clients:search')).toHaveLength(1))
    store.getState().setQuery('berzina')
    await vi.waitFor(() => expect(store.getState().status).toBe('ready'))
    slow.resolve(ok({ items: [BERZINS] }))
    await slow.promise
    await new Promise((r) => setTimeout(r, 0))
    expect(store.getState().items).toEqual([BERZINA])
  })

  it('waits for the typing to pause before searching', async () => {
    vi.useFakeTimers()
    try {
      const bridge = createFakeBridge()
      const store = createLookupStore({ ipc: createIpcClient(bridge) })
      for (const q of ['b', 'be', 'ber', 'berz']) {
        store.getState().setQuery(q)
        vi.advanceTimersByTime(100)
      }
      expect(bridge.callsTo('clients:search')).toHaveLength(0)
      expect(store.getState().status).toBe('loading')
      vi.advanceTimersByTime(150)
      expect(bridge.callsTo('clients:search')).toEqual([{ q: 'berz', limit: 20 }])
    } finally {
      vi.useRealTimers()
    }
  })

  it('clearing the field cancels a pending search', async () => {
    vi.useFakeTimers()
    try {
      const bridge = createFakeBridge()
      const store = createLookupStore({ ipc: createIpcClient(bridge) })
      store.getState().setQuery('berz')
      store.getState().setQuery('')
      vi.advanceTimersByTime(500)
      expect(bridge.callsTo('clients:search')).toHaveLength(0)
      expect(store.getState().status).toBe('idle')
    } finally {
      vi.useRealTimers()
    }
  })

  it('arrow selection stays within the rows', () => {
    const store = createLookupStore({ ipc: createIpcClient(createFakeBridge()) })
    store.setState({ query: 'x', items: [BERZINS, BERZINA], status: 'ready' })
    store.getState().moveActive(1)
    expect(store.getState().activeIndex).toBe(0)
    store.getState().moveActive(5)
    expect(store.getState().activeIndex).toBe(1)
    store.getState().moveActive(-9)
    expect(store.getState().activeIndex).toBe(0)
  })
})
