import { z } from 'zod'
import { RoleSchema } from './staff'

/**
 * What a staff member did with a client's personal data: one access-log row each. `view`,
 * `search` and `reveal` are the codes rows carried before migration 018; they keep their meaning.
 * The codes are stable (stored); the words for them live in the desk's and the printout's locales.
 */
export const ACCESS_ACTIONS = [
  /** The client was among the search results shown. */
  'search',
  /** The client card (masked identifiers, contracts). */
  'view',
  /** The full personal code, phones and e-mail (POST …/reveal, with a reason). */
  'reveal',
  'consents',
  'timeline',
  /** The check of the client's consent chain (identity of the records, not of the person). */
  'verify',
  /** The Art. 15 consent report. */
  'report',
  /** A consent receipt, read or listed in the register. */
  'receipt',
  /** Automated decisions about the client. */
  'decisions',
  /** A human-review case (read, listed or claimed). */
  'review_case',
  /** The client's rows of this very log. */
  'access_log'
] as const
export const AccessActionSchema = z.enum(ACCESS_ACTIONS)
export type AccessAction = z.infer<typeof AccessActionSchema>

/**
 * Why the full identifiers are needed. A code rather than free text, so that the client's copy of
 * the log (CJEU C-579/21: the dates and *purposes* of consultations) can say it in the client's
 * language; `other` must be explained in a note.
 */
export const REVEAL_REASONS = [
  'client_at_counter',
  'client_on_phone',
  'identity_check',
  'complaint',
  'review_case',
  'other'
] as const
export const RevealReasonSchema = z.enum(REVEAL_REASONS)
export type RevealReason = z.infer<typeof RevealReasonSchema>

/** A note explaining `other` says more than "x": at least this many characters. */
export const REVEAL_NOTE_MIN_LENGTH = 10

/** `other` says nothing by itself: its note must (the API's and the IPC's rule). */
export function requireNoteForOther(
  request: { reason: RevealReason; note?: string | undefined },
  context: z.RefinementCtx
): void {
  if (request.reason === 'other' && (request.note ?? '').length < REVEAL_NOTE_MIN_LENGTH) {
    context.addIssue({
      code: 'custom',
      path: ['note'],
      message: `is required, at least ${REVEAL_NOTE_MIN_LENGTH} characters, when the reason is other`
    })
  }
}

export const RevealRequestShape = {
  reason: RevealReasonSchema,
  /** Free text, shown to supervisors; required (≥ 10 characters) when `reason` is `other`. */
  note: z.string().trim().max(500).optional()
}

/** Body of POST /v1/clients/{id}/reveal. */
export const RevealRequestSchema = z
  .object(RevealRequestShape)
  .strict()
  .superRefine(requireNoteForOther)
export type RevealRequest = z.infer<typeof RevealRequestSchema>

/** The full identifiers: the only answer that carries them. */
export const RevealResponseSchema = z.object({
  /** Compact (11 digits); private clients only. A business's registration number is public. */
  personalCode: z.string().optional(),
  /** E.164. */
  phones: z.array(z.string()),
  email: z.string().nullable()
})
export type RevealResponse = z.infer<typeof RevealResponseSchema>

/** GET /v1/access-log: newest first, keyset-paged. */
export const AccessLogQuerySchema = z.object({
  clientId: z.uuid().optional(),
  staffId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  /** Exclusive. */
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50)
})
export type AccessLogQuery = z.infer<typeof AccessLogQuerySchema>

export const AccessLogEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  client: z.object({ id: z.string(), displayName: z.string() }),
  staff: z.object({ id: z.string(), name: z.string() }),
  /** The role the access was made in; null for rows written before roles were recorded. */
  role: RoleSchema.nullable(),
  action: AccessActionSchema,
  /** The action in words, as the client's copy says it (English; the desk translates the code). */
  actionText: z.string(),
  reason: RevealReasonSchema.nullable(),
  reasonNote: z.string().nullable(),
  /** Fastify's request id: ties the row to the request log. Null for rows before 018. */
  requestId: z.string().nullable()
})
export type AccessLogEntry = z.infer<typeof AccessLogEntrySchema>

export const AccessLogPageSchema = z.object({
  items: z.array(AccessLogEntrySchema),
  nextCursor: z.string().nullable()
})
export type AccessLogPage = z.infer<typeof AccessLogPageSchema>
