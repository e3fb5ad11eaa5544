import fc from 'fast-check'
import type { InjectOptions } from 'fastify'
import { sql, type Kysely } from 'kysely'
import { z } from 'zod'
import type { Database } from '../../src/server/db/database'
import { responsesOf } from '../../src/shared/api/framework-responses'
import type { Operation } from '../../src/shared/api/operations'

/**
 * @file A schema-driven fuzzer of the REST contract (reliability anchors §4.3 and §6.9): valid
 * requests built from each operation's zod schemas (through z.toJSONSchema), invalid ones made
 * from valid ones by one mutation each, and the oracles every answer is held to.
 */

type Json = Record<string, unknown>
type Location = 'params' | 'query' | 'headers' | 'body'

/** One request before it is encoded. `raw*` members carry what a well-behaved client cannot send. */
export interface RequestParts {
  params: Record<string, string>
  query: Record<string, string | string[]>
  headers: Record<string, string>
  body?: unknown
  /** Replaces the encoded value of the path parameter `id` verbatim (bad percent-encoding). */
  rawParam?: string
  /** Appended verbatim to the query string. */
  rawQuery?: string
  rawBody?: { payload: string | Buffer; contentType: string }
}

export interface FuzzRequest {
  parts: RequestParts
  /** For an invalid request: what was broken, to read in a failure report. */
  mutation?: string
  /** For a NUL or a surrogate: the field path the 400 must name. */
  expectField?: string
}

/** Gives a generator for a field by name (`id`, `clientId`, …): real ids, known usernames. */
export type FieldHints = (location: Location, name: string) => fc.Arbitrary<unknown> | undefined

function jsonSchemaOf(schema: z.ZodType): Json {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json
}

const WORDS = ['Bērziņš', 'Anna', 'Ozoliņa', 'test', 'Жанна', 'Rīga', 'ok', 'A/B', '😀', 'x y']

function textArbitrary(min: number, max: number): fc.Arbitrary<string> {
  const cap = Math.max(min, Math.min(max, 24))
  return fc
    .oneof(
      fc.string({ minLength: min, maxLength: cap }),
      fc.string({ unit: 'grapheme', minLength: min, maxLength: cap }),
      fc.constantFrom(...WORDS)
    )
    .filter((text) => text.length >= min && text.length <= max)
}

function stringArbitrary(schema: Json): fc.Arbitrary<string> {
  const min = (schema['minLength'] as number | undefined) ?? 0
  const max = (schema['maxLength'] as number | undefined) ?? 200
  switch (schema['format']) {
    case 'uuid':
      return fc.uuid({ version: 4 })
    case 'date-time':
      return fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((date) => date.toISOString())
    case 'date':
      return fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10))
    case 'email':
      return fc
        .tuple(fc.stringMatching(/^[a-z]{1,10}$/), fc.constantFrom('lmt.lv', 'example.com'))
        .map(([name, domain]) => `${name}@${domain}`)
  }
  if (typeof schema['pattern'] === 'string') {
    return fc
      .stringMatching(new RegExp(schema['pattern']))
      .filter((text) => text.length >= min && text.length <= max)
  }
  return textArbitrary(min, max)
}

function numberArbitrary(schema: Json, integer: boolean): fc.Arbitrary<number> {
  const exclusiveMin = schema['exclusiveMinimum'] as number | undefined
  const min = (schema['minimum'] as number | undefined) ?? exclusiveMin ?? -1_000_000
  const max = (schema['maximum'] as number | undefined) ?? 1_000_000
  const multipleOf = schema['multipleOf'] as number | undefined
  const arbitrary =
    integer || multipleOf === 1
      ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
      : multipleOf
        ? fc
            .integer({ min: Math.ceil(min / multipleOf), max: Math.floor(max / multipleOf) })
            .map((steps) => Number((steps * multipleOf).toFixed(6)))
        : fc.double({ min, max, noNaN: true, noDefaultInfinity: true })
  return exclusiveMin === undefined ? arbitrary : arbitrary.filter((value) => value > exclusiveMin)
}

