import { describe, expect, it } from 'vitest'
import { createCoalescedLookup } from '../../src/server/db/coalesced-lookup'

/** A fake batch query: records the keys of each fetch, answers `key → key upper-cased` when told. */
function fakeFetch(fail: (keys: readonly string[]) => boolean = () => false) {
  const fetches: string[][] = []
  const pending: Array<() => void> = []
  const fetch = (keys: readonly string[]) => {
    fetches.push([...keys])
    return new Promise<ReadonlyMap<string, string>>((resolve, reject) =>
      pending.push(() =>
        fail(keys)
          ? reject(new Error(`failed: ${keys.join(',')}`))
          : resolve(new Map(keys.filter((k) => k !== 'missing').map((k) => [k, k.toUpperCase()])))
      )
    )
  }
  const finishAll = async () => {
    while (pending.length > 0) {
      pending.shift()!()
      await new Promise((resolve) => setTimeout(resolve, 0))
    }
  }
  return { fetch, fetches, finishAll }
}

describe('coalesced lookups', () => {
  it('fetches the first key at once and the keys asked for meanwhile together, once each', async () => {
    const fake = fakeFetch()
    const lookup = createCoalescedLookup(fake.fetch)
    const first = lookup('a')
    expect(fake.fetches).toEqual([['a']])
    const rest = [lookup('b'), lookup('c'), lookup('b'), lookup('missing')]
    await fake.finishAll()
    expect(await first).toBe('A')
    expect(await Promise.all(rest)).toEqual(['B', 'C', 'B', undefined])
    expect(fake.fetches).toEqual([['a'], ['b', 'c', 'missing']])
  })

  it('never answers a key from a fetch that started before it was asked for', async () => {
    const fake = fakeFetch()
    const lookup = createCoalescedLookup(fake.fetch)
    const early = lookup('a')
    const late = lookup('a') // asked while the fetch of 'a' is in flight
    await fake.finishAll()
    expect([await early, await late]).toEqual(['A', 'A'])
    expect(fake.fetches).toEqual([['a'], ['a']])
  })

  it('splits a crowd into fetches of at most maxKeys, oldest first', async () => {
    const fake = fakeFetch()
    const lookup = createCoalescedLookup(fake.fetch, { maxKeys: 2 })
    const all = ['a', 'b', 'c', 'd', 'e'].map(lookup)
    await fake.finishAll()
    expect(await Promise.all(all)).toEqual(['A', 'B', 'C', 'D', 'E'])
    expect(fake.fetches).toEqual([['a'], ['b', 'c'], ['d', 'e']])
  })

  it('fails only the callers of the key that breaks a shared fetch', async () => {
    const fake = fakeFetch((keys) => keys.includes('bad'))
    const lookup = createCoalescedLookup(fake.fetch)
    const first = lookup('a')
    const good = lookup('b')
    const bad = lookup('bad').then(
      () => 'answered',
      (error: unknown) => (error as Error).message
    )
    await fake.finishAll()
    expect(await first).toBe('A')
    expect(await good).toBe('B')
    expect(await bad).toBe('failed: bad')
    expect(fake.fetches).toEqual([['a'], ['b', 'bad'], ['b'], ['bad']])
    // Still working afterwards.
    const again = lookup('c')
    await fake.finishAll()
    expect(await again).toBe('C')
  })
})
