import type { FastifyServerOptions } from 'fastify'
import { buildApp, type AppDeps } from './app'
import { createDatabase } from './db/create-database'
import { assertSchemaCurrent } from './db/schema-version'
import type { Keyset } from './receipts/signing-keys'
import { VERSION } from './version'

/** The API's settings that main.ts passes through from the configuration as they are. */
type ApiSettings = Pick<
  AppDeps,
  | 'sessionTtlMinutes'
  | 'sessionIdleMinutes'
  | 'rateLimits'
  | 'signInLimits'
  | 'reviewLeaseMinutes'
  | 'trustedProxies'
>

export interface PostgresServerOptions extends ApiSettings {
  /** The API's login role (a member of consent_app), not the owner of the tables. */
  databaseUrl: string
  signingKeys: Keyset
  host: string
  port: number
  logger?: FastifyServerOptions['logger']
}

export interface PostgresServer {
  url: string
  close(): Promise<void>
}

/**
 * The production API on PostgreSQL. It never migrates: `npm run migrate` does, as the owner.
 * It refuses to start (SchemaBehindError, naming the missing migrations and the command) on a
 * database whose schema is older than the code, before it answers a single request.
 */
export async function startPostgresServer(options: PostgresServerOptions): Promise<PostgresServer> {
  const { databaseUrl, signingKeys, host, port, logger, ...settings } = options
  const database = await createDatabase({ kind: 'postgres', url: databaseUrl })
  try {
    await assertSchemaCurrent(database.db)
    const app = await buildApp({
      database,
      version: VERSION,
      signingKeys,
      logger: logger ?? false,
      ...settings
    })
    const url = await app.listen({ host, port })
    return {
      url,
      close: async () => {
        await app.close()
        await database.close()
      }
    }
  } catch (error) {
    await database.close()
    throw error
  }
}
