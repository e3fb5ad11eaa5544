import { createPublicKey, verify } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { Jwks } from '../../src/shared/domain/receipt'

/**
 * Receipt checks that share no code with the API's signer or verifier: Node's own Ed25519
 * (`crypto.verify`) on the raw compact JWS, with the key published at /.well-known/jwks.json.
 */

export async function fetchJwks(app: FastifyInstance): Promise<Jwks> {
  const response = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })
  if (response.statusCode !== 200) {
    throw new Error(`GET jwks: ${response.statusCode} ${response.body}`)
  }
  return response.json() as Jwks
}

export function decodeJws(jws: string): { header: Record<string, unknown>; payload: unknown } {
  const [header, payload] = jws.split('.') as [string, string, string]
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown
  }
}

/** True when the JWS's Ed25519 signature holds under the published key its header names. */
export function verifiesIndependently(jws: string, jwks: Jwks): boolean {
  const [header, payload, signature] = jws.split('.') as [string, string, string]
  const { kid, alg } = decodeJws(jws).header
  if (alg !== 'EdDSA') return false
  const jwk = jwks.keys.find((key) => key.kid === kid)
  if (!jwk) return false
  const publicKey = createPublicKey({
    key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x },
    format: 'jwk'
  })
  return verify(
    null,
    Buffer.from(`${header}.${payload}`, 'ascii'),
    publicKey,
    Buffer.from(signature, 'base64url')
  )
}

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** The JWS with its character at `index` replaced by the next base64url character. */
export function flipCharacter(jws: string, index: number): string {
  const position = BASE64URL_ALPHABET.indexOf(jws[index]!)
  if (position < 0) throw new Error(`position ${index} holds ${jws[index]}, not base64url`)
  const replacement = BASE64URL_ALPHABET[(position + 1) % BASE64URL_ALPHABET.length]!
  return `${jws.slice(0, index)}${replacement}${jws.slice(index + 1)}`
}
