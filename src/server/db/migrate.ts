import { Migrator, type Kysely, type MigrationResultSet } from 'kysely'
import { migrations } from './migrations'

function migratorFor(db: Kysely<unknown>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations }
  })
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) throw result.error
  return (result.results ?? []).map((migration) => migration.migrationName)
}

/** Applies every pending migration; returns the names applied. Throws on the first failure. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  return unwrap(await migratorFor(db as Kysely<unknown>).migrateToLatest())
}

/** Reverts every migration, newest first (tests and local resets only). */
export async function migrateDown<T>(db: Kysely<T>): Promise<string[]> {
  const migrator = migratorFor(db as Kysely<unknown>)
  const reverted: string[] = []
  for (;;) {
    const names = unwrap(await migrator.migrateDown())
    if (names.length === 0) return reverted
    reverted.push(...names)
  }
}
