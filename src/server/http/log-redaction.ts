import type { FastifyRequest, FastifyServerOptions } from 'fastify'

/**
 * Request logs never hold personal data or secrets (issue 10, ASVS 16.2.5). What could carry
 * them, and what happens to each:
 * - the URL's query string: a search by personal code or phone (`GET /v1/clients?q=…`), a
 *   permission check's `client=`. The search contract keeps its shape (GET with `q`), so the
 *   logger redacts instead: every query value but a few harmless ones is written `[redacted]`;
 * - the Authorization header (the session token): pino's `redact`, and the request serializer
 *   below logs no headers at all;
 * - error messages and database error details (`Key (personal_code)=(…)`): the error serializer
 *   keeps type, code, message and stack, drops driver details, and blanks anything shaped like a
 *   personal code or a phone number.
 * Bodies (passwords, reveal answers) are never logged by Fastify.
 */

/** Query parameters whose values say nothing about anyone: paging, sorting, languages, kinds. */
const HARMLESS_QUERY_PARAMETERS = new Set([
  'limit',
  'cursor',
  'language',
  'sort',
  'status',
  'kind',
  'at',
  'from',
  'to',
  'purpose',
  'channel',
  'dueBefore',
  'role'
])

export const REDACTED = '[redacted]'

/** `/v1/clients?q=05079214565&limit=20` → `/v1/clients?q=[redacted]&limit=20`. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?')
  if (queryStart < 0) return url
  const path = url.slice(0, queryStart)
  const pairs = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=')
      const name = equals < 0 ? pair : pair.slice(0, equals)
      let decoded = name
      try {
        decoded = decodeURIComponent(name)
      } catch {
        return REDACTED
      }
      if (equals < 0 || HARMLESS_QUERY_PARAMETERS.has(decoded)) return pair
      return `${name}=${REDACTED}`
    })
  return `${path}?${pairs.join('&')}`
}

// Personal codes (`050792-14565`, `32…`), Latvian phones (`+371 2912 3456`, `29123456`): digit
// runs of 8 or more, with the usual separators. Blunt on purpose: a log loses a number, never
// gains a person.
const IDENTIFIER_LIKE = /\+?\d(?:[\s-]?\d){7,}/g

export function scrubIdentifiers(text: string): string {
  return text.replace(IDENTIFIER_LIKE, REDACTED)
}

function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip
  }
}

function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: scrubIdentifiers(String(error)) }
  const code = (error as { code?: unknown }).code
  return {
    type: error.name,
    message: scrubIdentifiers(error.message),
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.stack ? { stack: scrubIdentifiers(error.stack) } : {})
  }
}

/**
 * The logger options with the redacting serializers added (and the Authorization header
 * redacted); `false` stays off.
 */
export function withLogRedaction(
  logger: FastifyServerOptions['logger'] | undefined
): FastifyServerOptions['logger'] {
  if (logger === undefined || logger === false) return false
  const options = logger === true ? {} : logger
  const redact = (options as { redact?: unknown }).redact
  return {
    ...options,
    redact: Array.isArray(redact)
      ? [...new Set([...(redact as string[]), 'req.headers.authorization'])]
      : ['req.headers.authorization'],
    serializers: {
      ...(options as { serializers?: Record<string, unknown> }).serializers,
      req: serializeRequest,
      err: serializeError
    }
  } as FastifyServerOptions['logger']
}
