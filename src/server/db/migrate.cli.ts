import { sql } from 'kysely'
import { createDatabase } from './create-database'
import { migrateToLatest } from './migrate'
import { migrationUrlFrom } from './migrate-config'

/**
 * `npm run migrate`: applies every pending migration to PostgreSQL as the owner of the tables,
 * and prints what it applied. The API itself never migrates a PostgreSQL database (it connects
 * as a member of `consent_app`, which may not); demo mode (PGlite) migrates by itself.
 * MIGRATION_DATABASE_URL is the owner's URL (migrate-config.ts).
 */
async function main(): Promise<void> {
  const database = await createDatabase({ kind: 'postgres', url: migrationUrlFrom(process.env) })
  try {
    const applied = await migrateToLatest(database.db)
    console.log(
      applied.length === 0
        ? 'The database is up to date: no migration to apply.'
        : `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}:\n  ${applied.join('\n  ')}`
    )
    const role = await sql<{ present: boolean }>`
      select exists (select 1 from pg_roles where rolname = 'consent_app') as present`.execute(
      database.db
    )
    if (!role.rows[0]?.present) {
      // Migrations grant to consent_app only where it exists; without it the API has no rights.
      console.warn(
        'Warning: the role consent_app does not exist and this user may not create it, so no ' +
          'privileges were granted: the API cannot run. A DBA creates it before the first ' +
          'migration (README, "Two roles").'
      )
    }
  } finally {
    await database.close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
