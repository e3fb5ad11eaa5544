import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

export async function up(db: Kysely<unknown>): Promise<void> {
  // Trigram indexes make typo-tolerant name search an index scan rather than a 1.5M-row scan.
  await sql`create extension if not exists pg_trgm`.execute(db)

  await db.schema
    .createTable('clients')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('private', 'business')`))
    .addColumn('personal_code', 'text')
    .addColumn('registration_number', 'text')
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('language', 'text', (col) =>
      col.notNull().check(sql`language in ('lv', 'en', 'ru')`)
    )
    .addColumn('search_name', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    // A private client is known by personal code and name, a business by registration number.
    .addCheckConstraint(
      'clients_identity_by_kind',
      sql`(kind = 'private' and personal_code is not null and first_name is not null
            and last_name is not null and registration_number is null)
        or (kind = 'business' and registration_number is not null and name is not null
            and personal_code is null)`
    )
    .execute()

  await db.schema
    .createIndex('clients_personal_code_key')
    .on('clients')
    .column('personal_code')
    .unique()
    .where(sql.ref('personal_code'), 'is not', null)
    .execute()
  await db.schema
    .createIndex('clients_registration_number_key')
    .on('clients')
    .column('registration_number')
    .unique()
    .where(sql.ref('registration_number'), 'is not', null)
    .execute()
  await sql`create index clients_search_name_trgm_idx
    on clients using gin (search_name gin_trgm_ops)`.execute(db)
  // Queries of one or two letters have no trigram to look up; they use this prefix index. Byte
  // order ("C") lets the same index answer both `LIKE 'an%'` and the ORDER BY, on any locale.
  await sql`create index clients_search_name_prefix_idx
    on clients ((search_name collate "C"))`.execute(db)

  // A phone may be shared by a family, so it is indexed but not unique.
  await db.schema
    .createTable('client_phones')
    .addColumn('client_id', 'uuid', (col) =>
      col.notNull().references('clients.id').onDelete('cascade')
    )
    .addColumn('e164', 'text', (col) => col.notNull())
    .addColumn('position', 'smallint', (col) => col.notNull())
    .addPrimaryKeyConstraint('client_phones_pkey', ['client_id', 'e164'])
    .execute()
  await db.schema.createIndex('client_phones_e164_idx').on('client_phones').column('e164').execute()

  await db.schema
    .createTable('contracts')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('client_id', 'uuid', (col) =>
      col.notNull().references('clients.id').onDelete('cascade')
    )
    .addColumn('number', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('active', 'suspended', 'ended')`)
    )
    .addColumn('start_date', 'date', (col) => col.notNull())
    .addColumn('end_date', 'date')
    .addUniqueConstraint('contracts_number_key', ['number'])
    .execute()
  await db.schema
    .createIndex('contracts_client_id_idx')
    .on('contracts')
    .column('client_id')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('contracts').execute()
  await db.schema.dropTable('client_phones').execute()
  await db.schema.dropTable('clients').execute()
  // The extension stays: other schemas in the same database may use it.
}
