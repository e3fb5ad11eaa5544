import type { FastifyServerOptions } from 'fastify'
import { buildApp } from './app'
import { createDatabase } from './db/create-database'
import { assertSchemaCurrent } from './db/schema-version'
import type { Keyset } from './receipts/signing-keys'
import { VERSION } from './version'

export interface PostgresServerOptions {
  /** The API's login role (a member of consent_app), not the owner of the tables. */
  databaseUrl: string
  signingKeys: Keyset
  host: string
  port: number
  logger?: FastifyServerOptions['logger']
  sessionTtlMinutes?: number
  reviewLeaseMinutes?: number
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
  const database = await createDatabase({ kind: 'postgres', url: options.databaseUrl })
  try {
    await assertSchemaCurrent(database.db)
    const app = await buildApp({
      database,
      version: VERSION,
      signingKeys: options.signingKeys,
      logger: options.logger ?? false,
      ...(options.sessionTtlMinutes === undefined
        ? {}
        : { sessionTtlMinutes: options.sessionTtlMinutes }),
      ...(options.reviewLeaseMinutes === undefined
        ? {}
        : { reviewLeaseMinutes: options.reviewLeaseMinutes })
    })
    const url = await app.listen({ host: options.host, port: options.port })
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
