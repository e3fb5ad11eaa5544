import { mkdir } from 'node:fs/promises'
import type { FastifyServerOptions } from 'fastify'
import type { Kysely } from 'kysely'
import type { Role } from '../shared/domain/staff'
import { buildApp } from './app'
import type { SignInLimits } from './auth/auth.service'
import type { RateLimits } from './http/rate-limits'
import { createDatabase, holdsDatabase } from './db/create-database'
import type { Database } from './db/database'
import { migrateToLatest } from './db/migrate'
import { readPgliteTemplate } from './db/pglite-template'
import { resolveKeyset } from './receipts/keyset-source'
import type { Keyset } from './receipts/signing-keys'
import { DEMO_SEED } from './seed/generator'
import { DEMO_STAFF, isEmptyDatabase, seedClients, seedDemoStaff } from './seed/seed-database'
import { seedDemoReviews } from './seed/review-demo'
import { VERSION } from './version'

export { DEFAULT_DEMO_PASSWORD } from './config'

/** The demo sign-ins, for the sign-in screen in embedded mode (all share the demo password). */
export const DEMO_ACCOUNTS: ReadonlyArray<{ username: string; roles: readonly Role[] }> =
  DEMO_STAFF.map(({ username, roles }) => ({ username, roles }))

export interface EmbeddedServerOptions {
  /** PGlite data folder; undefined keeps the database in memory (tests, benchmarks). */
  dataDir?: string
  /**
   * The build's template data folder (db/pglite-template.ts): a new `dataDir` starts from it
   * instead of running initdb. A missing file only makes the first start slower.
   */
  dataTemplate?: string
  demoPassword: string
  /** Demo clients generated on first start (default 3000). */
  demoClients?: number
  host?: string
  /** 0 (the default) picks a free port. */
  port?: number
  logger?: FastifyServerOptions['logger']
  /** Session lifetime (default 480 minutes). */
  sessionTtlMinutes?: number
  /** How long a review-case claim holds without renewal (default 15 minutes). */
  reviewLeaseMinutes?: number
  /** A session unused this long is refused (default 30 minutes). */
  sessionIdleMinutes?: number
  /** Requests per minute (server/http/rate-limits.ts); each one left out keeps its default. */
  rateLimits?: Partial<RateLimits>
  /** Sign-in lockout limits; each one left out keeps its default. */
  signInLimits?: Partial<SignInLimits>
  /**
   * The receipt signing keyset. Absent: the one in `dataDir` (receipt-keys.json, created on
   * first start), or a new one in memory when the database is in memory too.
   */
  signingKeys?: Keyset
}

export interface EmbeddedServer {
  url: string
  database: 'pglite'
  /** Its database, for tests that change data behind the API's back; the app never uses it. */
  db: Kysely<Database>
  close(): Promise<void>
}

/**
 * The consent API on an embedded PGlite database, for the desktop app without an API address and
 * for end-to-end tests. On first start (no staff yet) it seeds the demo staff and clients.
 */
export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true })
  const template =
    options.dataDir !== undefined &&
    options.dataTemplate !== undefined &&
    !holdsDatabase(options.dataDir)
      ? await readPgliteTemplate(options.dataTemplate)
      : undefined
  const database = await createDatabase(
    options.dataDir === undefined
      ? { kind: 'pglite' }
      : { kind: 'pglite', dataDir: options.dataDir, ...(template ? { template } : {}) }
  )
  try {
    await migrateToLatest(database.db)
    if (await isEmptyDatabase(database.db)) {
      await seedDemoStaff(database.db, options.demoPassword)
      await seedClients(database.db, { count: options.demoClients ?? 3000, seed: DEMO_SEED })
      await seedDemoReviews(database.db, { seed: DEMO_SEED })
    } else {
      // A demo database from before an account joined the demo list (`admin`) gets it now;
      // existing accounts, their passwords included, are left as they are.
      await seedDemoStaff(database.db, options.demoPassword)
    }
    const signingKeys =
      options.signingKeys ??
      (await resolveKeyset({ kind: 'none' }, { database: 'pglite', dataDir: options.dataDir }))
    const app = await buildApp({
      database,
      version: VERSION,
      signingKeys,
      logger: options.logger ?? false,
      ...(options.sessionTtlMinutes === undefined
        ? {}
        : { sessionTtlMinutes: options.sessionTtlMinutes }),
      ...(options.reviewLeaseMinutes === undefined
        ? {}
        : { reviewLeaseMinutes: options.reviewLeaseMinutes }),
      ...(options.sessionIdleMinutes === undefined
        ? {}
        : { sessionIdleMinutes: options.sessionIdleMinutes }),
      ...(options.rateLimits === undefined ? {} : { rateLimits: options.rateLimits }),
      ...(options.signInLimits === undefined ? {} : { signInLimits: options.signInLimits })
    })
    const url = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 })
    let closing: Promise<void> | undefined
    return {
      url,
      database: 'pglite',
      db: database.db,
      close: () =>
        (closing ??= (async () => {
          await app.close()
          await database.close()
        })())
    }
  } catch (error) {
    await database.close()
    throw error
  }
}
