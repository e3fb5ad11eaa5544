import { maskPersonalCode } from '../../shared/identifiers/personalCode'

/** The client columns a receipt or report names the client by. */
export interface ClientIdentityRow {
  kind: 'private' | 'business'
  first_name: string | null
  last_name: string | null
  name: string | null
  personal_code: string | null
  registration_number: string | null
}

/**
 * The client as paper shows them: a person's first and last name with the personal code masked
 * as every list of the API masks it (`120389-*****`); a company's name with its registration
 * number, which is public (the Register of Enterprises publishes it) and shown whole everywhere.
 */
export function clientIdentity(row: ClientIdentityRow): {
  name: string
  maskedCode: string | null
} {
  if (row.kind === 'business') {
    return { name: row.name ?? '', maskedCode: row.registration_number }
  }
  return {
    name: `${row.first_name ?? ''} ${row.last_name ?? ''}`.trim(),
    maskedCode: row.personal_code === null ? null : maskPersonalCode(row.personal_code)
  }
}
