import { z } from 'zod'

/** Stable machine-readable error codes. Messages are for people; codes are for programs. */
export const API_ERROR_CODES = [
  'validation_failed',
  'payload_too_large',
  'uri_too_long',
  'unsupported_media_type',
  'headers_too_large',
  'request_timeout',
  'invalid_identifier',
  'invalid_credentials',
  'account_locked',
  'unauthenticated',
  'session_idle',
  'forbidden',
  'not_found',
  'conflict',
  'duplicate_identifier',
  'rate_limited',
  'internal_error',
  'unavailable',
  'database_unavailable',
  'idempotency_key_required',
  'idempotency_key_reused',
  'idempotency_key_in_flight',
  'precondition_required',
  'version_mismatch',
  'no_op_change',
  'notice_outdated',
  'consent_missing',
  'stale_claim',
  'case_claimed',
  'case_closed',
  'invalid_transition',
  'review_already_requested',
  'extension_not_allowed',
  'password_change_required',
  'self_lockout',
  'username_taken'
] as const
export const ApiErrorCodeSchema = z.enum(API_ERROR_CODES)
export type ApiErrorCode = z.infer<typeof ApiErrorCodeSchema>

export const FieldErrorSchema = z.object({
  path: z.string(),
  message: z.string()
})

/** Every error body the API sends: `{ code, message }`, plus `fields` for validation errors. */
export const ApiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  fields: z.array(FieldErrorSchema).optional()
})
export type ApiError = z.infer<typeof ApiErrorSchema>

/** 423 on sign-in: says until when, so staff know whether to wait or to call a supervisor. */
export const AccountLockedErrorSchema = ApiErrorSchema.extend({ lockedUntil: z.iso.datetime() })
