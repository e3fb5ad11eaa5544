/**
 * @file Playwright fixtures: the built renderer in Debian Chromium, talking through main's REAL
 * services and IPC registration (the same `createMainServices` + `registerIpcHandlers` the
 * Electron entry uses) to the REAL consent API on in-memory PGlite. Only the preload is replaced:
 * `page.exposeBinding` carries invoke calls into this Node process, and an init script installs
 * `window.consentDesk` with the preload's shape.
 */
import { test as base, expect } from '@playwright/test'
import type { Page } from '@playwright/test'
import type { Kysely } from 'kysely'
import type { Database } from '../../src/server/db/database'
import { buildApp } from '../../src/server/app'
import { createDatabase } from '../../src/server/db/create-database'
import { DEMO_ACCOUNTS, startEmbeddedServer } from '../../src/server/embedded'
import { resolveKeyset } from '../../src/server/receipts/keyset-source'
import { VERSION } from '../../src/server/version'
import { EVENT_CHANNELS, type EventChannel } from '../../src/shared/ipc/channels'
import { eventContract } from '../../src/shared/ipc/contract'
import type { EventPayload } from '../../src/shared/ipc/contract'
import { registerIpcHandlers } from '../../src/main/ipc/register'
import type { IpcMainLike, SenderInfo } from '../../src/main/ipc/register'
import { createLogger } from '../../src/main/logger'
import { isTrustedIpcSender } from '../../src/main/security/ipc-sender'
import { createMainServices } from '../../src/main/services/create-services'
import type { MainServices } from '../../src/main/services/create-services'
import { loadPrintAssets } from '../../src/shared/print/assets.node'
import { E2E_DEMO_PASSWORD, RENDERER_DIR, RESOURCES_DIR } from './e2e-paths'
import { createChromiumPrinter, createOutputDirSaveDialog } from './e2e-printer'
import type { E2ePrinter, E2eSaveDialog } from './e2e-printer'
import { startStaticServer } from './e2e-static-server'

export { expect }
export { E2E_DEMO_PASSWORD }

/** A running consent API. */
export interface RunningApi {
  url: string
  /** Its database, for tests that change data behind the API's back (`apiDatabase`). */
  db: Kysely<Database>
  close(): Promise<void>
}

export interface Desk {
  /** Main's services as the page's handlers see them (session store, API client). */
  services: MainServices
  /** The API this test's page talks to. */
  api: RunningApi
  /** Main's printer port: Chromium's page.pdf(), and what was sent to the print dialog. */
  printer: E2ePrinter
  /** The save dialog, answering with files in the test's output folder. */
  saveDialog: E2eSaveDialog
  /** Pushes an event to the page, as main's webContents.send would. */
  emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): Promise<void>
  /** Console errors matching this pattern do not fail the test (for tests that provoke them). */
  allowConsoleError(pattern: RegExp): void
  /**
   * The API's database, to change what the API serves as another system would (publish a new
   * notice version). Only with `test.use({ apiDatabase: true })`; throws otherwise.
   */
  database(): Kysely<Database>
}

interface TestOptions {
  /** Give this test its own API instance (for tests that stop it). Default false. */
  ownApi: boolean
  /**
   * Give this test its own API and a handle on its database (`desk.database()`), so that what
   * the test writes there is seen by no other test. Default false.
   */
  apiDatabase: boolean
}

