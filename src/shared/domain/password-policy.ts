/**
 * Passwords per NIST SP 800-63B §3.1.1.2 (rev. 4): length is what counts, not composition.
 * - at least 12 and at most 128 characters, counted as Unicode code points after NFKC
 *   normalisation (so `ﬁ` and `fi`, or a composed and a decomposed `ā`, are the same password);
 * - not on a list of commonly used or breached passwords (compared case-insensitively);
 * - not built on context words: the username, the display name, the product's name;
 * - not one character repeated;
 * - no rules such as "one digit and one capital", and any character is allowed, spaces included.
 *
 * Pure and shared: the API enforces it (with the common-password list, which stays on the
 * server), and the desk checks the same rules as the user types and turns the API's field errors
 * into words, matching each error's message against `PASSWORD_PROBLEM_MESSAGES`.
 */

export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 128

export const PASSWORD_PROBLEMS = [
  'too_short',
  'too_long',
  'common',
  'contains_username',
  'contains_name',
  'repetitive',
  /** A change to the same password (the service checks this one: it needs the current one). */
  'reused'
] as const
export type PasswordProblem = (typeof PASSWORD_PROBLEMS)[number]

/**
 * The field error message the API sends for each problem: English for people reading the raw
 * answer, and stable, so the desk can show the problem in the user's language.
 */
export const PASSWORD_PROBLEM_MESSAGES: Readonly<Record<PasswordProblem, string>> = {
  too_short: `must be at least ${PASSWORD_MIN_LENGTH} characters long`,
  too_long: `must be at most ${PASSWORD_MAX_LENGTH} characters long`,
  common: 'is a commonly used password',
  contains_username: 'must not contain the username',
  contains_name: "must not contain the person's name",
  repetitive: 'must not be one character repeated',
  reused: 'must differ from the current password'
}

/** The problem a field error message names, if it is one of the password messages. */
export function passwordProblemOf(message: string): PasswordProblem | undefined {
  return PASSWORD_PROBLEMS.find((problem) => PASSWORD_PROBLEM_MESSAGES[problem] === message)
}

/** NFKC, as NIST asks, before counting, comparing or hashing. */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC')
}

/** Unicode code points, not UTF-16 units: an emoji or a rare CJK character counts once. */
export function passwordLength(password: string): number {
  return [...normalisePassword(password)].length
}

// Words whose presence makes a password guessable from its context alone.
const PRODUCT_WORDS = ['consentdesk', 'consent desk']
// A name part shorter than this (initials, "de", "Li") is too common a substring to refuse.
const MIN_NAME_PART = 4
const MIN_USERNAME = 3

export interface PasswordContext {
  username?: string | undefined
  displayName?: string | undefined
  /** True when the password is on the common-password list (given lower-cased and normalised). */
  isCommon?: (normalisedLowerCase: string) => boolean
}

/**
 * Every rule the password breaks, in a fixed order; empty when it is acceptable. A password that
 * is too long is only reported as that (the other checks are not worth running on it).
 */
export function passwordProblems(
  password: string,
  context: PasswordContext = {}
): PasswordProblem[] {
  const normalised = normalisePassword(password)
  const length = [...normalised].length
  if (length > PASSWORD_MAX_LENGTH) return ['too_long']

  const problems: PasswordProblem[] = []
  if (length < PASSWORD_MIN_LENGTH) problems.push('too_short')
  const lower = normalised.toLocaleLowerCase('en')
  if (context.isCommon?.(lower) || PRODUCT_WORDS.some((word) => lower.includes(word))) {
    problems.push('common')
  }
  const username = context.username?.normalize('NFKC').toLocaleLowerCase('en').trim()
  if (username && username.length >= MIN_USERNAME && lower.includes(username)) {
    problems.push('contains_username')
  }
  const nameParts = (context.displayName ?? '')
    .normalize('NFKC')
    .toLocaleLowerCase('en')
    .split(/[\s\-.'’]+/u)
    .filter((part) => [...part].length >= MIN_NAME_PART)
  if (nameParts.some((part) => lower.includes(part))) problems.push('contains_name')
  if (length > 0 && new Set(normalised).size === 1) problems.push('repetitive')
  return problems
}
