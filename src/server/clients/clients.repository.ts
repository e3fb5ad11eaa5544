import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely'
import type { Client, ClientKind, Contract } from '../../shared/domain/client'
import type { Language } from '../../shared/domain/staff'
import { editDistance } from './name-ranking'
import { beginsWithinOneEdit, deletionsOf, MIN_FUZZY_WORD_LENGTH, nameWordsOf } from './name-words'
import type { Database } from '../db/database'
import {
  currentLedgerOf,
  LEDGER_CELLS,
  LEDGER_HEAD,
  loyaltyContractsOf,
  type LedgerSnapshot
} from '../consents/ledger.repository'

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

export type IdentifierKind = IdentifierLookup['by']

/** The identifier's value as the lookup compares it. */
export function identifierValue(lookup: IdentifierLookup): string {
  switch (lookup.by) {
    case 'personalCode':
    case 'registrationNumber':
      return lookup.compact
    case 'phone':
      return lookup.e164
    case 'account':
      return lookup.number
  }
}

// Which clients an identifier of each kind names, for the lookup's lateral subquery (`q.value`).
const CLIENTS_NAMED_BY: Record<IdentifierKind, ReturnType<typeof sql.raw>> = {
  personalCode: sql.raw('c.personal_code = q.value'),
  registrationNumber: sql.raw('c.registration_number = q.value'),
  phone: sql.raw('c.id in (select client_id from client_phones where e164 = q.value)'),
  account: sql.raw('c.id in (select client_id from contracts where number = q.value)')
}

/**
 * Exact, indexed lookups of several identifiers of one kind at once: each identifier has its own
 * (unique or plain) b-tree index. Answers each value's clients, at most `limit` of them (the
 * caller asks for one more than it shows to learn whether there are more); a value nobody has is
 * absent. One statement however many values: concurrent lookups share it (clients.service.ts).
 */
export async function findClientsByIdentifiers(
  db: Kysely<Database>,
  by: IdentifierKind,
  values: readonly string[],
  limit: number
): Promise<Map<string, ClientSummaryRow[]>> {
  // Phones and the contract count come in the same statement (correlated subqueries on their
  // client_id indexes), not in a second round trip as withPhonesAndContracts does for the name
  // search's ranked candidates (bench/reads.bench.ts).
  const { rows } = await sql<
    ClientBaseRow & { value: string; phones: string[]; contracts: number }
  >`
    select q.value, f.*
    from unnest(${[...values]}::text[]) as q(value)
    cross join lateral (
      select c.id, c.kind, c.personal_code, c.registration_number, c.first_name, c.last_name,
             c.name, c.birth_date::text as birth_date, c.town, 1 as score,
             coalesce((select json_agg(p.e164 order by p.position) from client_phones p
                       where p.client_id = c.id), '[]'::json) as phones,
             (select count(*)::int from contracts k where k.client_id = c.id) as contracts
      from clients c
      where ${CLIENTS_NAMED_BY[by]}
      order by c.search_name, c.id
      limit ${limit}
    ) f`.execute(db)
  const found = new Map<string, ClientSummaryRow[]>()
  for (const row of rows) {
    const list = found.get(row.value) ?? []
    list.push(summaryRowOf(row, row.phones, Number(row.contracts)))
    found.set(row.value, list)
  }
  return found
}

/** One identifier's clients (findClientsByIdentifiers for a single value). */
export async function findClientsByIdentifier(
  db: Kysely<Database>,
  lookup: IdentifierLookup,
  limit: number
): Promise<ClientSummaryRow[]> {
  const value = identifierValue(lookup)
  const found = await findClientsByIdentifiers(db, lookup.by, [value], limit)
  return found.get(value) ?? []
}

