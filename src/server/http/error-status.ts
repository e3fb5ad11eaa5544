import type { ApiErrorCode } from '../../shared/api/errors'

/**
 * The HTTP status of every error code the contract declares. Services raise codes; this table is
 * the one place that turns them into statuses, and being a Record over every code, a new code
 * does not compile until it has one.
 */
export const STATUS_OF_ERROR: Record<ApiErrorCode, number> = {
  validation_failed: 400,
  invalid_identifier: 400,
  idempotency_key_required: 400,
  invalid_credentials: 401,
  unauthenticated: 401,
  session_idle: 401,
  forbidden: 403,
  password_change_required: 403,
  not_found: 404,
  conflict: 409,
  duplicate_identifier: 409,
  idempotency_key_in_flight: 409,
  no_op_change: 409,
  notice_outdated: 409,
  consent_missing: 409,
  stale_claim: 409,
  case_claimed: 409,
  case_closed: 409,
  invalid_transition: 409,
  review_already_requested: 409,
  extension_not_allowed: 409,
  self_lockout: 409,
  username_taken: 409,
  request_timeout: 408,
  version_mismatch: 412,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  account_locked: 423,
  precondition_required: 428,
  headers_too_large: 431,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
  database_unavailable: 503
}