/** Values of a JSON schema, as zod's z.toJSONSchema writes them; `hints` win by property name. */
export function arbitraryOf(
  schema: Json,
  location: Location,
  hints: FieldHints
): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema['const'])
  if (Array.isArray(schema['enum'])) return fc.constantFrom(...(schema['enum'] as unknown[]))
  const variants = (schema['anyOf'] ?? schema['oneOf']) as Json[] | undefined
  if (variants) return fc.oneof(...variants.map((variant) => arbitraryOf(variant, location, hints)))
  const type = schema['type']
  if (Array.isArray(type)) {
    return fc.oneof(...type.map((one) => arbitraryOf({ ...schema, type: one }, location, hints)))
  }
  switch (type) {
    case 'string':
      return stringArbitrary(schema)
    case 'integer':
      return numberArbitrary(schema, true)
    case 'number':
      return numberArbitrary(schema, false)
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array': {
      const items = (schema['items'] ?? {}) as Json
      const minLength = (schema['minItems'] as number | undefined) ?? 0
      const maxLength = Math.max(minLength, Math.min((schema['maxItems'] as number) ?? 5, 5))
      return fc.array(arbitraryOf(items, location, hints), { minLength, maxLength })
    }
    case 'object': {
      const properties = (schema['properties'] ?? {}) as Record<string, Json>
      if (Object.keys(properties).length === 0) {
        // A record (decision inputs): a few scalar members.
        return fc.dictionary(
          fc.stringMatching(/^[a-zA-Z]{1,12}$/),
          fc.oneof(fc.integer(), fc.string({ maxLength: 20 }), fc.boolean()),
          { maxKeys: 4 }
        )
      }
      const members: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [name, property] of Object.entries(properties)) {
        members[name] = hints(location, name) ?? arbitraryOf(property, location, hints)
      }
      return fc.record(members, {
        requiredKeys: (schema['required'] ?? []) as string[]
      })
    }
  }
  return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null))
}

function partArbitrary(
  schema: z.ZodType | undefined,
  location: Location,
  hints: FieldHints
): fc.Arbitrary<unknown> {
  return schema ? arbitraryOf(jsonSchemaOf(schema), location, hints) : fc.constant(undefined)
}

/** A URL carries text: numbers become their decimal digits. */
function asUrlText(value: unknown): Record<string, string> {
  const text: Record<string, string> = {}
  for (const [name, member] of Object.entries((value ?? {}) as Json)) {
    if (member !== undefined) text[name] = String(member)
  }
  return text
}

function passes(schema: z.ZodType | undefined, value: unknown): boolean {
  return schema === undefined || schema.safeParse(value).success
}

/**
 * Makes a generated body meet the rules between its fields that a JSON schema cannot say (zod
 * refinements: a credit decision has no segment). Without it, most bodies of such an operation
 * would be thrown away, and generating enough would take longer than sending them.
 */
export type BodyRepair = (body: Record<string, unknown>) => Record<string, unknown>

/** Requests every schema of the operation accepts. Business rules may still refuse them. */
export function validRequests(
  operation: Operation,
  hints: FieldHints,
  repair?: BodyRepair
): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      params: partArbitrary(operation.params, 'params', hints).map(asUrlText),
      query: partArbitrary(operation.query, 'query', hints).map(asUrlText),
      headers: partArbitrary(operation.headers, 'headers', hints).map(asUrlText),
      body: partArbitrary(operation.body, 'body', hints).map((body) =>
        repair && body !== null && typeof body === 'object'
          ? repair(structuredClone(body) as Record<string, unknown>)
          : body
      )
    })
    .filter(
      (parts) =>
        passes(operation.params, parts.params) &&
        passes(operation.query, parts.query) &&
        passes(operation.headers, parts.headers) &&
        passes(operation.body, parts.body)
    )
    .map((parts): FuzzRequest => ({ parts }))
}

// ------------------------------------------------------------------------------------------------
// Mutations: each turns a valid request into one the contract refuses.
// ------------------------------------------------------------------------------------------------

