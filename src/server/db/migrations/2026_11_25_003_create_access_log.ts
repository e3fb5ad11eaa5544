import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('access_log')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('client_id', 'uuid', (col) => col.notNull().references('clients.id'))
    .addColumn('action', 'text', (col) => col.notNull().check(sql`action in ('view', 'search')`))
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('access_log_client_id_at_idx')
    .on('access_log')
    .columns(['client_id', 'at'])
    .execute()
  await db.schema
    .createIndex('access_log_staff_id_at_idx')
    .on('access_log')
    .columns(['staff_id', 'at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('access_log').execute()
}
