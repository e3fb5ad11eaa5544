import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type {
  Client,
  ClientCard,
  ClientKind,
  ClientSearchItem,
  ClientSearchResponse,
  Contract,
  CreateClientRequest
} from '../../shared/domain/client'
import { normalizeAccountNumber } from '../../shared/identifiers/accountNumber'
import {
  formatPersonalCode,
  maskPersonalCode,
  parsePersonalCode,
  PERSONAL_CODE_FAILURE_MESSAGES
} from '../../shared/identifiers/personalCode'
import { maskEmail } from '../../shared/identifiers/email'
import { maskPhone } from '../../shared/identifiers/phone'
import type { RevealResponse } from '../../shared/domain/access-log'
import {
  compactRegistrationNumber,
  parseRegistrationNumber,
  type RegistrationNumberFailure
} from '../../shared/identifiers/registrationNumber'
import { classifyQuery, foldForSearch } from '../../shared/identifiers/searchText'
import type { Clock } from '../clock'
import { currentStateOf } from '../consents/consents.service'
import { createCoalescedLookup } from '../db/coalesced-lookup'
import { parseClientPhone } from './client-phone'
import type { Database } from '../db/database'
import { uniqueViolation } from '../db/unique-violation'
import {
  blendNameScore,
  compareBySurname,
  createWordMatchScorer,
  interleaveEquallyNear,
  type NameSortKey
} from './name-ranking'
import { DomainError, type FieldError } from '../domain-error'
import {
  findClientById,
  findClientCardsByIds,
  findClientsByIds,
  findClientsByIdentifier,
  findClientsByIdentifiers,
  identifierValue,
  type IdentifierKind,
  type IdentifierLookup,
  insertClient,
  findNameCandidates,
  withPhonesAndContracts,
  type ClientSummaryRow,
  type NewClient,
  type StoredClient
} from './clients.repository'

const REGISTRATION_NUMBER_FAILURES: Record<RegistrationNumberFailure, string> = {
  format: 'is not 11 digits starting 4–9',
  checksum: 'fails its check digit'
}

/**
 * Finds clients, best match first, and says whether the list is a cap. One more row than `limit`
 * is asked of each lookup: if it comes back there are more matches than shown, and the extra row
 * is dropped. That costs nothing like a COUNT over thousands of namesakes.
 */
export async function searchClients(
  db: Kysely<Database>,
  args: { q: string; limit: number },
  byIdentifier: IdentifierFinder = (lookup, limit) => findClientsByIdentifier(db, lookup, limit)
): Promise<ClientSearchResponse> {
  const rows = await findMatchingClients(db, byIdentifier, args.q, args.limit + 1)
  return {
    items: rows.slice(0, args.limit).map(toSearchItem),
    hasMore: rows.length > args.limit
  }
}

type IdentifierFinder = (lookup: IdentifierLookup, limit: number) => Promise<ClientSummaryRow[]>

/**
 * The API's identifier lookups: those that arrive together share one statement per kind of
 * identifier (createCoalescedLookup), so that under load a lookup is not a round trip of its own.
 */
export function createIdentifierFinder(db: Kysely<Database>): IdentifierFinder {
  const SEPARATOR = '\u0000'
  const lookup = createCoalescedLookup<ClientSummaryRow[]>(async (keys) => {
    const groups = new Map<string, string[]>()
    for (const key of keys) {
      const [by, limit, value] = key.split(SEPARATOR) as [string, string, string]
      const group = `${by}${SEPARATOR}${limit}`
      groups.set(group, [...(groups.get(group) ?? []), value])
    }
    const found = new Map<string, ClientSummaryRow[]>()
    for (const [group, values] of groups) {
      const [by, limit] = group.split(SEPARATOR) as [IdentifierKind, string]
      const rows = await findClientsByIdentifiers(db, by, values, Number(limit))
      for (const value of values) found.set(`${group}${SEPARATOR}${value}`, rows.get(value) ?? [])
    }
    return found
  })
  return async (identifier, limit) =>
    (await lookup([identifier.by, limit, identifierValue(identifier)].join(SEPARATOR))) ?? []
}

