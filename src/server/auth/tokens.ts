import { createHash, randomBytes } from 'node:crypto'

/** 32 random bytes, base64url: what the client sends as `Authorization: Bearer …`. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Only this is stored, so a leaked sessions table holds no usable tokens. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
