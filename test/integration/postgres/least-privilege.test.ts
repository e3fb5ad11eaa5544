import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../src/server/db/database'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../support/test-db'

// The API's role, `consent_app` (migration 015), as the API's login role sees it. PostgreSQL only:
// PGlite has a single superuser. The API suite itself runs as this role (test-db.ts), so a grant
// missing here fails there; this file checks the other direction: nothing more than needed.

const PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']
type Privilege = (typeof PRIVILEGES)[number]

const APPEND_ONLY: Privilege[] = ['SELECT', 'INSERT']
const CURRENT_STATE: Privilege[] = ['SELECT', 'INSERT', 'UPDATE']

/**
 * Every table of the public schema and what the API may do with it. A new table fails this test
 * until it has an entry here, and the migration that creates it grants exactly that.
 */
const EXPECTED: Record<string, Privilege[]> = {
  access_log: APPEND_ONLY,
  automated_decisions: APPEND_ONLY,
  centres: ['SELECT'],
  client_consent_versions: CURRENT_STATE,
  // A change at the counter replaces the client's phones (migration 019).
  client_changes: APPEND_ONLY,
  // The name-search words (migration 020): written only by triggers on clients, as the owner.
  client_name_words: ['SELECT'],
  client_phones: ['SELECT', 'INSERT', 'DELETE'],
  // Changed at the counter, with a version (migration 019); never deleted.
  clients: CURRENT_STATE,
  consent_events: APPEND_ONLY,
  consent_outbox: APPEND_ONLY,
  consent_projection: CURRENT_STATE,
  consent_reports: APPEND_ONLY,
  contracts: APPEND_ONLY,
  idempotency_keys: APPEND_ONLY,
  name_word_deletions: ['SELECT'],
  name_words: ['SELECT'],
  notice_versions: ['SELECT'],
  receipt_signing_keys: CURRENT_STATE,
  receipts: APPEND_ONLY,
  review_case_history: APPEND_ONLY,
  review_cases: CURRENT_STATE,
  sessions: CURRENT_STATE,
  // Failed sign-ins are counted and cleared again (a success or an unlock deletes the row).
  sign_in_throttle: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  // Admins create and change accounts at the desk (migration 017); nobody deletes one.
  staff: CURRENT_STATE,
  staff_admin_events: APPEND_ONLY,
  staff_unlocks: APPEND_ONLY
}

/** Sequences the API draws from itself (identity columns need no grant). */
const EXPECTED_SEQUENCES: Record<string, string[]> = { review_claim_tokens: ['USAGE'] }

/**
 * The records of what happened: nobody the API connects as may rewrite or remove them. Each with a
 * column an UPDATE could set (identity ids refuse any UPDATE for a reason of their own).
 */
const HISTORY_TABLES = [
  ['consent_events', 'client_id'],
  ['receipts', 'client_id'],
  ['review_case_history', 'case_id'],
  ['access_log', 'client_id'],
  ['staff_unlocks', 'staff_id'],
  ['staff_admin_events', 'staff_id'],
  ['client_changes', 'client_id']
] as const

const PERMISSION_DENIED = '42501'

