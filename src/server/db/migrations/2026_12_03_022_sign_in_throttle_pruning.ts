import type { Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

/**
 * Failed sign-ins are forgotten after a while (auth/sign-in-throttle.repository.ts): an address's
 * after a quarter hour without one, a username's after 30 days. Until now a count only ever
 * grew, so a centre behind one address reached its 30 failures over weeks of ordinary typos and
 * every desk there was refused for a quarter hour; and each unknown username a stranger tried
 * stayed in the table for good. The forgotten rows are deleted as failures are recorded; this
 * index lets that delete find them by age instead of reading the whole table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('sign_in_throttle_last_failure_idx')
    .on('sign_in_throttle')
    .columns(['scope', 'last_failure_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sign_in_throttle_last_failure_idx').execute()
}
