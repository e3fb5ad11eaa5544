/**
 * The identifier spaces the generator draws from, each as a numbered list of positions with an
 * encoder (position → identifier) and a decoder (identifier → position, used to hold the fixture
 * clients' identifiers back). Every encoded value is valid for the shared parsers.
 */

import { parsePersonalCode, pkCheckDigit } from '../../shared/identifiers/personalCode'
import {
  parseRegistrationNumber,
  registrationNumberCheckDigit
} from '../../shared/identifiers/registrationNumber'

export interface IdentifierEncoding {
  /** Number of positions. */
  readonly size: number
  encode(position: number): string
  /** The position of a value, or null when the value is not in this space. */
  decode(value: string): number | null
}

const MS_PER_DAY = 86_400_000
const SERIALS_PER_DAY = 1000

/** Birth dates of old-format codes in the demo data; old codes stopped being issued in 2017. */
export const FIRST_BIRTH_DATE = '1935-01-01'
export const LAST_BIRTH_DATE = '2007-12-31'

const firstBirthDay = Date.parse(FIRST_BIRTH_DATE) / MS_PER_DAY
const birthDayCount = Date.parse(LAST_BIRTH_DATE) / MS_PER_DAY - firstBirthDay + 1

/**
 * Old format `DDMMYY-CNNNQ`: position = birth day × 1000 + serial NNN, so every (date, serial)
 * pair is one code: about 26.6 million of them.
 */
export const OLD_PERSONAL_CODES: IdentifierEncoding = {
  size: birthDayCount * SERIALS_PER_DAY,
  encode(position) {
    const date = new Date((firstBirthDay + Math.floor(position / SERIALS_PER_DAY)) * MS_PER_DAY)
    const year = date.getUTCFullYear()
    const firstTen =
      pad(date.getUTCDate(), 2) +
      pad(date.getUTCMonth() + 1, 2) +
      pad(year % 100, 2) +
      String(Math.floor(year / 100) - 18) +
      pad(position % SERIALS_PER_DAY, 3)
    return firstTen + String(pkCheckDigit(firstTen))
  },
  decode(value) {
    const parsed = parsePersonalCode(value)
    if (!parsed.ok || parsed.format !== 'old' || parsed.birthDate === undefined) return null
    const day = Date.parse(parsed.birthDate) / MS_PER_DAY - firstBirthDay
    if (day < 0 || day >= birthDayCount) return null
    return day * SERIALS_PER_DAY + Number(value.slice(7, 10))
  }
}

/** New format: `32`, eight free digits, then the check digit: 100 million codes. */
export const NEW_PERSONAL_CODES: IdentifierEncoding = {
  size: 100_000_000,
  encode(position) {
    const firstTen = '32' + pad(position, 8)
    return firstTen + String(pkCheckDigit(firstTen))
  },
  decode(value) {
    const parsed = parsePersonalCode(value)
    if (!parsed.ok || !parsed.compact.startsWith('32')) return null
    return Number(parsed.compact.slice(2, 10))
  }
}

// Second digits of mobile numbers that libphonenumber's strict ("max") metadata accepts in full;
// parts of the 23 range are unallocated, so the demo data stays out of it.
const MOBILE_SECOND_DIGITS = '012456789'
const NUMBERS_PER_SECOND_DIGIT = 1_000_000

/** Mobile numbers `+3712X XXXXXX`, X ≠ 3: 9 million numbers. */
export const MOBILE_PHONES: IdentifierEncoding = {
  size: MOBILE_SECOND_DIGITS.length * NUMBERS_PER_SECOND_DIGIT,
  encode(position) {
    const secondDigit = MOBILE_SECOND_DIGITS[Math.floor(position / NUMBERS_PER_SECOND_DIGIT)]!
    return `+3712${secondDigit}${pad(position % NUMBERS_PER_SECOND_DIGIT, 6)}`
  },
  decode(value) {
    const match = /^\+3712([0-9])([0-9]{6})$/.exec(value)
    if (!match) return null
    const block = MOBILE_SECOND_DIGITS.indexOf(match[1]!)
    return block < 0 ? null : block * NUMBERS_PER_SECOND_DIGIT + Number(match[2])
  }
}

const FIRST_ACCOUNT_NUMBER = 10_000_000

/** Account numbers `K` + 8 digits without a leading zero: 90 million numbers. */
export const ACCOUNT_NUMBERS: IdentifierEncoding = {
  size: 100_000_000 - FIRST_ACCOUNT_NUMBER,
  encode(position) {
    return `K${FIRST_ACCOUNT_NUMBER + position}`
  },
  decode(value) {
    return /^K[1-9][0-9]{7}$/.test(value) ? Number(value.slice(1)) - FIRST_ACCOUNT_NUMBER : null
  }
}

// Prefixes seen on real commercial-company numbers (40003…, 40103…, 40203…, 42103…, 50003…,
// 54103…). 9000… belongs to state and municipal institutions, which the demo has none of.
const REGISTRATION_PREFIXES = ['4000', '4010', '4020', '4210', '5000', '5010', '5410'] as const
const SERIALS_PER_PREFIX = 100_000
// For each first nine digits, at most one tenth digit leaves no valid check digit, so nine tenth
// digits always work. Using exactly nine keeps the mapping a bijection without gaps.
const TENTH_DIGITS_USED = 9

/** Registration numbers: prefix, 5 serial digits, a tenth digit, the check digit: 6.3 million. */
export const REGISTRATION_NUMBERS: IdentifierEncoding = {
  size: REGISTRATION_PREFIXES.length * SERIALS_PER_PREFIX * TENTH_DIGITS_USED,
  encode(position) {
    const perPrefix = SERIALS_PER_PREFIX * TENTH_DIGITS_USED
    const withinPrefix = position % perPrefix
    const firstNine =
      REGISTRATION_PREFIXES[Math.floor(position / perPrefix)]! +
      pad(Math.floor(withinPrefix / TENTH_DIGITS_USED), 5)
    const tenthDigit = usableTenthDigits(firstNine)[withinPrefix % TENTH_DIGITS_USED]!
    const firstTen = firstNine + String(tenthDigit)
    return firstTen + String(registrationNumberCheckDigit(firstTen))
  },
  decode(value) {
    if (!parseRegistrationNumber(value).ok) return null
    const prefixIndex = (REGISTRATION_PREFIXES as readonly string[]).indexOf(value.slice(0, 4))
    const rank = usableTenthDigits(value.slice(0, 9)).indexOf(Number(value[9]))
    if (prefixIndex < 0 || rank < 0) return null
    const serial = Number(value.slice(4, 9))
    return (prefixIndex * SERIALS_PER_PREFIX + serial) * TENTH_DIGITS_USED + rank
  }
}

/** The first nine tenth digits (ascending) that give `firstNine` a valid check digit. */
function usableTenthDigits(firstNine: string): number[] {
  const usable: number[] = []
  for (let digit = 0; digit <= 9 && usable.length < TENTH_DIGITS_USED; digit++) {
    if (registrationNumberCheckDigit(firstNine + String(digit)) !== null) usable.push(digit)
  }
  return usable
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0')
}
