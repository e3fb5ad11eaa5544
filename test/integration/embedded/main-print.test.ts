import { randomUUID } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedServer } from '../../../src/server/embedded'
import { FIXTURES } from '../../../src/server/seed/generator'
import type { RecordConsentsResponse } from '../../../src/shared/domain/consent'
import type { ConsentReport } from '../../../src/shared/domain/receipt'
import type {
  ConfirmationBatchResult,
  ConfirmationProgress,
  PreparedDocument,
  PrintOutcome
} from '../../../src/shared/ipc/print-contract'
import type { IpcResult } from '../../../src/shared/ipc/result'
import { loadPrintAssets } from '../../../src/shared/print/assets.node'
import { createIpcDispatcher, type IpcDispatcher } from '../../../src/main/ipc/register'
import { createMemoryLogger } from '../../../src/main/logger'
import { createMainServices } from '../../../src/main/services/create-services'

// main's print channels against the real consent API on in-memory PGlite. The printer port is
// a recorder here (the PDF itself is Chromium's, tested end to end); what is checked is what
// main hands it: the document the API signed, in the language asked for.
const PASSWORD = 'print-demo-password'
const RESOURCES = resolve(import.meta.dirname, '../../../resources')
let server: Awaited<ReturnType<typeof startEmbeddedServer>> | undefined
let folder: string

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'consent-desk-print-'))
  server = await startEmbeddedServer({
    demoPassword: PASSWORD,
    // Enough clients for a batch of 500 confirmations.
    demoClients: 600,
    // 1,500 reads in a few seconds: the per-account limit would pace the batch for minutes
    // (confirmations.ts waits it out; test/unit/main-confirmations-pacing.test.ts shows that).
    rateLimits: { staffReadsPerMinute: 1_000_000 },
    host: '127.0.0.1',
    port: 0
  })
}, 120_000)

afterAll(async () => {
  await server?.close()
  await rm(folder, { recursive: true, force: true })
})

interface Desk {
  dispatch: IpcDispatcher
  printed: string[]
  pdfs: string[]
  progress: ConfirmationProgress[]
  onProgress(listener: (event: ConfirmationProgress) => void): void
  /** What the save dialog answers next (null: the user cancels). */
  answer: { path: string | null }
}

async function signedInDesk(username = 'agent'): Promise<Desk> {
  const printed: string[] = []
  const pdfs: string[] = []
  const progress: ConfirmationProgress[] = []
  const answer: Desk['answer'] = { path: null }
  let onProgress: (event: ConfirmationProgress) => void = () => {}
  const services = createMainServices({
    apiUrl: server!.url,
    mode: 'embedded',
    demoAccounts: [],
    version: '0.1.0',
    events: {
      emit: (channel, payload) => {
        if (channel !== 'confirmations:progress') return
        const event = payload as ConfirmationProgress
        progress.push(event)
        onProgress(event)
      }
    },
    logger: createMemoryLogger(),
    printing: {
      printer: {
        async toPdf(html) {
          pdfs.push(html)
          return new TextEncoder().encode(`%PDF-1.7 ${pdfs.length}`)
        },
        async print(html) {
          printed.push(html)
          return true
        }
      },
      saveDialog: { choosePath: async () => answer.path },
      assets: () => loadPrintAssets(RESOURCES),
      receiptVerifyUrl: 'https://verify.example.lv/r'
    }
  })
  const dispatch = createIpcDispatcher(services.handlers, createMemoryLogger())
  const login = await dispatch('auth:login', { username, password: PASSWORD })
  expect(login).toMatchObject({ ok: true })
  return {
    dispatch,
    printed,
    pdfs,
    progress,
    answer,
    onProgress: (listener) => {
      onProgress = listener
    }
  }
}

