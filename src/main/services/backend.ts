import { join } from 'node:path'
import type { Logger } from '../ports'
import { loadSettings, resolveApiTarget, resolveReceiptVerifyUrl } from './settings'

/** The embedded API's entry point (src/server/embedded.ts), passed in so tests can fake it. */
export type StartEmbeddedServer = (options: {
  dataDir?: string
  demoPassword: string
}) => Promise<{ url: string; close(): Promise<void> }>

export interface Backend {
  mode: 'embedded' | 'remote'
  apiUrl: string
  /** RECEIPT_VERIFY_URL or the settings file's `receiptVerifyUrl`: what receipts' QR codes hold. */
  receiptVerifyUrl: string | undefined
  /** Stops the embedded API; a no-op for a remote one. */
  close(): Promise<void>
}

/**
 * Finds the API to talk to: CONSENT_API_URL, else `apiUrl` in `<userData>/settings.json`, else
 * an embedded API on 127.0.0.1 with its PGlite data in `<userData>/consent-data`.
 */
export async function startBackend({
  env,
  userDataDir,
  demoPassword,
  startEmbedded,
  logger
}: {
  env: Readonly<Record<string, string | undefined>>
  userDataDir: string
  demoPassword: string
  startEmbedded: StartEmbeddedServer
  logger: Logger
}): Promise<Backend> {
  const settings = await loadSettings(join(userDataDir, 'settings.json'), logger)
  const target = resolveApiTarget(env, settings)
  const receiptVerifyUrl = resolveReceiptVerifyUrl(env, settings)
  if (target.mode === 'remote') {
    logger.info('Using the central consent API', { apiUrl: target.apiUrl })
    return { mode: 'remote', apiUrl: target.apiUrl, receiptVerifyUrl, close: async () => {} }
  }
  const dataDir = join(userDataDir, 'consent-data')
  const server = await startEmbedded({ dataDir, demoPassword })
  logger.info('Embedded consent API started', { apiUrl: server.url, dataDir })
  let closing: Promise<void> | undefined
  return {
    mode: 'embedded',
    apiUrl: server.url,
    receiptVerifyUrl,
    // Quit can ask twice (before-quit, then will-quit); close the database once.
    close: () => (closing ??= server.close())
  }
}
