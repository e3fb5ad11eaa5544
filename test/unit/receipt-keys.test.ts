import { execFile } from 'node:child_process'
import { createPublicKey, verify } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { calculateJwkThumbprint } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveKeyset } from '../../src/server/receipts/keyset-source'
import {
  generateKeyset,
  importKeyset,
  parseKeyset,
  rotateKeyset,
  type Keyset
} from '../../src/server/receipts/signing-keys'

const run = promisify(execFile)
const NOW = new Date('2026-12-01T10:00:00Z')

/** Node's own Ed25519 check of a compact JWS against a keyset entry's public key. */
function verifiesWith(jws: string, x: string): boolean {
  const [header, payload, signature] = jws.split('.') as [string, string, string]
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' })
  return verify(null, Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))
}

describe('receipt signing keys', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'receipt-keys-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('a new keyset has one active Ed25519 key named by its JWK thumbprint', async () => {
    const keyset = await generateKeyset(NOW)
    expect(keyset.keys).toHaveLength(1)
    const [key] = keyset.keys
    expect(keyset.active).toBe(key!.kid)
    expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', createdAt: NOW.toISOString() })
    expect(key!.d).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(key!.kid).toBe(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: key!.x }))
  })

  it('signs a compact JWS with alg EdDSA and the kid, that node:crypto verifies', async () => {
    const keyset = await generateKeyset(NOW)
    const { signer, publicKeys } = await importKeyset(keyset)
    const jws = await signer.sign({ hello: 'Rīga' })
    const [header, payload] = jws.split('.') as [string, string]
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
      alg: 'EdDSA',
      kid: keyset.active
    })
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({ hello: 'Rīga' })
    expect(verifiesWith(jws, keyset.keys[0]!.x)).toBe(true)
    expect(verifiesWith(jws, (await generateKeyset(NOW)).keys[0]!.x)).toBe(false)
    expect(publicKeys).toEqual([
      {
        kid: keyset.active,
        jwk: {
          kty: 'OKP',
          crv: 'Ed25519',
          x: keyset.keys[0]!.x,
          kid: keyset.active,
          use: 'sig',
          alg: 'EdDSA'
        },
        createdAt: NOW,
        retiredAt: null
      }
    ])
  })

  it('rotation adds an active key and keeps the earlier ones public only, retired', async () => {
    const first = await generateKeyset(NOW)
    const later = new Date('2027-01-01T00:00:00Z')
    const second = await rotateKeyset(first, later)
    const third = await rotateKeyset(second, new Date('2027-02-01T00:00:00Z'))
    expect(third.keys.map((key) => key.kid)).toEqual([third.active, second.active, first.active])
    expect(new Set(third.keys.map((key) => key.kid)).size).toBe(3)
    expect(third.keys.map((key) => key.d !== undefined)).toEqual([true, false, false])
    expect(third.keys[2]).toMatchObject({ x: first.keys[0]!.x, retiredAt: later.toISOString() })
    expect(third.keys[1]!.retiredAt).toBe('2027-02-01T00:00:00.000Z')
    // What the first key signed still checks out against what the keyset keeps of it.
    const jws = await (await importKeyset(first)).signer.sign({ n: 1 })
    expect(verifiesWith(jws, third.keys[2]!.x)).toBe(true)
    expect((await importKeyset(third)).signer.kid).toBe(third.active)
  })

  it('refuses a keyset whose active key is public only, whose kid lies, or whose d is not x’s', async () => {
    const keyset = await generateKeyset(NOW)
    const publicOnly = { ...keyset, keys: keyset.keys.map(({ d: _d, ...key }) => key) }
    expect(() => parseKeyset(JSON.stringify(publicOnly), 'keys.json')).toThrow(
      /keys\.json is not a valid receipt signing keyset: active names a key without its private part/
    )
    expect(() => parseKeyset('{', 'RECEIPT_SIGNING_KEY')).toThrow(/RECEIPT_SIGNING_KEY is not JSON/)
    const other = await generateKeyset(NOW)
    const lyingKid: Keyset = {
      active: 'not-the-thumbprint',
      keys: [{ ...keyset.keys[0]!, kid: 'not-the-thumbprint' }]
    }
    await expect(importKeyset(lyingKid)).rejects.toThrow(/kid is not its JWK thumbprint/)
    const wrongD: Keyset = { ...keyset, keys: [{ ...keyset.keys[0]!, d: other.keys[0]!.d }] }
    await expect(importKeyset(wrongD)).rejects.toThrow(/d does not belong to x/)
  })

  it('PostgreSQL without a configured key refuses to start, saying what to set', async () => {
    await expect(resolveKeyset({ kind: 'none' }, { database: 'postgres' })).rejects.toThrow(
      /RECEIPT_SIGNING_KEY_FILE[\s\S]*RECEIPT_SIGNING_KEY[\s\S]*npm run keys -- --rotate/
    )
  })

  it('demo mode generates its keyset once into the data folder (0600) and reuses it', async () => {
    const dataDir = join(dir, 'demo')
    await mkdir(dataDir)
    const first = await resolveKeyset({ kind: 'none' }, { database: 'pglite', dataDir })
    const second = await resolveKeyset({ kind: 'none' }, { database: 'pglite', dataDir })
    expect(second).toEqual(first)
    const file = join(dataDir, 'receipt-keys.json')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(parseKeyset(await readFile(file, 'utf8'), file)).toEqual(first)
    const inMemory = await resolveKeyset(
      { kind: 'none' },
      { database: 'pglite', dataDir: undefined }
    )
    expect(inMemory.active).not.toBe(first.active)
    // A configured keyset wins, in either mode.
    const json = JSON.stringify(inMemory)
    expect(await resolveKeyset({ kind: 'value', json }, { database: 'postgres' })).toEqual(inMemory)
    expect(await resolveKeyset({ kind: 'file', path: file }, { database: 'postgres' })).toEqual(
      first
    )
  })

  it('`npm run keys -- --rotate --file` creates, then rotates, the file; no private key printed', async () => {
    const file = join(dir, 'cli', 'keys.json')
    const env = {
      ...process.env,
      CONSENT_DATA_DIR: join(dir, 'unused'),
      RECEIPT_SIGNING_KEY: '',
      RECEIPT_SIGNING_KEY_FILE: '',
      DATABASE_URL: ''
    }
    const cli = ['tsx', 'src/server/receipts/keys.cli.ts', '--rotate', '--file', file]
    const created = await run('npx', cli, { env })
    expect(created.stdout).toMatch(/^Created /)
    const first = parseKeyset(await readFile(file, 'utf8'), file)
    expect(first.keys).toHaveLength(1)

    const rotated = await run('npx', cli, { env })
    expect(rotated.stdout).toMatch(/^Rotated /)
    const second = parseKeyset(await readFile(file, 'utf8'), file)
    expect(second.keys.map((key) => key.kid)).toEqual([second.active, first.active])
    expect(second.keys[1]!.d).toBeUndefined()
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(rotated.stdout).toContain(`${second.active}  active (signs)`)
    expect(rotated.stdout).toContain(`${first.active}  verifies only`)
    expect(rotated.stdout).not.toContain(second.keys[0]!.d!)
  }, 60_000)
})
