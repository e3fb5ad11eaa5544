import { writeFile } from 'node:fs/promises'
import type { z } from 'zod'
import type { operations } from '../../shared/api/operations'
import type { AccessLogEntry, AccessLogPage } from '../../shared/domain/access-log'
import { PURPOSES, type Purpose } from '../../shared/domain/consent'
import type { Language } from '../../shared/domain/staff'
import type {
  PreparedDocument,
  PrintInput,
  PrintOutcome,
  PrintOutputInput,
  PrintRequest
} from '../../shared/ipc/print-contract'
import { BRIDGE_ERROR_CODES, BridgeError } from '../../shared/ipc/result'
import { letterRefusal, renderHtml, type PrintAssets } from '../../shared/print'
import type { ApiClient } from '../api/api-client'
import type { Clock, DocumentPrinter, SaveDialog } from '../ports'

/** An extract past this many rows prints the newest ones and says so (a few A4 pages). */
export const ACCESS_LOG_PRINT_LIMIT = 1000

type PurposesList = z.output<(typeof operations)['listPurposes']['responses'][200]>
type NoticeText = PurposesList['rights']['notices'][number]

export interface PrintService {
  /** The document's data for its template: what the preview shows and what prints. */
  prepare(input: PrintInput): Promise<PreparedDocument>
  /** Prints the document through the system dialog, or saves it as a PDF (or JSON) file. */
  output(input: PrintOutputInput): Promise<PrintOutcome>
}

export interface PrintServiceDeps {
  api: ApiClient
  printer: DocumentPrinter
  saveDialog: SaveDialog
  /** The print stylesheet and fonts (resources/), read once when first needed. */
  assets: () => Promise<PrintAssets>
  clock: Clock
  /** RECEIPT_VERIFY_URL: the QR code then holds `…?code=XXXX`; absent, the bare code. */
  receiptVerifyUrl?: string | undefined
}

/**
 * The code of a refused review letter (an outcome before the case is closed, an extension notice
 * without an extension): the API's own code for a step the case's state does not allow.
 */
export const REVIEW_LETTER_REFUSED = 'invalid_transition'

/** For a process started without a printer: every request is refused, saying so. */
export const noPrinting: PrintService = {
  prepare: () => Promise.reject(unavailable()),
  output: () => Promise.reject(unavailable())
}

function unavailable(): BridgeError {
  return new BridgeError({
    code: BRIDGE_ERROR_CODES.printingUnavailable,
    message: 'Printing is not available in this process'
  })
}

/**
 * The one way from a document id to paper: main fetches the data from the API, the template
 * (src/shared/print) makes standalone HTML, and the printer port makes the PDF or prints it.
 * The preview in the renderer renders the same template from the same `prepare`.
 */
