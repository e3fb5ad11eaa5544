import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Client, ClientKind, Contract } from '../../shared/domain/client'
import type { Language } from '../../shared/domain/staff'
import { hasEveryWordWhole, isWithinOneEdit, searchWords } from './name-ranking'
import type { Database } from '../db/database'

export type IdentifierLookup =
  | { by: 'personalCode'; compact: string }
  | { by: 'registrationNumber'; compact: string }
  | { by: 'phone'; e164: string }
  | { by: 'account'; number: string }

export interface ClientSummaryRow {
  id: string
  kind: ClientKind
  personalCode: string | null
  registrationNumber: string | null
  firstName: string | null
  lastName: string | null
  name: string | null
  /** ISO date as stored; null when not recorded (the service may still derive it). */
  birthDate: string | null
  town: string | null
  phones: string[]
  contracts: number
  score: number
}

export interface ClientBaseRow {
  id: string
  kind: ClientKind
  personal_code: string | null
  registration_number: string | null
  first_name: string | null
  last_name: string | null
  name: string | null
  birth_date: string | null
  town: string | null
  score: number
}

/** The columns every search answer is built from (ClientBaseRow). */
const CLIENT_BASE_COLUMNS = [
  'id',
  'kind',
  'personal_code',
  'registration_number',
  'first_name',
  'last_name',
  'name',
  // As text, so that no driver shifts the date by a time zone.
  sql<string | null>`birth_date::text`.as('birth_date'),
  'town'
] as const

/** CLIENT_BASE_COLUMNS for the hand-written name queries. */
const CLIENT_BASE_COLUMNS_SQL = sql.raw(
  'id, kind, personal_code, registration_number, first_name, last_name, name, ' +
    'birth_date::text as birth_date, town'
)

/** Escapes LIKE's own characters, so that typed text matches only itself. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`)
}

/**
 * Exact, indexed lookups: each identifier has its own (unique or plain) b-tree index. Returns at
 * most `limit` rows; the caller asks for one more than it shows to learn whether there are more.
 */
export async function findClientsByIdentifier(
  db: Kysely<Database>,
  lookup: IdentifierLookup,
  limit: number
): Promise<ClientSummaryRow[]> {
  // Phones and the contract count come in the same statement (correlated subqueries on their
  // client_id indexes), not in a second round trip as withPhonesAndContracts does for the name
  // search's ranked candidates: an identifier lookup is one query (bench/reads.bench.ts).
  let query = db
    .selectFrom('clients')
    .select([
      ...CLIENT_BASE_COLUMNS,
      sql<number>`1`.as('score'),
      sql<string[]>`coalesce((select json_agg(p.e164 order by p.position) from client_phones p
        where p.client_id = clients.id), '[]'::json)`.as('phones'),
      sql<number>`(select count(*)::int from contracts k where k.client_id = clients.id)`.as(
        'contracts'
      )
    ])
    .orderBy('search_name')
    .orderBy('id')
    .limit(limit)
  switch (lookup.by) {
    case 'personalCode':
      query = query.where('personal_code', '=', lookup.compact)
      break
    case 'registrationNumber':
      query = query.where('registration_number', '=', lookup.compact)
      break
    case 'phone':
      query = query.where('id', 'in', (eb) =>
        eb.selectFrom('client_phones').select('client_id').where('e164', '=', lookup.e164)
      )
      break
    case 'account':
      query = query.where('id', 'in', (eb) =>
        eb.selectFrom('contracts').select('client_id').where('number', '=', lookup.number)
      )
      break
  }
  return (await query.execute()).map((row) => ({
    id: row.id,
    kind: row.kind,
    personalCode: row.personal_code,
    registrationNumber: row.registration_number,
    firstName: row.first_name,
    lastName: row.last_name,
    name: row.name,
    birthDate: row.birth_date,
    town: row.town,
    phones: row.phones,
    contracts: Number(row.contracts),
    score: Number(row.score)
  }))
}

