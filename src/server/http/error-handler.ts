import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import type { FastifyError, FastifyInstance } from 'fastify'
import type { ApiError } from '../../shared/api/errors'
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
  // Fastify's own client errors: malformed JSON, wrong content type, body too large.
  const code =
    statusCode === 404 ? 'not_found' : statusCode === 429 ? 'rate_limited' : 'validation_failed'
  return { statusCode, body: { code, message: error.message } }
}