/** Up to `limit` clients matching `q`, in the order the answer shows them. */
async function findMatchingClients(
  db: Kysely<Database>,
  byIdentifier: IdentifierFinder,
  q: string,
  limit: number
): Promise<ClientSummaryRow[]> {
  const query = classifyQuery(q)
  let rows: ClientSummaryRow[]
  switch (query.kind) {
    case 'invalidIdentifier': {
      const digits = q.replace(/[^0-9]/g, '')
      const message =
        query.identifier === 'personalCode'
          ? `Personal code ${formatPersonalCode(digits)} ${PERSONAL_CODE_FAILURE_MESSAGES[query.reason]}`
          : `Registration number ${compactRegistrationNumber(q)} ` +
            REGISTRATION_NUMBER_FAILURES[query.reason]
      throw new DomainError('invalid_identifier', message)
    }
    case 'name':
      return searchByName(db, query.folded, limit)
    case 'personalCode':
    case 'registrationNumber':
      rows = await byIdentifier({ by: query.kind, compact: query.compact }, limit)
      break
    case 'phone':
      rows = await byIdentifier({ by: 'phone', e164: query.e164 }, limit)
      break
    case 'account':
      rows = await byIdentifier({ by: 'account', number: query.number }, limit)
      break
  }
  // Every client an identifier finds matches it fully: a family sharing a phone is listed by
  // surname, then first name, as equally good name matches are.
  return rows.sort((a, b) => compareBySurname(sortKeyOf(a), sortKeyOf(b)))
}

// Candidates the database returns per matching word (findNameCandidates); the ranking then picks
// the best `limit`. Enough to rank a word's clients whole when it has few (a rare name, a small
// register); a common word's thousands of clients match a one-word query equally, so which 50 of
// them are read changes no score. Each candidate is a row read at random from `clients`: at 200,
// a prefix or a typo with three close words read 600 (36 ms cold at 1.5 million clients).
const NAME_CANDIDATE_POOL = 50

/**
 * Best match first (see nameMatchScore: every word whole, then prefixes, then typos), and equally
 * good matches by surname, then first name.
 */
async function searchByName(
  db: Kysely<Database>,
  folded: string,
  limit: number
): Promise<ClientSummaryRow[]> {
  const candidates = await findNameCandidates(db, folded, {
    pool: Math.max(NAME_CANDIDATE_POOL, limit),
    wanted: limit
  })
  const wordScoreOf = createWordMatchScorer(folded)
  // Candidates share surnames and first names: each is folded once (foldForSearch normalises and
  // lower-cases by locale, twice per candidate).
  const folds = new Map<string, string>()
  const fold = (text: string): string => {
    let result = folds.get(text)
    if (result === undefined) {
      result = foldForSearch(text)
      folds.set(text, result)
    }
    return result
  }
  const sorted = candidates
    .map((candidate) => {
      const wordScore = wordScoreOf(candidate.search_name)
      return {
        ...candidate,
        score: blendNameScore(wordScore, Number(candidate.score)),
        wordScore: wordScore ?? 0,
        sortKey: sortKeyOf(
          {
            id: candidate.id,
            firstName: candidate.first_name,
            lastName: candidate.last_name,
            name: candidate.name
          },
          fold
        )
      }
    })
    .sort((a, b) => b.score - a.score || compareBySurname(a.sortKey, b.sortKey))
  const ranked = interleaveEquallyNear(
    sorted,
    (candidate) => candidate.wordScore,
    (candidate) => candidate.sortKey.surname
  ).slice(0, limit)
  return withPhonesAndContracts(db, ranked)
}

/** A business sorts by its name among the surnames: it has no other. */
function sortKeyOf(
  client: {
    id: string
    firstName: string | null
    lastName: string | null
    name: string | null
  },
  fold: (text: string) => string = foldForSearch
): NameSortKey {
  return {
    surname: fold(client.lastName ?? client.name ?? ''),
    firstName: fold(client.firstName ?? ''),
    id: client.id
  }
}

/**
 * The stored birth date, or else the one an old-format personal code encodes (clients registered
 * before birth dates were stored have only the code). New-format codes carry no date.
 */
function birthDateOf(client: {
  kind: ClientKind
  personalCode: string | null
  birthDate: string | null
}): string | null {
  if (client.kind !== 'private') return null
  if (client.birthDate !== null) return client.birthDate
  if (client.personalCode === null) return null
  const parsed = parsePersonalCode(client.personalCode)
  return parsed.ok ? (parsed.birthDate ?? null) : null
}