interface WorkerFixtures {
  sharedApi: RunningApi
  rendererUrl: string
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** The limits every harness API runs with (see startApi). */
const HARNESS_RATE_LIMITS = {
  staffReadsPerMinute: 1_000_000,
  integrationReadsPerMinute: 1_000_000,
  signInsPerMinutePerSource: 1_000_000
}

/**
 * E2E_DATABASE_URL (benchmarks only: `npm run bench -- --only desk-pg`): the API runs on that
 * PostgreSQL, already migrated and seeded (bench/bench-database.ts, 1.5 million clients), instead
 * of on a fresh in-memory PGlite; the tests' own data would not be there.
 */
async function startApiOnPostgres(url: string): Promise<RunningApi> {
  const database = await createDatabase({ kind: 'postgres', url })
  const app = await buildApp({
    database,
    version: VERSION,
    // A key for this run only: the benchmark prints no receipt anyone keeps.
    signingKeys: await resolveKeyset({ kind: 'none' }, { database: 'pglite', dataDir: undefined }),
    logger: false,
    rateLimits: HARNESS_RATE_LIMITS
  })
  const apiUrl = await app.listen({ host: '127.0.0.1', port: 0 })
  let closing: Promise<void> | undefined
  return {
    url: apiUrl,
    db: database.db,
    close: () =>
      (closing ??= (async () => {
        await app.close()
        await database.close()
      })())
  }
}

async function startApi(): Promise<RunningApi> {
  const postgresUrl = process.env.E2E_DATABASE_URL
  if (postgresUrl) return startApiOnPostgres(postgresUrl)
  const server = await startEmbeddedServer({
    demoPassword: E2E_DEMO_PASSWORD,
    // The benchmarks ask for the desktop's own demo size (3,000); tests keep a quick 200.
    demoClients: Number(process.env.E2E_DEMO_CLIENTS ?? 200),
    // Every test of a worker signs in to this one API as the same few accounts, from one
    // address, and the benchmarks drive thousands of searches: the desk's own limits are not
    // what these tests are about.
    rateLimits: HARNESS_RATE_LIMITS,
    host: '127.0.0.1',
    port: 0
  })
  let closing: Promise<void> | undefined
  return { url: server.url, db: server.db, close: () => (closing ??= server.close()) }
}

/**
 * Installs `window.consentDesk` before any page script runs. Serialised into the page, so it may
 * use nothing from this module; typed loosely because this project's Node tsconfig has no DOM.
 */
function installBridge(eventChannels: readonly string[]): void {
  const page = globalThis as unknown as Record<string, unknown>
  type Invoke = (channel: unknown, input: unknown) => Promise<unknown>
  const invokeBinding = page.__consentDeskInvoke as Invoke
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  Object.defineProperty(page, '__consentDeskEmit', {
    value: (channel: string, payload: unknown): void => {
      for (const listener of [...(listeners.get(channel) ?? [])]) listener(payload)
    }
  })
  page.consentDesk = Object.freeze({
    invoke: (channel: unknown, input?: unknown): Promise<unknown> => invokeBinding(channel, input),
    on(channel: string, listener: (payload: unknown) => void): () => void {
      if (!eventChannels.includes(channel)) throw new Error('Unknown event channel')
      const set = listeners.get(channel) ?? new Set()
      set.add(listener)
      listeners.set(channel, set)
      return () => {
        set.delete(listener)
      }
    }
  })
}

/** An in-memory ipcMain: `registerIpcHandlers` binds to it exactly as it binds Electron's. */
function createMemoryIpcMain(): IpcMainLike & {
  invoke(event: SenderInfo, channel: unknown, input: unknown): Promise<unknown>
} {
  const listeners = new Map<string, (event: SenderInfo, ...args: unknown[]) => unknown>()
  return {
    handle(channel, listener) {
      listeners.set(channel, listener)
    },
    async invoke(event, channel, input) {
      const listener = typeof channel === 'string' ? listeners.get(channel) : undefined
      // Electron rejects an unhandled channel; the preload would have refused it first.
      if (!listener) {
        return { ok: false, error: { code: 'invalid_input', message: 'Unknown channel' } }
      }
      return listener(event, input)
    }
  }
}

async function wireDesk(
  page: Page,
  api: RunningApi,
  rendererUrl: string,
  /** Whether the test may change the API's database (it has an API of its own). */
  ownDatabase: boolean,
  /** Where this test's saved PDFs go. */
  outputDir: string
): Promise<{ desk: Desk; problems: string[] }> {
  const allowed: RegExp[] = []
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    const text = message.text()
    if (!allowed.some((pattern) => pattern.test(text))) problems.push(`console.error: ${text}`)
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))

  // The renderer has no network: anything not served from loopback is a bug, and is refused.
  await page.context().route('**/*', async (route) => {
    const url = new URL(route.request().url())
    if (LOOPBACK.has(url.hostname)) await route.continue()
    else {
      problems.push(`blocked request: ${url.href}`)
      await route.abort('blockedbyclient')
    }
  })

  const emitToPage = async (channel: EventChannel, payload: unknown): Promise<void> => {
    const checked = eventContract[channel].payload.parse(payload)
    await page
      .evaluate(
        ([name, data]) => {
          const emit = (globalThis as unknown as Record<string, unknown>).__consentDeskEmit
          if (typeof emit === 'function') emit(name, data)
        },
        [channel, checked] as const
      )
      .catch(() => {
        // The page may be navigating or closed; Electron drops such events too.
      })
  }

  const browser = page.context().browser()
  if (!browser) throw new Error('the page has no browser to print with')
  const printer = createChromiumPrinter(browser)
  const saveDialog = createOutputDirSaveDialog(outputDir)
  const services = createMainServices({
    apiUrl: api.url,
    mode: 'embedded',
    demoAccounts: DEMO_ACCOUNTS,
    version: '0.0.0-e2e',
    events: { emit: (channel, payload) => void emitToPage(channel, payload) },
    logger: createLogger(() => {}),
    printing: {
      printer,
      saveDialog,
      assets: async () => loadPrintAssets(RESOURCES_DIR),
      receiptVerifyUrl: 'https://verify.example.lv/receipt'
    }
  })
  const ipc = createMemoryIpcMain()
  registerIpcHandlers(
    ipc,
    services.handlers,
    // The page is the only window here, so only the frame is checked.
    (event) => isTrustedIpcSender({ frame: event.senderFrame, fromMainWindow: true }, rendererUrl),
    createLogger(() => {})
  )
  await page.exposeBinding('__consentDeskInvoke', async (source, channel: unknown, input) => {
    // As Electron describes it: an iframe has a parent frame and fails the sender check.
    const senderFrame = { url: source.frame.url(), parent: source.frame.parentFrame() }
    return ipc.invoke({ senderFrame }, channel, input)
  })
  await page.addInitScript(installBridge, EVENT_CHANNELS)

  const desk: Desk = {
    services,
    api,
    printer,
    saveDialog,
    emit: (channel, payload) => emitToPage(channel, payload),
    allowConsoleError: (pattern) => void allowed.push(pattern),
    database: () => {
      // The shared API serves every test of the worker: none may change its data underneath.
      if (!ownDatabase) throw new Error('desk.database() needs test.use({ apiDatabase: true })')
      return api.db
    }
  }
  return { desk, problems }
}

