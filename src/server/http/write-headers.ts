import { DomainError, validationFailed } from '../domain-error'

/**
 * The headers of a safe write (RFC 9110, IETF httpapi idempotency-key draft), read at the HTTP
 * edge: services get a key and a version, never a header.
 */

/** `3`, `"3"` and `W/"3"` all mean version 3 (clients and proxies differ in how they quote). */
export function parseIfMatch(header: string): number | null {
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header)
  return match ? Number(match[1]) : null
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** The Idempotency-Key, trimmed: required, at most 255 characters. */
export function requireIdempotencyKey(header: string | undefined): string {
  const key = header?.trim()
  if (!key)
    throw new DomainError('idempotency_key_required', 'An Idempotency-Key header is required')
  if (key.length > 255) {
    throw validationFailed([{ path: 'idempotency-key', message: 'is longer than 255 characters' }])
  }
  return key
}

/** If-Match as the version the write is based on: required (428), and a version (400). */
export function requireIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new DomainError(
      'precondition_required',
      'An If-Match header with the consent version last read is required'
    )
  }
  const version = parseIfMatch(header)
  if (version === null)
    throw validationFailed([{ path: 'if-match', message: 'is not a consent version' }])
  return version
}
