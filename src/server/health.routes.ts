import { sql } from 'kysely'
import { operations } from '../shared/api/operations'
import type { DatabaseHandle } from './db/database'
import { DomainError } from './domain-error'
import type { RegisterOperation } from './http/register-operation'

export function registerHealthRoutes(
  register: RegisterOperation,
  deps: { database: Pick<DatabaseHandle, 'db' | 'kind'>; version: string }
): void {
  register(operations.health, async ({ request }) => {
    try {
      await sql`select 1`.execute(deps.database.db)
    } catch (error) {
      // Whatever the database said, /health answers as every route does while it is away: 503
      // database_unavailable with Retry-After (http/error-handler.ts).
      request.log.warn({ err: error }, 'health check: database unreachable')
      throw new DomainError('database_unavailable', 'The database is unreachable')
    }
    return { status: 'ok' as const, database: deps.database.kind, version: deps.version }
  })
}