function summaryRowOf(row: ClientBaseRow, phones: string[], contracts: number): ClientSummaryRow {
  return {
    id: row.id,
    kind: row.kind,
    personalCode: row.personal_code,
    registrationNumber: row.registration_number,
    firstName: row.first_name,
    lastName: row.last_name,
    name: row.name,
    birthDate: row.birth_date,
    town: row.town,
    phones,
    contracts,
    score: Number(row.score)
  }
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
  // The first tier (every typed word whole) needs no correction: a correctly typed common name
  // is answered by one query, and only a name with fewer clients than wanted is corrected.
  const wholeMatches =
    typedWords.length === 1
      ? await findClientsWithEveryWord(db, folded, [typedWords], new Map(), { limit, except: [] })
      : await findClientsWithWholeWords(db, folded, typedWords, limit)
  const found = new Map(wholeMatches.map((row) => [row.id, row]))
  if (found.size >= wanted) return [...found.values()]
  const corrections = await Promise.all(typedWords.map((typed) => correctWord(db, typed)))
  const clientsOf = new Map<string, number>()
  for (const correction of corrections) {
    for (const [word, count] of correction.clients) clientsOf.set(word, count)
  }
  // Best corrections first in each list: the lists are read in order (findClientsWithEveryWord).
  const tiers = [
    corrections.map((c) => [...c.whole, ...c.prefix]),
    corrections.map((c) => [...c.whole, ...c.prefix, ...c.fuzzy])
  ]
  let previous = JSON.stringify(typedWords.map((word) => [word]))
  for (const tier of tiers) {
    if (tier.some((words) => words.length === 0)) continue
    const key = JSON.stringify(tier)
    if (key === previous) continue
    previous = key
    const rows = await findClientsWithEveryWord(db, folded, tier, clientsOf, {
      limit,
      except: [...found.keys()]
    })
    for (const row of rows) found.set(row.id, row)
    if (found.size >= wanted) break
  }
  return [...found.values()]
}

