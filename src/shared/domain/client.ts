import { z } from 'zod'
import { queryInteger } from '../api/query-integer'
import { ConsentStateSchema } from './consent'
import { LanguageSchema } from './staff'

export const ClientKindSchema = z.enum(['private', 'business'])
export type ClientKind = z.infer<typeof ClientKindSchema>

export const ContractStatusSchema = z.enum(['active', 'suspended', 'ended'])
export type ContractStatus = z.infer<typeof ContractStatusSchema>

const IsoDateSchema = z.iso.date()

export const ContractSchema = z.object({
  number: z.string().min(1).max(40),
  status: ContractStatusSchema,
  startDate: IsoDateSchema,
  endDate: IsoDateSchema.nullish()
})
export type Contract = z.infer<typeof ContractSchema>

/**
 * A client as GET /v1/clients/{id} returns it: the personal code, phones and e-mail masked
 * (`120389-*****`, `+371 29 *** 456`, `a***@gmail.com`); POST /v1/clients/{id}/reveal gives them
 * whole, with a reason, and logs it. A company's registration number is public and comes whole
 * (compact, digits only).
 */
export const ClientSchema = z.object({
  id: z.string(),
  kind: ClientKindSchema,
  personalCodeMasked: z.string().optional(),
  registrationNumber: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  name: z.string().optional(),
  /**
   * Private clients only: the stored birth date, or the one an old-format personal code encodes.
   * Absent for a new-format code (`32…`, no date in it) when none was recorded.
   */
  birthDate: IsoDateSchema.optional(),
  /** Town of the address; for a business, of its registered address. */
  town: z.string().optional(),
  /** Postal address, one line (street, house, flat, postcode); changed at the counter. */
  address: z.string().optional(),
  phonesMasked: z.array(z.string()),
  emailMasked: z.string().nullable(),
  language: LanguageSchema,
  contracts: z.array(ContractSchema),
  /**
   * Grows with every change of the client's data: PATCH /v1/clients/{id} sends it back as
   * If-Match (also the ETag of GET).
   */
  version: z.number().int().positive()
})
export type Client = z.infer<typeof ClientSchema>

/**
 * What the desk's client card opens with, in one answer (GET /v1/clients/{id}/card): the client
 * as GET /v1/clients/{id} returns it and the current consent state as
 * GET /v1/clients/{id}/consents returns it, each with its own version for the writes that follow.
 */
export const ClientCardSchema = z.object({
  client: ClientSchema,
  consents: ConsentStateSchema
})
export type ClientCard = z.infer<typeof ClientCardSchema>

/**
 * Body of POST /v1/clients. The kind-specific fields are checked (check digits, duplicates) by the
 * server after this shape check, so that each failing field is named in the 400 answer.
 */
export const CreateClientRequestSchema = z.object({
  kind: ClientKindSchema,
  personalCode: z.string().max(20).optional(),
  registrationNumber: z.string().max(20).optional(),
  firstName: z.string().trim().min(1).max(100).optional(),
  lastName: z.string().trim().min(1).max(100).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  /**
   * Private clients only. Optional for an old-format personal code, which encodes the date (when
   * both are given they must agree); the only source of a birth date for a new-format code.
   */
  birthDate: IsoDateSchema.optional(),
  town: z.string().trim().min(1).max(100).optional(),
  phones: z.array(z.string().max(30)).max(10),
  email: z.email().max(200).optional(),
  language: LanguageSchema,
  contracts: z.array(ContractSchema).max(100).optional()
})
export type CreateClientRequest = z.infer<typeof CreateClientRequestSchema>

/**
 * One row of a search answer: identifiers masked, as lists must never show them whole. Birth year
 * and town are there so that namesakes can be told apart without opening each card.
 */
export const ClientSearchItemSchema = z.object({
  id: z.string(),
  kind: ClientKindSchema,
  displayName: z.string(),
  personalCodeMasked: z.string().optional(),
  registrationNumber: z.string().optional(),
  /** Private clients whose birth date is known (see ClientSchema.birthDate); never businesses. */
  birthYear: z.number().int().optional(),
  town: z.string().optional(),
  /** Masked like the card's (`+371 29 *** 456`). */
  phonesMasked: z.array(z.string()),
  contracts: z.number().int().nonnegative().optional(),
  score: z.number()
})
export type ClientSearchItem = z.infer<typeof ClientSearchItemSchema>

export const ClientSearchQuerySchema = z.object({
  q: z.string().trim().min(1).max(100),
  limit: queryInteger({ min: 1, max: 100 }).default(20)
})
export type ClientSearchQuery = z.infer<typeof ClientSearchQuerySchema>

export const ClientSearchResponseSchema = z.object({
  /** Best match first: for names by relevance, then surname, then first name. */
  items: z.array(ClientSearchItemSchema),
  /**
   * True when more clients matched than `limit`: the list is a cap, not everyone ("first 20 of
   * many: type more"). Found by asking for one more than the limit, never by counting.
   */
  hasMore: z.boolean()
})
export type ClientSearchResponse = z.infer<typeof ClientSearchResponseSchema>

export const ClientIdParamsSchema = z.object({ id: z.uuid() })
