import { createPrivateKey, createPublicKey } from 'node:crypto'
import {
  calculateJwkThumbprint,
  CompactSign,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey
} from 'jose'
import { z } from 'zod'

/**
 * @file The receipt signing keys: Ed25519, JWS `alg: EdDSA`, each key named by its RFC 7638 JWK
 * thumbprint (`kid`), so that the same key always has the same id and a kid can never name two
 * different keys.
 *
 * A keyset is a JSON document (a file, or an env value) holding the ACTIVE key with its private
 * part and the earlier keys, whose private parts `npm run keys -- --rotate` removes. Every public
 * key is also registered in the database at start-up (receipt-keys.repository.ts): a receipt stays
 * verifiable after its key has left the keyset.
 *
 * Keys are imported once (CryptoKey) when the app starts; nothing here runs per write but `sign`.
 */

export const RECEIPT_JWS_ALG = 'EdDSA'

const BASE64URL_32_BYTES = /^[A-Za-z0-9_-]{43}$/

const KeyEntrySchema = z.object({
  kid: z.string().min(1).max(100),
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  /** The public key, base64url (32 bytes). */
  x: z.string().regex(BASE64URL_32_BYTES, 'is not a base64url Ed25519 public key'),
  /** The private key, base64url (32 bytes): present on the active key, absent on retired ones. */
  d: z.string().regex(BASE64URL_32_BYTES, 'is not a base64url Ed25519 private key').optional(),
  createdAt: z.iso.datetime({ offset: true }),
  retiredAt: z.iso.datetime({ offset: true }).optional()
})
export type KeyEntry = z.infer<typeof KeyEntrySchema>

/** The keyset document: `active` names the key that signs; the others only verify. */
export const KeysetSchema = z
  .object({
    active: z.string().min(1),
    keys: z.array(KeyEntrySchema).min(1)
  })
  .superRefine((keyset, context) => {
    const kids = keyset.keys.map((key) => key.kid)
    if (new Set(kids).size !== kids.length) {
      context.addIssue({ code: 'custom', path: ['keys'], message: 'lists a kid twice' })
    }
    const active = keyset.keys.find((key) => key.kid === keyset.active)
    if (!active) {
      context.addIssue({ code: 'custom', path: ['active'], message: 'names no key of the keyset' })
    } else if (active.d === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['active'],
        message: 'names a key without its private part (d)'
      })
    }
  })
export type Keyset = z.infer<typeof KeysetSchema>

/** A public key as `/.well-known/jwks.json` publishes it. */
export interface PublicJwk {
  kty: 'OKP'
  crv: 'Ed25519'
  x: string
  kid: string
  use: 'sig'
  alg: 'EdDSA'
}

export interface PublicSigningKey {
  kid: string
  jwk: PublicJwk
  createdAt: Date
  retiredAt: Date | null
}

/** Signs with the active key: a compact JWS of the value's JSON, `{ alg: EdDSA, kid }` header. */
export interface ReceiptSigner {
  readonly kid: string
  sign(payload: unknown): Promise<string>
}

/** A keyset, imported: the signer and every public key the keyset names. */
export interface SigningKeys {
  signer: ReceiptSigner
  publicKeys: PublicSigningKey[]
}

export function toPublicJwk(key: { kid: string; x: string }): PublicJwk {
  return { kty: 'OKP', crv: 'Ed25519', x: key.x, kid: key.kid, use: 'sig', alg: RECEIPT_JWS_ALG }
}

/** Parses a keyset document, saying where it came from when it is not one. */
export function parseKeyset(text: string, source: string): Keyset {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new Error(`${source} is not JSON: expected a receipt signing keyset`)
  }
  const parsed = KeysetSchema.safeParse(json)
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`
    )
    throw new Error(`${source} is not a valid receipt signing keyset: ${problems.join('; ')}`)
  }
  return parsed.data
}

export function formatKeyset(keyset: Keyset): string {
  return `${JSON.stringify(keyset, null, 2)}\n`
}

/** A new Ed25519 key pair as a keyset entry, named by its thumbprint. */
export async function newKeyEntry(now: Date): Promise<KeyEntry> {
  const { privateKey } = await generateKeyPair(RECEIPT_JWS_ALG, { extractable: true })
  const jwk = await exportJWK(privateKey)
  if (typeof jwk.x !== 'string' || typeof jwk.d !== 'string') {
    throw new Error('the generated Ed25519 key has no x or d')
  }
  const kid = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x })
  return { kid, kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d, createdAt: now.toISOString() }
}

/** A keyset with one new key, active. */
export async function generateKeyset(now: Date): Promise<Keyset> {
  const key = await newKeyEntry(now)
  return { active: key.kid, keys: [key] }
}

/**
 * The keyset with a new active key. The earlier keys stay, public only: they verify what they
 * signed and can sign nothing more; the one that was active is marked retired now.
 */
export async function rotateKeyset(keyset: Keyset, now: Date): Promise<Keyset> {
  const key = await newKeyEntry(now)
  const earlier = keyset.keys.map(({ d: _private, ...rest }) =>
    rest.kid === keyset.active && rest.retiredAt === undefined
      ? { ...rest, retiredAt: now.toISOString() }
      : rest
  )
  return { active: key.kid, keys: [key, ...earlier] }
}

/**
 * Imports a keyset once: checks that every kid is its key's thumbprint and that the active
 * private key belongs to its public key, then keeps the private key as a non-extractable
 * CryptoKey for `sign`.
 */
export async function importKeyset(keyset: Keyset): Promise<SigningKeys> {
  const publicKeys: PublicSigningKey[] = []
  for (const key of keyset.keys) {
    const thumbprint = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: key.x })
    if (thumbprint !== key.kid) {
      throw new Error(`receipt signing key ${key.kid}: its kid is not its JWK thumbprint`)
    }
    publicKeys.push({
      kid: key.kid,
      jwk: toPublicJwk(key),
      createdAt: new Date(key.createdAt),
      retiredAt: key.retiredAt === undefined ? null : new Date(key.retiredAt)
    })
  }
  const active = keyset.keys.find((key) => key.kid === keyset.active)
  if (!active?.d) throw new Error('the receipt signing keyset has no active private key')
  const derived = createPublicKey(
    createPrivateKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: active.x, d: active.d },
      format: 'jwk'
    })
  ).export({ format: 'jwk' })
  if (derived.x !== active.x) {
    throw new Error(`receipt signing key ${active.kid}: d does not belong to x`)
  }
  const privateKey = (await importJWK(
    { kty: 'OKP', crv: 'Ed25519', x: active.x, d: active.d },
    RECEIPT_JWS_ALG,
    { extractable: false }
  )) as CryptoKey
  return { signer: createSigner(active.kid, privateKey), publicKeys }
}

function createSigner(kid: string, privateKey: CryptoKey): ReceiptSigner {
  const encoder = new TextEncoder()
  const header = { alg: RECEIPT_JWS_ALG, kid }
  return {
    kid,
    sign: (payload) =>
      new CompactSign(encoder.encode(JSON.stringify(payload)))
        .setProtectedHeader(header)
        .sign(privateKey)
  }
}
