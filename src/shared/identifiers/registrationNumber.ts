/**
 * Latvian company registration number, which is also the LV VAT number without its `LV` prefix.
 * 11 digits, first digit above 3 (a natural person's VAT number is their personal code instead),
 * and Σ wᵢ·dᵢ mod 11 = 3 (domain-research.md §2).
 */

const CHECKSUM_WEIGHTS = [9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1] as const
const CHECKSUM_REMAINDER = 3

export type RegistrationNumberFailure = 'format' | 'checksum'

export type ParsedRegistrationNumber =
  | { ok: true; /** 11 digits, no prefix or spaces. */ compact: string }
  | { ok: false; reason: RegistrationNumberFailure }

/** Σ wᵢ·dᵢ mod 11 over all 11 digits; valid numbers give 3. */
export function registrationNumberChecksum(compact: string): number {
  let weightedSum = 0
  for (let i = 0; i < CHECKSUM_WEIGHTS.length; i++) {
    weightedSum += CHECKSUM_WEIGHTS[i]! * (compact.charCodeAt(i) - 48)
  }
  return weightedSum % 11
}

/**
 * The last digit that makes the first ten digits of `digits` valid, or null when none exists
 * (the required digit would be 10, which happens for about one prefix in eleven).
 */
export function registrationNumberCheckDigit(digits: string): number | null {
  const withZero = digits.slice(0, 10) + '0'
  // The last weight is 1, so the check digit is simply what is missing to reach remainder 3.
  const checkDigit = (CHECKSUM_REMAINDER - registrationNumberChecksum(withZero) + 11) % 11
  return checkDigit === 10 ? null : checkDigit
}

/** Digits of a query with an optional `LV` prefix, spaces and hyphens removed. */
export function compactRegistrationNumber(input: string): string {
  return input
    .trim()
    .replace(/^lv/i, '')
    .replace(/[\s-]/g, '')
}

/** Accepts `40003521600`, `LV40003521600`, `LV 4000 3521 600`, `lv-40003521600`. */
export function parseRegistrationNumber(input: string): ParsedRegistrationNumber {
  const compact = compactRegistrationNumber(input)
  if (!/^[4-9][0-9]{10}$/.test(compact)) return { ok: false, reason: 'format' }
  if (registrationNumberChecksum(compact) !== CHECKSUM_REMAINDER) {
    return { ok: false, reason: 'checksum' }
  }
  return { ok: true, compact }
}

/**
 * True for the shape a search should treat as a registration number: 11 digits starting 4–9, or
 * any 11 digits after an `LV` prefix (the VAT form), spaces and hyphens allowed.
 */
export function looksLikeRegistrationNumber(query: string): boolean {
  const trimmed = query.trim()
  if (!/^(lv)?[0-9\s-]+$/i.test(trimmed)) return false
  const digits = compactRegistrationNumber(trimmed)
  if (!/^[0-9]{11}$/.test(digits)) return false
  return /^lv/i.test(trimmed) || digits[0]! >= '4'
}