// word_similarity ≥ 0.5 lets one wrong letter through in names of seven letters or more
// (`berzims` → `berzins` is 0.63) while the GIN index still prunes most of 1.5M rows. A wrong
// letter in the middle of a shorter name (`bemovs` → `belovs`, 0.4) needs a lower threshold,
// which costs more; it is tried only when the first pass finds nobody. In a five-letter name a
// wrong middle letter leaves only a third of the trigrams (`cklms` → `celms`, 0.33), so a last
// pass goes lower still and keeps only names one edit away from what was typed: at that
// threshold trigrams alone would let in names that merely share a first letter.
const NAME_SEARCH_PASSES = [
  { threshold: '0.5', oneEditOnly: false },
  { threshold: '0.35', oneEditOnly: false },
  { threshold: '0.25', oneEditOnly: true }
] as const

export interface NameCandidateRow extends ClientBaseRow {
  search_name: string
}

/**
 * Typo-tolerant candidates for a name search over the folded `search_name`: up to `pool` of them,
 * enough for the caller to rank and show `wanted`. `q <% search_name` is answered from the GIN trigram index; the threshold is set per
 * transaction (SET LOCAL) so pooled connections keep their defaults. Queries shorter than a
 * trigram fall back to a prefix match on the b-tree index.
 */
export async function findNameCandidates(
  db: Kysely<Database>,
  folded: string,
  { pool: limit, wanted }: { pool: number; wanted: number }
): Promise<NameCandidateRow[]> {
  if (folded.replace(/\s/g, '').length < 3) return findByNamePrefix(db, folded, limit)
  const found = new Map<string, NameCandidateRow>()
  // A correctly typed common name (`berzins`, `janis berzins`) matches thousands of 1.5M clients,
  // and ranking them all by similarity is what made such searches slow. Names whose words start
  // with every typed word are perfect matches that outrank any other candidate: when there are
  // as many as the caller wants to show, they are the answer.
  const wordMatches = await findByWordPrefixes(db, folded, limit)
  if (wordMatches.length >= wanted) {
    // Short of the pool, these are all the clients matching so, and ranking orders them.
    if (wordMatches.length < limit) return wordMatches
    // A full pool is whichever prefix matches the scan met first, and may leave out the clients
    // whose name has every typed word whole: `roze` must show the Rozes before the Rozenbergas.
    // They outrank every prefix match, so unless the pool holds enough of them already (as for
    // a whole surname typed, `berzins`), they are fetched on their own and come first.
    const wholeInPool = wordMatches.filter((row) => hasEveryWordWhole(folded, row.search_name))
    if (wholeInPool.length >= wanted) return wordMatches
    const wholeWordMatches = await findByWholeWords(db, folded, limit)
    if (wholeWordMatches.length >= wanted) return wholeWordMatches
    const merged = new Map(wholeWordMatches.map((row) => [row.id, row]))
    for (const row of wordMatches) if (!merged.has(row.id)) merged.set(row.id, row)
    return [...merged.values()]
  }
  for (const row of wordMatches) found.set(row.id, row)
  // Passes go on while no candidate is a plausible reading of what was typed (a prefix or one
  // edit away): `zvags` meets `Zvaigzne` in the first pass, but the one-letter typo of `Zvīgs`
  // only in the last. What every pass found is kept, best-ranked later by the service.
  for (const { threshold, oneEditOnly } of NAME_SEARCH_PASSES) {
    const rows = await db.transaction().execute(async (trx) => {
      await sql`select set_config('pg_trgm.word_similarity_threshold', ${threshold}, true)`.execute(
        trx
      )
      const result = await sql<NameCandidateRow>`
        select ${CLIENT_BASE_COLUMNS_SQL},
               search_name, word_similarity(${folded}::text, search_name)::float8 as score
        from clients
        where ${folded}::text <% search_name
        order by score desc, search_name, id
        limit ${limit}`.execute(trx)
      return result.rows
    })
    for (const row of rows) {
      if (!oneEditOnly || isWithinOneEdit(folded, row.search_name)) found.set(row.id, row)
    }
    if ([...found.values()].some((row) => isWithinOneEdit(folded, row.search_name))) break
  }
  return [...found.values()]
}

