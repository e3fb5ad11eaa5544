import { describe, expect, it } from 'vitest'
import { editDistance, isWithinOneEdit, nameMatchScore } from '../../src/server/clients/name-ranking'

describe('editDistance', () => {
  it.each([
    ['berzins', 'berzins', 0],
    ['berzims', 'berzins', 1],
    ['berzims', 'berzina', 2],
    ['ozolnis', 'ozolins', 1],
    ['', 'abc', 3]
  ])('%s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance)
  })
})

describe('nameMatchScore', () => {
  it('ranks the name one letter away above the name two letters away', () => {
    expect(nameMatchScore('berzims', 'janis berzins', 0.625)).toBeGreaterThan(
      nameMatchScore('berzims', 'anna berzina', 0.625)
    )
  })

  it('gives a typed prefix of a word the full word score', () => {
    expect(nameMatchScore('ozolin', 'anna ozolina', 0.857)).toBe(
      nameMatchScore('ozolin', 'peteris ozolins', 0.857)
    )
    expect(nameMatchScore('ozolin', 'anna ozolina', 1)).toBe(1)
  })

  it('rewards matching every typed word', () => {
    expect(nameMatchScore('janis berzins', 'janis berzins', 1)).toBeGreaterThan(
      nameMatchScore('janis berzins', 'peteris berzins', 0.64)
    )
  })
})

describe('isWithinOneEdit', () => {
  it.each([
    ['cklms', 'janis celms', true],
    ['celms', 'janis celms', true],
    ['cel', 'janis celms', true],
    ['janis cklms', 'janis celms', true],
    ['ckkms', 'janis celms', false],
    ['janis cklms', 'anna celma', false]
  ])('%j against %j: %s', (query, name, expected) => {
    expect(isWithinOneEdit(query, name)).toBe(expected)
  })
})
