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

/** Lets the event loop finish its turn: a fetch starts then (setImmediate). */
const turnEnds = () => new Promise((resolve) => setImmediate(resolve))

describe('coalesced lookups', () => {
  it('fetches the keys asked for in one turn together, then those asked for meanwhile, once each', async () => {
    const fake = fakeFetch()
    const lookup = createCoalescedLookup(fake.fetch)
    const sameTurn = [lookup('a'), lookup('z'), lookup('a')]
    expect(fake.fetches).toEqual([]) // not before the turn ends
    await turnEnds()
    expect(fake.fetches).toEqual([['a', 'z']])
    const meanwhile = [lookup('b'), lookup('c'), lookup('b'), lookup('missing')]
    await fake.finishAll()
    expect(await Promise.all(sameTurn)).toEqual(['A', 'Z', 'A'])
    expect(await Promise.all(meanwhile)).toEqual(['B', 'C', 'B', undefined])
    expect(fake.fetches).toEqual([
      ['a', 'z'],
      ['b', 'c', 'missing']
    ])
  })

  it('fetches a lone key as soon as its turn ends, without waiting for company', async () => {
    const fake = fakeFetch()
    const lookup = createCoalescedLookup(fake.fetch)
    const alone = lookup('a')
    await turnEnds()
    expect(fake.fetches).toEqual([['a']])
    await fake.finishAll()
    expect(await alone).toBe('A')
  })

  it('never answers a key from a fetch that started before it was asked for', async () => {
    const fake = fakeFetch()
    const lookup = createCoalescedLookup(fake.fetch)
    const early = lookup('a')
    await turnEnds()
    const late = lookup('a') // asked while the fetch of 'a' is in flight
    await fake.finishAll()
    expect([await early, await late]).toEqual(['A', 'A'])
    expect(fake.fetches).toEqual([['a'], ['a']])
  })

  it('splits a crowd into fetches of at most maxKeys, oldest first', async () => {
    const fake = fakeFetch()
    const lookup = createCoalescedLookup(fake.fetch, { maxKeys: 2 })
    const all = ['a', 'b', 'c', 'd', 'e'].map(lookup)
    await turnEnds()
    await fake.finishAll()
    expect(await Promise.all(all)).toEqual(['A', 'B', 'C', 'D', 'E'])
    expect(fake.fetches).toEqual([['a', 'b'], ['c', 'd'], ['e']])
  })

  it('fails only the callers of the key that breaks a shared fetch', async () => {
    const fake = fakeFetch((keys) => keys.includes('bad'))
    const lookup = createCoalescedLookup(fake.fetch)
    const first = lookup('a')
    await turnEnds()
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
    await turnEnds()
    await fake.finishAll()
    expect(await again).toBe('C')
  })
})
