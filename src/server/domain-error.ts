import type { ApiErrorCode } from '../shared/api/errors'

export interface FieldError {
  path: string
  message: string
}

/**
 * What a service raises when a request cannot be done: a stable code from the contract, a message
 * for people, and what else the caller needs to act on it. No HTTP status: a job or a queue worker
 * calls services too, and only the HTTP layer (http/error-status.ts) decides what a code means on
 * the wire.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly fields?: FieldError[],
    /** More top-level members of the error body (e.g. the current state with `version_mismatch`). */
    readonly details?: Record<string, unknown>
  ) {
    super(message)
    this.name = 'DomainError'
  }
}

export function validationFailed(fields: FieldError[]): DomainError {
  return new DomainError(
    'validation_failed',
    `Invalid request: ${fields.map((field) => `${field.path} ${field.message}`).join('; ')}`,
    fields
  )
}
