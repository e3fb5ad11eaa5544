import { z } from 'zod'
import { queryInteger } from '../api/query-integer'
import { LanguageSchema } from './staff'

/** The seven purposes of the seed text, in its order (section numbers 1–7). */
export const PURPOSES = [
  'offers',
  'usage_metadata',
  'automated_profiling',
  'credit_information',
  'location',
  'loyalty',
  'research_metadata'
] as const
export const PurposeSchema = z.enum(PURPOSES)
export type Purpose = z.infer<typeof PurposeSchema>

/** Channels of purpose 1 (`offers`); the seed names e-mail, SMS and calls, the design adds two. */
export const OFFER_CHANNELS = ['email', 'sms', 'phone_call', 'post', 'app'] as const
export const OfferChannelSchema = z.enum(OFFER_CHANNELS)
export type OfferChannel = z.infer<typeof OfferChannelSchema>

export const CONSENT_ACTIONS = ['given', 'withdrawn', 'expired', 'paused', 'resumed'] as const
export const ConsentActionSchema = z.enum(CONSENT_ACTIONS)
export type ConsentAction = z.infer<typeof ConsentActionSchema>

/** What a person at the counter may ask for; `expired` is recorded only by the API itself. */
export const RequestedActionSchema = z.enum(['given', 'withdrawn', 'paused', 'resumed'])
export type RequestedAction = z.infer<typeof RequestedActionSchema>

export const CONSENT_STATES = ['given', 'withdrawn', 'never_given', 'expired', 'paused'] as const
export const ConsentStateValueSchema = z.enum(CONSENT_STATES)
export type ConsentStateValue = z.infer<typeof ConsentStateValueSchema>

export const ConsentSourceSchema = z.enum(['customer_centre', 'self_service', 'phone', 'app'])
export type ConsentSource = z.infer<typeof ConsentSourceSchema>

export const IDENTITY_METHODS = [
  'id_card',
  'passport',
  'residence_permit',
  'smart_id',
  'eparaksts',
  'sms_code'
] as const
export const IdentityMethodSchema = z.enum(IDENTITY_METHODS)
export type IdentityMethod = z.infer<typeof IdentityMethodSchema>

/** Methods that rest on a physical document, whose last four characters are recorded. */
export const DOCUMENT_METHODS: readonly IdentityMethod[] = [
  'id_card',
  'passport',
  'residence_permit'
]

/** Why the person at the counter may act for a company: a board member, or a power of attorney. */
export const REPRESENTATIVE_BASES = ['board_member', 'power_of_attorney'] as const
export const RepresentativeBasisSchema = z.enum(REPRESENTATIVE_BASES)
export type RepresentativeBasis = z.infer<typeof RepresentativeBasisSchema>

/**
 * The person who acts for a business client at the counter. A company has no identity document:
 * what is verified is this person, so `method` and `documentLast4` describe their document. The
 * personal code is checked (check digit, birth date) by the API after this shape check, so that
 * the failing field is named in the 400 answer; it is stored as the proof and read back masked.
 */
export const RepresentativeSchema = z.object({
  name: z.string().trim().min(1).max(200),
  personalCode: z.string().trim().min(1).max(20),
  basis: RepresentativeBasisSchema
})
export type Representative = z.infer<typeof RepresentativeSchema>

const DocumentLast4Schema = z
  .string()
  .regex(/^[A-Za-z0-9]{4}$/, 'four letters or digits')
  .optional()

export const IdentityVerificationSchema = z.object({
  method: IdentityMethodSchema,
  documentLast4: DocumentLast4Schema,
  /** Required for a business client, refused for a private person (checked by the API). */
  representative: RepresentativeSchema.optional()
})
export type IdentityVerification = z.infer<typeof IdentityVerificationSchema>

/** A recorded representative as reads return it: the personal code masked (`120389-*****`). */
export const RecordedRepresentativeSchema = z.object({
  name: z.string(),
  personalCodeMasked: z.string(),
  basis: RepresentativeBasisSchema
})
export type RecordedRepresentative = z.infer<typeof RecordedRepresentativeSchema>

