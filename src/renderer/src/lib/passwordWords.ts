import type { TFunction } from 'i18next'
import {
  passwordProblemOf,
  passwordProblems,
  type PasswordProblem
} from '../../../shared/domain/password-policy'
import type { BridgeError } from './ipc-client'

/**
 * The password rules in the user's words. The desk checks what it can before sending (length,
 * the username and name, one repeated character); the common-password list is the API's, whose
 * field errors carry the same rule names (`PASSWORD_PROBLEM_MESSAGES`).
 */
export function localPasswordProblems(
  password: string,
  context: { username?: string; displayName?: string }
): PasswordProblem[] {
  return passwordProblems(password, context)
}

export function passwordProblemTexts(t: TFunction, problems: readonly PasswordProblem[]): string[] {
  return problems.map((problem) => t(`password.problems.${problem}`))
}

/**
 * The API's field errors for `field`, in words: a password rule by its name, anything else
 * as "not valid". Empty when the error names no such field.
 */
export function fieldErrorTexts(t: TFunction, error: BridgeError | null, field: string): string[] {
  const fields = error?.fields?.filter((item) => item.path === field) ?? []
  return fields.map((item) => {
    const problem = passwordProblemOf(item.message)
    if (problem) return t(`password.problems.${problem}`)
    if (item.message === 'is not your current password') return t('password.wrongCurrent')
    if (item.message === 'is taken') return t('staff.errors.usernameTaken')
    return t('password.fieldInvalid')
  })
}

// No 0/O, 1/l/I: the admin reads it out or writes it down for the person.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'

/**
 * A one-time password for the admin to hand over: four groups of five (about 100 bits), easy to
 * read aloud. Made here, sent once to the API (which stores a hash), shown once, then dropped.
 */
export function generateOneTimePassword(
  random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)
): string {
  const bytes = random(new Uint8Array(20))
  const letters = Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length])
  return [0, 5, 10, 15].map((start) => letters.slice(start, start + 5).join('')).join('-')
}
