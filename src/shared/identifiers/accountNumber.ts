/**
 * Account / contract numbers in Consent Desk: `K` followed by 8 digits, e.g. `K10234567`.
 * The letter keeps them apart from every other identifier a search accepts (8-digit phones,
 * 11-digit personal codes and registration numbers), so a query is never ambiguous.
 */

export const ACCOUNT_NUMBER_PATTERN = /^K[0-9]{8}$/

/** `K10234567` from `k10234567`, ` K 1023 4567 ` or `K-10234567`; null for anything else. */
export function normalizeAccountNumber(input: string): string | null {
  const candidate = input.replace(/[\s-]/g, '').toUpperCase()
  return ACCOUNT_NUMBER_PATTERN.test(candidate) ? candidate : null
}

/** True when the query is an account number, case-insensitive and spacing-tolerant. */
export function isAccountNumber(query: string): boolean {
  return normalizeAccountNumber(query) !== null
}