/** An event's identity verification as reads return it. */
export const RecordedIdentityVerificationSchema = z.object({
  method: IdentityMethodSchema,
  documentLast4: DocumentLast4Schema,
  representative: RecordedRepresentativeSchema.optional()
})
export type RecordedIdentityVerification = z.infer<typeof RecordedIdentityVerificationSchema>

export const ConsentChangeSchema = z.object({
  purpose: PurposeSchema,
  channel: OfferChannelSchema.optional(),
  action: RequestedActionSchema,
  /**
   * The version of the purpose's notice the client was shown, in the request's language. The desk
   * always sends it; another version than the current one is refused (409 `notice_outdated`).
   * Without it (other systems) the current version is recorded.
   */
  noticeVersion: z.number().int().positive().optional()
})
export type ConsentChange = z.infer<typeof ConsentChangeSchema>

export const RecordConsentsRequestSchema = z.object({
  changes: z.array(ConsentChangeSchema).min(1).max(50),
  identityVerification: IdentityVerificationSchema,
  source: ConsentSourceSchema,
  language: LanguageSchema,
  /**
   * The version of the rights and controller statement the client confirmed, in `language`.
   * Checked and recorded like a purpose's `noticeVersion`.
   */
  rightsNoticeVersion: z.number().int().positive().optional()
})
export type RecordConsentsRequest = z.infer<typeof RecordConsentsRequestSchema>

export const ChannelStateSchema = z.object({
  channel: OfferChannelSchema,
  state: ConsentStateValueSchema,
  since: z.string().nullable(),
  eventId: z.string().nullable()
})
export type ChannelState = z.infer<typeof ChannelStateSchema>

export const PurposeStateSchema = z.object({
  purpose: PurposeSchema,
  state: ConsentStateValueSchema,
  since: z.string().nullable(),
  eventId: z.string().nullable(),
  source: ConsentSourceSchema.nullable(),
  noticeVersion: z.number().int().nullable(),
  channels: z.array(ChannelStateSchema).optional()
})
export type PurposeState = z.infer<typeof PurposeStateSchema>

export const LoyaltyClockSchema = z.object({
  endsOn: z.iso.date(),
  daysLeft: z.number().int()
})

export const ConsentStateSchema = z.object({
  clientId: z.string(),
  version: z.number().int().nonnegative(),
  asOf: z.string(),
  purposes: z.array(PurposeStateSchema),
  loyalty: LoyaltyClockSchema.optional()
})
export type ConsentState = z.infer<typeof ConsentStateSchema>

export const ActorSchema = z.object({
  kind: z.enum(['staff', 'client', 'system']),
  id: z.string().nullable(),
  displayName: z.string().nullable()
})

export const ConsentEventSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  clientId: z.string(),
  purpose: PurposeSchema,
  channel: OfferChannelSchema.nullable(),
  action: ConsentActionSchema,
  at: z.string(),
  source: ConsentSourceSchema.nullable(),
  actor: ActorSchema,
  /** The customer centre's id (slug), as recorded and hashed. */
  centre: z.string().nullable(),
  /** The centre's display name from the centres table, for people to read; null without one. */
  centreName: z.string().nullable(),
  identityVerification: RecordedIdentityVerificationSchema.nullable(),
  noticeVersion: z.number().int().nullable(),
  language: LanguageSchema.nullable(),
  receiptId: z.string().nullable(),
  hash: z.string(),
  prevHash: z.string().nullable()
})
export type ConsentEvent = z.infer<typeof ConsentEventSchema>

export const RecordConsentsResponseSchema = z.object({
  version: z.number().int(),
  state: ConsentStateSchema,
  events: z.array(ConsentEventSchema),
  receipt: z.object({
    id: z.string().optional(),
    verificationCode: z.string().optional(),
    /** The signed receipt: a compact JWS (EdDSA) of its payload, verifiable with the JWKS. */
    jws: z.string().optional()
  })
})
export type RecordConsentsResponse = z.infer<typeof RecordConsentsResponseSchema>

