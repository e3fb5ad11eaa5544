import { describe, expect, it } from 'vitest'
import {
  compareBySurname,
  editDistance,
  hasEveryWordWhole,
  interleaveEquallyNear,
  isWithinOneEdit,
  nameMatchScore,
  wordMatchScore
} from '../../src/server/clients/name-ranking'

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

  it('scores a typed prefix the same for both gender forms of a surname', () => {
    expect(nameMatchScore('ozolin', 'anna ozolina', 0.857)).toBe(
      nameMatchScore('ozolin', 'peteris ozolins', 0.857)
    )
  })

  it('ranks the whole word above a name it begins, and that above a typo', () => {
    // Trigram scores as word_similarity gives them for these pairs, roughly.
    const whole = nameMatchScore('roze', 'anna roze', 1)
    const prefix = nameMatchScore('roze', 'inga rozenberga', 0.8)
    const typo = nameMatchScore('roze', 'zane roza', 0.5)
    expect(whole).toBe(1)
    expect(prefix).toBeLessThan(whole)
    expect(typo).toBeLessThan(prefix)
    // However similar the whole name, a prefix never reaches the whole word.
    expect(nameMatchScore('berzin', 'anna berzina', 1)).toBeLessThan(1)
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

describe('compareBySurname', () => {
  it('orders by folded surname, then first name, then id: not by "First Last"', () => {
    const people = [
      { firstName: 'zane', surname: 'berzina', id: '1' },
      { firstName: 'andris', surname: 'berzins', id: '2' },
      { firstName: 'anna', surname: 'berzina', id: '4' },
      { firstName: 'anna', surname: 'berzina', id: '3' }
    ]
    expect([...people].sort(compareBySurname).map((person) => person.id)).toEqual([
      '3',
      '4',
      '1',
      '2'
    ])
  })
})

describe('hasEveryWordWhole', () => {
  it.each([
    ['berzina', 'anna berzina', true],
    ['anna berzina', 'anna berzina', true],
    ['kalnini', 'sia "kalnini"', true],
    ['berzin', 'anna berzina', false],
    ['roze', 'inga rozenberga', false],
    ['anna berzina', 'anna berzins', false]
  ])('%j in %j: %s', (query, name, expected) => {
    expect(hasEveryWordWhole(query, name)).toBe(expected)
  })
})

describe('interleaveEquallyNear', () => {
  const rank = (query: string, ranked: string[]): string[] =>
    interleaveEquallyNear(
      ranked,
      (name) => wordMatchScore(query, name)!,
      (name) => name.split(' ')[1]!
    )

  it('lets two surnames a typo is equally near take turns, each in its own order', () => {
    const ranked = [
      'anna strazda',
      'ilze strazda',
      'maija strazda',
      'janis strazds',
      'juris strazds'
    ]
    expect(rank('strazdd', ranked)).toEqual([
      'anna strazda',
      'janis strazds',
      'ilze strazda',
      'juris strazds',
      'maija strazda'
    ])
  })

  it('lets two surnames an unfinished word begins equally take turns', () => {
    expect(rank('ozol', ['anna ozola', 'ilze ozola', 'juris ozols'])).toEqual([
      'anna ozola',
      'juris ozols',
      'ilze ozola'
    ])
  })

  it('keeps whole-word matches as ranked, and a nearer match before a farther one', () => {
    const whole = ['anna kalna', 'juris kalna', 'ilze kalns']
    expect(rank('kalna', whole)).toEqual(whole)
    // ozola and ozols are one edit from "ozolq"; ozolins is three away and stays last.
    expect(rank('ozolq', ['anna ozola', 'ilze ozola', 'maris ozols', 'juris ozolins'])).toEqual([
      'anna ozola',
      'maris ozols',
      'ilze ozola',
      'juris ozolins'
    ])
  })
})
