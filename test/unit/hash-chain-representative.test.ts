import { describe, expect, it } from 'vitest'
import {
  canonicalEventJson,
  eventHash,
  type ChainedEventFields
} from '../../src/server/consents/hash-chain'

const EVENT: ChainedEventFields = {
  id: '00000000-0000-4000-8000-000000000001',
  clientId: '00000000-0000-4000-8000-0000000000c1',
  seq: 1,
  version: 1,
  purpose: 'offers',
  channel: 'email',
  action: 'given',
  at: '2026-11-25T09:00:00.000Z',
  source: 'customer_centre',
  actorKind: 'staff',
  actorId: 's1',
  centre: 'riga',
  identityMethod: 'id_card',
  documentLast4: '1234',
  noticeVersion: 1,
  language: 'lv',
  receiptId: null
}

const JANIS = {
  representativeName: 'Jānis Bērziņš',
  representativePersonalCode: '12038912346',
  representativeBasis: 'board_member'
}

describe('hash chain with a business representative', () => {
  it('hashes an event without one exactly as before representatives existed', () => {
    // Pinned from the format before migration 008: a changed value here breaks every stored chain.
    expect(eventHash(null, EVENT)).toBe(
      '920ca5853247f251e58dc353ee69e939d730383ccaffb78027133bee160b29be'
    )
    expect(eventHash('abc', EVENT)).toBe(
      '334a1abddeb65c085b899bfa4da64259fa1b66c0c14609d4c52753493c6cbe39'
    )
    const nulls = {
      ...EVENT,
      representativeName: null,
      representativePersonalCode: null,
      representativeBasis: null
    }
    expect(canonicalEventJson(nulls)).toBe(canonicalEventJson(EVENT))
    expect(canonicalEventJson(EVENT)).not.toContain('representative')
  })

  it('appends the representative as the last key, with the whole personal code', () => {
    expect(canonicalEventJson({ ...EVENT, ...JANIS })).toBe(
      canonicalEventJson(EVENT).slice(0, -1) +
        ',"representative":{"name":"Jānis Bērziņš","personalCode":"12038912346","basis":"board_member"}}'
    )
  })

  it('any change to the representative, even a half-erased one, changes the hash', () => {
    const hashes = [
      eventHash(null, EVENT),
      eventHash(null, { ...EVENT, ...JANIS }),
      eventHash(null, { ...EVENT, ...JANIS, representativeName: 'Pēteris Ozoliņš' }),
      eventHash(null, { ...EVENT, ...JANIS, representativePersonalCode: '23115810786' }),
      eventHash(null, { ...EVENT, ...JANIS, representativeBasis: 'power_of_attorney' }),
      eventHash(null, { ...EVENT, ...JANIS, representativeBasis: null })
    ]
    expect(new Set(hashes).size).toBe(hashes.length)
  })
})