/** The name words that may be what `typed` meant, by how they match it. */
async function correctWord(db: Kysely<Database>, typed: string): Promise<WordCorrections> {
  const fuzzy = Array.from(typed).length >= MIN_FUZZY_WORD_LENGTH
  const forms = fuzzy ? [typed, ...deletionsOf(typed)] : [typed]
  const result = await sql<{ word: string; clients: number }>`
    select word, clients from name_words where word = any(${forms}::text[])
    union
    (select word, clients from name_words
     where (word collate "C") like ${escapeLike(typed) + '%'}
     order by clients desc, word
     limit ${MAX_PREFIX_WORDS})
    ${
      fuzzy
        ? sql`union
          select n.word, n.clients
          from name_word_deletions d join name_words n on n.word = d.word
          where d.deletion = any(${forms}::text[])`
        : sql``
    }`.execute(db)
  const corrections: WordCorrections = { whole: [], prefix: [], fuzzy: [], clients: new Map() }
  for (const { word, clients } of result.rows) {
    if (word === typed) corrections.whole.push(word)
    else if (word.startsWith(typed)) corrections.prefix.push(word)
    // The deletion neighbourhood also holds words two edits away (`abc`, `bca` share `bc`).
    else if (editDistance(typed, word) <= 1) corrections.fuzzy.push(word)
    else continue
    corrections.clients.set(word, Number(clients))
  }
  if (fuzzy && corrections.clients.size === 0) {
    for (const { word, clients } of await findFarWords(db, typed)) {
      if (!acceptsFarWord(typed, word)) continue
      corrections.fuzzy.push(word)
      corrections.clients.set(word, Number(clients))
    }
  }
  // Shortest completions first (the ranking's order for prefixes), then the longer of equally
  // near typos (one edit in a longer word is the smaller share), then the more common word.
  const common = (a: string, b: string): number =>
    (corrections.clients.get(b) ?? 0) - (corrections.clients.get(a) ?? 0)
  corrections.prefix.sort((a, b) => a.length - b.length || common(a, b))
  corrections.fuzzy.sort(
    (a, b) => editDistance(typed, a) - editDistance(typed, b) || b.length - a.length || common(a, b)
  )
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

// Each word of the driving list brings up to a pool of clients, so that a common word one edit
// away (`anna` for `alna`) cannot crowd out a rarer one (`kalna`) before the ranking sees both;
// a list of many words (a short prefix) stops at this many pools.
const DRIVING_WORDS_SHARING_A_POOL = 4

/**
 * Clients that have, for every list, one of its words (none of `except`), with the whole name's
 * trigram similarity to the query for the ranking. Starts from the list fewest clients have (as
 * far as `clientsOf` knows), up to `limit` clients per word of it in the list's order (best
 * corrections first); without ORDER BY each scan stops at its limit. IN removes a client that two
 * driving words found.
 *
 * One list (one typed word) is read from the inverted index `client_name_words`. With more, the
 * other lists are checked in the GIN index over each client's word set (migration 021), which
 * intersects the words' posting lists inside the index: "kristaps liea" (corrected to liepa,
 * līga, līva) read 9,730 Kristaps and hashed 39,888 clients of the corrections to keep 180 in
 * 47 ms at 1.5 million clients; the index finds the same 180 in 2 ms.
 */
async function findClientsWithEveryWord(
  db: Kysely<Database>,
  folded: string,
  lists: string[][],
  clientsOf: Map<string, number>,
  { limit, except }: { limit: number; except: string[] }
): Promise<NameCandidateRow[]> {
  const clientCount = (words: string[]): number =>
    words.reduce((sum, word) => sum + (clientsOf.get(word) ?? 0), 0)
  const ordered = [...lists].sort((a, b) => clientCount(a) - clientCount(b))
  const [driving, ...others] = ordered as [string[], ...string[][]]
  return findCandidatesPerDrivingWord(
    db,
    folded,
    driving,
    limit,
    others.length === 0
      ? wordClientsFromInvertedIndex(except)
      : wordClientsFromWordSets(others, except)
  )
}

type WordClients = (word: RawBuilder<unknown>) => RawBuilder<unknown>

/** One word's clients (none of `except`) from `client_name_words`. */
function wordClientsFromInvertedIndex(except: string[]): WordClients {
  const notExcept = except.length > 0 ? sql`and not (d.client_id = any(${except}::uuid[]))` : sql``
  return (word) => sql`
    select d.client_id from client_name_words d where d.word = ${word} ${notExcept}`
}

/** One word's clients (none of `except`) that also have a word of each of `others`. */
function wordClientsFromWordSets(others: string[][], except: string[]): WordClients {
  const conditions = others.map((words) => sql`name_word_set_of(c.search_name) && ${words}::text[]`)
  if (except.length > 0) conditions.push(sql`not (c.id = any(${except}::uuid[]))`)
  return (word) => sql`
    select c.id from clients c
    where name_word_set_of(c.search_name) @> array[${word}]
      and ${sql.join(conditions, sql` and `)}`
}

/**
 * The candidate rows for up to `limit` clients per driving word, at most
 * DRIVING_WORDS_SHARING_A_POOL pools in all; `clientIdsOf(word)` selects one word's client ids,
 * `word` being that word's SQL.
 */
async function findCandidatesPerDrivingWord(
  db: Kysely<Database>,
  folded: string,
  driving: string[],
  limit: number,
  clientIdsOf: WordClients
): Promise<NameCandidateRow[]> {
  const ids =
    driving.length === 1
      ? // One word: its value is planned with, not read row by row from an unnest, so the
        // column's statistics tell how common it is.
        sql`${clientIdsOf(sql`${driving[0]}::text`)} limit ${limit}`
      : sql`
        select found.client_id
        from unnest(${driving}::text[]) driving (word)
        cross join lateral (${clientIdsOf(sql`driving.word`)} limit ${limit}) found (client_id)
        limit ${limit * DRIVING_WORDS_SHARING_A_POOL}`
  const result = await sql<NameCandidateRow>`
    select ${CLIENT_BASE_COLUMNS_SQL},
           search_name, word_similarity(${folded}::text, search_name)::float8 as score
    from clients
    where id in (${ids})`.execute(db)
  return result.rows
}

/**
 * Up to `limit` clients with every one of `words` whole, from the GIN index over each client's
 * word set (migration 021): the index intersects the words' posting lists itself, where the
 * inverted index of findClientsWithEveryWord reads all of one common word's clients to keep the
 * few that also have the other ("Aleksandrs Liepa": 2 ms against 27–50 ms at 1.5 million).
 */
async function findClientsWithWholeWords(
  db: Kysely<Database>,
  folded: string,
  words: string[],
  limit: number
): Promise<NameCandidateRow[]> {
  const result = await sql<NameCandidateRow>`
    select ${CLIENT_BASE_COLUMNS_SQL},
           search_name, word_similarity(${folded}::text, search_name)::float8 as score
    from clients
    where name_word_set_of(search_name) @> ${words}::text[]
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
  return rows.map((row) =>
    summaryRowOf(
      row,
      (phonesByClient.get(row.id) ?? []).map((phone) => phone.e164),
      countByClient.get(row.id) ?? 0
    )
  )
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
  return (await findClientsByIds(db, [id])).get(id) ?? null
}

/**
 * Clients by id, those that exist; one statement however many (the card's reads share it,
 * clients.service.ts). The row comes with its phones and contracts aggregated as JSON: it was
 * three queries on two round trips, and every card view pays this (bench/reads.bench.ts).
 */
export async function findClientsByIds(
  db: Kysely<Database>,
  ids: readonly string[]
): Promise<Map<string, StoredClient>> {
  const rows = await storedClientsQuery(db, ids).execute()
  return new Map(rows.map((client) => [client.id, storedClientOf(client)]))
}

/** A client and its consent ledger as it stands: what the client card shows. */
export interface StoredClientCard {
  client: StoredClient
  ledger: Pick<LedgerSnapshot, 'head' | 'cells' | 'contracts'>
}

/**
 * Clients by id with their consent ledgers (GET /v1/clients/{id}/card), those that exist: the
 * client's row, phones and contracts as findClientsByIds reads them and the ledger's version row
 * and projection, in one statement however many. Apart, the card's two reads were two statements
 * that each read the client's row and contracts (bench/reads.bench.ts).
 */
export async function findClientCardsByIds(
  db: Kysely<Database>,
  ids: readonly string[]
): Promise<Map<string, StoredClientCard>> {
  const rows = await storedClientsQuery(db, ids)
    .select([LEDGER_HEAD.as('head'), LEDGER_CELLS.as('cells')])
    .execute()
  return new Map(
    rows.map((row) => {
      // The loyalty clock reads the contracts the card shows: the same rows, not a second read.
      const ledger = { ...currentLedgerOf(row), contracts: loyaltyContractsOf(row.contracts) }
      return [row.id, { client: storedClientOf(row), ledger }]
    })
  )
}

/** The client rows of findClientsByIds, for the client row `c`. */
function storedClientsQuery(db: Kysely<Database>, ids: readonly string[]) {
  return (
    db
      .selectFrom('clients as c')
      .select([
        'c.id',
        'c.kind',
        'c.personal_code',
        'c.registration_number',
        'c.first_name',
        'c.last_name',
        'c.name',
        sql<string | null>`c.birth_date::text`.as('birth_date'),
        'c.town',
        'c.address',
        'c.email',
        'c.language',
        'c.version',
        sql<string[]>`coalesce((select json_agg(p.e164 order by p.position) from client_phones p
          where p.client_id = c.id), '[]'::json)`.as('phones'),
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
          from contracts k where k.client_id = c.id), '[]'::json)`.as('contracts')
      ])
      // One text whatever the number of ids: one prepared statement (db/prepared-statements.ts).
      .where(sql<boolean>`c.id = any(${[...ids]}::uuid[])`)
  )
}