type Mutation = (request: FuzzRequest, pick: number) => FuzzRequest | null

/** Every path to a node of a JSON value, root first (`[]`). */
function pathsOf(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  const here = [path]
  if (Array.isArray(value)) {
    return here.concat(value.flatMap((item, index) => pathsOf(item, [...path, index])))
  }
  if (value !== null && typeof value === 'object') {
    return here.concat(
      Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...path, key]))
    )
  }
  return here
}

function getAt(value: unknown, path: Array<string | number>): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], value)
}

function setAt(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  if (path.length === 0) return replacement
  const copy = structuredClone(value) as Record<string | number, unknown>
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>
  parent[path[path.length - 1]!] = replacement
  return copy
}

function deleteAt(value: unknown, path: Array<string | number>): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>
  if (Array.isArray(parent)) return null
  delete parent[path[path.length - 1]!]
  return copy
}

const WRONG_VALUES: unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  true,
  '',
  'x',
  '0x10',
  [],
  {},
  'ä'.repeat(5000),
  { __proto__: null, constructor: { prototype: { polluted: true } } }
]

const ODD_INTEGERS = [
  '0x10',
  '1e3',
  ' 5',
  '5 ',
  '+1',
  '-1',
  '05',
  '1.0',
  '',
  '1_000',
  'Infinity',
  'NaN',
  '١٢',
  '１２',
  '99999999999999999999'
]

const BAD_PERCENT = ['%', '%zz', '%E0%A4', '%ED%A0%80', '%C0%AF', '%FF']

const MEDIA_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=iso-8859-1',
  'application/jsonx',
  'application/vnd.api+json',
  'json'
]

function stringPaths(value: unknown): Array<Array<string | number>> {
  return pathsOf(value).filter((path) => typeof getAt(value, path) === 'string')
}

function dotted(path: Array<string | number>): string {
  return path.join('.')
}

function withParts(request: FuzzRequest, parts: Partial<RequestParts>, mutation: string) {
  return { parts: { ...request.parts, ...parts }, mutation }
}

