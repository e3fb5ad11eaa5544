import { join } from 'node:path'
import type { Logger } from '../ports'
import { loadSettings, resolveApiTarget, resolveReceiptVerifyUrl } from './settings'

/** The embedded API's entry point (src/server/embedded.ts), passed in so tests can fake it. */
export type StartEmbeddedServer = (options: {
  dataDir?: string
  dataTemplate?: string
  demoPassword: string
}) => Promise<{ url: string; close(): Promise<void> }>

export interface Backend {
  mode: 'embedded' | 'remote'
  /**
   * The API's address once it can be called: a configured API's at once; the embedded API's
   * when PGlite has migrated and Fastify listens (seconds), so the window need not wait for it.
   * Rejects when the embedded API cannot start (the cause is logged); hand it to the API client,
   * whose calls then wait for it or fail with `api_start_failed`.
   */
  apiUrl: Promise<string>
  /** RECEIPT_VERIFY_URL or the settings file's `receiptVerifyUrl`: what receipts' QR codes hold. */
  receiptVerifyUrl: string | undefined
  /** Stops the embedded API; a no-op for a remote one. */
  close(): Promise<void>
}

/**
 * Finds the API to talk to: CONSENT_API_URL, else `apiUrl` in `<userData>/settings.json`, else
 * an embedded API on 127.0.0.1 with its PGlite data in `<userData>/consent-data`. Returns as soon
 * as the settings are read: the embedded API starts in the background (`apiUrl` settles when
 * it listens), so the window shows the sign-in screen meanwhile.
 */
export async function startBackend({
  env,
  userDataDir,
  demoPassword,
  startEmbedded,
  dataTemplate,
  logger
}: {
  env: Readonly<Record<string, string | undefined>>
  userDataDir: string
  /** The build's template for a new data folder (out/pglite-template.tar.gz), when known. */
  dataTemplate?: string
  demoPassword: string
  startEmbedded: StartEmbeddedServer
  logger: Logger
}): Promise<Backend> {
  const settings = await loadSettings(join(userDataDir, 'settings.json'), logger)
  const target = resolveApiTarget(env, settings)
  const receiptVerifyUrl = resolveReceiptVerifyUrl(env, settings)
  if (target.mode === 'remote') {
    logger.info('Using the central consent API', { apiUrl: target.apiUrl })
    return {
      mode: 'remote',
      apiUrl: Promise.resolve(target.apiUrl),
      receiptVerifyUrl,
      close: async () => {}
    }
  }
  const dataDir = join(userDataDir, 'consent-data')
  const startedAt = Date.now()
  // Not awaited: PGlite and its migrations take seconds, and the sign-in screen needs neither.
  const server = startEmbedded({
    dataDir,
    demoPassword,
    ...(dataTemplate === undefined ? {} : { dataTemplate })
  })
  server.then(
    (started) =>
      logger.info('Embedded consent API started', {
        apiUrl: started.url,
        dataDir,
        ms: Date.now() - startedAt
      }),
    (error: unknown) =>
      logger.error('Embedded consent API failed to start', {
        dataDir,
        error: error instanceof Error ? error.message : String(error)
      })
  )
  const apiUrl = server.then((started) => started.url)
  // A failure is reported above and to every API call; it is not an unhandled rejection.
  apiUrl.catch(() => undefined)
  let closing: Promise<void> | undefined
  return {
    mode: 'embedded',
    apiUrl,
    receiptVerifyUrl,
    // Quit can ask twice (before-quit, then will-quit); close the database once. A quit during
    // start-up waits for the start to finish, then closes; one that failed has nothing to close.
    close: () =>
      (closing ??= server.then(
        (started) => started.close(),
        () => undefined
      ))
  }
}
