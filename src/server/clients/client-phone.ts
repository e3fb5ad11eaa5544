import { parsePhoneNumberFromString } from 'libphonenumber-js'

/**
 * A client's Latvian phone number as E.164, parsed with libphonenumber-js (any common way of
 * writing it: `29 123 456`, `+371 2912 3456`, `00371-29123456`), or null. What the API stores, at
 * registration and at a change of the client's data alike. Only Latvian numbers are taken: search
 * looks phones up as Latvian numbers (shared/identifiers/phone.ts classifies what is typed).
 */
export function parseClientPhone(input: string): string | null {
  const parsed = parsePhoneNumberFromString(input, 'LV')
  if (!parsed || !parsed.isValid() || parsed.country !== 'LV') return null
  return parsed.number
}
