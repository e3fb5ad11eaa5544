import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Role } from '../../shared/domain/staff'
import { foldForSearch } from '../../shared/identifiers/searchText'
import { hashPassword } from '../auth/password'
import type { Database } from '../db/database'
import { generateClients, type SeedClient } from './generator'

export const DEMO_CENTRE = { id: 'riga-ropazu', name: 'Rīga, Ropažu iela 6' } as const

/** The demo accounts; all share the demo password. `supervisor` also works the counter. */
export const DEMO_STAFF: ReadonlyArray<{
  username: string
  displayName: string
  roles: readonly Role[]
}> = [
  { username: 'agent', displayName: 'Līga Kalniņa', roles: ['agent'] },
  { username: 'reviewer', displayName: 'Mārtiņš Ozols', roles: ['reviewer'] },
  { username: 'supervisor', displayName: 'Ilze Bērziņa', roles: ['supervisor', 'agent'] },
  { username: 'integration', displayName: 'Integration account', roles: ['integration'] },
  { username: 'admin', displayName: 'Andris Liepa', roles: ['admin'] }
]

/**
 * Creates the demo centre and staff (idempotent: existing usernames are left alone, so a demo
 * database made before an account was added to the list gets just that account).
 */
export async function seedDemoStaff(db: Kysely<Database>, password: string): Promise<void> {
  const existing = new Set(
    (await db.selectFrom('staff').select('username').execute()).map((row) => row.username)
  )
  const missing = DEMO_STAFF.filter((staff) => !existing.has(staff.username))
  if (missing.length === 0) return
  const passwordHashes = await Promise.all(missing.map(() => hashPassword(password)))
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('centres')
      .values({ ...DEMO_CENTRE })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute()
    await trx
      .insertInto('staff')
      .values(
        missing.map((staff, index) => ({
          username: staff.username,
          display_name: staff.displayName,
          password_hash: passwordHashes[index]!,
          roles: [...staff.roles],
          centre_id: DEMO_CENTRE.id
        }))
      )
      .onConflict((oc) => oc.column('username').doNothing())
      .execute()
  })
}

/** The first admin of a database outside demo mode; they create everyone else. */
export const FIRST_ADMIN = { username: 'admin', displayName: 'Administrator' } as const

/**
 * Outside demo mode there is no shared password: the seed creates one admin (at the head office,
 * `DEMO_CENTRE`, LMT's Ropažu iela address) with a one-time password, to be changed at first
 * sign-in, and only when no admin exists yet. Returns null when there was one already.
 */
export async function seedFirstAdmin(
  db: Kysely<Database>,
  oneTimePassword: string
): Promise<{ username: string } | null> {
  const passwordHash = await hashPassword(oneTimePassword)
  return db.transaction().execute(async (trx) => {
    const admin = await trx
      .selectFrom('staff')
      .select('id')
      .where(sql<boolean>`'admin' = any(roles)`)
      .limit(1)
      .executeTakeFirst()
    if (admin) return null
    await trx
      .insertInto('centres')
      .values({ ...DEMO_CENTRE })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute()
    await trx
      .insertInto('staff')
      .values({
        username: FIRST_ADMIN.username,
        display_name: FIRST_ADMIN.displayName,
        password_hash: passwordHash,
        roles: ['admin'],
        centre_id: DEMO_CENTRE.id,
        must_change_password: true
      })
      .execute()
    return { username: FIRST_ADMIN.username }
  })
}

export interface SeedClientsOptions {
  count: number
  seed: number
  /** Generated index of the first client (default 0): continue a database seeded earlier. */
  startIndex?: number
  /** Clients per INSERT statement (default 2000). */
  batchSize?: number
  /** Called after each batch with the number of clients inserted so far. */
  onProgress?: (inserted: number) => void
}

/**
 * Inserts generated clients in large batches. Each table gets one statement per batch that
 * passes whole columns as arrays and unnests them: three parameters per column instead of one per
 * value, so a batch never meets PostgreSQL's 65,535-parameter limit and parsing stays cheap.
 */
export async function seedClients(
  db: Kysely<Database>,
  options: SeedClientsOptions
): Promise<number> {
  const batchSize = options.batchSize ?? 2000
  let inserted = 0
  let batch: SeedClient[] = []
  for (const client of generateClients({
    seed: options.seed,
    count: options.count,
    startIndex: options.startIndex ?? 0
  })) {
    batch.push(client)
    if (batch.length === batchSize) {
      await insertBatch(db, batch)
      inserted += batch.length
      options.onProgress?.(inserted)
      batch = []
    }
  }
  if (batch.length > 0) {
    await insertBatch(db, batch)
    inserted += batch.length
    options.onProgress?.(inserted)
  }
  return inserted
}

async function insertBatch(db: Kysely<Database>, clients: SeedClient[]): Promise<void> {
  const ids = clients.map(() => randomUUID())
  const column = <T>(pick: (client: SeedClient) => T): T[] => clients.map(pick)

  const phoneRows = clients.flatMap((client, index) =>
    client.phones.map((e164, position) => ({ clientId: ids[index]!, e164, position }))
  )
  const contractRows = clients.flatMap((client, index) =>
    client.contracts.map((contract) => ({ clientId: ids[index]!, ...contract }))
  )

  await db.transaction().execute(async (trx) => {
    await sql`
      insert into clients
        (id, kind, personal_code, registration_number, first_name, last_name, name, email,
         language, search_name, birth_date, town)
      select * from unnest(
        ${ids}::uuid[],
        ${column((c) => c.kind)}::text[],
        ${column((c) => (c.kind === 'private' ? c.personalCode : null))}::text[],
        ${column((c) => (c.kind === 'business' ? c.registrationNumber : null))}::text[],
        ${column((c) => (c.kind === 'private' ? c.firstName : null))}::text[],
        ${column((c) => (c.kind === 'private' ? c.lastName : null))}::text[],
        ${column((c) => (c.kind === 'business' ? c.name : null))}::text[],
        ${column((c) => c.email ?? null)}::text[],
        ${column((c) => c.language)}::text[],
        ${column((c) => foldForSearch(displayNameOf(c)))}::text[],
        ${column((c) => (c.kind === 'private' ? (c.birthDate ?? null) : null))}::date[],
        ${column((c) => c.town)}::text[]
      )`.execute(trx)

    if (phoneRows.length > 0) {
      await sql`
        insert into client_phones (client_id, e164, position)
        select * from unnest(
          ${phoneRows.map((row) => row.clientId)}::uuid[],
          ${phoneRows.map((row) => row.e164)}::text[],
          ${phoneRows.map((row) => row.position)}::smallint[]
        )`.execute(trx)
    }

    if (contractRows.length > 0) {
      await sql`
        insert into contracts (client_id, number, status, start_date, end_date)
        select * from unnest(
          ${contractRows.map((row) => row.clientId)}::uuid[],
          ${contractRows.map((row) => row.number)}::text[],
          ${contractRows.map((row) => row.status)}::text[],
          ${contractRows.map((row) => row.startDate)}::date[],
          ${contractRows.map((row) => row.endDate ?? null)}::date[]
        )`.execute(trx)
    }
  })
}

function displayNameOf(client: SeedClient): string {
  return client.kind === 'private' ? `${client.firstName} ${client.lastName}` : client.name
}

/** True when the database has no staff yet: the first start of a demo database. */
export async function isEmptyDatabase(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('staff').select('id').limit(1).executeTakeFirst()
  return row === undefined
}
