import { describe, expect, it } from 'vitest'
import { malformedQueryFields } from '../../src/server/http/input-rules'

/** Whether one name or value decodes, field by field: what malformedQueryFields must agree with. */
function decodes(text: string): boolean {
  try {
    decodeURIComponent(text.replaceAll('+', ' '))
    return true
  } catch {
    return false
  }
}

/** A small seeded generator (mulberry32), so a failure names the query that broke it. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Pieces of queries, valid and not: whole and cut UTF-8 escapes (ā is %C4%81, a three-byte
// character starts %E0), bad hex, separators, pluses.
const PIECES = ['q', 'a', '+', '%20', '%C4%81', '%C4', '%81', '%E0%A4', '%E0', '%zz', '%', '&', '=']

describe('malformedQueryFields', () => {
  it('names exactly the fields that do not decode, on queries drawn from seed 20261202', () => {
    const next = random(20261202)
    let malformed = 0
    for (let round = 0; round < 5000; round++) {
      const length = 1 + Math.floor(next() * 8)
      const query = Array.from({ length }, () => PIECES[Math.floor(next() * PIECES.length)]!).join(
        ''
      )
      const expected = query
        .split('&')
        .filter((pair) => pair !== '')
        .filter((pair) => {
          const [name = '', ...rest] = pair.split('=')
          return !decodes(name) || !decodes(rest.join('='))
        }).length
      const found = malformedQueryFields(`/v1/clients?${query}`)
      expect(found.length, query).toBe(expected)
      if (expected > 0) malformed++
    }
    // The draw holds both kinds, or the comparison above says little.
    expect(malformed).toBeGreaterThan(500)
    expect(malformed).toBeLessThan(4500)
  })

  it('reads a well-formed query as clean and names a broken field', () => {
    expect(malformedQueryFields('/v1/clients?q=B%C4%93rzi%C5%86%C5%A1&limit=20')).toEqual([])
    expect(malformedQueryFields('/v1/clients?limit=20&q=%E0%A4')).toEqual([
      { path: 'q', message: 'is not valid percent-encoded UTF-8' }
    ])
    expect(malformedQueryFields('/v1/clients')).toEqual([])
  })
})
