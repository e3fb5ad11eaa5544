import type { Kysely } from 'kysely'
import type { Client, ClientKind } from '../../shared/domain/client'
import {
  NAME_FIELDS,
  type ClientChangeField,
  type ClientFieldChange,
  type ClientHistoryPage,
  type UpdateClientRequest
} from '../../shared/domain/client-change'
import type {
  IdentityVerification,
  RecordedIdentityVerification
} from '../../shared/domain/consent'
import type { Staff } from '../../shared/domain/staff'
import { maskEmail } from '../../shared/identifiers/email'
import { maskPersonalCode } from '../../shared/identifiers/personalCode'
import { maskPhone } from '../../shared/identifiers/phone'
import { foldForSearch } from '../../shared/identifiers/searchText'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import { DomainError, validationFailed, type FieldError } from '../domain-error'
import {
  identityVerificationFieldErrors,
  normalizedIdentity,
  validateForClient
} from '../consents/consents.service'
import {
  appendClientChange,
  clientExists,
  findClientById,
  pageClientChanges,
  updateClientData,
  type ClientDataChange,
  type StoredClient
} from './clients.repository'
import { parseClientPhone } from './client-phone'
import { getClient } from './clients.service'

export interface ClientChangeDeps {
  db: Kysely<Database>
  clock: Clock
}

/** Fields a private client has, and those a business has (personal code and reg. no. never). */
const FIELDS_OF_KIND: Record<ClientKind, readonly ClientChangeField[]> = {
  private: ['phones', 'email', 'address', 'language', 'firstName', 'lastName'],
  business: ['phones', 'email', 'address', 'language', 'name']
}

type StoredValue = string | string[] | null

function storedValue(client: StoredClient, field: ClientChangeField): StoredValue {
  switch (field) {
    case 'phones':
      return client.phones
    case 'email':
      return client.email
    case 'address':
      return client.address ?? null
    case 'language':
      return client.language
    case 'firstName':
      return client.firstName ?? null
    case 'lastName':
      return client.lastName ?? null
    case 'name':
      return client.name ?? null
  }
}

function sameValue(a: StoredValue, b: StoredValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((value, index) => value === b[index])
  }
  return a === b
}

/**
 * The request's new values, normalised (phones E.164 without duplicates), with every failing
 * field named: the same checks registration makes, and the kind's fields only.
 */
function requestedValues(
  kind: ClientKind,
  request: UpdateClientRequest
): { values: Partial<Record<ClientChangeField, StoredValue>>; fields: FieldError[] } {
  const fields: FieldError[] = [...identityVerificationFieldErrors(request.identityVerification)]
  fields.push(...validateForClient(kind, request.identityVerification))
  const values: Partial<Record<ClientChangeField, StoredValue>> = {}
  for (const field of ['email', 'address', 'language', 'firstName', 'lastName', 'name'] as const) {
    const value = request[field]
    if (value === undefined) continue
    if (!FIELDS_OF_KIND[kind].includes(field)) {
      fields.push({ path: field, message: `is not used for a ${kind} client` })
    } else values[field] = value
  }
  if (request.phones !== undefined) {
    const phones: string[] = []
    request.phones.forEach((phone, index) => {
      const e164 = parseClientPhone(phone)
      if (e164 === null)
        fields.push({ path: `phones.${index}`, message: 'is not a Latvian phone number' })
      else if (!phones.includes(e164)) phones.push(e164)
    })
    values.phones = phones
  }
  return { values, fields }
}

/**
 * `PATCH /v1/clients/{id}`: one change of a client's data at the counter, based on the version
 * the desk read. Checks, in order: the client (404), the request's fields and the identity
 * verification (400, nothing changes), who may change names (403: supervisors only), then, in
 * one transaction, the version (412, atomically with the update) and the history row. A request
 * that changes nothing records nothing and leaves the version as it is.
 */
