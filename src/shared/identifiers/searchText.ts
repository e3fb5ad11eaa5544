/**
 * Turning what staff type into the search box into something the API can look up.
 * The same folding runs on the server for the stored search key, so both sides must use this file.
 */

import { normalizeAccountNumber } from './accountNumber'
import { parsePersonalCode, type PersonalCodeFailure } from './personalCode'
import { normalizeLatvianPhone } from './phone'
import { parseRegistrationNumber, type RegistrationNumberFailure } from './registrationNumber'

export type QueryClassification =
  | { kind: 'personalCode'; compact: string }
  | { kind: 'registrationNumber'; compact: string }
  | { kind: 'phone'; e164: string }
  | { kind: 'account'; number: string }
  | { kind: 'name'; folded: string }
  | { kind: 'invalidIdentifier'; identifier: 'personalCode'; reason: PersonalCodeFailure }
  | {
      kind: 'invalidIdentifier'
      identifier: 'registrationNumber'
      reason: RegistrationNumberFailure
    }

// Characters that may surround the digits of a typed identifier: `(+371) 29-123-456`, `2912 3456`.
const NUMBER_LIKE_QUERY = /^[0-9\s()./+-]+$/
const VAT_PREFIXED_QUERY = /^lv[\s-]*[0-9][0-9\s-]*$/i

/**
 * Accent- and case-insensitive search key: `Bērziņš` → `berzins`, `ŌZOLS` → `ozols`.
 * A Latvian sort collator treats ā/š/ņ as separate letters and would not match these
 * (domain-research.md §4.4), so we fold instead: every Latvian letter decomposes under NFD.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('lv')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * Decides which lookup a query asks for. Identifier-shaped queries that fail their check digit or
 * date come back as `invalidIdentifier` (the API answers 400) rather than as a name search that
 * silently finds nothing.
 *
 * - `K` + 8 digits → account.
 * - `LV` + digits → registration number (the VAT form).
 * - 8 digits, or +371 / 00371 / 371 and 8 digits, starting 2/6/8/9 → phone.
 * - other 11 digits → personal code when the first digit is 0–3, otherwise registration number.
 * - everything else, including partial numbers, → name (folded), so a prefix search still works.
 */
export function classifyQuery(query: string): QueryClassification {
  const trimmed = query.trim()

  const accountNumber = normalizeAccountNumber(trimmed)
  if (accountNumber !== null) return { kind: 'account', number: accountNumber }

  if (VAT_PREFIXED_QUERY.test(trimmed)) return classifyRegistrationNumber(trimmed)

  if (NUMBER_LIKE_QUERY.test(trimmed)) {
    // Phone first: `371` + a mobile number is 11 digits starting `37`, which is also the shape of
    // a new-format personal code. PMLP has only issued `32…` codes so far, so phone is the
    // reading that finds someone.
    const e164 = normalizeLatvianPhone(trimmed)
    if (e164 !== null) return { kind: 'phone', e164 }

    const digits = trimmed.replace(/[^0-9]/g, '')
    if (digits.length === 11) {
      return digits[0]! <= '3' ? classifyPersonalCode(digits) : classifyRegistrationNumber(digits)
    }
  }

  return { kind: 'name', folded: foldForSearch(trimmed) }
}

function classifyPersonalCode(digits: string): QueryClassification {
  const parsed = parsePersonalCode(digits)
  if (!parsed.ok) {
    return { kind: 'invalidIdentifier', identifier: 'personalCode', reason: parsed.reason }
  }
  return { kind: 'personalCode', compact: parsed.compact }
}

function classifyRegistrationNumber(input: string): QueryClassification {
  const parsed = parseRegistrationNumber(input)
  if (!parsed.ok) {
    return { kind: 'invalidIdentifier', identifier: 'registrationNumber', reason: parsed.reason }
  }
  return { kind: 'registrationNumber', compact: parsed.compact }
}
