import { rename, rm, writeFile } from 'node:fs/promises'
import type { Purpose } from '../../shared/domain/consent'
import { rigaEndOfDay, rigaInstant } from '../../shared/domain/dates'
import type { Language } from '../../shared/domain/staff'
import type {
  ConfirmationBatchInput,
  ConfirmationBatchResult,
  ConfirmationSelection
} from '../../shared/ipc/print-contract'
import { BRIDGE_ERROR_CODES, BridgeError } from '../../shared/ipc/result'
import { renderHtml, type PrintDocument } from '../../shared/print'
import type { ApiClient } from '../api/api-client'
import type { EventSink } from '../ports'
import type { PrintServiceDeps } from './print'
import { purposeTitlesIn, qrContentFor } from './print'

export interface ConfirmationBatches {
  print(input: ConfirmationBatchInput): Promise<ConfirmationBatchResult>
  /** Stops the batch at its next step; it then answers `cancelled` and leaves no file. */
  cancel(jobId: string): void
}

export interface ConfirmationDeps extends PrintServiceDeps {
  events: EventSink
  /** Waits this long (tests pass a fake); default: a timer. */
  pause?: (ms: number) => Promise<void>
}

/** How long a batch waits before asking again when the API's per-account read limit is reached. */
export const RATE_LIMIT_PAUSE_MS = 5_000

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** The register's page size when collecting a centre's day (the API's maximum). */
const RECEIPTS_PAGE = 200

class Cancelled extends Error {}

/**
 * Batches of consent confirmations (supervisors), into one PDF: one client per page, each with
 * the client's current state and the signed receipt of their latest change. The file is written
 * beside its final name and moved there only when complete, so a cancelled or failed batch
 * leaves nothing half-written.
 */
export function createConfirmationBatches(deps: ConfirmationDeps): ConfirmationBatches {
  const cancelled = new Set<string>()
  const running = new Set<string>()

  return {
    cancel(jobId) {
      if (running.has(jobId)) cancelled.add(jobId)
    },

    async print({ jobId, selection, language }) {
      if (running.has(jobId)) {
        throw new BridgeError({
          code: BRIDGE_ERROR_CODES.invalidInput,
          message: 'This batch is already running'
        })
      }
      running.add(jobId)
      const check = (): void => {
        if (cancelled.has(jobId)) throw new Cancelled()
      }
      let partial: string | undefined
      try {
        const path = await deps.saveDialog.choosePath(fileNameFor(selection), 'pdf')
        if (!path) return { outcome: 'cancelled', printed: 0, notFound: [] }
        const pace = <T>(read: () => Promise<T>): Promise<T> =>
          paced(read, check, deps.pause ?? sleep)
        const { clientIds, notFound } = await clientsOf(deps.api, selection, check, pace)
        if (clientIds.length === 0) return { outcome: 'empty', printed: 0, notFound }

        const catalogue = await deps.api.call('listPurposes', {})
        const purposeTitles = purposeTitlesIn(catalogue, language)
        const printedAt = deps.clock.now().toISOString()
        const documents: PrintDocument[] = []
        const progress = (phase: 'collecting' | 'rendering', done: number): void =>
          deps.events.emit('confirmations:progress', {
            jobId,
            phase,
            done,
            total: clientIds.length
          })
        progress('collecting', 0)
        for (const [index, clientId] of clientIds.entries()) {
          check()
          documents.push(
            await pace(() => confirmationOf(deps, clientId, { purposeTitles, printedAt, language }))
          )
          progress('collecting', index + 1)
        }
        check()
        progress('rendering', 0)
        const pdf = await deps.printer.toPdf(renderHtml(documents, language, await deps.assets()))
        check()
        partial = `${path}.part`
        await writeFile(partial, pdf)
        check()
        await rename(partial, path)
        partial = undefined
        progress('rendering', clientIds.length)
        return { outcome: 'saved', path, printed: documents.length, notFound }
      } catch (error) {
        if (error instanceof Cancelled) return { outcome: 'cancelled', printed: 0, notFound: [] }
        throw error
      } finally {
        if (partial) await rm(partial, { force: true })
        running.delete(jobId)
        cancelled.delete(jobId)
      }
    }
  }
}

/**
 * A batch reads three times per client, so a big one meets the API's per-account read limit
 * (429 `rate_limited`, RATE_LIMIT_STAFF_PER_MINUTE). It waits and asks again instead of failing
 * the whole batch: the limit paces it, and a cancel still stops it within a second.
 */
export async function paced<T>(
  read: () => Promise<T>,
  check: () => void,
  pause: (ms: number) => Promise<void>
): Promise<T> {
  for (;;) {
    try {
      return await read()
    } catch (error) {
      if (!(error instanceof BridgeError) || error.code !== 'rate_limited') throw error
    }
    for (let waited = 0; waited < RATE_LIMIT_PAUSE_MS; waited += 1_000) {
      check()
      await pause(1_000)
    }
    check()
  }
}

/** The clients a selection covers, in its order, each once. */
async function clientsOf(
  api: ApiClient,
  selection: ConfirmationSelection,
  check: () => void,
  pace: <T>(read: () => Promise<T>) => Promise<T>
): Promise<{ clientIds: string[]; notFound: string[] }> {
  const clientIds: string[] = []
  const seen = new Set<string>()
  const add = (id: string): void => {
    if (!seen.has(id)) {
      seen.add(id)
      clientIds.push(id)
    }
  }
  if (selection.kind === 'clients') {
    const notFound: string[] = []
    for (const identifier of selection.identifiers) {
      check()
      // An identifier finds its client exactly (the search ranks an exact identifier first and
      // alone); anything else is reported rather than guessed.
      const found = await pace(() =>
        api.call('searchClients', { query: { q: identifier, limit: 2 } })
      )
      const match = found.items.length === 1 ? found.items[0] : undefined
      if (match) add(match.id)
      else notFound.push(identifier)
    }
    return { clientIds, notFound }
  }
  let cursor: string | undefined
  do {
    check()
    const page = await api.call('listReceipts', {
      query: {
        centre: selection.centre,
        from: rigaInstant(selection.day),
        to: rigaEndOfDay(selection.day),
        limit: RECEIPTS_PAGE,
        ...(cursor ? { cursor } : {})
      }
    })
    // Newest first from the API; the batch reads in the order the day went.
    for (const item of [...page.items].reverse()) add(item.clientId)
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  return { clientIds, notFound: [] }
}

async function confirmationOf(
  deps: ConfirmationDeps,
  clientId: string,
  shared: { purposeTitles: Record<Purpose, string>; printedAt: string; language: Language }
): Promise<PrintDocument> {
  // The client and the state in one request (the card's): a batch of hundreds stays further
  // from the API's read limit than with a request for each.
  const [{ client, consents: state }, latest] = await Promise.all([
    deps.api.call('getClientCard', { params: { id: clientId } }),
    deps.api.call('listReceipts', { query: { clientId, limit: 1 } })
  ])
  const summary = latest.items[0]
  const receipt = summary
    ? await deps.api.call('getReceipt', { params: { id: summary.id } })
    : undefined
  return {
    kind: 'confirmation',
    data: {
      client: {
        name: client.name ?? [client.firstName, client.lastName].filter(Boolean).join(' '),
        // Printed lists never show a personal code whole (the API never sends it here); a
        // company's number is public.
        maskedCode: client.personalCodeMasked ?? client.registrationNumber ?? null
      },
      state,
      latestReceipt: receipt?.receipt ?? null,
      purposeTitles: shared.purposeTitles,
      qrContent: receipt ? qrContentFor(receipt.verificationCode, deps.receiptVerifyUrl) : null,
      printedAt: shared.printedAt
    }
  }
}

function fileNameFor(selection: ConfirmationSelection): string {
  return selection.kind === 'centreDay'
    ? `confirmations-${selection.centre}-${selection.day}.pdf`
    : `confirmations-${selection.identifiers.length}.pdf`
}
