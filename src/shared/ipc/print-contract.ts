import { z } from 'zod'
import { PurposeSchema } from '../domain/consent'
import { ConsentReportSchema, ReceiptPayloadSchema } from '../domain/receipt'
import { ReviewCaseSchema } from '../domain/review'
import { LanguageSchema, RoleSchema } from '../domain/staff'
import { AccessActionSchema, RevealReasonSchema } from '../domain/access-log'

/**
 * What the renderer may ask main to print, and what main gives back for the on-screen preview.
 * The renderer names a document by id; main fetches its data from the API itself, so what is
 * previewed and what is printed come from one assembly in main (src/main/services/print.ts).
 */
export const PrintRequestSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('receipt'),
    receiptId: z.uuid(),
    /** A reprint from the receipts register: printed marked as a copy, with the reprint time. */
    copy: z.boolean()
  }),
  /**
   * The client's consent report (GDPR Art. 15). Each preview asks the API for it, and the API
   * logs every report it issues; printing or saving prints the one previewed.
   */
  z.object({ kind: z.literal('report'), clientId: z.uuid() }),
  /**
   * A review case's letters to the client, in the client's language by default: the confirmation
   * that the request was received, the notice that the deadline was extended, and the outcome.
   */
  z.object({
    kind: z.literal('review'),
    caseId: z.uuid(),
    letter: z.enum(['request', 'extension', 'outcome'])
  }),
  /**
   * The client's copy of who consulted their data (CJEU C-579/21): main reads it through
   * GET /v1/access-log, so printing it is itself logged.
   */
  z.object({ kind: z.literal('access-log'), clientId: z.uuid() })
])
export type PrintRequest = z.infer<typeof PrintRequestSchema>

export const PrintInputSchema = z.object({
  document: PrintRequestSchema,
  /** The language of the print; the agent may switch it before printing. */
  language: LanguageSchema
})
export type PrintInput = z.infer<typeof PrintInputSchema>

export const PrintOutputInputSchema = PrintInputSchema.extend({
  /**
   * `pdf`: the system's save dialog, then the file; `print`: the system's print dialog; `json`:
   * the machine-readable form as the API signed it (reports only).
   */
  action: z.enum(['pdf', 'print', 'json'])
})
export type PrintOutputInput = z.infer<typeof PrintOutputInputSchema>

export const PrintOutcomeSchema = z.object({
  outcome: z.enum(['saved', 'printed', 'cancelled']),
  /** Where the PDF was saved. */
  path: z.string().optional()
})
export type PrintOutcome = z.infer<typeof PrintOutcomeSchema>

/** A receipt as its template takes it: the signed payload and the texts in the print language. */
export const ReceiptPrintDataSchema = z.object({
  receipt: ReceiptPayloadSchema,
  /** The rights notice the client confirmed, in the print language ("- " bullet lines). */
  rightsText: z.string(),
  purposeTitles: z.record(PurposeSchema, z.string()),
  /** What the QR code holds: `RECEIPT_VERIFY_URL?code=…`, or the bare code. */
  qrContent: z.string(),
  copy: z.object({ reprintedAt: z.string() }).optional()
})
export type ReceiptPrintData = z.infer<typeof ReceiptPrintDataSchema>

/**
 * A review case's letter as its template takes it: the case as the API gives it, which letter,
 * and when it was printed.
 */
export const ReviewLetterDataSchema = z.object({
  letter: z.enum(['request', 'extension', 'outcome']),
  reviewCase: ReviewCaseSchema,
  printedAt: z.string()
})
export type ReviewLetterData = z.infer<typeof ReviewLetterDataSchema>

/**
 * The client's access-log extract. CJEU C-579/21 (Pankki S) owes the data subject the dates and
 * purposes of the consultations, not the employees' identities (unless essential to exercise
 * their rights), so each row holds when, in which role, what was done and the coded reason, and
 * no staff name: main drops the names before the data reaches the template. Free-text notes are
 * left out too: written for supervisors, they may name other people.
 */
export const AccessLogPrintDataSchema = z.object({
  client: z.object({ name: z.string(), maskedCode: z.string().nullable() }),
  entries: z.array(
    z.object({
      at: z.string(),
      role: RoleSchema.nullable(),
      action: AccessActionSchema,
      reason: RevealReasonSchema.nullable()
    })
  ),
  /** More rows than one extract prints (the newest are printed). */
  truncated: z.boolean(),
  printedAt: z.string()
})
export type AccessLogPrintData = z.infer<typeof AccessLogPrintDataSchema>

/** One document ready for its template (the preview renders it; main prints it). */
export const PreparedDocumentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('receipt'), data: ReceiptPrintDataSchema }),
  z.object({ kind: z.literal('report'), data: ConsentReportSchema }),
  z.object({ kind: z.literal('review'), data: ReviewLetterDataSchema }),
  z.object({ kind: z.literal('access-log'), data: AccessLogPrintDataSchema })
])
export type PreparedDocument = z.infer<typeof PreparedDocumentSchema>

/**
 * Which clients a batch of consent confirmations covers: a list of identifiers a supervisor
 * pastes (personal codes or registration numbers, one per line), or every client whose consents
 * were changed at a centre on a day (Riga time).
 */
export const ConfirmationSelectionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('clients'),
    identifiers: z.array(z.string().trim().min(1).max(40)).min(1).max(1000)
  }),
  z.object({
    kind: z.literal('centreDay'),
    centre: z.string().trim().min(1).max(64),
    day: z.iso.date()
  })
])
export type ConfirmationSelection = z.infer<typeof ConfirmationSelectionSchema>

export const ConfirmationBatchInputSchema = z.object({
  /** Made by the renderer; names the batch in its progress events and in a cancel. */
  jobId: z.uuid(),
  selection: ConfirmationSelectionSchema,
  language: LanguageSchema
})
export type ConfirmationBatchInput = z.infer<typeof ConfirmationBatchInputSchema>

export const ConfirmationBatchResultSchema = z.object({
  outcome: z.enum(['saved', 'cancelled', 'empty']),
  path: z.string().optional(),
  /** Confirmations in the PDF. */
  printed: z.number().int(),
  /** Identifiers of the list that matched no client: not printed, named for the supervisor. */
  notFound: z.array(z.string())
})
export type ConfirmationBatchResult = z.infer<typeof ConfirmationBatchResultSchema>

export const ConfirmationProgressSchema = z.object({
  jobId: z.string(),
  /** `collecting`: each client's state and latest receipt; `rendering`: the PDF itself. */
  phase: z.enum(['collecting', 'rendering']),
  done: z.number().int(),
  total: z.number().int()
})
export type ConfirmationProgress = z.infer<typeof ConfirmationProgressSchema>