/** Lists never carry a whole personal code (only its first six digits) nor a whole phone. */
function toSearchItem(row: ClientSummaryRow): ClientSearchItem {
  const item: ClientSearchItem = {
    id: row.id,
    kind: row.kind,
    displayName:
      row.kind === 'private'
        ? `${row.firstName ?? ''} ${row.lastName ?? ''}`.trim()
        : (row.name ?? ''),
    phonesMasked: row.phones.map(maskPhone),
    contracts: row.contracts,
    score: Math.round(row.score * 1000) / 1000
  }
  if (row.personalCode) item.personalCodeMasked = maskPersonalCode(row.personalCode)
  if (row.registrationNumber) item.registrationNumber = row.registrationNumber
  const birthDate = birthDateOf(row)
  if (birthDate !== null) item.birthYear = Number(birthDate.slice(0, 4))
  if (row.town !== null) item.town = row.town
  return item
}

/** The client card: identifiers masked (product §1); `revealClient` gives them whole. */
export async function getClient(db: Kysely<Database>, id: string): Promise<Client> {
  const client = await findClientById(db, id)
  if (!client) throw new DomainError('not_found', 'No client with this id')
  return toMaskedClient(client)
}

/**
 * The API's card read (GET /v1/clients/{id}): reads that arrive together share one statement
 * (createCoalescedLookup), so that under load a card is not a round trip of its own.
 */
export function createClientReader(db: Kysely<Database>): (id: string) => Promise<Client> {
  const lookup = createCoalescedLookup((ids) => findClientsByIds(db, ids))
  return async (id) => {
    const client = await lookup(id)
    if (!client) throw new DomainError('not_found', 'No client with this id')
    return toMaskedClient(client)
  }
}

/**
 * The API's client card (GET /v1/clients/{id}/card): the client masked as the card read answers
 * it, and the current consent state as GET /v1/clients/{id}/consents answers it, from one
 * statement (findClientCardsByIds) that the cards asked together share (createCoalescedLookup).
 */
export function createClientCardReader(deps: {
  db: Kysely<Database>
  clock: Clock
}): (id: string) => Promise<ClientCard> {
  const lookup = createCoalescedLookup((ids) => findClientCardsByIds(deps.db, ids))
  return async (id) => {
    const card = await lookup(id)
    if (!card) throw new DomainError('not_found', 'No client with this id')
    return {
      client: toMaskedClient(card.client),
      consents: currentStateOf(id, card.ledger, deps.clock.now())
    }
  }
}

/**
 * The full personal code, phones and e-mail. The route logs the reveal, with its reason, before
 * this answer leaves (see access-log/access-log.recorder.ts).
 */
export async function revealClient(db: Kysely<Database>, id: string): Promise<RevealResponse> {
  const client = await findClientById(db, id)
  if (!client) throw new DomainError('not_found', 'No client with this id')
  return {
    ...(client.personalCode === undefined ? {} : { personalCode: client.personalCode }),
    phones: client.phones,
    email: client.email
  }
}

function toMaskedClient(stored: StoredClient): Client {
  const { personalCode, phones, email, ...rest } = stored
  const birthDate = birthDateOf({
    kind: stored.kind,
    personalCode: personalCode ?? null,
    birthDate: stored.birthDate ?? null
  })
  return {
    ...rest,
    ...(personalCode === undefined ? {} : { personalCodeMasked: maskPersonalCode(personalCode) }),
    ...(birthDate === null ? {} : { birthDate }),
    phonesMasked: phones.map(maskPhone),
    emailMasked: email === null ? null : maskEmail(email)
  }
}

/**
 * Registers a client after checking every identifier, naming each failing field. Identifiers are
 * stored compact (digits only), phones as E.164, contract numbers as `K` + 8 digits.
 */
export async function createClient(
  db: Kysely<Database>,
  request: CreateClientRequest,
  now: Date
): Promise<Client> {
  const { client, fields } = validateNewClient(request, now.toISOString().slice(0, 10))
  if (fields.length > 0 || !client) {
    throw new DomainError(
      'validation_failed',
      `Invalid client: ${fields.map((field) => `${field.path} ${field.message}`).join('; ')}`,
      fields
    )
  }
  try {
    await insertClient(db, client)
  } catch (error) {
    throw duplicateIdentifierError(error) ?? error
  }
  const stored = await findClientById(db, client.id)
  if (!stored) throw new Error(`client ${client.id} vanished right after insert`)
  return toMaskedClient(stored)
}

// Nobody registering a contract now was born before this; an earlier date is a typo (`0984`).
const EARLIEST_BIRTH_DATE = '1900-01-01'

