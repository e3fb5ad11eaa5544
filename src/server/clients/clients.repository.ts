import { sql, type Kysely } from 'kysely'
import type { Client, ClientKind, Contract } from '../../shared/domain/client'
import type { Language } from '../../shared/domain/staff'
import { editDistance } from './name-ranking'
import { beginsWithinOneEdit, deletionsOf, MIN_FUZZY_WORD_LENGTH, nameWordsOf } from './name-words'
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
  let query = db
    .selectFrom('clients')
    .select([
      ...CLIENT_BASE_COLUMNS,
      sql<number>`1`.as('score')
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
  return withPhonesAndContracts(db, await query.execute())
}

export interface NameCandidateRow extends ClientBaseRow {
  search_name: string
}

/** How a name word answers one typed word: the whole word, a word it begins, or a typo of it. */
interface WordCorrections {
  whole: string[]
  prefix: string[]
  fuzzy: string[]
  /** Clients per word (name_words.clients), to start from the rarest typed word. */
  clients: Map<string, number>
}

// A short typed word begins hundreds of words (`j`, `an`); the most common of them are kept.
const MAX_PREFIX_WORDS = 500
// When no word is one edit away, trigram similarity over the words (not the clients) still
// offers the near ones; these are then kept only if they pass acceptsFarWord.
const FAR_WORD_SIMILARITY = '0.3'
const MAX_FAR_WORDS = 50
// Two edits are still a typo in a long word (`berzims` for `berzina`), not in a short one.
const TWO_EDITS_FROM_LENGTH = 7

/**
 * Typo-tolerant candidates for a name search: up to `pool` of them, enough for the caller to rank
 * and show `wanted`. Each typed word is first corrected over the distinct name words
 * (migration 020: tens of thousands of words, not millions of clients): the word itself, words it
 * begins (typing in progress), words one edit away (exact lookups in the deletion
 * neighbourhood), and only when none of those exists, near words by trigrams. Clients are then
 * found through the inverted index in tiers, best first: every typed word whole, then whole or
 * begun, then any correction; a tier that fills what the caller wants ends the search, since the
 * ranking puts it above any later tier. Queries shorter than a trigram fall back to a prefix match
 * of the whole name on the b-tree index.
 */
export async function findNameCandidates(
  db: Kysely<Database>,
  folded: string,
  { pool: limit, wanted }: { pool: number; wanted: number }
): Promise<NameCandidateRow[]> {
  if (folded.replace(/\s/g, '').length < 3) return findByNamePrefix(db, folded, limit)
  const typedWords = nameWordsOf(folded)
  if (typedWords.length === 0) return []
  const corrections = await Promise.all(typedWords.map((typed) => correctWord(db, typed)))
  const clientsOf = new Map<string, number>()
  for (const correction of corrections) {
    for (const [word, count] of correction.clients) clientsOf.set(word, count)
  }
  const tiers = [
    corrections.map((c) => c.whole),
    corrections.map((c) => [...c.whole, ...c.prefix]),
    corrections.map((c) => [...c.whole, ...c.prefix, ...c.fuzzy])
  ]
  const found = new Map<string, NameCandidateRow>()
  let previous = ''
  for (const tier of tiers) {
    if (tier.some((words) => words.length === 0)) continue
    const key = JSON.stringify(tier)
    if (key === previous) continue
    previous = key
    const ids = await findClientsWithEveryWord(db, tier, clientsOf, limit)
    const rows = await fetchNameCandidates(
      db,
      folded,
      ids.filter((id) => !found.has(id))
    )
    for (const row of rows) found.set(row.id, row)
    if (found.size >= wanted) break
  }
  return [...found.values()]
}

/** The name words that may be what `typed` meant, by how they match it. */
async function correctWord(db: Kysely<Database>, typed: string): Promise<WordCorrections> {
  const fuzzy = Array.from(typed).length >= MIN_FUZZY_WORD_LENGTH
  const forms = fuzzy ? [typed, ...deletionsOf(typed)] : []
  const result = await sql<{ word: string; clients: number }>`
    select word, clients from name_words where word = ${typed}
    union
    (select word, clients from name_words
     where (word collate "C") like ${escapeLike(typed) + '%'}
     order by clients desc, word
     limit ${MAX_PREFIX_WORDS})
    union
    select word, clients from name_words where word = any(${forms}::text[])
    union
    select n.word, n.clients
    from name_word_deletions d join name_words n on n.word = d.word
    where d.deletion = any(${forms}::text[])`.execute(db)
  const corrections: WordCorrections = { whole: [], prefix: [], fuzzy: [], clients: new Map() }
  for (const { word, clients } of result.rows) {
    if (word === typed) corrections.whole.push(word)
    else if (word.startsWith(typed)) corrections.prefix.push(word)
    // The deletion neighbourhood also holds words two edits away (`abc`, `bca` share `bc`).
    else if (editDistance(typed, word) <= 1) corrections.fuzzy.push(word)
    else continue
    corrections.clients.set(word, Number(clients))
  }
  if (fuzzy && result.rows.length === 0) {
    for (const { word, clients } of await findFarWords(db, typed)) {
      if (!acceptsFarWord(typed, word)) continue
      corrections.fuzzy.push(word)
      corrections.clients.set(word, Number(clients))
    }
  }
  return corrections
}

/** Words sharing enough trigrams with `typed`, from the words' own trigram index. */
async function findFarWords(
  db: Kysely<Database>,
  typed: string
): Promise<Array<{ word: string; clients: number }>> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('pg_trgm.word_similarity_threshold', ${FAR_WORD_SIMILARITY}, true)`.execute(
      trx
    )
    const result = await sql<{ word: string; clients: number }>`
      select word, clients from name_words
      where ${typed}::text <% word
      order by word_similarity(${typed}::text, word) desc, word
      limit ${MAX_FAR_WORDS}`.execute(trx)
    return result.rows
  })
}

/** A typo still being typed (`kuznecv` for Kuzņecovs), or two edits in a long word. */
function acceptsFarWord(typed: string, word: string): boolean {
  if (beginsWithinOneEdit(typed, word, editDistance)) return true
  return typed.length >= TWO_EDITS_FROM_LENGTH && editDistance(typed, word) <= 2
}

/**
 * Ids of clients that have, for every list, one of its words; at most `limit`. Starts from the
 * list fewest clients have and checks the others per client on (client_id, word). Without
 * ORDER BY the scan stops at the limit.
 */
async function findClientsWithEveryWord(
  db: Kysely<Database>,
  lists: string[][],
  clientsOf: Map<string, number>,
  limit: number
): Promise<string[]> {
  const clientCount = (words: string[]): number =>
    words.reduce((sum, word) => sum + (clientsOf.get(word) ?? 0), 0)
  const ordered = [...lists].sort((a, b) => clientCount(a) - clientCount(b))
  const [driving, ...others] = ordered as [string[], ...string[][]]
  const everyOther = others.map(
    (words) => sql`exists (select 1 from client_name_words e
      where e.client_id = d.client_id and e.word = any(${words}::text[]))`
  )
  // A client with two of the driving words comes twice: a few spare rows make up for it.
  const result = await sql<{ client_id: string }>`
    select d.client_id from client_name_words d
    where d.word = any(${driving}::text[])
    ${everyOther.length > 0 ? sql`and ${sql.join(everyOther, sql` and `)}` : sql``}
    limit ${limit + 50}`.execute(db)
  return [...new Set(result.rows.map((row) => row.client_id))].slice(0, limit)
}

/** The clients by id, with the whole name's trigram similarity to the query for the ranking. */
async function fetchNameCandidates(
  db: Kysely<Database>,
  folded: string,
  ids: string[]
): Promise<NameCandidateRow[]> {
  if (ids.length === 0) return []
  const result = await sql<NameCandidateRow>`
    select ${CLIENT_BASE_COLUMNS_SQL},
           search_name, word_similarity(${folded}::text, search_name)::float8 as score
    from clients
    where id = any(${ids}::uuid[])`.execute(db)
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
    .select([
      ...CLIENT_BASE_COLUMNS,
      'search_name',
      sql<number>`1`.as('score')
    ])
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
      'language'
    ])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!client) return null
  const [phones, contracts] = await Promise.all([
    db
      .selectFrom('client_phones')
      .select('e164')
      .where('client_id', '=', id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('contracts')
      .select([
        'number',
        'status',
        sql<string>`start_date::text`.as('start_date'),
        sql<string | null>`end_date::text`.as('end_date')
      ])
      .where('client_id', '=', id)
      .orderBy('start_date', 'desc')
      .orderBy('number')
      .execute()
  ])
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
    phones: phones.map((phone) => phone.e164),
    email: client.email,
    language: client.language,
    contracts: contracts.map(
      (contract): Contract => ({
        number: contract.number,
        status: contract.status,
        startDate: contract.start_date,
        endDate: contract.end_date
      })
    )
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
        .values(
          client.phones.map((e164, position) => ({ client_id: client.id, e164, position }))
        )
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
