import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createGroupCommit } from '../../src/server/access-log/access-log.recorder'
import type { AccessEntry } from '../../src/server/access-log/access-log.repository'
import type { Database } from '../../src/server/db/database'

const db = {} as Kysely<Database>
const entry = (requestId: string, clients = 1): AccessEntry => ({
  staffId: 's',
  role: 'agent',
  action: 'view',
  clientIds: Array.from({ length: clients }, (_, i) => `${requestId}-${i}`),
  at: new Date(0),
  reason: null,
  reasonNote: null,
  requestId
})

/** A fake INSERT that records each statement's request ids and finishes when told to. */
function fakeInsert(fail: (ids: string[]) => boolean = () => false) {
  const statements: string[][] = []
  const pending: Array<() => void> = []
  const insert = (_db: Kysely<Database>, entries: readonly AccessEntry[]) => {
    const ids = entries.map((e) => e.requestId)
    statements.push(ids)
    return new Promise<void>((resolve, reject) =>
      pending.push(() => (fail(ids) ? reject(new Error(`failed: ${ids.join(',')}`)) : resolve()))
    )
  }
  const commitAll = async () => {
    while (pending.length > 0) {
      pending.shift()!()
      await new Promise((resolve) => setTimeout(resolve, 0))
    }
  }
  return { insert, statements, commitAll }
}

/** Lets the event loop finish its turn: an INSERT starts then (setImmediate). */
const turnEnds = () => new Promise((resolve) => setImmediate(resolve))

describe('access-log group commit', () => {
  it('writes the entries of one turn in one INSERT, and the ones arriving meanwhile together in the next', async () => {
    const fake = fakeInsert()
    const write = createGroupCommit(db, fake.insert)
    const first = write(entry('a'))
    const sameTurn = write(entry('z'))
    expect(fake.statements).toEqual([]) // not before the turn ends
    await turnEnds()
    expect(fake.statements).toEqual([['a', 'z']])
    const rest = [write(entry('b')), write(entry('c')), write(entry('d'))]
    let settled = false
    void first.then(() => (settled = true))
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(settled).toBe(false) // not answered before its commit
    await fake.commitAll()
    await Promise.all([first, sameTurn, ...rest])
    expect(fake.statements).toEqual([
      ['a', 'z'],
      ['b', 'c', 'd']
    ])
  })

  it('fails only the entry whose rows cannot be written: a failed shared INSERT is retried one by one', async () => {
    const fake = fakeInsert((ids) => ids.includes('bad'))
    const write = createGroupCommit(db, fake.insert)
    const first = write(entry('a'))
    await turnEnds()
    const good = write(entry('b'))
    const bad = write(entry('bad'))
    const results = Promise.allSettled([first, good, bad])
    await fake.commitAll()
    expect((await results).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected'])
    expect(fake.statements).toEqual([['a'], ['b', 'bad'], ['b'], ['bad']])
  })

  it('splits a long queue into INSERTs of at most 2,000 rows', async () => {
    const fake = fakeInsert()
    const write = createGroupCommit(db, fake.insert)
    const first = write(entry('first'))
    await turnEnds()
    const all = [first, ...Array.from({ length: 5 }, (_, i) => write(entry(`e${i}`, 900)))]
    await fake.commitAll()
    await Promise.all(all)
    expect(fake.statements).toEqual([['first'], ['e0', 'e1'], ['e2', 'e3'], ['e4']])
  })
})