export const ConsentEventsQuerySchema = z.object({
  purpose: PurposeSchema.optional(),
  action: ConsentActionSchema.optional(),
  source: ConsentSourceSchema.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: queryInteger({ min: 1, max: 500 }).default(100)
})

export const ConsentEventsPageSchema = z.object({
  items: z.array(ConsentEventSchema),
  nextCursor: z.string().nullable()
})

/** A cell whose stored current state differs from what its events add up to. */
export const ProjectionMismatchSchema = z.object({
  purpose: PurposeSchema,
  channel: OfferChannelSchema.nullable(),
  stored: ConsentStateValueSchema,
  fromEvents: ConsentStateValueSchema
})

/** A signed receipt that does not hold: why (see VerificationFailureSchema in receipt.ts). */
export const ReceiptMismatchSchema = z.object({
  receiptId: z.string(),
  reason: z.enum(['malformed', 'unknown_key', 'bad_signature', 'chain_mismatch'])
})

export const ChainVerificationSchema = z.object({
  /** False when either check fails: the hash chain, or the stored state against the events. */
  intact: z.boolean(),
  events: z.number().int(),
  brokenAt: z.string().optional(),
  /** The stored current state equals the fold of the events (a derived table edited alone). */
  projectionIntact: z.boolean(),
  mismatches: z.array(ProjectionMismatchSchema),
  /**
   * Signed receipts checked: each one's signature (a registered key) and its signed event hashes
   * against the chain, so that a chain rewritten with every hash recomputed is caught. Receipts
   * from before signing have nothing to check and are not counted. (Defaults: an answer of an
   * API that did not check receipts.)
   */
  receiptsChecked: z.number().int().default(0),
  receiptsIntact: z.boolean().default(true),
  receiptMismatches: z.array(ReceiptMismatchSchema).default([])
})
export type ChainVerification = z.infer<typeof ChainVerificationSchema>

/** One wording of a purpose's notice, in one language. A new wording is a new version. */
export const NoticeTextSchema = z.object({
  version: z.number().int().positive(),
  language: LanguageSchema,
  title: z.string(),
  text: z.string()
})

/**
 * What a client is shown besides the purposes' texts: their rights and who the controller is (the
 * seed's opening statements). Versioned like a notice, and the version confirmed is recorded.
 */
export const RightsNoticeSchema = z.object({
  currentVersion: z.number().int().positive(),
  notices: z.array(NoticeTextSchema)
})
export type RightsNotice = z.infer<typeof RightsNoticeSchema>

/** The notices a request is checked against: a purpose's, or `rights` (the statement above). */
export const NoticeKeySchema = z.union([PurposeSchema, z.literal('rights')])
export type NoticeKey = z.infer<typeof NoticeKeySchema>

/** A published notice's current version in one language (the body of a 409 `notice_outdated`). */
export const CurrentNoticeSchema = z.object({
  purpose: NoticeKeySchema,
  language: LanguageSchema,
  version: z.number().int().positive()
})
export type CurrentNotice = z.infer<typeof CurrentNoticeSchema>

export const PurposeDefinitionSchema = z.object({
  purpose: PurposeSchema,
  number: z.number().int().min(1).max(7),
  channels: z.array(OfferChannelSchema).optional(),
  currentVersion: z.number().int().positive(),
  notices: z.array(NoticeTextSchema)
})
export type PurposeDefinition = z.infer<typeof PurposeDefinitionSchema>

export const PermissionReasonSchema = z.enum([
  'given',
  'withdrawn',
  'never_given',
  'expired',
  'paused'
])

export const PermissionQuerySchema = z.object({
  client: z.string().max(64),
  purpose: PurposeSchema,
  channel: OfferChannelSchema.optional()
})

export const PermissionAnswerSchema = z.object({
  allowed: z.boolean(),
  reason: PermissionReasonSchema,
  since: z.string().nullable(),
  eventId: z.string().nullable()
})
