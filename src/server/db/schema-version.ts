import { sql, type Kysely } from 'kysely'
import { migrations } from './migrations'

/** The command that brings a database up to date; named in every refusal to start. */
export const MIGRATE_COMMAND = 'npm run migrate'

/**
 * The known migrations this database has not run, in order; all of them for a database never
 * migrated. Reads Kysely's own record (`kysely_migration`, which migration 015 lets the API's
 * role read) and never writes: the API's role may not migrate.
 */
export async function pendingMigrations<T>(db: Kysely<T>): Promise<string[]> {
  const table = await sql<{ present: boolean }>`
    select to_regclass('kysely_migration') is not null as present`.execute(db)
  const applied = new Set<string>()
  if (table.rows[0]?.present) {
    const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db)
    for (const row of rows.rows) applied.add(row.name)
  }
  return Object.keys(migrations).filter((name) => !applied.has(name))
}

/** The API was started on a database whose schema is older than the code. */
export class SchemaBehindError extends Error {
  readonly pending: readonly string[]

  constructor(pending: readonly string[]) {
    super(
      `The database schema is behind this version of the API: ${pending.length} ` +
        `migration${pending.length === 1 ? ' has' : 's have'} not run: ${pending.join(', ')}. ` +
        `Run \`${MIGRATE_COMMAND}\` as the owner of the tables (MIGRATION_DATABASE_URL), ` +
        'then start the API again.'
    )
    this.name = 'SchemaBehindError'
    this.pending = pending
  }
}

/**
 * Refuses (SchemaBehindError) when a known migration has not run. The server on PostgreSQL
 * checks this instead of migrating: it connects as a role that may not change the schema, and a
 * schema changed by whichever replica starts first is no deployment step anyone chose.
 */
export async function assertSchemaCurrent<T>(db: Kysely<T>): Promise<void> {
  const pending = await pendingMigrations(db)
  if (pending.length > 0) throw new SchemaBehindError(pending)
}
