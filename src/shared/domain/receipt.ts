import { z } from 'zod'
import { queryInteger } from '../api/query-integer'
import {
  ConsentActionSchema,
  ConsentSourceSchema,
  ConsentStateValueSchema,
  IdentityMethodSchema,
  OfferChannelSchema,
  PurposeSchema
} from './consent'
import { DecisionSchema } from './review'
import { LanguageSchema, RoleSchema } from './staff'

/**
 * A consent receipt: what the API signs (JWS, EdDSA over Ed25519) for every recorded request, and
 * what the client takes home on paper. Field names follow the Kantara Consent Receipt v1.1
 * (`version`, `jurisdiction`, `consentTimestamp`, `collectionMethod`, `consentReceiptID`,
 * `language`, `piiPrincipalId`, `piiControllers`, `policyUrl`, `services[].purposes[]`,
 * `sensitive`, `spiCat`) with the ISO/IEC TS 27560 additions a counter receipt needs
 * (`schemaVersion`, `withdrawalMethod`, the privacy notice per purpose, the events it records).
 * The signed payload is the source of truth: verification answers from it, the print shows it.
 */

export const RECEIPT_SCHEMA_VERSION = 'consent-desk-receipt/1'
export const KANTARA_VERSION = 'KI-CR-v1.1.0'

/** The controller, as the seed names it; printed on every receipt. */
export const CONTROLLER = {
  piiController: 'SIA "Latvijas Mobilais Telefons"',
  onBehalf: false,
  registrationNumber: '50003050931',
  contact: 'LMT klientu centrs',
  address: {
    streetAddress: 'Ropažu iela 6',
    addressLocality: 'Rīga',
    addressCountry: 'Latvija'
  },
  email: 'info@lmt.lv',
  phone: '80768076',
  piiControllerUrl: 'https://www.lmt.lv'
} as const

/** Where the full privacy policy is: the seed names lmt.lv and mans.lmt.lv. */
export const POLICY_URL = 'https://www.lmt.lv'

export const PiiControllerSchema = z.object({
  piiController: z.string(),
  onBehalf: z.boolean(),
  registrationNumber: z.string(),
  contact: z.string(),
  address: z.object({
    streetAddress: z.string(),
    addressLocality: z.string(),
    addressCountry: z.string()
  }),
  email: z.string(),
  phone: z.string(),
  piiControllerUrl: z.string()
})

/** A purpose on the receipt: its state after the request, and the notice the client saw. */
export const ReceiptPurposeSchema = z.object({
  purposeId: PurposeSchema,
  /** The purpose's title in the receipt's language (Kantara `purpose`). */
  purpose: z.string(),
  purposeCategory: z.array(z.string()),
  consentType: z.literal('EXPLICIT'),
  piiCategory: z.array(z.string()),
  primaryPurpose: z.literal(false),
  termination: z.string(),
  thirdPartyDisclosure: z.boolean(),
  /** The state after this request (never_given included: the full state is on the receipt). */
  state: ConsentStateValueSchema,
  since: z.string().nullable(),
  /** Offers: the state per channel. */
  channels: z
    .array(
      z.object({
        channel: OfferChannelSchema,
        state: ConsentStateValueSchema,
        since: z.string().nullable()
      })
    )
    .optional(),
  /** ISO 27560 `privacy notice`: the version of this purpose's text, in `language`. */
  noticeVersion: z.number().int().nullable(),
  /** True when this request changed this purpose (or one of its channels). */
  changed: z.boolean()
})
export type ReceiptPurpose = z.infer<typeof ReceiptPurposeSchema>

/** One event the receipt records, with its hash in the client's chain: the receipt anchors it. */
export const ReceiptChangeSchema = z.object({
  eventId: z.string(),
  seq: z.number().int(),
  purposeId: PurposeSchema,
  channel: OfferChannelSchema.nullable(),
  action: ConsentActionSchema,
  /** The state before this event. */
  previousState: ConsentStateValueSchema,
  noticeVersion: z.number().int().nullable(),
  hash: z.string()
})
export type ReceiptChange = z.infer<typeof ReceiptChangeSchema>

export const ReceiptPayloadSchema = z.object({
  version: z.literal(KANTARA_VERSION),
  schemaVersion: z.literal(RECEIPT_SCHEMA_VERSION),
  jurisdiction: z.literal('LV'),
  /** Kantara: seconds since the epoch. */
  consentTimestamp: z.number().int(),
  issuedAt: z.string(),
  consentReceiptID: z.string(),
  /** What people read out: `LMT-20261201-8F3A2C1D`. */
  receiptNumber: z.string(),
  verificationCode: z.string(),
  collectionMethod: z.string(),
  language: LanguageSchema,
  piiPrincipalId: z.string(),
  piiPrincipal: z.object({ name: z.string(), maskedCode: z.string().nullable() }),
  piiControllers: z.array(PiiControllerSchema).min(1),
  policyUrl: z.string(),
  /** Who recorded it, where. */
  collectedBy: z.object({
    centre: z.object({ id: z.string(), name: z.string() }),
    agent: z.object({ id: z.string(), name: z.string(), roles: z.array(RoleSchema) })
  }),
  source: ConsentSourceSchema,
  identityVerification: z.object({
    method: IdentityMethodSchema,
    documentLast4: z.string().optional(),
    representative: z.object({ name: z.string(), basis: z.string() }).optional()
  }),
  services: z.array(z.object({ service: z.string(), purposes: z.array(ReceiptPurposeSchema) })),
  changes: z.array(ReceiptChangeSchema).min(1),
  /** The rights and controller statement the client confirmed (notice `rights`). */
  rightsNoticeVersion: z.number().int().nullable(),
  /** ISO 27560 `withdrawal method`, in `language`. */
  withdrawalMethod: z.string(),
  sensitive: z.literal(false),
  spiCat: z.array(z.string()),
  /** The client's consent version this request produced. */
  clientVersion: z.number().int()
})
export type ReceiptPayload = z.infer<typeof ReceiptPayloadSchema>

