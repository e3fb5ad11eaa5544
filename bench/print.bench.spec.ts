/**
 * `npm run bench:print`: the receipts issue's figures, through main's real print service, the
 * real API on PGlite and Debian's Chromium (the renderer E2E harness's printer port). Not a test.
 *
 * - One receipt PDF as the agent gets it (main fetches the receipt and the texts from the API,
 *   renders the HTML, Chromium makes the PDF), next to Chromium making a PDF of a one-line page:
 *   the floor of any PDF on this machine.
 * - A batch of 500 confirmations, end to end: each client's state and latest receipt from the
 *   API, the HTML, the PDF, the file.
 * - Receipt verifications per second (POST /v1/receipts/verify by code, 16 at a time), next to
 *   a bare Fastify route answering a constant in the same run.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@playwright/test'
import Fastify from 'fastify'
import { createIpcDispatcher } from '../src/main/ipc/register'
import { createMemoryLogger } from '../src/main/logger'
import { createMainServices } from '../src/main/services/create-services'
import { startEmbeddedServer } from '../src/server/embedded'
import { BENCH_RATE_LIMITS } from './bench-limits'
import { reportFigures } from './figures'
import type { ConfirmationBatchResult } from '../src/shared/ipc/print-contract'
import type { IpcResult } from '../src/shared/ipc/result'
import { loadPrintAssets } from '../src/shared/print/assets.node'
import { RESOURCES_DIR } from '../test/support/e2e-paths'
import { createChromiumPrinter } from '../test/support/e2e-printer'

const PASSWORD = 'bench-print-password'

function value<T>(result: IpcResult<unknown>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return result.value as T
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

async function rate(
  label: string,
  total: number,
  concurrency: number,
  request: () => Promise<void>
): Promise<number> {
  let remaining = total
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (remaining-- > 0) await request()
    })
  )
  const perSecond = total / ((performance.now() - started) / 1000)
  console.log(`${label.padEnd(44)} ${perSecond.toFixed(0).padStart(6)}/s`)
  return perSecond
}

test('print figures: one receipt PDF, a batch of 500, verifications per second', async ({
  browser
}) => {
  const server = await startEmbeddedServer({
    demoPassword: PASSWORD,
    demoClients: 600,
    rateLimits: BENCH_RATE_LIMITS,
    host: '127.0.0.1',
    port: 0
  })
  const folder = await mkdtemp(join(tmpdir(), 'consent-desk-bench-print-'))
  const bare = Fastify()
  bare.post('/bare', async () => ({ genuine: true }))
  try {
    const printer = createChromiumPrinter(browser)
    const target = { path: '' }
    const assets = await loadPrintAssets(RESOURCES_DIR)
    const services = createMainServices({
      apiUrl: server.url,
      mode: 'embedded',
      demoAccounts: [],
      version: 'bench',
      events: { emit: () => {} },
      logger: createMemoryLogger(),
      printing: {
        printer,
        saveDialog: { choosePath: async () => target.path },
        assets: async () => assets
      }
    })
    const dispatch = createIpcDispatcher(services.handlers, createMemoryLogger())
    value(await dispatch('auth:login', { username: 'supervisor', password: PASSWORD }))

    // A receipt to print: one change for a private client.
    const [client] = await server.db
      .selectFrom('clients')
      .select(['id'])
      .where('kind', '=', 'private')
      .limit(1)
      .execute()
    const state = value<{ version: number; purposes: { purpose: string; state: string }[] }>(
      await dispatch('consents:get', { clientId: client!.id })
    )
    const research = state.purposes.find((p) => p.purpose === 'research_metadata')!.state
    const saved = value<{ receipt: { id: string; verificationCode: string } }>(
      await dispatch('consents:record', {
        clientId: client!.id,
        requestId: randomUUID(),
        expectedVersion: state.version,
        changes: [
          { purpose: 'research_metadata', action: research === 'given' ? 'withdrawn' : 'given' }
        ],
        identityVerification: { method: 'id_card', documentLast4: '1234' },
        source: 'customer_centre',
        language: 'lv'
      })
    )

    // The floor: Chromium's PDF of a page with one line on it.
    await printer.toPdf('<!doctype html><p>warm-up</p>')
    const floor: number[] = []
    for (let round = 0; round < 10; round++) {
      const started = performance.now()
      await printer.toPdf('<!doctype html><html lang="lv"><p>Piekrišanu apliecinājums</p>')
      floor.push(performance.now() - started)
    }
    const receipt: number[] = []
    for (let round = 0; round < 11; round++) {
      target.path = join(folder, `receipt-${round}.pdf`)
      const started = performance.now()
      value(
        await dispatch('print:output', {
          document: { kind: 'receipt', receiptId: saved.receipt.id, copy: round % 2 === 1 },
          language: 'lv',
          action: 'pdf'
        })
      )
      if (round > 0) receipt.push(performance.now() - started)
    }
    console.log(
      `one receipt PDF through main (goal ≤ 300 ms)   median ${median(receipt).toFixed(0)} ms; ` +
        `a one-line PDF ${median(floor).toFixed(0)} ms (ratio ${(median(receipt) / median(floor)).toFixed(1)}×)`
    )

    // A batch of 500: a pasted list of personal codes, as a supervisor would paste it.
    const codes = await server.db
      .selectFrom('clients')
      .select('personal_code')
      .where('kind', '=', 'private')
      .orderBy('personal_code')
      .limit(500)
      .execute()
    target.path = join(folder, 'batch.pdf')
    const started = performance.now()
    const batch = value<ConfirmationBatchResult>(
      await dispatch('confirmations:print', {
        jobId: randomUUID(),
        selection: { kind: 'clients', identifiers: codes.map((c) => c.personal_code!) },
        language: 'lv'
      })
    )
    const seconds = (performance.now() - started) / 1000
    const size = (await stat(target.path)).size
    console.log(
      `batch of ${batch.printed} confirmations (goal ≤ 60 s)     ${seconds.toFixed(1)} s, ` +
        `${(size / 1e6).toFixed(1)} MB PDF`
    )

    // Verifications per second through HTTP, next to a bare route.
    const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 })
    const login = await fetch(`${server.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'integration', password: PASSWORD })
    })
    const { token } = (await login.json()) as { token: string }
    const body = JSON.stringify({ code: saved.receipt.verificationCode })
    const bareRate = await rate('bare Fastify route, 16 concurrent', 2000, 16, async () => {
      await (
        await fetch(`${bareUrl}/bare`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body
        })
      ).arrayBuffer()
    })
    const verifyRate = await rate(
      'receipt verifications by code, 16 concurrent',
      2000,
      16,
      async () => {
        const response = await fetch(`${server.url}/v1/receipts/verify`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body
        })
        const answer = (await response.json()) as { genuine?: boolean }
        if (!answer.genuine) throw new Error(`verification failed: ${JSON.stringify(answer)}`)
      }
    )
    console.log(`verifications / bare route: ${(verifyRate / bareRate).toFixed(2)}`)
    await reportFigures([
      {
        id: 'print.receipt_pdf',
        label: 'one receipt PDF through main: median',
        value: median(receipt),
        unit: 'ms',
        better: 'lower',
        peer: { label: 'Chromium one-line PDF, median', value: median(floor), unit: 'ms' },
        target: '≤ 300 ms',
        met: median(receipt) <= 300
      },
      {
        id: 'print.batch_500',
        label: `batch of ${batch.printed} confirmations`,
        value: seconds,
        unit: 's',
        better: 'lower',
        target: '≤ 60 s',
        met: seconds <= 60
      },
      {
        id: 'print.verify',
        label: `receipt verifications by code, 16 conn: ${verifyRate.toFixed(0)}/s ÷ bare`,
        value: verifyRate / bareRate,
        unit: 'x',
        better: 'higher',
        peer: { label: 'bare Fastify route', value: bareRate, unit: 'req/s' }
      }
    ])
  } finally {
    await bare.close()
    await server.close()
    await rm(folder, { recursive: true, force: true })
  }
})
