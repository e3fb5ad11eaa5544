import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type {
  Client,
  ClientSearchItem,
  Contract,
  CreateClientRequest
} from '../../shared/domain/client'
import { normalizeAccountNumber } from '../../shared/identifiers/accountNumber'
import {
  formatPersonalCode,
  maskPersonalCode,
  parsePersonalCode,
  type PersonalCodeFailure
} from '../../shared/identifiers/personalCode'
import { normalizeLatvianPhone } from '../../shared/identifiers/phone'
import {
  compactRegistrationNumber,
  parseRegistrationNumber,
  type RegistrationNumberFailure
} from '../../shared/identifiers/registrationNumber'
import { classifyQuery, foldForSearch } from '../../shared/identifiers/searchText'
import type { Database } from '../db/database'
import { nameMatchScore } from './name-ranking'
import { HttpError, type FieldError } from '../http/http-error'
import {
  findClientById,
  findClientsByIdentifier,
  insertClient,
  findNameCandidates,
  withPhonesAndContracts,
  type ClientSummaryRow,
  type NewClient
} from './clients.repository'

const PERSONAL_CODE_FAILURES: Record<PersonalCodeFailure, string> = {
  format: 'is not in the form DDMMYY-NNNNN',
  century: 'has an impossible century digit',
  date: 'does not encode a real birth date',
  checksum: 'fails its check digit'
}

const REGISTRATION_NUMBER_FAILURES: Record<RegistrationNumberFailure, string> = {
  format: 'is not 11 digits starting 4–9',
  checksum: 'fails its check digit'
}

export async function searchClients(
  db: Kysely<Database>,
  args: { q: string; limit: number }
): Promise<ClientSearchItem[]> {
  const query = classifyQuery(args.q)
  let rows: ClientSummaryRow[]
  switch (query.kind) {
    case 'invalidIdentifier': {
      const digits = args.q.replace(/[^0-9]/g, '')
      const message =
        query.identifier === 'personalCode'
          ? `Personal code ${formatPersonalCode(digits)} ${PERSONAL_CODE_FAILURES[query.reason]}`
          : `Registration number ${compactRegistrationNumber(args.q)} ` +
            REGISTRATION_NUMBER_FAILURES[query.reason]
      throw new HttpError(400, 'invalid_identifier', message)
    }
    case 'name':
      rows = await searchByName(db, query.folded, args.limit)
      break
    case 'personalCode':
    case 'registrationNumber':
      rows = await findClientsByIdentifier(
        db,
        { by: query.kind, compact: query.compact },
        args.limit
      )
      break
    case 'phone':
      rows = await findClientsByIdentifier(db, { by: 'phone', e164: query.e164 }, args.limit)
      break
    case 'account':
      rows = await findClientsByIdentifier(db, { by: 'account', number: query.number }, args.limit)
      break
  }
  return rows.map(toSearchItem)
}

// The database returns this many trigram candidates; edit distance then picks the best `limit`.
const NAME_CANDIDATE_POOL = 200

async function searchByName(
  db: Kysely<Database>,
  folded: string,
  limit: number
): Promise<ClientSummaryRow[]> {
  const candidates = await findNameCandidates(db, folded, {
    pool: Math.max(NAME_CANDIDATE_POOL, limit),
    wanted: limit
  })
  const ranked = candidates
    .map((candidate) => ({
      ...candidate,
      score: nameMatchScore(folded, candidate.search_name, Number(candidate.score))
    }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        a.search_name.localeCompare(b.search_name, 'lv') ||
        a.id.localeCompare(b.id)
    )
    .slice(0, limit)
  return withPhonesAndContracts(db, ranked)
}

/** Lists never carry a whole personal code: only its first six digits. */
function toSearchItem(row: ClientSummaryRow): ClientSearchItem {
  const item: ClientSearchItem = {
    id: row.id,
    kind: row.kind,
    displayName:
      row.kind === 'private'
        ? `${row.firstName ?? ''} ${row.lastName ?? ''}`.trim()
        : (row.name ?? ''),
    phones: row.phones,
    contracts: row.contracts,
    score: Math.round(row.score * 1000) / 1000
  }
  if (row.personalCode) item.personalCodeMasked = maskPersonalCode(row.personalCode)
  if (row.registrationNumber) item.registrationNumber = row.registrationNumber
  return item
}

export async function getClient(db: Kysely<Database>, id: string): Promise<Client> {
  const client = await findClientById(db, id)
  if (!client) throw new HttpError(404, 'not_found', 'No client with this id')
  return client
}

/**
 * Registers a client after checking every identifier, naming each failing field. Identifiers are
 * stored compact (digits only), phones as E.164, contract numbers as `K` + 8 digits.
 */
export async function createClient(
  db: Kysely<Database>,
  request: CreateClientRequest
): Promise<Client> {
  const { client, fields } = validateNewClient(request)
  if (fields.length > 0 || !client) {
    throw new HttpError(
      400,
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
  return stored
}

function validateNewClient(request: CreateClientRequest): {
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
  if (request.kind === 'private') {
    required('personalCode')
    required('firstName')
    required('lastName')
    forbidden('registrationNumber')
    forbidden('name')
    if (request.personalCode !== undefined) {
      const parsed = parsePersonalCode(request.personalCode)
      if (parsed.ok) personalCode = parsed.compact
      else fail('personalCode', PERSONAL_CODE_FAILURES[parsed.reason])
    }
  } else {
    required('registrationNumber')
    required('name')
    forbidden('personalCode')
    forbidden('firstName')
    forbidden('lastName')
    if (request.registrationNumber !== undefined) {
      const parsed = parseRegistrationNumber(request.registrationNumber)
      if (parsed.ok) registrationNumber = parsed.compact
      else fail('registrationNumber', REGISTRATION_NUMBER_FAILURES[parsed.reason])
    }
  }

  const phones: string[] = []
  request.phones.forEach((phone, index) => {
    const e164 = normalizeLatvianPhone(phone)
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
function duplicateIdentifierError(error: unknown): HttpError | null {
  if (typeof error !== 'object' || error === null) return null
  const { code, constraint, message } = error as {
    code?: unknown
    constraint?: unknown
    message?: unknown
  }
  if (code !== '23505') return null
  const name =
    typeof constraint === 'string'
      ? constraint
      : Object.keys(DUPLICATE_FIELDS).find((key) => String(message).includes(key))
  const duplicate = name ? DUPLICATE_FIELDS[name] : undefined
  if (!duplicate) return null
  return new HttpError(409, 'duplicate_identifier', duplicate.message, [
    { path: duplicate.path, message: 'is already registered' }
  ])
}