/** GET /v1/receipts/{id}. */
export const ReceiptSchema = z.object({
  id: z.string(),
  verificationCode: z.string(),
  issuedAt: z.string(),
  clientId: z.string(),
  jws: z.string(),
  receipt: ReceiptPayloadSchema
})
export type Receipt = z.infer<typeof ReceiptSchema>

export const ReceiptIdParamsSchema = z.object({ id: z.uuid() })

export const ReceiptListQuerySchema = z.object({
  clientId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** A staff id. An agent sees only their own receipts whatever this says. */
  agent: z.string().max(64).optional(),
  centre: z.string().max(64).optional(),
  cursor: z.string().max(200).optional(),
  limit: queryInteger({ min: 1, max: 200 }).default(50)
})

/** A row of the receipts register. */
export const ReceiptSummarySchema = z.object({
  id: z.string(),
  receiptNumber: z.string(),
  verificationCode: z.string(),
  issuedAt: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  clientMaskedCode: z.string().nullable(),
  agent: z.object({ id: z.string(), name: z.string() }).nullable(),
  centre: z.object({ id: z.string(), name: z.string() }).nullable(),
  language: LanguageSchema.nullable(),
  changes: z.number().int()
})
export type ReceiptSummary = z.infer<typeof ReceiptSummarySchema>

export const ReceiptListSchema = z.object({
  items: z.array(ReceiptSummarySchema),
  nextCursor: z.string().nullable()
})

export const VerifyReceiptRequestSchema = z.union([
  z.object({ jws: z.string().min(1).max(100_000) }).strict(),
  z.object({ code: z.string().trim().min(1).max(64) }).strict()
])

export const VerificationFailureSchema = z.enum([
  'malformed',
  'unknown_key',
  'bad_signature',
  'unknown_code',
  'chain_mismatch'
])

export const VerifyReceiptResponseSchema = z.object({
  genuine: z.boolean(),
  receipt: ReceiptPayloadSchema.optional(),
  reason: VerificationFailureSchema.optional()
})
export type VerifyReceiptResponse = z.infer<typeof VerifyReceiptResponseSchema>

export const JwksSchema = z.object({
  keys: z.array(
    z.object({
      kty: z.literal('OKP'),
      crv: z.literal('Ed25519'),
      x: z.string(),
      kid: z.string(),
      use: z.literal('sig'),
      alg: z.literal('EdDSA').optional()
    })
  )
})
export type Jwks = z.infer<typeof JwksSchema>

/** GET /v1/clients/{id}/consent-report?language=: the client's Art. 15 report, signed. */
export const ConsentReportQuerySchema = z.object({ language: LanguageSchema.default('lv') })

export const ConsentReportSchema = z.object({
  reportId: z.string(),
  issuedAt: z.string(),
  language: LanguageSchema,
  issuedBy: z.object({
    id: z.string(),
    name: z.string(),
    centre: z.object({ id: z.string(), name: z.string() })
  }),
  client: z.object({ id: z.string(), name: z.string(), maskedCode: z.string().nullable() }),
  piiControllers: z.array(PiiControllerSchema).min(1),
  policyUrl: z.string(),
  purposes: z.array(
    z.object({
      purposeId: PurposeSchema,
      title: z.string(),
      /** The notice text in force for this purpose, in `language`. */
      noticeText: z.string(),
      noticeVersion: z.number().int(),
      state: ConsentStateValueSchema,
      since: z.string().nullable(),
      channels: z
        .array(
          z.object({
            channel: OfferChannelSchema,
            state: ConsentStateValueSchema,
            since: z.string().nullable()
          })
        )
        .optional()
    })
  ),
  history: z.array(
    z.object({
      eventId: z.string(),
      at: z.string(),
      purposeId: PurposeSchema,
      channel: OfferChannelSchema.nullable(),
      action: ConsentActionSchema,
      source: ConsentSourceSchema.nullable(),
      actor: z.object({ kind: z.enum(['staff', 'client', 'system']), name: z.string().nullable() }),
      centre: z.string().nullable(),
      identityMethod: IdentityMethodSchema.nullable(),
      noticeVersion: z.number().int().nullable(),
      receiptId: z.string().nullable()
    })
  ),
  /**
   * Automated decisions about the client (Art. 15(1)(h)), newest first: the logic involved (the
   * model and the factors, explained) and each one's human review, if asked for. Reports issued
   * before decisions were recorded carry an empty list.
   */
  decisions: z.array(DecisionSchema),
  /** The report payload above (without this field), signed like a receipt. */
  jws: z.string()
})
export type ConsentReport = z.infer<typeof ConsentReportSchema>