describe('the API role consent_app', () => {
  let database: TestDatabase

  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(async () => {
    await database.close()
  })

  async function privilegesOf(role: string, db: Kysely<Database>) {
    const tables = await sql<{ name: string }>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname not like 'kysely_%'
      order by c.relname`.execute(db)
    const actual: Record<string, Privilege[]> = {}
    for (const { name } of tables.rows) {
      const held = await sql<{ privilege: Privilege }>`
        select p as privilege from unnest(${PRIVILEGES}::text[]) p
        where has_table_privilege(${role}, ${`public.${name}`}, p)`.execute(db)
      actual[name] = held.rows.map((row) => row.privilege)
    }
    return actual
  }

  it('holds exactly the expected privileges on every table, and a new table needs an entry', async () => {
    expect(await privilegesOf('consent_app', database.owner)).toEqual(EXPECTED)
  })

  it('is what the login role holds: nothing granted to the login role itself', async () => {
    const login = await sql<{ user: string }>`select current_user as user`.execute(database.db)
    const role = login.rows[0]!.user
    expect(role).not.toBe('consent_app')
    expect(await privilegesOf(role, database.owner)).toEqual(EXPECTED)
    const direct = await sql<{ count: number }>`
      select count(*)::int as count from information_schema.role_table_grants
      where grantee = ${role}`.execute(database.owner)
    expect(direct.rows[0]!.count).toBe(0)
  })

  it('may read which migrations ran, and never touch the migrations lock', async () => {
    const kysely = await sql<{ name: string; select: boolean; write: boolean }>`
      select t as name, has_table_privilege('consent_app', t, 'SELECT') as select,
        has_table_privilege('consent_app', t, 'INSERT, UPDATE, DELETE, TRUNCATE') as write
      from unnest(array['kysely_migration', 'kysely_migration_lock']) t`.execute(database.owner)
    expect(kysely.rows).toEqual([
      { name: 'kysely_migration', select: true, write: false },
      { name: 'kysely_migration_lock', select: false, write: false }
    ])
  })

  it('may use only the claim-token sequence', async () => {
    const sequences = await sql<{ name: string; usage: boolean; select: boolean; update: boolean }>`
      select c.relname as name,
        has_sequence_privilege('consent_app', c.oid, 'USAGE') as usage,
        has_sequence_privilege('consent_app', c.oid, 'SELECT') as select,
        has_sequence_privilege('consent_app', c.oid, 'UPDATE') as update
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'S' and c.relname not like 'kysely_%'`.execute(
      database.owner
    )
    const actual: Record<string, string[]> = {}
    for (const row of sequences.rows) {
      const held = (['usage', 'select', 'update'] as const).filter((p) => row[p])
      if (held.length > 0) actual[row.name] = held.map((p) => p.toUpperCase())
    }
    expect(actual).toEqual(EXPECTED_SEQUENCES)
  })

  it('owns no table and has no attribute beyond LOGIN', async () => {
    const owned = await sql<{ name: string }>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and pg_has_role(current_user, c.relowner, 'MEMBER')`.execute(
      database.db
    )
    expect(owned.rows).toEqual([])
    const attributes = await sql<Record<string, boolean>>`
      select rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication
      from pg_roles where rolname = current_user`.execute(database.db)
    expect(attributes.rows[0]).toEqual({
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolbypassrls: false,
      rolreplication: false
    })
  })

  it.each(HISTORY_TABLES)('cannot UPDATE, DELETE or TRUNCATE %s', async (table, column) => {
    for (const statement of [
      sql`update ${sql.table(table)} set ${sql.ref(column)} = ${sql.ref(column)}`,
      sql`delete from ${sql.table(table)}`,
      sql`truncate ${sql.table(table)}`
    ]) {
      await expect(statement.execute(database.db)).rejects.toMatchObject({
        code: PERMISSION_DENIED
      })
    }
  })

  it.each(HISTORY_TABLES)('cannot ALTER %s or disable its triggers', async (table) => {
    for (const statement of [
      sql`alter table ${sql.table(table)} disable trigger all`,
      sql`alter table ${sql.table(table)} add column smuggled text`
    ]) {
      // "must be owner of table": the same SQLSTATE as any other refusal.
      await expect(statement.execute(database.db)).rejects.toMatchObject({
        code: PERMISSION_DENIED
      })
    }
  })

  it('cannot set session_replication_role, which would skip every trigger', async () => {
    await expect(
      sql`set session_replication_role = replica`.execute(database.db)
    ).rejects.toMatchObject({ code: PERMISSION_DENIED })
  })

  it('cannot create tables of its own in the schema', async () => {
    await expect(sql`create table smuggled (id int)`.execute(database.db)).rejects.toMatchObject({
      code: PERMISSION_DENIED
    })
  })
})
