import { createHash } from 'node:crypto'
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely'
import type pg from 'pg'
import { isDatabaseUnavailable } from './database-unavailable'

/**
 * Named prepared statements for the API's repeated queries, below Kysely: PostgreSQL then parses
 * and plans a statement once per connection instead of on every request. Planning is most of the
 * cost of the API's short reads: with pgbench on this machine the session check went from 7,900
 * to 22,800 a second and the permission check from 8,200 to 24,500 once prepared
 * (bench/reads.bench.ts measures what it does for the API).
 *
 * As asyncpg and Npgsql's auto-prepare do, a statement is prepared on its second use on a
 * connection (one-off texts, such as a multi-row INSERT of an odd size, never take a slot), and
 * each connection keeps at most MAX_PREPARED of them. Only data statements are prepared (SELECT,
 * INSERT, UPDATE, DELETE, WITH): never DDL, whose result shapes a migration may change, nor
 * transaction control. PostgreSQL re-plans a prepared statement when a table it reads changes,
 * and keeps using custom plans where a generic one would be costlier (plan_cache_mode auto).
 */
export function withPreparedStatements(pool: pg.Pool): PostgresPool {
  return {
    connect: async () => preparing(await pool.connect()),
    end: () => pool.end()
  }
}

/** Per connection: more than this many prepared statements and the rest run unnamed. */
export const MAX_PREPARED = 256
/** Per connection: texts counted towards their second use before the count starts afresh. */
const MAX_COUNTED = 1024

const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i

interface PreparingState {
  prepared: Set<string>
  uses: Map<string, number>
}

// Texts repeat, so their names are remembered rather than hashed on every query.
const names = new Map<string, string>()

function nameOf(text: string): string {
  let name = names.get(text)
  if (name === undefined) {
    if (names.size >= MAX_COUNTED) names.clear()
    name = `k${createHash('sha1').update(text).digest('hex').slice(0, 24)}`
    names.set(text, name)
  }
  return name
}

/**
 * One per pooled connection, kept while the connection lives: Kysely takes a connection from the
 * pool for every query, and building this wrapper each time (its closures, each named at runtime
 * under tsx) was a visible share of the API's CPU under load.
 */
class PreparingClient implements PostgresPoolClient {
  readonly state: PreparingState = { prepared: new Set(), uses: new Map() }
  /** Set when a query failed as a connection: it is destroyed on release, never reused. */
  broken: unknown = undefined

  constructor(private readonly client: pg.PoolClient) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>
  query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    // A cursor (streamed results) goes through as it is.
    if (typeof sqlOrCursor !== 'string') {
      return this.client.query(
        sqlOrCursor as unknown as pg.Submittable
      ) as unknown as PostgresCursor<R>
    }
    return this.run<R>(sqlOrCursor, parameters ? [...parameters] : [])
  }

  private async run<R>(text: string, values: unknown[]): Promise<PostgresQueryResult<R>> {
    const name = statementName(this.state, text)
    try {
      const result =
        name === undefined
          ? await this.client.query(text, values)
          : await this.client.query({ name, text, values })
      return result as unknown as PostgresQueryResult<R>
    } catch (error) {
      // A connection that failed as a connection (its backend terminated, the socket reset)
      // must not go back to the pool: pg-pool keeps it while its close is still unprocessed,
      // and the next request that picks it fails (test/integration/postgres/consents-crash.test.ts).
      if (isDatabaseUnavailable(error)) this.broken = error
      throw error
    }
  }

  release(destroy?: boolean): void {
    const discard = destroy === true || this.broken !== undefined
    // A destroyed connection's statements die with it.
    if (discard) wrappers.delete(this.client)
    this.client.release(discard ? true : undefined)
  }
}

const wrappers = new WeakMap<pg.PoolClient, PreparingClient>()

function preparing(client: pg.PoolClient): PostgresPoolClient {
  let wrapper = wrappers.get(client)
  if (!wrapper) {
    wrapper = new PreparingClient(client)
    wrappers.set(client, wrapper)
  }
  return wrapper
}

function statementName(state: PreparingState, text: string): string | undefined {
  if (!DATA_STATEMENT.test(text)) return undefined
  const name = nameOf(text)
  if (state.prepared.has(name)) return name
  if (state.prepared.size >= MAX_PREPARED) return undefined
  const uses = (state.uses.get(name) ?? 0) + 1
  if (uses < 2) {
    if (state.uses.size >= MAX_COUNTED) state.uses.clear()
    state.uses.set(name, uses)
    return undefined
  }
  state.uses.delete(name)
  state.prepared.add(name)
  return name
}
