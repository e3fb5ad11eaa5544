import { z } from 'zod'
import { queryInteger } from '../api/query-integer'
import { IdentityVerificationSchema, RecordedIdentityVerificationSchema } from './consent'
import { LanguageSchema } from './staff'

/**
 * Changing a client's data at the counter (issue 11): `PATCH /v1/clients/{id}` with If-Match,
 * and the history of such changes (`GET /v1/clients/{id}/history`).
 */

/** The fields a change may touch. Personal codes and registration numbers are never changed. */
export const CLIENT_CHANGE_FIELDS = [
  'phones',
  'email',
  'address',
  'language',
  'firstName',
  'lastName',
  'name'
] as const
export const ClientChangeFieldSchema = z.enum(CLIENT_CHANGE_FIELDS)
export type ClientChangeField = z.infer<typeof ClientChangeFieldSchema>

/** Only a supervisor may change a name (e.g. after a marriage); agents the contact data. */
export const NAME_FIELDS: readonly ClientChangeField[] = ['firstName', 'lastName', 'name']

/**
 * Body of PATCH /v1/clients/{id}. Strict: a personal code, a registration number or any other
 * field is refused (400), not ignored. A field left out is left as it is; `email` and `address`
 * may be `null` to remove them; `phones` is the whole new list (empty removes every phone).
 * Phones are parsed and normalised by the API (libphonenumber-js), so that each failing one is
 * named in the 400 answer. The identity verification is recorded with the change, in the shape
 * consent changes record it.
 */
export const UpdateClientRequestSchema = z.strictObject({
  phones: z.array(z.string().max(30)).max(10).optional(),
  email: z.email().max(200).nullable().optional(),
  address: z.string().trim().min(1).max(300).nullable().optional(),
  language: LanguageSchema.optional(),
  firstName: z.string().trim().min(1).max(100).optional(),
  lastName: z.string().trim().min(1).max(100).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  identityVerification: IdentityVerificationSchema
})
export type UpdateClientRequest = z.infer<typeof UpdateClientRequestSchema>

export const UpdateClientHeadersSchema = z.object({ 'if-match': z.string().optional() })

/**
 * One field's change as the history shows it. Phones are a list; phones and e-mail read back
 * masked, like the card's (the full values are revealed with a reason, never in a list).
 */
const ChangeValueSchema = z.union([z.string(), z.array(z.string()), z.null()])
export const ClientFieldChangeSchema = z.object({
  field: ClientChangeFieldSchema,
  before: ChangeValueSchema,
  after: ChangeValueSchema
})
export type ClientFieldChange = z.infer<typeof ClientFieldChangeSchema>

export const ClientHistoryEntrySchema = z.object({
  at: z.string(),
  actor: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string()
  }),
  /** The client's version this change produced. */
  version: z.number().int().positive(),
  identityVerification: RecordedIdentityVerificationSchema,
  changes: z.array(ClientFieldChangeSchema)
})
export type ClientHistoryEntry = z.infer<typeof ClientHistoryEntrySchema>

export const ClientHistoryQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: queryInteger({ min: 1, max: 100 }).default(50)
})

/** Newest first; `nextCursor` asks for the next older page, null on the last. */
export const ClientHistoryPageSchema = z.object({
  items: z.array(ClientHistoryEntrySchema),
  nextCursor: z.string().nullable()
})
export type ClientHistoryPage = z.infer<typeof ClientHistoryPageSchema>