/** `today` is the server's ISO date: a birth date after it is a typo too. */
function validateNewClient(
  request: CreateClientRequest,
  today: string
): {
  client: NewClient | null
  fields: FieldError[]
} {
  const fields: FieldError[] = []
  const fail = (path: string, message: string): void => {
    fields.push({ path, message })
  }
  const required = (path: keyof CreateClientRequest): void => {
    if (request[path] === undefined) fail(path, `is required for a ${request.kind} client`)
  }
  const forbidden = (path: keyof CreateClientRequest): void => {
    if (request[path] !== undefined) fail(path, `is not used for a ${request.kind} client`)
  }

  let personalCode: string | null = null
  let registrationNumber: string | null = null
  let birthDate: string | null = null
  if (request.kind === 'private') {
    required('personalCode')
    required('firstName')
    required('lastName')
    forbidden('registrationNumber')
    forbidden('name')
    let encodedBirthDate: string | undefined
    if (request.personalCode !== undefined) {
      const parsed = parsePersonalCode(request.personalCode)
      if (parsed.ok) {
        personalCode = parsed.compact
        encodedBirthDate = parsed.birthDate
      } else fail('personalCode', PERSONAL_CODE_FAILURE_MESSAGES[parsed.reason])
    }
    if (request.birthDate !== undefined) {
      if (request.birthDate > today) fail('birthDate', 'is in the future')
      else if (request.birthDate < EARLIEST_BIRTH_DATE) {
        fail('birthDate', `is before ${EARLIEST_BIRTH_DATE}`)
      } else if (encodedBirthDate !== undefined && request.birthDate !== encodedBirthDate) {
        fail('birthDate', `does not match the personal code, which gives ${encodedBirthDate}`)
      }
    }
    // Stored even when only the code gives it, so that every reader finds it in one place.
    birthDate = request.birthDate ?? encodedBirthDate ?? null
  } else {
    required('registrationNumber')
    required('name')
    forbidden('personalCode')
    forbidden('firstName')
    forbidden('lastName')
    // A company has a registration date, not a birth date.
    forbidden('birthDate')
    if (request.registrationNumber !== undefined) {
      const parsed = parseRegistrationNumber(request.registrationNumber)
      if (parsed.ok) registrationNumber = parsed.compact
      else fail('registrationNumber', REGISTRATION_NUMBER_FAILURES[parsed.reason])
    }
  }

  const phones: string[] = []
  request.phones.forEach((phone, index) => {
    const e164 = parseClientPhone(phone)
    if (e164 === null) fail(`phones.${index}`, 'is not a Latvian phone number')
    else if (!phones.includes(e164)) phones.push(e164)
  })

  const contracts: Contract[] = []
  const seenNumbers = new Set<string>()
  ;(request.contracts ?? []).forEach((contract, index) => {
    const number = normalizeAccountNumber(contract.number)
    if (number === null) fail(`contracts.${index}.number`, 'is not K followed by 8 digits')
    else if (seenNumbers.has(number)) fail(`contracts.${index}.number`, 'is listed twice')
    else seenNumbers.add(number)
    if (contract.endDate && contract.endDate < contract.startDate) {
      fail(`contracts.${index}.endDate`, 'is before the start date')
    }
    contracts.push({ ...contract, number: number ?? contract.number })
  })

  if (fields.length > 0) return { client: null, fields }
  const displayName =
    request.kind === 'private' ? `${request.firstName} ${request.lastName}` : (request.name ?? '')
  return {
    fields,
    client: {
      id: randomUUID(),
      kind: request.kind,
      personalCode,
      registrationNumber,
      firstName: request.firstName ?? null,
      lastName: request.lastName ?? null,
      name: request.name ?? null,
      birthDate,
      town: request.town ?? null,
      email: request.email ?? null,
      language: request.language,
      searchName: foldForSearch(displayName),
      phones,
      contracts
    }
  }
}

const DUPLICATE_FIELDS: Record<string, { path: string; message: string }> = {
  clients_personal_code_key: {
    path: 'personalCode',
    message: 'A client with this personal code is already registered'
  },
  clients_registration_number_key: {
    path: 'registrationNumber',
    message: 'A client with this registration number is already registered'
  },
  contracts_number_key: {
    path: 'contracts',
    message: 'A contract with this number is already registered'
  }
}

/** Maps a unique violation (SQLSTATE 23505) on an identifier to 409; anything else to null. */
function duplicateIdentifierError(error: unknown): DomainError | null {
  const name = uniqueViolation(error, Object.keys(DUPLICATE_FIELDS))
  const duplicate = name ? DUPLICATE_FIELDS[name] : undefined
  if (!duplicate) return null
  return new DomainError('duplicate_identifier', duplicate.message, [
    { path: duplicate.path, message: 'is already registered' }
  ])
}
