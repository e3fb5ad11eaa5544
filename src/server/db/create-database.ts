import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database, DatabaseHandle } from './database'
import { PGliteDialect } from './pglite-dialect'
import { withPreparedStatements } from './prepared-statements'

export type DatabaseOptions =
  | {
      kind: 'pglite'
      /** Omit for an in-memory database. */
      dataDir?: string
      /**
       * A data folder to start a new database from (db/pglite-template.ts) instead of running
       * initdb, on disk or in memory; ignored when `dataDir` already holds one.
       */
      template?: Blob
    }
  | {
      kind: 'postgres'
      url: string
      maxConnections?: number
      /** How long a query waits for a connection (default 3000 ms); see below. */
      connectionTimeoutMillis?: number
    }

/**
 * While PostgreSQL is away a request must fail fast (503, http/error-handler.ts) rather than
 * hang: a connection attempt to a host that does not answer, or a wait for a free connection of
 * a pool whose connections all hang, gives up after this long. Long enough for a busy but healthy
 * server's handshake.
 */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 3000

/** Whether `dataDir` already holds a database (PGlite writes PG_VERSION at initdb). */
export function holdsDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'))
}

/** The extensions every embedded database loads (the name search's trigrams). */
export const PGLITE_EXTENSIONS = { pg_trgm }

/** Opens a database; migrations are a separate step (migrateToLatest). */
export async function createDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.kind === 'pglite') {
    const pglite = await PGlite.create({
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      ...(options.template && (options.dataDir === undefined || !holdsDatabase(options.dataDir))
        ? { loadDataDir: options.template }
        : {}),
      extensions: PGLITE_EXTENSIONS
    })
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) })
    return {
      db,
      kind: 'pglite',
      close: async () => {
        await db.destroy()
        await pglite.close()
      }
    }
  }

  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    // TCP keepalive: a server that vanished without closing the socket (a failover, a cut
    // network) is noticed on idle connections too, instead of on the next query.
    keepAlive: true
  })
  // An idle pooled connection can be ended by the server (restart, failover, an administrator's
  // pg_terminate_backend). pg emits that on the pool; unhandled, it would end the whole process.
  // The pool drops the broken connection and the next query opens a new one.
  pool.on('error', (error) => {
    console.warn(`consent-api: an idle database connection was closed: ${error.message}`)
  })
  // A connection in use that dies fails its query (the request answers an error and its
  // transaction is rolled back by the server); pg also emits the error on the client itself,
  // which must not end the process either. The pool discards the broken client on release.
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      console.warn(`consent-api: a database connection in use was closed: ${error.message}`)
    })
  })
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: withPreparedStatements(pool) })
  })
  return { db, kind: 'postgres', close: () => db.destroy() }
}