/**
 * Clients with, for every typed word, a name word starting with it. `LIKE '% word%'` is answered
 * from the GIN trigram index, and without ORDER BY the scan stops at the limit instead of
 * scoring every match.
 */
function findByWordPrefixes(
  db: Kysely<Database>,
  folded: string,
  limit: number
): Promise<NameCandidateRow[]> {
  return findByEveryWord(
    db,
    folded,
    limit,
    (word) => sql`(search_name like ${`${word}%`} or search_name like ${`% ${word}%`})`
  )
}

/**
 * Clients with every typed word as a whole word of their name (`berzina` finds Bērziņa but not
 * Bērziņš nor Bērziņakalne): the best matches there are. Answered from the GIN trigram index like
 * findByWordPrefixes; a typed word that is no whole word of any name has a boundary trigram
 * (`na `) that the index rules out at once.
 */
function findByWholeWords(
  db: Kysely<Database>,
  folded: string,
  limit: number
): Promise<NameCandidateRow[]> {
  return findByEveryWord(
    db,
    folded,
    limit,
    (word) => sql`(search_name like ${word} or search_name like ${`${word} %`}
      or search_name like ${`% ${word}`} or search_name like ${`% ${word} %`})`
  )
}

/** Clients whose name matches `wordMatch` for every typed word (LIKE-escaped), scored. */
async function findByEveryWord(
  db: Kysely<Database>,
  folded: string,
  limit: number,
  wordMatch: (escapedWord: string) => RawBuilder<unknown>
): Promise<NameCandidateRow[]> {
  const words = searchWords(folded)
  if (words.length === 0) return []
  const everyWord = sql.join(words.map(escapeLike).map(wordMatch), sql` and `)
  const result = await sql<NameCandidateRow>`
    select ${CLIENT_BASE_COLUMNS_SQL},
           search_name, word_similarity(${folded}::text, search_name)::float8 as score
    from clients
    where ${everyWord}
    limit ${limit}`.execute(db)
  return result.rows
}

async function findByNamePrefix(
  db: Kysely<Database>,
  folded: string,
  limit: number
): Promise<NameCandidateRow[]> {
  const pattern = escapeLike(folded) + '%'
  return db
    .selectFrom('clients')
    .select([...CLIENT_BASE_COLUMNS, 'search_name', sql<number>`1`.as('score')])
    .where(sql`search_name collate "C"`, 'like', pattern)
    .orderBy(sql`search_name collate "C"`)
    .orderBy('id')
    .limit(limit)
    .execute()
}

/** Adds each client's phones and contract count: two queries for the whole page of results. */
export async function withPhonesAndContracts(
  db: Kysely<Database>,
  rows: ClientBaseRow[]
): Promise<ClientSummaryRow[]> {
  if (rows.length === 0) return []
  const ids = rows.map((row) => row.id)
  const [phones, contractCounts] = await Promise.all([
    db
      .selectFrom('client_phones')
      .select(['client_id', 'e164'])
      .where('client_id', 'in', ids)
      .orderBy('client_id')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('contracts')
      .select(['client_id', (eb) => eb.fn.countAll<string>().as('count')])
      .where('client_id', 'in', ids)
      .groupBy('client_id')
      .execute()
  ])
  const phonesByClient = groupBy(phones, (phone) => phone.client_id)
  const countByClient = new Map(contractCounts.map((row) => [row.client_id, Number(row.count)]))
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    personalCode: row.personal_code,
    registrationNumber: row.registration_number,
    firstName: row.first_name,
    lastName: row.last_name,
    name: row.name,
    birthDate: row.birth_date,
    town: row.town,
    phones: (phonesByClient.get(row.id) ?? []).map((phone) => phone.e164),
    contracts: countByClient.get(row.id) ?? 0,
    score: Number(row.score)
  }))
}