/** The mutations that apply to an operation, each checked to break its schema or transport. */
export function mutationsOf(operation: Operation): Array<[string, Mutation]> {
  const mutations: Array<[string, Mutation]> = [
    [
      'url too long',
      (request) =>
        withParts(request, { rawQuery: `pad=${'a'.repeat(4200)}` }, 'url over 4,096 characters')
    ]
  ]
  const queryShape = operation.query?.shape as Record<string, z.ZodType> | undefined

  if (operation.params) {
    const params = operation.params
    mutations.push(
      [
        'param not an id',
        (request, pick) => {
          const value = ['x', '1', 'null', '../clients', 'ä', '00000000-0000-0000-0000'][pick % 6]!
          const next = { ...request.parts.params, id: value }
          if (passes(params, next)) return null
          return withParts(request, { params: next }, `param id = ${JSON.stringify(value)}`)
        }
      ],
      [
        'param with NUL',
        (request) => ({
          ...withParts(request, { rawParam: 'a%00b' }, 'param id with %00'),
          expectField: 'id'
        })
      ],
      [
        'param badly encoded',
        (request, pick) => {
          const raw = BAD_PERCENT[pick % BAD_PERCENT.length]!
          return withParts(request, { rawParam: `a${raw}b` }, `param id = a${raw}b`)
        }
      ],
      [
        'param too long',
        (request) => withParts(request, { rawParam: 'a'.repeat(101) }, 'param id of 101 characters')
      ]
    )
  }

  if (operation.query && queryShape) {
    const query = operation.query
    const names = Object.keys(queryShape)
    const integerNames = names.filter(
      (name) => jsonSchemaOf(queryShape[name]!)['type'] === 'integer'
    )
    if (integerNames.length > 0) {
      mutations.push([
        'odd integer',
        (request, pick) => {
          const name = integerNames[pick % integerNames.length]!
          const value = ODD_INTEGERS[pick % ODD_INTEGERS.length]!
          const next = { ...request.parts.query, [name]: value }
          if (passes(query, next)) return null
          return withParts(request, { query: next }, `query ${name} = ${JSON.stringify(value)}`)
        }
      ])
    }
    mutations.push(
      [
        'query value wrong',
        (request, pick) => {
          const name = names[pick % names.length]!
          const value = ['', 'x', '-1', 'ä'.repeat(300), 'null', 'true'][pick % 6]!
          const next = { ...request.parts.query, [name]: value }
          if (passes(query, next)) return null
          return withParts(request, { query: next }, `query ${name} = ${JSON.stringify(value)}`)
        }
      ],
      [
        'query repeated',
        (request, pick) => {
          const name = names[pick % names.length]!
          const value = request.parts.query[name] ?? 'x'
          const next = { ...request.parts.query, [name]: [String(value), String(value)] }
          if (passes(query, next)) return null
          return withParts(request, { query: next }, `query ${name} repeated`)
        }
      ],
      [
        'query required missing',
        (request, pick) => {
          const required = names.filter((name) => !queryShape[name]!.safeParse(undefined).success)
          if (required.length === 0) return null
          const name = required[pick % required.length]!
          const next = { ...request.parts.query }
          delete next[name]
          return withParts(request, { query: next }, `query ${name} missing`)
        }
      ],
      [
        'query with NUL',
        (request, pick) => {
          const name = names[pick % names.length]!
          const next = { ...request.parts.query, [name]: `a\u0000b` }
          return {
            ...withParts(request, { query: next }, `query ${name} with NUL`),
            expectField: name
          }
        }
      ],
      [
        'query badly encoded',
        (request, pick) => {
          const name = names[pick % names.length]!
          const raw = BAD_PERCENT[pick % BAD_PERCENT.length]!
          return withParts(request, { rawQuery: `${name}=a${raw}` }, `query ${name} = a${raw}`)
        }
      ]
    )
  }

  if (operation.headers) {
    const headerNames = Object.keys(operation.headers.shape)
    mutations.push([
      'header with NUL',
      (request, pick) => {
        const name = headerNames[pick % headerNames.length]!
        const headers = { ...request.parts.headers, [name]: 'a\u0000b' }
        return { ...withParts(request, { headers }, `header ${name} with NUL`), expectField: name }
      }
    ])
  }

  if (operation.method !== 'GET') {
    const jsonText = (request: FuzzRequest): string => JSON.stringify(request.parts.body ?? {})
    mutations.push(
      [
        'media type',
        (request, pick) => {
          const contentType = MEDIA_TYPES[pick % MEDIA_TYPES.length]!
          return withParts(
            request,
            { rawBody: { payload: jsonText(request), contentType } },
            `Content-Type: ${contentType}`
          )
        }
      ],
      [
        'malformed JSON',
        (request, pick) => {
          const text = jsonText(request)
          const payload = [
            text.slice(0, Math.max(1, text.length - 1)),
            `${text},`,
            `{'a': 1}`,
            'undefined',
            '{"a":1}{"b":2}',
            '\u0000'
          ][pick % 6]!
          return withParts(
            request,
            { rawBody: { payload, contentType: 'application/json' } },
            `malformed JSON ${JSON.stringify(payload.slice(0, 40))}`
          )
        }
      ],
      [
        'not UTF-8',
        (request) => {
          const bytes = Buffer.concat([
            Buffer.from('{"x":"'),
            Buffer.from([0xff, 0xfe, 0xc3]),
            Buffer.from('"}')
          ])
          return withParts(
            request,
            { rawBody: { payload: bytes, contentType: 'application/json; charset=utf-8' } },
            'body bytes not UTF-8'
          )
        }
      ],
      [
        'prototype pollution',
        (request) =>
          withParts(
            request,
            {
              rawBody: {
                payload: `{"__proto__":{"polluted":true},${jsonText(request).slice(1)}`,
                contentType: 'application/json'
              }
            },
            'body with __proto__'
          )
      ],
      [
        'too large',
        (request, pick) =>
          // Rare: 300 kB per request costs time, and one size proves the limit.
          pick % 8 === 0
            ? withParts(
                request,
                {
                  rawBody: {
                    payload: JSON.stringify({ padding: 'x'.repeat(300 * 1024) }),
                    contentType: 'application/json'
                  }
                },
                'body over 256 kB'
              )
            : null
      ]
    )
  }

  if (operation.body) {
    const bodySchema = operation.body
    mutations.push(
      [
        'body value wrong',
        (request, pick) => {
          const paths = pathsOf(request.parts.body)
          const path = paths[pick % paths.length]!
          const value = WRONG_VALUES[Math.floor(pick / paths.length) % WRONG_VALUES.length]
          const body = setAt(request.parts.body, path, value)
          if (passes(bodySchema, body)) return null
          return withParts(request, { body }, `body ${dotted(path) || '(root)'} = ${short(value)}`)
        }
      ],
      [
        'body member missing',
        (request, pick) => {
          const paths = pathsOf(request.parts.body).filter((path) => path.length > 0)
          if (paths.length === 0) return null
          const path = paths[pick % paths.length]!
          const body = deleteAt(request.parts.body, path)
          if (body === null || passes(bodySchema, body)) return null
          return withParts(request, { body }, `body ${dotted(path)} missing`)
        }
      ],
      [
        'body with NUL',
        (request, pick) => {
          const paths = stringPaths(request.parts.body)
          if (paths.length === 0) return null
          const path = paths[pick % paths.length]!
          const text = getAt(request.parts.body, path) as string
          const body = setAt(request.parts.body, path, `${text}\u0000`)
          return {
            ...withParts(request, { body }, `body ${dotted(path)} with NUL`),
            expectField: dotted(path)
          }
        }
      ],
      [
        'body with unpaired surrogate',
        (request, pick) => {
          const paths = stringPaths(request.parts.body)
          if (paths.length === 0) return null
          const path = paths[pick % paths.length]!
          const text = getAt(request.parts.body, path) as string
          const lone = pick % 2 === 0 ? '\ud800' : '\udfff'
          const body = setAt(request.parts.body, path, `${lone}${text}`)
          return {
            ...withParts(request, { body }, `body ${dotted(path)} with ${short(lone)}`),
            expectField: dotted(path)
          }
        }
      ]
    )
  }
  return mutations
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

/** Requests the contract refuses: a valid one with one mutation. */
export function invalidRequests(
  operation: Operation,
  hints: FieldHints,
  repair?: BodyRepair
): fc.Arbitrary<FuzzRequest> {
  const mutations = mutationsOf(operation)
  return fc
    .tuple(validRequests(operation, hints, repair), fc.nat(mutations.length - 1), fc.nat(10_000))
    .map(([request, which, pick]) => mutations[which]![1](request, pick))
    .filter((request): request is FuzzRequest => request !== null)
}

// ------------------------------------------------------------------------------------------------
// Encoding and oracles
// ------------------------------------------------------------------------------------------------

function encodeQuery(query: Record<string, string | string[]>, raw: string | undefined): string {
  const pairs: string[] = []
  for (const [name, value] of Object.entries(query)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(one)}`)
    }
  }
  if (raw !== undefined) pairs.push(raw)
  return pairs.length > 0 ? `?${pairs.join('&')}` : ''
}

/** The request as app.inject takes it, signed in with `token` (none for a public operation). */
export function toInject(
  operation: Operation,
  request: FuzzRequest,
  token?: string
): InjectOptions {
  const { parts } = request
  const path = operation.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) =>
    name === 'id' && parts.rawParam !== undefined
      ? parts.rawParam
      : encodeURIComponent(parts.params[name] ?? '')
  )
  const headers: Record<string, string> = { ...parts.headers }
  if (token) headers['authorization'] = `Bearer ${token}`
  const options: InjectOptions = {
    method: operation.method,
    url: path + encodeQuery(parts.query, parts.rawQuery),
    headers
  }
  if (parts.rawBody) {
    headers['content-type'] = parts.rawBody.contentType
    options.payload = parts.rawBody.payload
  } else if (operation.method !== 'GET' && parts.body !== undefined) {
    headers['content-type'] = 'application/json'
    options.payload = JSON.stringify(parts.body)
  }
  return options
}

/**
 * What is wrong with an answer, or null: a 5xx, a status the operation does not declare, or a
 * body its declared schema does not accept.
 */
export function answerProblem(
  operation: Operation,
  response: { statusCode: number; body: string }
): string | null {
  const { statusCode, body } = response
  if (statusCode >= 500) return `${statusCode} ${body.slice(0, 200)}`
  const declared = responsesOf(operation)
  if (!(statusCode in declared)) return `undeclared status ${statusCode} ${body.slice(0, 200)}`
  const schema = declared[statusCode]
  if (schema === null || schema === undefined) {
    return body === '' ? null : `a body with ${statusCode}, which declares none`
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return `${statusCode} body is not JSON: ${body.slice(0, 200)}`
  }
  const result = schema.safeParse(parsed)
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    return `${statusCode} body does not match its schema: ${issues.slice(0, 3).join('; ')}`
  }
  return null
}

/**
 * Every table's row count and an order-independent checksum of its rows, in one statement: two
 * fingerprints differ when any row was added, removed or changed.
 */
export async function databaseFingerprint(db: Kysely<Database>): Promise<string> {
  const tables = await tableNames(db)
  const parts = tables.map(
    (table) =>
      `select '${table}' as t, count(*)::text || ':' || coalesce(sum(hashtext(x::text)::bigint), 0)::text as f from "${table}" x`
  )
  const result = await sql<{ t: string; f: string }>`${sql.raw(parts.join(' union all '))}`.execute(
    db
  )
  return result.rows.map((row) => `${row.t}=${row.f}`).join(' ')
}

/**
 * The next transaction id the cluster will assign. A transaction that changes a row is given one;
 * a read is not. So while this stays the same, no row anywhere has changed, and the (dearer)
 * fingerprint need not be taken again.
 */
export async function nextTransactionId(db: Kysely<Database>): Promise<string> {
  const result = await sql<{ xmax: string }>`
    select pg_snapshot_xmax(pg_current_snapshot())::text as xmax`.execute(db)
  return result.rows[0]!.xmax
}

/**
 * The tables holding a row inserted or updated by a transaction whose id is `since` or later
 * (its `xmin`). Together with nextTransactionId this tells whether one request wrote anything
 * without a fingerprint taken before it. (A deletion leaves no such row; none of the API's
 * refusals could delete, and the batch fingerprints of invalid requests would catch one.)
 */
export async function tablesWrittenSince(db: Kysely<Database>, since: string): Promise<string[]> {
  if (!/^\d+$/.test(since)) throw new Error(`not a transaction id: ${since}`)
  const tables = await tableNames(db)
  const parts = tables.map(
    (table) =>
      `(select '${table}' as t from "${table}" where xmin::text::bigint >= ${since} limit 1)`
  )
  const result = await sql<{ t: string }>`${sql.raw(parts.join(' union all '))}`.execute(db)
  return result.rows.map((row) => row.t)
}

const tableNamesCache = new WeakMap<object, Promise<string[]>>()

function tableNames(db: Kysely<Database>): Promise<string[]> {
  let names = tableNamesCache.get(db)
  if (!names) {
    names = sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'
        and table_name not like 'kysely_migration%'
      order by table_name`
      .execute(db)
      .then((result) => result.rows.map((row) => row.table_name))
    tableNamesCache.set(db, names)
  }
  return names
}

/** Which tables two fingerprints disagree on. */
export function changedTables(before: string, after: string): string[] {
  const beforeParts = new Set(before.split(' '))
  return after
    .split(' ')
    .filter((part) => !beforeParts.has(part))
    .map((part) => part.split('=')[0]!)
}
