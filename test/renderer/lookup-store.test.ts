import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ClientSearchItem, ClientSearchResponse } from '../../src/shared/domain/client'
import type { IpcResult } from '../../src/shared/ipc/result'
import { createLookupStore, SEARCH_DEBOUNCE_MS } from '../../src/renderer/src/features/lookup'
import {
  isPartialPersonalCode,
  rowsAreCurrent
} from '../../src/renderer/src/features/lookup/store'
import { createIpcClient } from '../../src/renderer/src/lib/ipc-client'
import { BERZINA, BERZINS, createFakeBridge, ok } from './support/fakeBridge'

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

// Two real personal codes (valid check digits): the one on screen, and the next client's.
const PREVIOUS_CODE = '12038912346'
const NEXT_CODE = '05079214565'

describe('lookup store', () => {
  it('ignores an answer that arrives after a newer one', async () => {
    const stale = deferred<IpcResult<ClientSearchResponse>>()
    const fresh = deferred<IpcResult<ClientSearchResponse>>()
    const bridge = createFakeBridge({
      'clients:search': ({ q }) => (q === 'ber' ? stale.promise : fresh.promise)
    })
    // Every call the store makes, so the test can wait until the store has handled each answer
    // (its own `await` is attached first, so it runs before ours).
    const ipc = createIpcClient(bridge)
    const calls: Promise<unknown>[] = []
    const tracked: typeof ipc = {
      ...ipc,
      invoke: ((...args: Parameters<typeof ipc.invoke>) => {
        const answer = ipc.invoke(...args)
        calls.push(answer.catch(() => undefined))
        return answer
      }) as typeof ipc.invoke
    }
    const store = createLookupStore({ ipc: tracked, debounceMs: 0 })
    store.getState().setQuery('ber')
    store.getState().setQuery('berzina')
    expect(calls).toHaveLength(2)
    fresh.resolve(ok({ items: [BERZINA], hasMore: false }))
    // The older answer lands last.
    stale.resolve(ok({ items: [BERZINS], hasMore: false }))
    await Promise.all(calls)
    expect(store.getState().status).toBe('ready')
    expect(store.getState().items).toEqual([BERZINA])
    expect(store.getState().resultsFor).toBe('berzina')
  })

  describe('the typing pause (on a fake clock)', () => {
    beforeEach(() => {
      vi.useFakeTimers()
    })
    afterEach(() => {
      vi.useRealTimers()
    })

    it('waits for a short pause in typing before searching a name', async () => {
      const bridge = createFakeBridge()
      const store = createLookupStore({ ipc: createIpcClient(bridge) })
      // Each key comes a millisecond before the pause would have run out: the wait starts over.
      for (const q of ['b', 'be', 'ber', 'berz']) {
        store.getState().setQuery(q)
        await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS - 1)
      }
      expect(bridge.callsTo('clients:search')).toEqual([])
      expect(store.getState().status).toBe('loading')
      await vi.advanceTimersByTimeAsync(1)
      expect(bridge.callsTo('clients:search')).toEqual([{ q: 'berz', limit: 20 }])
      expect(store.getState().status).toBe('ready')
      expect(store.getState().resultsFor).toBe('berz')
      // One pause, one search: nothing more goes out later.
      await vi.advanceTimersByTimeAsync(10 * SEARCH_DEBOUNCE_MS)
      expect(bridge.callsTo('clients:search')).toHaveLength(1)
    })

    it('searches a whole identifier at once, without the debounce', async () => {
      const bridge = createFakeBridge()
      const store = createLookupStore({ ipc: createIpcClient(bridge) })
      // Not a millisecond has passed on the clock.
      store.getState().setQuery(NEXT_CODE)
      expect(bridge.callsTo('clients:search')).toEqual([{ q: NEXT_CODE, limit: 20 }])
      store.getState().setQuery('+371 29 123 456')
      expect(bridge.callsTo('clients:search')).toEqual([
        { q: NEXT_CODE, limit: 20 },
        { q: '+371 29 123 456', limit: 20 }
      ])
      // Nor is either searched a second time once the pause a name waits for has gone by.
      await vi.advanceTimersByTimeAsync(10 * SEARCH_DEBOUNCE_MS)
      expect(bridge.callsTo('clients:search')).toHaveLength(2)
    })

    it('clearing the field cancels a pending search', async () => {
      const bridge = createFakeBridge()
      const store = createLookupStore({ ipc: createIpcClient(bridge) })
      store.getState().setQuery('berz')
      await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS - 1)
      expect(store.getState().status).toBe('loading')
      store.getState().setQuery('')
      await vi.advanceTimersByTimeAsync(10 * SEARCH_DEBOUNCE_MS)
      expect(bridge.callsTo('clients:search')).toHaveLength(0)
      expect(store.getState().status).toBe('idle')
    })
  })

  it('arrow selection stays within the rows', () => {
    const store = createLookupStore({ ipc: createIpcClient(createFakeBridge()) })
    store.setState({ query: 'x', resultsFor: 'x', items: [BERZINS, BERZINA], status: 'ready' })
    store.getState().moveActive(1)
    expect(store.getState().activeIndex).toBe(0)
    store.getState().moveActive(5)
    expect(store.getState().activeIndex).toBe(1)
    store.getState().moveActive(-9)
    expect(store.getState().activeIndex).toBe(0)
  })

  it('Enter right after pasting the next code waits for its answer and opens the NEW client', async () => {
    const answers = new Map<string, ReturnType<typeof deferred<IpcResult<ClientSearchResponse>>>>()
    const bridge = createFakeBridge({
      'clients:search': ({ q }) => {
        const answer = deferred<IpcResult<ClientSearchResponse>>()
        answers.set(q, answer)
        return answer.promise
      }
    })
    const opened: ClientSearchItem[] = []
    const store = createLookupStore({
      ipc: createIpcClient(bridge),
      onOpen: (item) => opened.push(item)
    })
    // The previous client's single result is on screen, selected.
    store.setState({
      query: PREVIOUS_CODE,
      resultsFor: PREVIOUS_CODE,
      items: [BERZINS],
      status: 'ready',
      activeIndex: 0
    })

    store.getState().setQuery(NEXT_CODE)
    store.getState().submit()
    expect(opened).toEqual([])
    expect(store.getState().enterPending).toBe(true)
    expect(rowsAreCurrent(store.getState())).toBe(false)

    answers.get(NEXT_CODE)!.resolve(ok({ items: [BERZINA], hasMore: false }))
    await vi.waitFor(() => expect(opened).toEqual([BERZINA]))
    // The field is emptied before the card opens: no full code stays behind.
    expect(store.getState().query).toBe('')
    expect(store.getState().recent[0]).toEqual(BERZINA)
  })

  it('Enter on a name still being searched shows busy and opens nothing, even for one match', async () => {
    const answer = deferred<IpcResult<ClientSearchResponse>>()
    const bridge = createFakeBridge({ 'clients:search': () => answer.promise })
    const opened: ClientSearchItem[] = []
    const store = createLookupStore({
      ipc: createIpcClient(bridge),
      debounceMs: 0,
      onOpen: (item) => opened.push(item)
    })
    store.getState().setQuery('berzina')
    store.getState().submit()
    expect(store.getState().enterPending).toBe(true)
    answer.resolve(ok({ items: [BERZINA], hasMore: false }))
    await vi.waitFor(() => expect(store.getState().status).toBe('ready'))
    expect(store.getState().enterPending).toBe(false)
    expect(opened).toEqual([])
    // Now the rows answer the text in the box: Enter opens the single match.
    store.getState().submit()
    expect(opened).toEqual([BERZINA])
  })

  it('rows for an older text are stale: no selection, no open, until the new answer', () => {
    const opened: ClientSearchItem[] = []
    const store = createLookupStore({
      ipc: createIpcClient(createFakeBridge()),
      onOpen: (item) => opened.push(item)
    })
    store.setState({ query: 'ber', resultsFor: 'ber', items: [BERZINS, BERZINA], status: 'ready' })
    store.getState().setQuery('berzina')
    expect(rowsAreCurrent(store.getState())).toBe(false)
    store.getState().moveActive(1)
    expect(store.getState().activeIndex).toBe(-1)
    store.getState().openRow(0)
    store.getState().submit()
    expect(opened).toEqual([])
  })

  it('a capped answer is marked as such', async () => {
    const bridge = createFakeBridge({
      'clients:search': () => ok({ items: [BERZINS, BERZINA], hasMore: true })
    })
    const store = createLookupStore({ ipc: createIpcClient(bridge), debounceMs: 0 })
    store.getState().setQuery('b')
    await vi.waitFor(() => expect(store.getState().status).toBe('ready'))
    expect(store.getState().hasMore).toBe(true)
  })

  it.each([
    ['120389', true],
    ['120389-1234', true],
    ['1203891234', true],
    ['12038912346', false],
    ['29123456', false],
    ['12345', false],
    ['berzins', false]
  ])('%s is a personal code still being typed: %s', (query, expected) => {
    expect(isPartialPersonalCode(query)).toBe(expected)
  })
})
