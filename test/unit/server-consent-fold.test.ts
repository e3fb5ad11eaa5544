import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  canonicalEventJson,
  eventHash,
  verifyChain,
  type StoredChainEvent
} from '../../src/server/consents/hash-chain'
import {
  checkTransition,
  foldEvents,
  loyaltyClock,
  offersSummary,
  toPurposeStates,
  type FoldableEvent
} from '../../src/shared/domain/consent-rules'
import { parseIfMatch } from '../../src/server/http/write-headers'

function chain(count: number): StoredChainEvent[] {
  const events: StoredChainEvent[] = []
  let prev: string | null = null
  for (let seq = 1; seq <= count; seq += 1) {
    const fields = {
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      clientId: 'c1',
      seq,
      version: seq,
      purpose: 'loyalty',
      channel: null,
      action: seq % 2 === 1 ? 'given' : 'withdrawn',
      at: new Date(Date.UTC(2026, 10, 25, 9, seq)).toISOString(),
      source: 'customer_centre',
      actorKind: 'staff',
      actorId: 's1',
      centre: 'riga',
      identityMethod: 'smart_id',
      documentLast4: null,
      noticeVersion: 1,
      language: 'lv',
      receiptId: null
    }
    const hash = eventHash(prev, fields)
    events.push({ ...fields, prevHash: prev, hash })
    prev = hash
  }
  return events
}

function event(seq: number, purpose: FoldableEvent['purpose'], action: FoldableEvent['action'], channel: FoldableEvent['channel'] = null): FoldableEvent {
  return {
    id: `e${seq}`,
    seq,
    purpose,
    channel,
    action,
    at: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
    source: 'customer_centre',
    noticeVersion: 1
  }
}

describe('hash chain', () => {
  it('canonical JSON has a fixed key order and explicit nulls', () => {
    const [first] = chain(1)
    const reordered = Object.fromEntries(Object.entries(first!).reverse()) as StoredChainEvent
    expect(canonicalEventJson(reordered)).toBe(canonicalEventJson(first!))
    expect(canonicalEventJson(first!)).toMatch(/^\{"id":.*"channel":null,.*"receiptId":null\}$/)
  })

  it('verifies an intact chain and its recorded head', () => {
    const events = chain(4)
    expect(verifyChain(events, { lastSeq: 4, headHash: events[3]!.hash })).toEqual({
      intact: true,
      events: 4
    })
    expect(verifyChain([])).toEqual({ intact: true, events: 0 })
  })

  it('finds any one changed field, deleted or inserted event', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.nat(),
        fc.constantFrom('change', 'delete', 'insert'),
        (count, pick, kind) => {
          const events = chain(count)
          const head = { lastSeq: count, headHash: events.at(-1)!.hash }
          const index = pick % count
          if (kind === 'change') {
            events[index] = { ...events[index]!, action: 'expired' }
            expect(verifyChain(events, head).brokenAt).toBe(events[index]!.id)
          } else if (kind === 'delete') {
            const [removed] = events.splice(index, 1)
            const expected = index < events.length ? events[index]!.id : events.at(-1)!.id
            const result = verifyChain(events, head)
            expect(result.intact).toBe(false)
            expect(result.brokenAt).toBe(expected)
            expect(removed).toBeDefined()
          } else {
            const last = events.at(-1)!
            const forged = { ...last, id: 'forged', seq: count + 1, prevHash: last.hash }
            forged.hash = eventHash(last.hash, forged)
            // Even a correctly hashed forgery lies beyond the head the writer recorded.
            expect(verifyChain([...events, forged], head)).toMatchObject({
              intact: false,
              brokenAt: 'forged'
            })
          }
        }
      )
    )
  })
})

describe('fold', () => {
  it('folds events in seq order into the seven purposes', () => {
    const states = toPurposeStates(
      foldEvents([
        event(3, 'location', 'paused'),
        event(1, 'location', 'given'),
        event(2, 'offers', 'given', 'email'),
        event(4, 'location', 'resumed')
      ])
    )
    expect(states).toHaveLength(7)
    expect(states[4]).toMatchObject({ purpose: 'location', state: 'given', eventId: 'e4' })
    expect(states[0]).toMatchObject({ purpose: 'offers', state: 'given', eventId: 'e2' })
    expect(states[1]!.state).toBe('never_given')
  })

  it('derives offers: given while any channel is, else the latest channel change', () => {
    const cells = foldEvents([
      event(1, 'offers', 'given', 'email'),
      event(2, 'offers', 'given', 'sms'),
      event(3, 'offers', 'withdrawn', 'email')
    ])
    expect(offersSummary(cells)).toMatchObject({ state: 'given', eventId: 'e2' })
    const all = foldEvents([event(1, 'offers', 'given', 'email'), event(2, 'offers', 'withdrawn', 'email')])
    expect(offersSummary(all)).toMatchObject({ state: 'withdrawn', eventId: 'e2' })
    expect(offersSummary(foldEvents([])).state).toBe('never_given')
  })

  it('refuses changes that change nothing', () => {
    expect(checkTransition('loyalty', 'given', 'given')?.kind).toBe('no_op')
    expect(checkTransition('loyalty', 'never_given', 'withdrawn')?.kind).toBe('no_op')
    expect(checkTransition('loyalty', 'expired', 'given')).toBeNull()
    expect(checkTransition('loyalty', 'given', 'paused')?.kind).toBe('invalid')
    expect(checkTransition('location', 'given', 'paused')).toBeNull()
    expect(checkTransition('location', 'paused', 'withdrawn')).toBeNull()
    expect(checkTransition('location', 'given', 'resumed')?.kind).toBe('no_op')
  })
})

describe('If-Match and the loyalty clock', () => {
  it('reads 3, "3" and W/"3"', () => {
    expect(['3', '"3"', 'W/"3"'].map(parseIfMatch)).toEqual([3, 3, 3])
    expect(parseIfMatch('*')).toBeNull()
  })

  it('runs only when every contract has ended', () => {
    expect(loyaltyClock([{ status: 'ended', endDate: '2026-06-30' }], '2026-11-25')).toEqual({
      endsOn: '2028-06-30',
      daysLeft: 583
    })
    expect(
      loyaltyClock(
        [
          { status: 'ended', endDate: '2026-06-30' },
          { status: 'active', endDate: null }
        ],
        '2026-11-25'
      )
    ).toBeNull()
    expect(loyaltyClock([], '2026-11-25')).toBeNull()
    expect(loyaltyClock([{ status: 'ended', endDate: '2020-01-01' }], '2026-11-25')!.daysLeft).toBe(0)
  })
})
