import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import type { Logger } from '../ports'
import { isLoopbackHostname } from '../security/loopback'

/**
 * An absolute URL of the consent API. https:// only, because every request carries the staff
 * member's session token; plain http:// only on loopback (the embedded API, a local test
 * server), where the traffic never leaves the machine. Hosts are compared parsed, so
 * `http://127.0.0.1.evil.com` and `http://localhost@evil.com` are refused. No user name or
 * password either: the address is logged at start-up.
 */
export const ApiUrlSchema = z
  // `abort`: a string that is no URL at all gets this one message, not the rules below too.
  .url({ protocol: /^https?$/, error: 'must be an absolute https:// URL', abort: true })
  .max(2000)
  .refine(
    (url) => {
      const { protocol, hostname } = new URL(url)
      return protocol === 'https:' || isLoopbackHostname(hostname)
    },
    { error: 'must use https:// (plain http:// only for localhost, 127.0.0.1 or [::1])' }
  )
  .refine(
    (url) => {
      const { username, password } = new URL(url)
      return username === '' && password === ''
    },
    { error: 'must not contain a user name or password' }
  )

/**
 * `<userData>/settings.json`, written by an administrator or deployment tool (the app never
 * writes it). Unknown keys are allowed so that newer files do not break older apps.
 */
export const SettingsSchema = z.looseObject({
  /** The central consent API. Absent: the app starts its embedded demo API. */
  apiUrl: ApiUrlSchema.optional(),
  /**
   * The page that verifies a printed receipt; its QR code then carries `…?code=XXXX`. The same
   * https rule: a client who scans it must reach the genuine page.
   */
  receiptVerifyUrl: ApiUrlSchema.optional()
})
export type Settings = z.infer<typeof SettingsSchema>

type ReadText = (path: string) => Promise<string>

/**
 * Reads the settings file. A missing file means defaults; an unreadable or invalid one is logged
 * and ignored, because a typo in a file staff cannot see must not stop the app from opening.
 */
export async function loadSettings(
  path: string,
  logger: Logger,
  read: ReadText = (file) => readFile(file, 'utf8')
): Promise<Settings> {
  let text: string
  try {
    text = await read(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      logger.warn('Settings file unreadable; using defaults', { path, error: String(error) })
    }
    return {}
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    logger.warn('Settings file is not valid JSON; using defaults', {
      path,
      error: error instanceof Error ? error.message : String(error)
    })
    return {}
  }
  const parsed = SettingsSchema.safeParse(json)
  if (!parsed.success) {
    logger.warn('Settings file is invalid; using defaults', {
      path,
      issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    })
    return {}
  }
  return parsed.data
}

/** A configuration mistake that must stop start-up with a message naming the fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

export type ApiTarget = { mode: 'remote'; apiUrl: string } | { mode: 'embedded' }

/**
 * Chooses the API: `CONSENT_API_URL` from the environment first, then `apiUrl` from the settings
 * file, else the embedded demo API. An invalid environment value stops start-up rather than
 * silently falling back to demo data.
 */
export function resolveApiTarget(
  env: Readonly<Record<string, string | undefined>>,
  settings: Settings
): ApiTarget {
  const fromEnv = env.CONSENT_API_URL?.trim()
  if (fromEnv) {
    const parsed = ApiUrlSchema.safeParse(fromEnv)
    if (!parsed.success) {
      throw new ConfigError(
        `CONSENT_API_URL ${parsed.error.issues[0]?.message ?? 'is invalid'} (got "${fromEnv}")`
      )
    }
    return { mode: 'remote', apiUrl: parsed.data }
  }
  if (settings.apiUrl) return { mode: 'remote', apiUrl: settings.apiUrl }
  return { mode: 'embedded' }
}

/**
 * The receipt verification page printed into a receipt's QR code: `RECEIPT_VERIFY_URL` from the
 * environment first, then `receiptVerifyUrl` from the settings file. Absent, the QR code holds
 * the bare verification code. An invalid environment value stops start-up.
 */
export function resolveReceiptVerifyUrl(
  env: Readonly<Record<string, string | undefined>>,
  settings: Settings
): string | undefined {
  const fromEnv = env.RECEIPT_VERIFY_URL?.trim()
  if (fromEnv) {
    const parsed = ApiUrlSchema.safeParse(fromEnv)
    if (!parsed.success) {
      throw new ConfigError(
        `RECEIPT_VERIFY_URL ${parsed.error.issues[0]?.message ?? 'is invalid'} (got "${fromEnv}")`
      )
    }
    return parsed.data
  }
  return settings.receiptVerifyUrl
}
