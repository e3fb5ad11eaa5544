import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/** scrypt's cost parameters, stored in each hash so that they can be raised later. */
export interface ScryptParams {
  N: number
  r: number
  p: number
}

// OWASP's scrypt minimum (N=2^17 is their first choice; 2^15 keeps a login under ~100 ms on a
// counter PC while still costing an attacker 32 MiB per guess).
const DEFAULT_PARAMS: ScryptParams = { N: 32768, r: 8, p: 1 }
const KEY_LENGTH = 32
const SALT_LENGTH = 16

function derive(password: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  // NFKC before hashing (NIST SP 800-63B): `ā` typed composed on one keyboard and decomposed on
  // another is the same password. ASCII passwords are unchanged by it.
  const normalised = password.normalize('NFKC')
  return new Promise((resolve, reject) => {
    // maxmem must exceed 128·N·r; allow twice that so parameters can be raised later.
    const maxmem = 256 * (params.N ?? 0) * (params.r ?? 0) + 1024 * 1024
    scrypt(normalised, salt, KEY_LENGTH, { ...params, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key)
    )
  })
}

/**
 * A self-describing hash, `scrypt$N$r$p$salt$hash` (base64url), with a fresh random salt. Other
 * parameters than the default are for tests that sign in hundreds of times.
 */
export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_PARAMS
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH)
  const key = await derive(password, salt, params)
  const { N, r, p } = params
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/** True when `password` matches `stored`; false for a wrong password or an unreadable hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = parts.slice(1, 4).map(Number)
  if (!N || !r || !p) return false
  const salt = Buffer.from(parts[4]!, 'base64url')
  const expected = Buffer.from(parts[5]!, 'base64url')
  const actual = await derive(password, salt, { N, r, p })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

let dummyHash: Promise<string> | undefined

/**
 * A hash to verify against when the username is unknown, so that "no such user" takes as long
 * as "wrong password" and the answer time does not reveal which usernames exist.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
  return dummyHash
}
