import type { ApiErrorCode } from '../../shared/api/errors'

export interface FieldError {
  path: string
  message: string
}

/** An error the client is meant to see: its status, code and message go out as they are. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly fields?: FieldError[],
    /** More top-level members of the error body (e.g. the current state with a 412). */
    readonly extra?: Record<string, unknown>
  ) {
    super(message)
    this.name = 'HttpError'
  }
}