function value<T>(result: IpcResult<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`)
  return result.value as T
}

async function saveLocation(
  desk: Desk
): Promise<{ clientId: string; saved: RecordConsentsResponse }> {
  const fixture = FIXTURES.annaOzolina
  const found = value<{ items: { id: string }[] }>(
    await desk.dispatch('clients:search', { q: fixture.personalCode })
  )
  const clientId = found.items[0]!.id
  const state = value<{ version: number; purposes: { purpose: string; state: string }[] }>(
    await desk.dispatch('consents:get', { clientId })
  )
  const location = state.purposes.find((p) => p.purpose === 'location')!.state
  const saved = value<RecordConsentsResponse>(
    await desk.dispatch('consents:record', {
      clientId,
      requestId: randomUUID(),
      expectedVersion: state.version,
      changes: [{ purpose: 'location', action: location === 'given' ? 'withdrawn' : 'given' }],
      identityVerification: { method: 'id_card', documentLast4: '4321' },
      source: 'customer_centre',
      language: 'lv'
    })
  )
  return { clientId, saved }
}

describe('printing a receipt through main', () => {
  it('prepares the signed receipt with its texts in the print language and its QR address', async () => {
    const desk = await signedInDesk()
    const { saved } = await saveLocation(desk)
    const receiptId = saved.receipt.id!
    const prepared = value<PreparedDocument>(
      await desk.dispatch('print:prepare', {
        document: { kind: 'receipt', receiptId, copy: false },
        language: 'en'
      })
    )
    expect(prepared.kind).toBe('receipt')
    if (prepared.kind !== 'receipt') return
    // The payload is the one the API signed for this save (its JWS's payload).
    const [, payload] = saved.receipt.jws!.split('.')
    expect(prepared.data.receipt).toEqual(JSON.parse(Buffer.from(payload!, 'base64url').toString()))
    expect(prepared.data.receipt.language).toBe('lv')
    expect(prepared.data.qrContent).toBe(
      `https://verify.example.lv/r?code=${saved.receipt.verificationCode}`
    )
    // Printed in English: the purposes' English titles and the English rights statement.
    expect(prepared.data.purposeTitles.location).toMatch(/location/i)
    expect(prepared.data.rightsText).toMatch(/withdraw/i)
    expect(prepared.data.copy).toBeUndefined()
  })

  it('prints the same document, saves a PDF where the user says, and a cancelled save writes nothing', async () => {
    const desk = await signedInDesk()
    const { saved } = await saveLocation(desk)
    const document = { kind: 'receipt', receiptId: saved.receipt.id!, copy: true } as const

    const printedOutcome = value<PrintOutcome>(
      await desk.dispatch('print:output', { document, language: 'ru', action: 'print' })
    )
    expect(printedOutcome).toEqual({ outcome: 'printed' })
    expect(desk.printed).toHaveLength(1)
    expect(desk.printed[0]).toContain(saved.receipt.verificationCode!)
    expect(desk.printed[0]).toContain('lang="ru"')
    expect(desk.printed[0]).not.toContain('<script')

    desk.answer.path = null
    const cancelled = value<PrintOutcome>(
      await desk.dispatch('print:output', { document, language: 'lv', action: 'pdf' })
    )
    expect(cancelled).toEqual({ outcome: 'cancelled' })
    expect(desk.pdfs).toHaveLength(0)

    desk.answer.path = join(folder, `${randomUUID()}.pdf`)
    const savedOutcome = value<PrintOutcome>(
      await desk.dispatch('print:output', { document, language: 'lv', action: 'pdf' })
    )
    expect(savedOutcome).toEqual({ outcome: 'saved', path: desk.answer.path })
    expect(await readFile(desk.answer.path, 'utf8')).toBe('%PDF-1.7 1')
    // A reprint is a copy: the copy marking is in what was rendered.
    expect(desk.pdfs[0]).toContain(saved.receipt.verificationCode!)
  })

  it('refuses a receipt id that is not one, before asking the API', async () => {
    const desk = await signedInDesk()
    const result = await desk.dispatch('print:prepare', {
      document: { kind: 'receipt', receiptId: 'R-1', copy: false },
      language: 'lv'
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })
})