/**
 * The client as stored, identifiers whole: only the service's masking and reveal read it.
 * `birthDate` is only the stored one: the service derives a missing one.
 */
export type StoredClient = Omit<Client, 'personalCodeMasked' | 'phonesMasked' | 'emailMasked'> & {
  personalCode?: string
  phones: string[]
  email: string | null
}

export async function findClientById(
  db: Kysely<Database>,
  id: string
): Promise<StoredClient | null> {
  // One statement, one round trip: the row with its phones and contracts aggregated as JSON
  // (it was three queries on two round trips; every card view pays this, bench/reads.bench.ts).
  const client = await db
    .selectFrom('clients')
    .select([
      'id',
      'kind',
      'personal_code',
      'registration_number',
      'first_name',
      'last_name',
      'name',
      sql<string | null>`birth_date::text`.as('birth_date'),
      'town',
      'email',
      'language',
      sql<string[]>`coalesce((select json_agg(p.e164 order by p.position) from client_phones p
        where p.client_id = clients.id), '[]'::json)`.as('phones'),
      sql<
        Array<{
          number: string
          status: Contract['status']
          start_date: string
          end_date: string | null
        }>
      >`coalesce((select json_agg(json_build_object('number', k.number, 'status', k.status,
          'start_date', k.start_date::text, 'end_date', k.end_date::text)
          order by k.start_date desc, k.number)
        from contracts k where k.client_id = clients.id), '[]'::json)`.as('contracts')
    ])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!client) return null
  const { phones, contracts } = client
  return {
    id: client.id,
    kind: client.kind,
    ...(client.personal_code === null ? {} : { personalCode: client.personal_code }),
    ...(client.registration_number === null
      ? {}
      : { registrationNumber: client.registration_number }),
    ...(client.first_name === null ? {} : { firstName: client.first_name }),
    ...(client.last_name === null ? {} : { lastName: client.last_name }),
    ...(client.name === null ? {} : { name: client.name }),
    ...(client.birth_date === null ? {} : { birthDate: client.birth_date }),
    ...(client.town === null ? {} : { town: client.town }),
    phones,
    email: client.email,
    language: client.language,
    contracts: contracts.map((contract): Contract => ({
      number: contract.number,
      status: contract.status,
      startDate: contract.start_date,
      endDate: contract.end_date
    }))
  }
}

export interface NewClient {
  id: string
  kind: ClientKind
  personalCode: string | null
  registrationNumber: string | null
  firstName: string | null
  lastName: string | null
  name: string | null
  birthDate: string | null
  town: string | null
  email: string | null
  language: Language
  searchName: string
  phones: string[]
  contracts: Contract[]
}

/** Inserts one client with phones and contracts in one transaction. */
export async function insertClient(db: Kysely<Database>, client: NewClient): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('clients')
      .values({
        id: client.id,
        kind: client.kind,
        personal_code: client.personalCode,
        registration_number: client.registrationNumber,
        first_name: client.firstName,
        last_name: client.lastName,
        name: client.name,
        birth_date: client.birthDate,
        town: client.town,
        email: client.email,
        language: client.language,
        search_name: client.searchName
      })
      .execute()
    if (client.phones.length > 0) {
      await trx
        .insertInto('client_phones')
        .values(client.phones.map((e164, position) => ({ client_id: client.id, e164, position })))
        .execute()
    }
    if (client.contracts.length > 0) {
      await trx
        .insertInto('contracts')
        .values(
          client.contracts.map((contract) => ({
            client_id: client.id,
            number: contract.number,
            status: contract.status,
            start_date: contract.startDate,
            end_date: contract.endDate ?? null
          }))
        )
        .execute()
    }
  })
}

export async function clientExists(db: Kysely<Database>, clientId: string): Promise<boolean> {
  const row = await db
    .selectFrom('clients')
    .select('id')
    .where('id', '=', clientId)
    .executeTakeFirst()
  return row !== undefined
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const group = groups.get(key(item))
    if (group) group.push(item)
    else groups.set(key(item), [item])
  }
  return groups
}
