import { beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient } from '../../src/main/api/api-client'
import type { DocumentPrinter, SaveDialog } from '../../src/main/ports'
import {
  REVIEW_LETTER_REFUSED,
  createPrintService,
  type PrintService
} from '../../src/main/services/print'
import type { ReviewCase } from '../../src/shared/domain/review'
import { BridgeError } from '../../src/shared/ipc/result'
import type { PrintAssets } from '../../src/shared/print'
import { loadPrintAssets } from '../../src/shared/print/assets.node'
import {
  REVIEW_CASE_ID,
  REVIEW_CASE_NUMBER,
  REVIEW_STAFF,
  buildReviewCase,
  type ReviewCaseOverrides
} from '../support/print-fixtures'

/**
 * Main's print service for the review letters: it fetches the case with `getReviewCase`, stamps
 * the print time from its clock, names the PDF by case, letter and language, and refuses an
 * outcome for a case that is not closed and a notice of extension for a case not extended.
 */

const RESOURCES = new URL('../../resources', import.meta.url).pathname
const NOW = new Date('2027-03-03T09:30:00.000Z')

let assets: PrintAssets
beforeAll(async () => {
  assets = await loadPrintAssets(RESOURCES)
})

interface Harness {
  service: PrintService
  calls: { name: string; request: unknown }[]
  pdfs: string[]
  printed: string[]
  suggested: string[]
}

function harness(reviewCase: ReviewCase): Harness {
  const calls: Harness['calls'] = []
  const pdfs: string[] = []
  const printed: string[] = []
  const suggested: string[] = []
  const api = {
    baseUrl: 'http://127.0.0.1:1',
    call: async (name: string, request: unknown) => {
      calls.push({ name, request })
      if (name === 'getReviewCase') return reviewCase
      throw new Error(`unexpected API call ${name}`)
    }
  } as unknown as ApiClient
  const printer: DocumentPrinter = {
    toPdf: async (html) => {
      pdfs.push(html)
      return new TextEncoder().encode('%PDF-1.7 test')
    },
    print: async (html) => {
      printed.push(html)
      return true
    }
  }
  const saveDialog: SaveDialog = {
    // Suggestions are recorded; the file is not written (cancelled), so nothing touches disk.
    choosePath: async (name) => {
      suggested.push(name)
      return null
    }
  }
  const service = createPrintService({
    api,
    printer,
    saveDialog,
    assets: async () => assets,
    clock: { now: () => NOW }
  })
  return { service, calls, pdfs, printed, suggested }
}

const review = (letter: 'request' | 'extension' | 'outcome') =>
  ({ kind: 'review', caseId: REVIEW_CASE_ID, letter }) as const

function closed(overrides: ReviewCaseOverrides = {}): ReviewCase {
  return buildReviewCase({ status: 'closed', language: 'ru', ...overrides })
}

