/**
 * Latvian phone numbers as typed into search, in the renderer and the API alike. Written by hand:
 * Latvia has a closed 8-digit plan with no trunk prefix (domain-research.md §3), so the whole rule
 * is "optional +371 / 00371 / 371, then 8 digits starting 2, 6, 8 or 9", and the renderer's bundle
 * need not carry libphonenumber-js for it. The API validates the phones it stores with
 * libphonenumber-js (server/clients/client-phone.ts).
 */

const COUNTRY_CODE = '371'
// 2 mobile, 6 fixed line, 80/81 toll-free and shared cost, 90 premium.
const NATIONAL_NUMBER = /^[2689][0-9]{7}$/
// People type separators of every kind: `(+371) 29-123-456`, `2912 3456`, `29.123.456`.
const SEPARATORS = /[\s()./-]/g

/** E.164 `+371XXXXXXXX` for a Latvian number written any common way, or null. */
export function normalizeLatvianPhone(input: string): string | null {
  const compact = input.replace(SEPARATORS, '')
  const international = /^(?:\+|00)?371([0-9]{8})$/.exec(compact)
  const nationalNumber = international ? international[1]! : compact
  if (!NATIONAL_NUMBER.test(nationalNumber)) return null
  return `+${COUNTRY_CODE}${nationalNumber}`
}

/** True for an E.164 Latvian mobile number (`+3712XXXXXXX`). */
export function isLatvianMobile(e164: string): boolean {
  return /^\+3712[0-9]{7}$/.test(e164)
}

/** `+371 29 123 456`, the grouping libphonenumber uses; other input is returned unchanged. */
export function formatPhone(e164: string): string {
  const parts = /^\+371([0-9]{2})([0-9]{3})([0-9]{3})$/.exec(e164)
  if (!parts) return e164
  return `+371 ${parts[1]} ${parts[2]} ${parts[3]}`
}

/** `+371 29 *** 456`: enough for the client to recognise their number, not enough to call it. */
export function maskPhone(e164: string): string {
  const parts = /^\+371([0-9]{2})[0-9]{3}([0-9]{3})$/.exec(e164)
  if (!parts) return e164.replace(/[0-9](?=[0-9]{3})/g, '*')
  return `+371 ${parts[1]} *** ${parts[2]}`
}
