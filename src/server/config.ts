import { isIP } from 'node:net'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import type { RateLimits } from './http/rate-limits'
import type { KeysetSource } from './receipts/keyset-source'
import { KeysetSchema } from './receipts/signing-keys'

/**
 * The demo accounts' password when DEMO_PASSWORD is not set. It protects only the demo database
 * on the staff member's own PC (embedded mode, bound to 127.0.0.1); a server on PostgreSQL creates
 * no demo accounts at all.
 */
export const DEFAULT_DEMO_PASSWORD = 'demo-2026'

/** Where the embedded demo database lives by default: the OS's per-user data folder. */
export function defaultDataDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform
): string {
  const home = homedir()
  if (platform === 'win32') {
    return join(env['APPDATA'] || join(home, 'AppData', 'Roaming'), 'consent-desk', 'data')
  }
  if (platform === 'darwin') {
    return join(home, 'Library', 'Application Support', 'consent-desk', 'data')
  }
  return join(env['XDG_DATA_HOME'] || join(home, '.local', 'share'), 'consent-desk', 'data')
}

const emptyAsUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value

const ConfigSchema = z.object({
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional()
  ),
  CONSENT_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(8080)),
  HOST: z.preprocess(emptyAsUndefined, z.string().default('127.0.0.1')),
  DEMO_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(8).default(DEFAULT_DEMO_PASSWORD)),
  SESSION_TTL_MINUTES: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(480)
  ),
  SESSION_IDLE_MINUTES: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30)
  ),
  RATE_LIMIT_STAFF_PER_MINUTE: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(1).max(1_000_000).default(300)
  ),
  RATE_LIMIT_INTEGRATION_PER_MINUTE: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(1).max(1_000_000).default(1200)
  ),
  RATE_LIMIT_SIGN_IN_PER_MINUTE: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(1).max(100_000).default(30)
  ),
  SIGN_IN_MAX_FAILURES_PER_SOURCE: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(10).max(100_000).default(30)
  ),
  /**
   * The reverse proxies in front of the API, as addresses or CIDR ranges (comma-separated): only
   * a request from one of them is believed about the client's address (X-Forwarded-For). Never
   * "everyone": a stranger could then name any address and sidestep the sign-in limits.
   */
  TRUST_PROXY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((list) => list.split(',').map((entry) => entry.trim()))
      .pipe(z.array(z.string().refine(isAddressOrRange, 'is not an IP address or CIDR range')))
      .optional()
  ),
  REVIEW_LEASE_MINUTES: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(1).max(240).default(15)
  ),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')
  ),
  /** A receipt signing keyset file (JSON; `npm run keys -- --rotate --file <path>` makes one). */
  RECEIPT_SIGNING_KEY_FILE: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** The keyset JSON itself, for platforms that hand secrets over as env values. */
  RECEIPT_SIGNING_KEY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine(isKeysetJson, 'is not a receipt signing keyset (JSON: { active, keys })')
      .optional()
  )
})

/** `10.0.0.5`, `::1`, `10.0.0.0/8`, `fd00::/8`: an address, or one with a prefix length that fits it. */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/')
  const version = isIP(address)
  if (version === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  const bits = version === 4 ? 32 : 128
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= bits
}

function isKeysetJson(text: string): boolean {
  try {
    return KeysetSchema.safeParse(JSON.parse(text)).success
  } catch {
    return false
  }
}

export interface ServerConfig {
  databaseUrl: string | undefined
  dataDir: string
  port: number
  host: string
  demoPassword: string
  sessionTtlMinutes: number
  /** A session unused this long is refused (`session_idle`). */
  sessionIdleMinutes: number
  /** Requests per minute: reads per staff / integration account, sign-ins per address. */
  rateLimits: RateLimits
  /** Failed sign-ins one address may make across usernames before it waits 15 minutes. */
  signInMaxFailuresPerSource: number
  /** How long a review-case claim holds without renewal. */
  reviewLeaseMinutes: number
  /** The reverse proxies whose X-Forwarded-For is believed; none unless TRUST_PROXY names them. */
  trustedProxies: string[]
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /**
   * Where the receipt signing keyset comes from; `none` is allowed in demo mode only (the
   * embedded API then keeps its own in the data folder).
   */
  receiptSigningKey: KeysetSource
}

/** Parses the environment; throws with every problem named when something is invalid. */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env
): ServerConfig {
  const parsed = ConfigSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`)
  }
  const config = parsed.data
  if (config.RECEIPT_SIGNING_KEY_FILE !== undefined && config.RECEIPT_SIGNING_KEY !== undefined) {
    throw new Error(
      'Invalid configuration:\n  RECEIPT_SIGNING_KEY_FILE and RECEIPT_SIGNING_KEY are both set; set one'
    )
  }
  return {
    databaseUrl: config.DATABASE_URL,
    dataDir: config.CONSENT_DATA_DIR ?? defaultDataDir(env),
    port: config.PORT,
    host: config.HOST,
    demoPassword: config.DEMO_PASSWORD,
    sessionTtlMinutes: config.SESSION_TTL_MINUTES,
    sessionIdleMinutes: config.SESSION_IDLE_MINUTES,
    rateLimits: {
      staffReadsPerMinute: config.RATE_LIMIT_STAFF_PER_MINUTE,
      integrationReadsPerMinute: config.RATE_LIMIT_INTEGRATION_PER_MINUTE,
      signInsPerMinutePerSource: config.RATE_LIMIT_SIGN_IN_PER_MINUTE
    },
    signInMaxFailuresPerSource: config.SIGN_IN_MAX_FAILURES_PER_SOURCE,
    reviewLeaseMinutes: config.REVIEW_LEASE_MINUTES,
    trustedProxies: config.TRUST_PROXY ?? [],
    logLevel: config.LOG_LEVEL,
    receiptSigningKey:
      config.RECEIPT_SIGNING_KEY_FILE !== undefined
        ? { kind: 'file', path: config.RECEIPT_SIGNING_KEY_FILE }
        : config.RECEIPT_SIGNING_KEY !== undefined
          ? { kind: 'value', json: config.RECEIPT_SIGNING_KEY }
          : { kind: 'none' }
  }
}