function storedClientOf(
  client: Omit<ClientBaseRow, 'score'> & {
    address: string | null
    email: string | null
    language: Language
    version: number
    phones: string[]
    contracts: Array<{
      number: string
      status: Contract['status']
      start_date: string
      end_date: string | null
    }>
  }
): StoredClient {
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
    ...(client.address === null ? {} : { address: client.address }),
    phones,
    email: client.email,
    language: client.language,
    version: client.version,
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

// ---- changes of a client's data (issue 11) ------------------------------------------------------

/** The new values of the columns a change touches; only the fields that change. */
export interface ClientDataChange {
  firstName?: string
  lastName?: string
  name?: string
  email?: string | null
  address?: string | null
  language?: Language
  /** Recomputed whenever a name changes, so that search finds the new name at once. */
  searchName?: string
  /** The whole new list, E.164, in order. */
  phones?: string[]
}

/**
 * Writes a change if the client is still at `expectedVersion`: `update … where id = $1 and
 * version = $2` is the check, so two changes based on one read cannot both pass. Returns the new
 * version, or null when the version no longer matched (or the client is gone). Phones are
 * replaced as a list.
 */
export async function updateClientData(
  trx: Transaction<Database>,
  args: { id: string; expectedVersion: number; change: ClientDataChange; now: Date }
): Promise<number | null> {
  const { change } = args
  const updated = await trx
    .updateTable('clients')
    .set({
      version: sql<number>`version + 1`,
      updated_at: args.now,
      ...(change.firstName === undefined ? {} : { first_name: change.firstName }),
      ...(change.lastName === undefined ? {} : { last_name: change.lastName }),
      ...(change.name === undefined ? {} : { name: change.name }),
      ...(change.email === undefined ? {} : { email: change.email }),
      ...(change.address === undefined ? {} : { address: change.address }),
      ...(change.language === undefined ? {} : { language: change.language }),
      ...(change.searchName === undefined ? {} : { search_name: change.searchName })
    })
    .where('id', '=', args.id)
    .where('version', '=', args.expectedVersion)
    .returning('version')
    .executeTakeFirst()
  if (!updated) return null
  if (change.phones !== undefined) {
    await trx.deleteFrom('client_phones').where('client_id', '=', args.id).execute()
    if (change.phones.length > 0) {
      await trx
        .insertInto('client_phones')
        .values(change.phones.map((e164, position) => ({ client_id: args.id, e164, position })))
        .execute()
    }
  }
  return updated.version
}

export async function appendClientChange(
  trx: Transaction<Database>,
  args: {
    clientId: string
    actorId: string
    at: Date
    version: number
    identityVerification: unknown
    changes: unknown[]
  }
): Promise<void> {
  await trx
    .insertInto('client_changes')
    .values({
      client_id: args.clientId,
      actor_id: args.actorId,
      at: args.at,
      version: args.version,
      identity_verification: JSON.stringify(args.identityVerification),
      changes: JSON.stringify(args.changes)
    })
    .execute()
}

export interface ClientChangeRow {
  id: string
  at: Date
  version: number
  identity_verification: unknown
  changes: unknown
  actor_id: string
  actor_username: string
  actor_display_name: string
}

/** Up to `limit` changes of a client, newest first, older than the change `beforeId`. */
export async function pageClientChanges(
  db: Kysely<Database>,
  args: { clientId: string; beforeId: string | null; limit: number }
): Promise<ClientChangeRow[]> {
  let query = db
    .selectFrom('client_changes as c')
    .innerJoin('staff as s', 's.id', 'c.actor_id')
    .select([
      sql<string>`c.id::text`.as('id'),
      'c.at',
      'c.version',
      'c.identity_verification',
      'c.changes',
      'c.actor_id',
      's.username as actor_username',
      's.display_name as actor_display_name'
    ])
    .where('c.client_id', '=', args.clientId)
    .orderBy('c.id', 'desc')
    .limit(args.limit)
  if (args.beforeId !== null) query = query.where('c.id', '<', args.beforeId)
  return query.execute()
}