describe("printing a client's consent report through main", () => {
  it('prints and exports the report that was previewed, not a second one', async () => {
    const desk = await signedInDesk()
    const { clientId } = await saveLocation(desk)
    const document = { kind: 'report', clientId } as const
    const prepared = value<PreparedDocument>(
      await desk.dispatch('print:prepare', { document, language: 'lv' })
    )
    expect(prepared.kind).toBe('report')
    const report = prepared.data as ConsentReport
    expect(report.client.id).toBe(clientId)
    expect(report.history.length).toBeGreaterThan(0)

    value(await desk.dispatch('print:output', { document, language: 'lv', action: 'print' }))
    expect(desk.printed[0]).toContain(report.reportId)

    desk.answer.path = join(folder, `${randomUUID()}.json`)
    value(await desk.dispatch('print:output', { document, language: 'lv', action: 'json' }))
    const exported = JSON.parse(await readFile(desk.answer.path, 'utf8')) as ConsentReport
    expect(exported.reportId).toBe(report.reportId)
    expect(exported.jws.split('.')).toHaveLength(3)
    expect((await stat(desk.answer.path)).size).toBeGreaterThan(100)
  })

  it('exports JSON only for a report', async () => {
    const desk = await signedInDesk()
    const { saved } = await saveLocation(desk)
    desk.answer.path = join(folder, `${randomUUID()}.json`)
    const result = await desk.dispatch('print:output', {
      document: { kind: 'receipt', receiptId: saved.receipt.id!, copy: false },
      language: 'lv',
      action: 'json'
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })
})

describe('batch confirmations through main', () => {
  /** The confirmations in a rendered batch: one article per client. */
  const confirmationsIn = (html: string): number =>
    html.match(/<article class="print-document doc-confirmation"/g)?.length ?? 0

  it('500 clients from a pasted list become one PDF of 500 confirmations; an unknown code is named', async () => {
    const desk = await signedInDesk('supervisor')
    const clients = await server!.db
      .selectFrom('clients')
      .select(['personal_code'])
      .where('kind', '=', 'private')
      .orderBy('personal_code')
      .limit(500)
      .execute()
    expect(clients).toHaveLength(500)
    desk.answer.path = join(folder, `${randomUUID()}.pdf`)
    const result = value<ConfirmationBatchResult>(
      await desk.dispatch('confirmations:print', {
        jobId: randomUUID(),
        selection: {
          kind: 'clients',
          identifiers: [...clients.map((c) => c.personal_code!), '010101-00000']
        },
        language: 'lv'
      })
    )
    expect(result).toEqual({
      outcome: 'saved',
      path: desk.answer.path,
      printed: 500,
      notFound: ['010101-00000']
    })
    expect(desk.pdfs).toHaveLength(1)
    expect(confirmationsIn(desk.pdfs[0]!)).toBe(500)
    expect(await readFile(desk.answer.path, 'utf8')).toBe('%PDF-1.7 1')
    // Progress went client by client to the end, then to the PDF.
    const collected = desk.progress.filter((p) => p.phase === 'collecting')
    expect(collected.at(-1)).toMatchObject({ done: 500, total: 500 })
    expect(desk.progress.at(-1)).toMatchObject({ phase: 'rendering', done: 500 })
  }, 120_000)

  it('a cancelled batch ends cancelled and leaves no file, whole or partial', async () => {
    const desk = await signedInDesk('supervisor')
    const clients = await server!.db
      .selectFrom('clients')
      .select(['personal_code'])
      .where('kind', '=', 'private')
      .limit(50)
      .execute()
    const jobId = randomUUID()
    desk.answer.path = join(folder, `${randomUUID()}.pdf`)
    desk.onProgress((event) => {
      if (event.phase === 'collecting' && event.done === 10) {
        void desk.dispatch('confirmations:cancel', { jobId })
      }
    })
    const result = value<ConfirmationBatchResult>(
      await desk.dispatch('confirmations:print', {
        jobId,
        selection: { kind: 'clients', identifiers: clients.map((c) => c.personal_code!) },
        language: 'en'
      })
    )
    expect(result.outcome).toBe('cancelled')
    expect(desk.pdfs).toHaveLength(0)
    expect(
      readdirSync(folder).filter((name) => name.startsWith(basename(desk.answer.path!)))
    ).toEqual([])
    // It stopped where it was told to, not at the end.
    expect(Math.max(...desk.progress.map((p) => p.done))).toBeLessThan(50)
  })

  it("a centre's day covers every client whose consents were changed there that day, once", async () => {
    const agent = await signedInDesk('agent')
    const { clientId } = await saveLocation(agent)
    await saveLocation(agent) // the same client again: still one confirmation
    const desk = await signedInDesk('supervisor')
    // The agent's centre: the day's changes are the ones made there.
    const { staff } = value<{ staff: { centre: { id: string } } }>(
      await agent.dispatch('auth:session', undefined)
    )
    desk.answer.path = join(folder, `${randomUUID()}.pdf`)
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Riga' }).format(new Date())
    const result = value<ConfirmationBatchResult>(
      await desk.dispatch('confirmations:print', {
        jobId: randomUUID(),
        selection: { kind: 'centreDay', centre: staff.centre.id, day: today },
        language: 'ru'
      })
    )
    expect(result.outcome).toBe('saved')
    const html = desk.pdfs[0]!
    expect(html).toContain('lang="ru"')
    const receipts = await server!.db
      .selectFrom('receipts')
      .select('client_id')
      .where('centre_id', '=', staff.centre.id)
      .distinct()
      .execute()
    expect(result.printed).toBe(receipts.length)
    expect(confirmationsIn(html)).toBe(receipts.length)
    expect(receipts.map((r) => r.client_id)).toContain(clientId)
  })
})
