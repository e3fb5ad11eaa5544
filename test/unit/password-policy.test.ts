import { describe, expect, it } from 'vitest'
import { isCommonPassword } from '../../src/server/auth/common-passwords'
import {
  PASSWORD_PROBLEM_MESSAGES,
  PASSWORD_PROBLEMS,
  passwordLength,
  passwordProblemOf,
  passwordProblems
} from '../../src/shared/domain/password-policy'

const check = (password: string, context = {}) =>
  passwordProblems(password, { isCommon: isCommonPassword, ...context })

describe('password rules (NIST SP 800-63B)', () => {
  it('accepts 12 characters of anything, with no composition rules', () => {
    expect(check('abcdefghijkm')).toEqual([])
    expect(check('all lower case words')).toEqual([])
    expect(check('ļoti garš latviešu teikums')).toEqual([])
    expect(check('очень длинный пароль')).toEqual([])
  })

  it('counts code points after NFKC', () => {
    expect(passwordLength('🦊'.repeat(3))).toBe(3)
    expect(passwordLength('ﬁ')).toBe(2)
    expect(passwordLength('a\u0304')).toBe(1)
    expect(check('🦊🐻🐼🐨🐯🦁🐮🐷🐸🐵🐔')).toEqual(['too_short'])
  })

  it('refuses more than 128 characters, and reports only that', () => {
    expect(check('ab'.repeat(64))).toEqual([])
    expect(check('ab'.repeat(64) + 'c')).toEqual(['too_long'])
  })

  it('refuses common passwords case-insensitively, loading the list once', () => {
    expect(check('qwerty123456')).toEqual(['common'])
    expect(check('QwErTy123456')).toEqual(['common'])
    expect(isCommonPassword('1qaz2wsx3edc')).toBe(true)
    expect(isCommonPassword('harbour-lantern-violet-29')).toBe(false)
  })

  it('refuses the username, a part of the name, the product name and one repeated character', () => {
    const context = { username: 'liga.k', displayName: 'Līga Kalniņa' }
    expect(check('hello-liga.k-2026', context)).toEqual(['contains_username'])
    expect(check('KALNIŅA and the sea', context)).toEqual(['contains_name'])
    // Short name parts (initials, "Li") are too common to refuse.
    expect(check('li is fine as a part', { displayName: 'Li Wu' })).toEqual([])
    expect(check('my consent desk password')).toEqual(['common'])
    expect(check('zzzzzzzzzzzzzz')).toEqual(['repetitive'])
  })

  it('gives each problem a distinct message the desk can recognise', () => {
    const messages = PASSWORD_PROBLEMS.map((problem) => PASSWORD_PROBLEM_MESSAGES[problem])
    expect(new Set(messages).size).toBe(PASSWORD_PROBLEMS.length)
    for (const problem of PASSWORD_PROBLEMS) {
      expect(passwordProblemOf(PASSWORD_PROBLEM_MESSAGES[problem])).toBe(problem)
    }
    expect(passwordProblemOf('is required')).toBeUndefined()
  })
})
