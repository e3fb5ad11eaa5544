/**
 * Latvian personal identity code (personas kods), both generations.
 *
 * Old format `DDMMYY-CNNNQ` (issued until 2017-06-30): birth date, century digit, serial number,
 * check digit. New format `3[2-9]…` (from 2017-07-01): random digits. PMLP publishes no check
 * digit for it, but every real example passes the old mod-11 rule (domain-research.md §1.3), and
 * the product decision is that a personal-code query failing its check digit is rejected, so we
 * enforce it for both formats.
 */

// Weights of the old-format check digit; see domain-research.md §1.2.
const CHECK_DIGIT_WEIGHTS = [1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const

// Only ASCII digits: `\d` with the `u` flag would still be ASCII, but say it plainly.
const PERSONAL_CODE_SHAPE = /^([0-9]{6})-?([0-9]{5})$/

export type PersonalCodeFormat = 'old' | 'new'
export type PersonalCodeFailure = 'format' | 'century' | 'date' | 'checksum'

/**
 * What each failure means, as the API words it after a field name (`personalCode fails its check
 * digit`). The desk shows its own translations (`lookup.invalid.personalCode_<reason>`).
 */
export const PERSONAL_CODE_FAILURE_MESSAGES: Readonly<Record<PersonalCodeFailure, string>> = {
  format: 'is not in the form DDMMYY-NNNNN',
  century: 'has an impossible century digit',
  date: 'does not encode a real birth date',
  checksum: 'fails its check digit'
}

export type ParsedPersonalCode =
  | {
      ok: true
      format: PersonalCodeFormat
      /** 11 digits, no hyphen. */
      compact: string
      /** ISO `YYYY-MM-DD`; only old-format codes carry a birth date. */
      birthDate?: string
      /** Always true for an accepted code (we reject mismatches); kept so callers can say so. */
      checkDigitOk: boolean
    }
  | { ok: false; reason: PersonalCodeFailure }

/**
 * The check digit for the first ten digits of `digits` (10 or 11 ASCII digits):
 * `((1101 − Σ wᵢ·dᵢ) mod 11) mod 10`. A raw result of 10 maps to 0; validator.js ≤ 13.15.35 gets
 * this wrong and rejects about 9% of real codes, so do not "fix" the final `% 10`.
 */
export function pkCheckDigit(digits: string): number {
  let weightedSum = 0
  for (let i = 0; i < CHECK_DIGIT_WEIGHTS.length; i++) {
    weightedSum += CHECK_DIGIT_WEIGHTS[i]! * (digits.charCodeAt(i) - 48)
  }
  return ((1101 - weightedSum) % 11) % 10
}

/** New-format codes start 3 then 2–9; an old code can start with 3 only for days 30 and 31. */
export function isNewFormatPersonalCode(compact: string): boolean {
  return compact[0] === '3' && compact[1]! >= '2'
}

/** Accepts `DDMMYY-NNNNN` or 11 digits, with surrounding whitespace. */
export function parsePersonalCode(input: string): ParsedPersonalCode {
  const match = PERSONAL_CODE_SHAPE.exec(input.trim())
  if (!match) return { ok: false, reason: 'format' }
  const compact = match[1]! + match[2]!
  const checkDigitOk = pkCheckDigit(compact) === compact.charCodeAt(10) - 48

  if (isNewFormatPersonalCode(compact)) {
    if (!checkDigitOk) return { ok: false, reason: 'checksum' }
    return { ok: true, format: 'new', compact, checkDigitOk }
  }

  const centuryDigit = compact.charCodeAt(6) - 48
  if (centuryDigit > 2) return { ok: false, reason: 'century' }
  const birthDate = birthDateOf(compact, centuryDigit)
  if (birthDate === null) return { ok: false, reason: 'date' }
  if (!checkDigitOk) return { ok: false, reason: 'checksum' }
  return { ok: true, format: 'old', compact, birthDate, checkDigitOk }
}

/** `DDMMYY-NNNNN`, the official written form. Anything not 11 digits is returned unchanged. */
export function formatPersonalCode(compact: string): string {
  if (!/^[0-9]{11}$/.test(compact)) return compact
  return `${compact.slice(0, 6)}-${compact.slice(6)}`
}

/**
 * `120389-*****`: lists show the first six digits only. For an old code that is still the birth
 * date, which staff need to tell namesakes apart; the serial and check digit stay hidden.
 */
export function maskPersonalCode(compact: string): string {
  const digits = compact.replace('-', '')
  return `${digits.slice(0, 6)}-*****`
}

/**
 * True for the shape a search should treat as a personal code: 11 digits, optional hyphen after
 * the sixth, first digit 0–3. Registration numbers are also 11 digits but start with 4–9.
 */
export function looksLikePersonalCode(query: string): boolean {
  return /^[0-3][0-9]{5}-?[0-9]{5}$/.test(query.trim())
}

/** ISO birth date, or null when DDMMYY is not a real calendar day in the encoded century. */
function birthDateOf(compact: string, centuryDigit: number): string | null {
  const day = Number(compact.slice(0, 2))
  const month = Number(compact.slice(2, 4))
  const year = 1800 + 100 * centuryDigit + Number(compact.slice(4, 6))
  // Date.UTC rolls 31.02 over into March, so a round trip tells real dates from impossible ones.
  const date = new Date(Date.UTC(year, month - 1, day))
  const isRealDate =
    month >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  if (!isRealDate) return null
  return date.toISOString().slice(0, 10)
}