export const test = base.extend<TestOptions & { desk: Desk }, WorkerFixtures>({
  ownApi: [false, { option: true }],
  apiDatabase: [false, { option: true }],

  sharedApi: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads dependencies from this pattern
    async ({}, use) => {
      const api = await startApi()
      await use(api)
      await api.close()
    },
    { scope: 'worker', timeout: 120_000 }
  ],

  rendererUrl: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads dependencies from this pattern
    async ({}, use) => {
      const server = await startStaticServer(RENDERER_DIR)
      await use(server.url)
      await server.close()
    },
    { scope: 'worker' }
  ],

  baseURL: async ({ rendererUrl }, use) => {
    await use(rendererUrl)
  },

  desk: [
    async ({ page, ownApi, apiDatabase, sharedApi, rendererUrl }, use, testInfo) => {
      // A test that changes the database behind the API's back gets an API of its own.
      const api = ownApi || apiDatabase ? await startApi() : sharedApi
      const { desk, problems } = await wireDesk(
        page,
        api,
        rendererUrl,
        apiDatabase,
        testInfo.outputPath('saved')
      )
      await use(desk)
      if (ownApi || apiDatabase) await api.close()
      expect(problems, 'console errors, page errors or blocked requests').toEqual([])
    },
    // Automatic: every test's page gets the bridge and the error checks, asked for or not.
    { auto: true, timeout: 120_000 }
  ]
})
