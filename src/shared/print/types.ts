import type { ConsentState, Purpose } from '../domain/consent'
import type { ConsentReport, ReceiptPayload } from '../domain/receipt'
import type { Language } from '../domain/staff'
import type { ReviewLetterData } from '../ipc/print-contract'

/** The consent receipt: the signed payload and the texts in the language of the print. */
export interface ReceiptPrintData {
  receipt: ReceiptPayload
  /** The rights notice the client confirmed, in the print language: paragraphs, "- " bullets. */
  rightsText: string
  /** Every purpose's title in the print language. */
  purposeTitles: Record<Purpose, string>
  /** What the QR code holds: `RECEIPT_VERIFY_URL?code=…`, or the bare code. */
  qrContent: string
  /** A reprint: marked as a copy, with the time it was reprinted (an ISO instant). */
  copy?: { reprintedAt: string }
}

/** One client's consent confirmation (supervisors print them in batches). */
export interface ConfirmationPrintData {
  client: { name: string; maskedCode: string | null }
  state: ConsentState
  /** The signed receipt of the client's latest change; null when there is none. */
  latestReceipt: ReceiptPayload | null
  purposeTitles: Record<Purpose, string>
  /** The latest receipt's QR content; null without a receipt. */
  qrContent: string | null
  /** When the batch was printed (an ISO instant). */
  printedAt: string
}

/**
 * The client's consent report (GDPR Art. 15) as the API signs it, fetched in the print language
 * (its purpose titles and notice texts are printed as given).
 */
export type ReportPrintData = ConsentReport

/**
 * A review case's letter to the client (issue 9): which letter (the confirmation that the request
 * was received, the notice that the time limit was extended, or the outcome), the case as the
 * API gives it, and when it was printed (an ISO instant).
 */
export type ReviewLetterPrintData = ReviewLetterData

/** One embedded font file: a woff2 subset of a family, at one weight. */
export interface PrintFont {
  /** `sans` for all text, `mono` for the verification code. */
  family: 'sans' | 'mono'
  weight: 400 | 700
  /** The CSS `unicode-range` the file covers, so Chromium picks the right subset. */
  unicodeRange: string
  format: 'woff2'
  data: Uint8Array
}

/** What a standalone print needs besides its data: the stylesheet and the font files. */
export interface PrintAssets {
  /** The text of print.css. */
  css: string
  fonts: readonly PrintFont[]
}

export type PrintLanguage = Language
