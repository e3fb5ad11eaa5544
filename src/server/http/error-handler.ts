import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ApiError, ApiErrorCode } from '../../shared/api/errors'
import { isDatabaseUnavailable } from '../db/database-unavailable'
import { DomainError, type FieldError } from '../domain-error'
import { STATUS_OF_ERROR } from './error-status'

/**
 * How long a client should wait before trying again while the database is unreachable: the pool
 * reconnects on the next request after it returns, so a few seconds is enough.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 2

/**
 * Every error leaves as `{ code, message }` (+ `fields` for validation). A 5xx says nothing about
 * its cause: the real error goes to the log only.
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
    const { statusCode, body } = toApiError(error)
    if (body.code === 'database_unavailable') {
      // Expected while PostgreSQL restarts or fails over; a warning, not a defect of ours.
      request.log.warn({ err: error }, 'database unavailable')
      void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
    } else if (statusCode >= 500) {
      request.log.error({ err: error }, 'request failed')
    }
    void reply.code(statusCode).type('application/json').send(body)
  })

  app.setNotFoundHandler((request, reply) => {
    const body: ApiError = {
      code: 'not_found',
      message: `Route ${request.method} ${request.url.split('?')[0]} not found`
    }
    void reply.code(404).type('application/json').send(body)
  })
}

function toApiError(error: FastifyError | DomainError): { statusCode: number; body: ApiError } {
  // A DomainError or a client error (4xx, whose message may quote what the client sent) already
  // says what went wrong; only the rest is looked at as a possible database outage.
  const alreadyClassified =
    error instanceof DomainError || (typeof error.statusCode === 'number' && error.statusCode < 500)
  if (!alreadyClassified && isDatabaseUnavailable(error)) {
    return {
      statusCode: STATUS_OF_ERROR.database_unavailable,
      body: {
        code: 'database_unavailable',
        message: 'The database is unavailable; try again in a few seconds'
      }
    }
  }
  if (error instanceof DomainError) {
    const body: ApiError = { ...error.details, code: error.code, message: error.message }
    if (error.fields) body.fields = error.fields
    return { statusCode: STATUS_OF_ERROR[error.code], body }
  }

  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields: FieldError[] = error.validation.map((issue) => ({
      path: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
      message: issue.message ?? 'is invalid'
    }))
    const where = error.validationContext ?? 'request'
    return {
      statusCode: 400,
      body: { code: 'validation_failed', message: `Invalid ${where}`, fields }
    }
  }

  const statusCode = typeof error.statusCode === 'number' ? error.statusCode : 500
  if (statusCode >= 500) {
    return { statusCode: 500, body: { code: 'internal_error', message: 'Internal server error' } }
  }
  // Fastify's own client errors (malformed JSON or URL, wrong content type, body too large, a
  // path parameter too long): a declared code, with the status that code has everywhere else.
  const framework = FRAMEWORK_ERRORS[error.code]
  if (framework) {
    return { statusCode: STATUS_OF_ERROR[framework.code], body: { ...framework } }
  }
  const code =
    statusCode === 404 ? 'not_found' : statusCode === 429 ? 'rate_limited' : 'validation_failed'
  return { statusCode: STATUS_OF_ERROR[code], body: { code, message: error.message } }
}

/**
 * Our words for Fastify's errors (`FST_ERR_*`). Its own messages echo the URL or name Fastify's
 * internals; these say what to change.
 */
const FRAMEWORK_ERRORS: Partial<Record<string, { code: ApiErrorCode; message: string }>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    message: 'Send the body as application/json in UTF-8'
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'Request body is too large' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'validation_failed', message: 'Body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'validation_failed', message: 'Body is empty' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'validation_failed',
    message: 'Body size does not match Content-Length'
  },
  FST_ERR_BAD_URL: {
    code: 'validation_failed',
    message: 'The URL path is not valid percent-encoded UTF-8'
  },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'uri_too_long', message: 'A path parameter is too long' }
}

/**
 * Fastify's `frameworkErrors`: errors raised while routing (a malformed or too long path
 * parameter), before any route's error handler could see them. Without it, Fastify answers these
 * in its own `{ error, code, message, statusCode }` shape.
 */
export function answerFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply
): void {
  const { statusCode, body } = toApiError(error)
  if (statusCode >= 500) reply.log.error({ err: error }, 'request failed')
  void reply.code(statusCode).type('application/json').send(body)
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser could not read (bad framing,
 * headers over `maxHeaderSize`, too slow), answered on the raw socket before Fastify has a request
 * or a route. Fastify's default writes `{ error, message, statusCode }`; this writes ours.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // A reset connection has no one to answer (https://nodejs.org/api/http.html#event-clienterror).
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [code, message]: [ApiErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ['headers_too_large', 'The request line and headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['request_timeout', 'The request took too long to arrive']
        : ['validation_failed', 'Malformed HTTP request']
  const status = STATUS_OF_ERROR[code]
  const body = JSON.stringify({ code, message } satisfies ApiError)
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
    )
  }
  socket.destroy(error)
}