describe('print service: review letters', () => {
  it('prepares a letter from getReviewCase, printed now', async () => {
    const reviewCase = closed()
    const { service, calls } = harness(reviewCase)
    const prepared = await service.prepare({ document: review('outcome'), language: 'ru' })
    expect(calls).toEqual([{ name: 'getReviewCase', request: { params: { id: REVIEW_CASE_ID } } }])
    expect(prepared).toEqual({
      kind: 'review',
      data: { letter: 'outcome', reviewCase, printedAt: NOW.toISOString() }
    })
  })

  it('prints in the language asked for, and the preview is what prints', async () => {
    const { service, calls, printed } = harness(closed())
    await service.prepare({ document: review('outcome'), language: 'lv' })
    expect(
      await service.output({ document: review('outcome'), language: 'lv', action: 'print' })
    ).toEqual({ outcome: 'printed' })
    expect(calls).toHaveLength(1) // the previewed document, not a second fetch
    expect(printed[0]).toContain('<html lang="lv">')
    expect(printed[0]).toContain('Jaunais lēmums: ')
    expect(printed[0]).toContain('Datu valsts inspekcijā')
    for (const person of Object.values(REVIEW_STAFF)) {
      expect(printed[0]).not.toContain(person.displayName)
    }
  })

  it('names the PDF by case, letter and language, and no one', async () => {
    const { service, suggested, pdfs } = harness(closed({ extendedBy: 1 }))
    for (const letter of ['request', 'extension', 'outcome'] as const) {
      for (const language of ['lv', 'en'] as const) {
        expect(await service.output({ document: review(letter), language, action: 'pdf' })).toEqual(
          { outcome: 'cancelled' }
        )
      }
    }
    expect(suggested).toEqual([
      `${REVIEW_CASE_NUMBER}-request-lv.pdf`,
      `${REVIEW_CASE_NUMBER}-request-en.pdf`,
      `${REVIEW_CASE_NUMBER}-extension-lv.pdf`,
      `${REVIEW_CASE_NUMBER}-extension-en.pdf`,
      `${REVIEW_CASE_NUMBER}-outcome-lv.pdf`,
      `${REVIEW_CASE_NUMBER}-outcome-en.pdf`
    ])
    expect(pdfs).toEqual([]) // cancelled: nothing rendered to PDF
  })

  it('a letter is no JSON export', async () => {
    const { service } = harness(closed())
    await expect(
      service.output({ document: review('outcome'), language: 'en', action: 'json' })
    ).rejects.toMatchObject({ code: 'invalid_input' })
  })

  for (const status of ['open', 'claimed', 'awaiting_approval'] as const) {
    it(`refuses the outcome of a case that is ${status}, in preview and in print`, async () => {
      const { service, printed, suggested } = harness(buildReviewCase({ status }))
      const preview = service.prepare({ document: review('outcome'), language: 'en' })
      await expect(preview).rejects.toBeInstanceOf(BridgeError)
      await expect(preview).rejects.toMatchObject({
        code: REVIEW_LETTER_REFUSED,
        message: expect.stringContaining(`Case ${REVIEW_CASE_NUMBER} is not closed`)
      })
      for (const action of ['print', 'pdf'] as const) {
        await expect(
          service.output({ document: review('outcome'), language: 'en', action })
        ).rejects.toMatchObject({ code: REVIEW_LETTER_REFUSED })
      }
      expect(printed).toEqual([])
      expect(suggested).toEqual([])
      // The confirmation of the request prints whatever the case's state.
      await expect(
        service.prepare({ document: review('request'), language: 'en' })
      ).resolves.toMatchObject({ kind: 'review' })
    })
  }

  it('refuses a notice of extension for a case that was not extended', async () => {
    const { service } = harness(buildReviewCase({ status: 'claimed' }))
    await expect(
      service.prepare({ document: review('extension'), language: 'lv' })
    ).rejects.toMatchObject({
      code: REVIEW_LETTER_REFUSED,
      message: expect.stringContaining('was not extended')
    })
    const extended = harness(buildReviewCase({ status: 'claimed', extendedBy: 2 }))
    await expect(
      extended.service.prepare({ document: review('extension'), language: 'lv' })
    ).resolves.toMatchObject({ data: { letter: 'extension' } })
  })

  it('the API refusing the case (404, 403) passes through as it came', async () => {
    const failing = {
      baseUrl: 'http://127.0.0.1:1',
      call: async () => {
        throw new BridgeError({ code: 'not_found', message: 'No such case', status: 404 })
      }
    } as unknown as ApiClient
    const service = createPrintService({
      api: failing,
      printer: { toPdf: async () => new Uint8Array(), print: async () => true },
      saveDialog: { choosePath: async () => null },
      assets: async () => assets,
      clock: { now: () => NOW }
    })
    await expect(
      service.prepare({ document: review('request'), language: 'lv' })
    ).rejects.toMatchObject({ code: 'not_found', status: 404 })
  })
})
