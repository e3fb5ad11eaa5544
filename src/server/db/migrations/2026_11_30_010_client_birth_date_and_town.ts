import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

/**
 * Birth date and address town, so that staff can tell namesakes apart in search results. Both are
 * nullable: clients registered before this have neither, and the API derives the birth date of an
 * old-format personal code at read time rather than rewriting every existing row here. A business
 * has no birth date; its town is that of its registered address.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('clients')
    .addColumn('birth_date', 'date')
    .addColumn('town', 'text')
    .execute()
  await db.schema
    .alterTable('clients')
    .addCheckConstraint(
      'clients_birth_date_only_private',
      sql`kind = 'private' or birth_date is null`
    )
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Dropping the column drops its check constraint with it.
  await db.schema.alterTable('clients').dropColumn('town').dropColumn('birth_date').execute()
}
