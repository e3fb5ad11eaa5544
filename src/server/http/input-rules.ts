import type { FastifyInstance, FastifyRequest } from 'fastify'
import { DomainError, validationFailed, type FieldError } from '../domain-error'

/**
 * @file Rules every request meets before any operation's schema sees it (issue 10, "Bad input").
 *
 * - Bodies are JSON in UTF-8 only: `application/json`, with `charset=utf-8` (any case) or no
 *   charset. Any other media type or charset is 415 `unsupported_media_type`; bytes that are not
 *   UTF-8 are 400, never silently replaced with U+FFFD.
 * - No text anywhere (params, query, the headers an operation reads, body values and keys) holds
 *   a NUL character or an unpaired surrogate: 400 `validation_failed` naming the field. PostgreSQL
 *   refuses NUL in `text` and `jsonb` (a 500 before this), and the pg driver stores an unpaired
 *   surrogate as U+FFFD, so what was hashed and signed would differ from what was stored.
 * - A query string with malformed percent-encoding is 400, not passed on half-decoded.
 * - A URL longer than MAX_URL_LENGTH is 414 `uri_too_long`, like a path parameter longer than
 *   Fastify's `maxParamLength`.
 */

/** No operation's legitimate URL comes near this (the longest query fields are 200 characters). */
export const MAX_URL_LENGTH = 4096

// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSAFE_TEXT = /\u0000|\p{Cs}/u

function problemOf(text: string): string | null {
  const match = UNSAFE_TEXT.exec(text)
  if (!match) return null
  return match[0] === '\u0000' ? 'contains a NUL character' : 'contains an unpaired surrogate'
}

function joinPath(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`
}

/** Every string in `value` (object keys included) that holds NUL or an unpaired surrogate. */
export function findUnsafeText(value: unknown, path = ''): FieldError[] {
  if (typeof value === 'string') {
    const problem = problemOf(value)
    return problem ? [{ path, message: problem }] : []
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => findUnsafeText(item, joinPath(path, index)))
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => {
      const keyProblem = problemOf(key)
      const keyErrors = keyProblem
        ? [{ path: joinPath(path, key), message: `key ${keyProblem}` }]
        : []
      return [...keyErrors, ...findUnsafeText(item, joinPath(path, key))]
    })
  }
  return []
}

/** Form-decoded text, or null where its percent-encoding is not UTF-8. */
function decodeQueryText(text: string): string | null {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '))
  } catch {
    return null
  }
}

/** The names of query fields whose percent-encoding does not decode to UTF-8 (`%zz`, `%E0%A4`). */
export function malformedQueryFields(url: string): FieldError[] {
  const start = url.indexOf('?')
  if (start === -1) return []
  const query = url.slice(start + 1)
  // Almost every query decodes whole, and then so does each field: `&` and `=` are never inside
  // an escape, so a whole that decodes has every escape complete within one name or value.
  if (decodeQueryText(query) !== null) return []
  const errors: FieldError[] = []
  for (const pair of query.split('&')) {
    if (pair === '') continue
    const [rawName = '', ...rest] = pair.split('=')
    const name = decodeQueryText(rawName)
    if (name === null || decodeQueryText(rest.join('=')) === null) {
      errors.push({
        path: name ?? 'query',
        message: 'is not valid percent-encoded UTF-8'
      })
    }
  }
  return errors
}

/**
 * The preValidation check of one operation: `headerNames` are the headers it reads (others, such
 * as a User-Agent, are never stored, and the bearer token is only hashed).
 */
export function rejectUnsafeText(headerNames: readonly string[]) {
  return async (request: FastifyRequest): Promise<void> => {
    const headers: Record<string, unknown> = {}
    for (const name of headerNames) headers[name] = request.headers[name]
    const fields = [
      ...findUnsafeText(request.params),
      ...malformedQueryFields(request.url),
      ...findUnsafeText(request.query),
      ...findUnsafeText(headers),
      ...findUnsafeText(request.body)
    ]
    if (fields.length > 0) throw validationFailed(fields)
  }
}

/** 414 for any URL over MAX_URL_LENGTH, before the route's own hooks (the session check) run. */
export function refuseLongUrls(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (request.url.length > MAX_URL_LENGTH) {
      throw new DomainError('uri_too_long', `The URL is longer than ${MAX_URL_LENGTH} characters`)
    }
  })
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true })

/** `charset=utf-8` in any case and quoting, or none; anything else is not ours to decode. */
function charsetIsUtf8(contentType: string | undefined): boolean {
  const parameters = (contentType ?? '').split(';').slice(1)
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=')
    if (name.trim().toLowerCase() !== 'charset') continue
    return (
      value
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase() === 'utf-8'
    )
  }
  return true
}

/**
 * The only body parser: JSON in UTF-8. Fastify's default `text/plain` parser goes, so a body of
 * any other type is 415. An empty body is no body: `POST /v1/auth/logout` and the other POSTs
 * without one get `Content-Type: application/json` from many HTTP clients all the same.
 */
export function acceptJsonBodiesOnly(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    if (!charsetIsUtf8(request.headers['content-type'])) {
      done(
        new DomainError('unsupported_media_type', 'Send JSON in UTF-8 (charset=utf-8 or none)'),
        undefined
      )
      return
    }
    let text: string
    try {
      text = STRICT_UTF8.decode(body as Buffer)
    } catch {
      done(validationFailed([{ path: '', message: 'is not valid UTF-8' }]), undefined)
      return
    }
    if (text.trim() === '') {
      done(null, undefined)
      return
    }
    parseJson(request, text, done)
  })
}