export async function updateClient(
  deps: ClientChangeDeps,
  args: { id: string; expectedVersion: number; request: UpdateClientRequest; actor: Staff }
): Promise<Client> {
  const current = await findClientById(deps.db, args.id)
  if (!current) throw new DomainError('not_found', 'No client with this id')
  const { values, fields } = requestedValues(current.kind, args.request)
  if (fields.length > 0) throw validationFailed(fields)

  const changes: ClientFieldChange[] = []
  for (const [field, after] of Object.entries(values) as [ClientChangeField, StoredValue][]) {
    const before = storedValue(current, field)
    if (!sameValue(before, after)) changes.push({ field, before, after })
  }
  const namesChanged = changes.filter((change) => NAME_FIELDS.includes(change.field))
  if (namesChanged.length > 0 && !args.actor.roles.includes('supervisor')) {
    throw new DomainError(
      'forbidden',
      'Only a supervisor may change a name: ' + namesChanged.map((c) => c.field).join(', ')
    )
  }
  if (changes.length === 0) {
    if (current.version !== args.expectedVersion) throw await versionMismatch(deps.db, args.id)
    return getClient(deps.db, args.id)
  }

  const change: ClientDataChange = {}
  for (const { field, after } of changes) {
    if (field === 'phones') change.phones = after as string[]
    else if (field === 'language') change.language = after as Client['language']
    else if (field === 'email' || field === 'address') change[field] = after as string | null
    else change[field] = after as string
  }
  if (namesChanged.length > 0) {
    const displayName =
      current.kind === 'private'
        ? `${change.firstName ?? current.firstName ?? ''} ${change.lastName ?? current.lastName ?? ''}`
        : (change.name ?? current.name ?? '')
    change.searchName = foldForSearch(displayName.trim())
  }

  const now = deps.clock.now()
  await deps.db.transaction().execute(async (trx) => {
    const version = await updateClientData(trx, {
      id: args.id,
      expectedVersion: args.expectedVersion,
      change,
      now
    })
    if (version === null) throw await versionMismatch(trx, args.id)
    await appendClientChange(trx, {
      clientId: args.id,
      actorId: args.actor.id,
      at: now,
      version,
      identityVerification: normalizedIdentity(args.request.identityVerification),
      changes
    })
  })
  return getClient(deps.db, args.id)
}

/** 412 with the current client, masked like GET's, so the desk can show it at once. */
async function versionMismatch(db: Kysely<Database>, id: string): Promise<DomainError> {
  const client = await getClient(db, id)
  return new DomainError(
    'version_mismatch',
    "Someone changed this client's data since you read it; reload it and try again",
    undefined,
    { client }
  )
}

// ---- history ------------------------------------------------------------------------------------

function encodeCursor(id: string): string {
  return Buffer.from(`change:${id}`).toString('base64url')
}

function decodeCursor(cursor: string): string {
  const match = /^change:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!match) throw validationFailed([{ path: 'cursor', message: 'is not a cursor of this list' }])
  return match[1]!
}

/** Phones and e-mail read back masked, like the card's; the other fields as they were. */
function maskedValue(field: ClientChangeField, value: StoredValue): StoredValue {
  if (value === null) return null
  if (field === 'phones') return (value as string[]).map(maskPhone)
  if (field === 'email') return maskEmail(value as string)
  return value
}

function recordedIdentity(stored: IdentityVerification): RecordedIdentityVerification {
  const { representative, ...rest } = stored
  return {
    ...rest,
    ...(representative
      ? {
          representative: {
            name: representative.name,
            personalCodeMasked: maskPersonalCode(representative.personalCode),
            basis: representative.basis
          }
        }
      : {})
  }
}

/** `GET /v1/clients/{id}/history`: the changes of the client's data, newest first. */
export async function listClientHistory(
  deps: ClientChangeDeps,
  args: { clientId: string; cursor?: string | undefined; limit: number }
): Promise<ClientHistoryPage> {
  const beforeId = args.cursor === undefined ? null : decodeCursor(args.cursor)
  if (!(await clientExists(deps.db, args.clientId))) {
    throw new DomainError('not_found', 'No client with this id')
  }
  const rows = await pageClientChanges(deps.db, {
    clientId: args.clientId,
    beforeId,
    limit: args.limit + 1
  })
  const page = rows.slice(0, args.limit)
  return {
    items: page.map((row) => ({
      at: new Date(row.at).toISOString(),
      actor: {
        id: row.actor_id,
        username: row.actor_username,
        displayName: row.actor_display_name
      },
      version: row.version,
      identityVerification: recordedIdentity(row.identity_verification as IdentityVerification),
      changes: (row.changes as ClientFieldChange[]).map((change) => ({
        field: change.field,
        before: maskedValue(change.field, change.before),
        after: maskedValue(change.field, change.after)
      }))
    })),
    nextCursor: rows.length > args.limit ? encodeCursor(page[page.length - 1]!.id) : null
  }
}
