import { compactVerify, errors, importJWK, type CryptoKey } from 'jose'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database'
import { RECEIPT_JWS_ALG, type PublicJwk } from './signing-keys'
import { listPublicKeys } from './signing-keys.repository'

/**
 * Checking a receipt's (or report's) JWS: its form, its key, its signature. What the payload says
 * is checked by the caller (receipts.service.ts).
 */

/** The public keys receipts are verified with, by kid. */
export interface VerificationKeys {
  /** The key of `kid`: from memory, else from the table (another replica may have added it). */
  find(kid: string): Promise<CryptoKey | null>
}

/**
 * Every registered public key, imported once and kept in memory. A kid not in memory is looked
 * up in `receipt_signing_keys` (one primary-key read): a replica started later with a rotated
 * keyset may have registered it since.
 */
export async function loadVerificationKeys(db: Kysely<Database>): Promise<VerificationKeys> {
  const cache = new Map<string, CryptoKey>()
  const importKey = async (jwk: PublicJwk): Promise<CryptoKey> =>
    (await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, RECEIPT_JWS_ALG)) as CryptoKey
  for (const stored of await listPublicKeys(db)) cache.set(stored.kid, await importKey(stored.jwk))
  return {
    async find(kid) {
      const known = cache.get(kid)
      if (known) return known
      const [stored] = await listPublicKeys(db, kid)
      if (!stored) return null
      const key = await importKey(stored.jwk)
      cache.set(kid, key)
      return key
    }
  }
}

export type JwsFailure = 'malformed' | 'unknown_key' | 'bad_signature'

export type JwsCheck =
  { ok: true; kid: string; payload: unknown } | { ok: false; reason: JwsFailure }

const BASE64URL = /^[A-Za-z0-9_-]+$/

/**
 * A segment of a compact JWS: base64url without padding, in its one canonical spelling. Base64's
 * last character can carry unused low bits; two spellings of the same bytes would let a changed
 * signature segment still verify, so anything but the canonical form is malformed.
 */
function decodeSegment(segment: string): Buffer | null {
  if (!BASE64URL.test(segment)) return null
  const bytes = Buffer.from(segment, 'base64url')
  return bytes.toString('base64url') === segment ? bytes : null
}

/**
 * Verifies a compact JWS made by this API: three canonical base64url segments, a header of
 * `{ alg: 'EdDSA', kid }`, a registered key, a valid Ed25519 signature, and a JSON payload.
 * A changed payload is therefore `bad_signature`, a changed header `malformed` or `unknown_key`
 * (or `bad_signature` when it still names a key).
 */
export async function checkJws(jws: string, keys: VerificationKeys): Promise<JwsCheck> {
  const segments = jws.split('.')
  if (segments.length !== 3) return { ok: false, reason: 'malformed' }
  const decoded = segments.map(decodeSegment)
  if (decoded.some((segment) => segment === null)) return { ok: false, reason: 'malformed' }
  const [headerBytes, payloadBytes] = decoded as [Buffer, Buffer, Buffer]

  const header = parseJson(headerBytes)
  if (typeof header !== 'object' || header === null) return { ok: false, reason: 'malformed' }
  const { alg, kid, crit } = header as Record<string, unknown>
  if (alg !== RECEIPT_JWS_ALG || typeof kid !== 'string' || crit !== undefined) {
    return { ok: false, reason: 'malformed' }
  }

  const key = await keys.find(kid)
  if (!key) return { ok: false, reason: 'unknown_key' }
  try {
    await compactVerify(jws, key, { algorithms: [RECEIPT_JWS_ALG] })
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return { ok: false, reason: 'bad_signature' }
    }
    if (error instanceof errors.JOSEError) return { ok: false, reason: 'malformed' }
    throw error
  }
  // Signed by us and still not JSON: nothing we wrote, but say so rather than fail.
  const payload = parseJson(payloadBytes)
  return payload === undefined ? { ok: false, reason: 'malformed' } : { ok: true, kid, payload }
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown
  } catch {
    return undefined
  }
}