export function createPrintService(deps: PrintServiceDeps): PrintService {
  // What is printed is what was previewed: the API issues (and logs) a new report on every
  // request, and a copy carries the time it was reprinted, so the document on screen is kept
  // and printed or saved as it is. One preview is open at a time; the last is all there is.
  let previewed: { key: string; document: PreparedDocument } | null = null

  async function prepareReceipt(
    request: Extract<PrintRequest, { kind: 'receipt' }>,
    language: Language
  ): Promise<PreparedDocument> {
    const [stored, catalogue] = await Promise.all([
      deps.api.call('getReceipt', { params: { id: request.receiptId } }),
      deps.api.call('listPurposes', {})
    ])
    const receipt = stored.receipt
    const shownVersion = new Map(
      receipt.services.flatMap((service) =>
        service.purposes.map((purpose) => [purpose.purposeId, purpose.noticeVersion] as const)
      )
    )
    const purposeTitles = purposeTitlesIn(catalogue, language, shownVersion)
    const rightsVersion = receipt.rightsNoticeVersion ?? catalogue.rights.currentVersion
    return {
      kind: 'receipt',
      data: {
        receipt,
        rightsText: noticeIn(catalogue.rights.notices, rightsVersion, language)?.text ?? '',
        purposeTitles,
        qrContent: qrContentFor(stored.verificationCode, deps.receiptVerifyUrl),
        ...(request.copy ? { copy: { reprintedAt: deps.clock.now().toISOString() } } : {})
      }
    }
  }

  /**
   * A review case's letter. An outcome is printed only for a closed case and an extension notice
   * only for an extended one: neither may reach the client before it is true.
   */
  async function prepareReviewLetter(
    request: Extract<PrintRequest, { kind: 'review' }>
  ): Promise<PreparedDocument> {
    const reviewCase = await deps.api.call('getReviewCase', { params: { id: request.caseId } })
    // The template's own rule, so that what main refuses is what the page would say it cannot be.
    const refusal = letterRefusal(request.letter, reviewCase)
    if (refusal) {
      throw new BridgeError({
        code: REVIEW_LETTER_REFUSED,
        message:
          refusal === 'review.notClosed'
            ? `Case ${reviewCase.number} is not closed (${reviewCase.status}): it has no outcome to print yet`
            : `The time limit of case ${reviewCase.number} was not extended: there is no notice to print`
      })
    }
    return {
      kind: 'review',
      data: {
        letter: request.letter,
        reviewCase,
        printedAt: deps.clock.now().toISOString()
      }
    }
  }

  /**
   * The client's access-log extract, read through GET /v1/access-log (so printing it is logged
   * like any reading of it), newest first, up to ACCESS_LOG_PRINT_LIMIT rows. Staff names and
   * free-text notes are dropped here, before the template: see AccessLogPrintDataSchema.
   */
  async function prepareAccessLog(
    request: Extract<PrintRequest, { kind: 'access-log' }>
  ): Promise<PreparedDocument> {
    const client = await deps.api.call('getClient', { params: { id: request.clientId } })
    const entries: Array<{
      at: string
      role: AccessLogEntry['role']
      action: AccessLogEntry['action']
      reason: AccessLogEntry['reason']
    }> = []
    let cursor: string | null = null
    let truncated = false
    do {
      const page: AccessLogPage = await deps.api.call('getAccessLog', {
        query: { clientId: request.clientId, limit: 200, ...(cursor ? { cursor } : {}) }
      })
      for (const entry of page.items) {
        entries.push({ at: entry.at, role: entry.role, action: entry.action, reason: entry.reason })
      }
      cursor = page.nextCursor
      if (cursor && entries.length >= ACCESS_LOG_PRINT_LIMIT) {
        truncated = true
        break
      }
    } while (cursor)
    return {
      kind: 'access-log',
      data: {
        client: {
          name: client.name ?? [client.firstName, client.lastName].filter(Boolean).join(' '),
          maskedCode: client.personalCodeMasked ?? client.registrationNumber ?? null
        },
        entries,
        truncated,
        printedAt: deps.clock.now().toISOString()
      }
    }
  }

  async function fetchDocument({ document, language }: PrintInput): Promise<PreparedDocument> {
    if (document.kind === 'receipt') return prepareReceipt(document, language)
    if (document.kind === 'review') return prepareReviewLetter(document)
    if (document.kind === 'access-log') return prepareAccessLog(document)
    const report = await deps.api.call('getConsentReport', {
      params: { id: document.clientId },
      query: { language }
    })
    return { kind: 'report', data: report }
  }

  async function prepare(input: PrintInput): Promise<PreparedDocument> {
    const document = await fetchDocument(input)
    previewed = { key: keyOf(input), document }
    return document
  }

  /** What prints: the document on screen when it is this one, else the document fetched now. */
  async function printable(input: PrintInput): Promise<PreparedDocument> {
    return previewed?.key === keyOf(input) ? previewed.document : fetchDocument(input)
  }

  return {
    prepare,
    async output(input) {
      const prepared = await printable(input)
      if (input.action === 'json') {
        if (prepared.kind !== 'report') {
          throw new BridgeError({
            code: BRIDGE_ERROR_CODES.invalidInput,
            message: 'Only a consent report is exported as JSON'
          })
        }
        const path = await deps.saveDialog.choosePath(
          fileNameFor(prepared, 'json', input.language),
          'json'
        )
        if (!path) return { outcome: 'cancelled' }
        // As the API signed it: the payload and its JWS, for the client's own records.
        await writeFile(path, `${JSON.stringify(prepared.data, null, 2)}\n`)
        return { outcome: 'saved', path }
      }
      const html = renderHtml([prepared], input.language, await deps.assets())
      if (input.action === 'print') {
        return { outcome: (await deps.printer.print(html)) ? 'printed' : 'cancelled' }
      }
      const path = await deps.saveDialog.choosePath(
        fileNameFor(prepared, 'pdf', input.language),
        'pdf'
      )
      if (!path) return { outcome: 'cancelled' }
      await writeFile(path, await deps.printer.toPdf(html))
      return { outcome: 'saved', path }
    }
  }
}

function keyOf({ document, language }: PrintInput): string {
  return JSON.stringify([document, language])
}

/**
 * Every purpose's title in `language`: of the version the client was shown where it is known,
 * else of the version published now.
 */
export function purposeTitlesIn(
  catalogue: PurposesList,
  language: Language,
  shownVersion: ReadonlyMap<Purpose, number | null> = new Map()
): Record<Purpose, string> {
  return Object.fromEntries(
    PURPOSES.map((purpose) => {
      const definition = catalogue.items.find((item) => item.purpose === purpose)
      const version = shownVersion.get(purpose) ?? definition?.currentVersion ?? 1
      return [purpose, noticeIn(definition?.notices ?? [], version, language)?.title ?? purpose]
    })
  ) as Record<Purpose, string>
}

/**
 * The text of a notice version in a language. The version the client saw in their language is
 * the one to print; printed in another language, that version's translation (every version is
 * published in all three languages), else the newest there is.
 */
function noticeIn(
  notices: readonly NoticeText[],
  version: number,
  language: Language
): NoticeText | undefined {
  return (
    notices.find((notice) => notice.version === version && notice.language === language) ??
    notices
      .filter((notice) => notice.language === language)
      .sort((a, b) => b.version - a.version)[0]
  )
}

export function qrContentFor(code: string, verifyUrl: string | undefined): string {
  if (!verifyUrl) return code
  const url = new URL(verifyUrl)
  url.searchParams.set('code', code)
  return url.href
}

/**
 * What the save dialog suggests: document numbers and dates, never a client's name or code.
 * A review letter is named by its case, its letter and its language (`P-000123-outcome-lv.pdf`).
 */
export function fileNameFor(
  document: PreparedDocument,
  format: 'pdf' | 'json',
  language: Language
): string {
  let base: string
  if (document.kind === 'receipt') {
    // A copy is named apart, so saving it never overwrites the original's file.
    base = `${document.data.receipt.receiptNumber}${document.data.copy ? '-copy' : ''}`
  } else if (document.kind === 'review') {
    base = `${document.data.reviewCase.number}-${document.data.letter}-${language}`
  } else if (document.kind === 'access-log') {
    base = `access-log-${document.data.printedAt.slice(0, 10)}-${language}`
  } else {
    base = `consent-report-${document.data.issuedAt.slice(0, 10)}-${document.data.reportId.slice(0, 8)}`
  }
  return `${base}.${format}`
}
