/**
 * `npx tsx bench/receipts.bench.ts [-- --rounds 5000]`: what signing costs a consent write, and how
 * many receipts one process verifies per second. Not a test.
 *
 * - build + sign: the ledger writer's added work per write with a receipt, on a realistic payload
 *   (seven purposes, two changes): building the payload from what the writer computed, then
 *   Ed25519 over its JSON (jose CompactSign, the key imported once as a CryptoKey).
 * - verify: checkJws (form, kid, signature, JSON) plus the payload's schema parse: what
 *   POST /v1/receipts/verify and /consents/verify do per receipt before the chain lookup.
 * - The same signature with node:crypto directly, for scale.
 */
import { randomUUID, sign as nodeSign, createPrivateKey } from 'node:crypto'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { toPurposeStates, foldEvents } from '../src/shared/domain/consent-rules'
import type { ConsentEvent } from '../src/shared/domain/consent'
import { ReceiptPayloadSchema } from '../src/shared/domain/receipt'
import { checkJws, type VerificationKeys } from '../src/server/receipts/jws-verification'
import { buildReceiptPayload, type ReceiptFacts } from '../src/server/receipts/receipt-payload'
import { generateKeyset, importKeyset } from '../src/server/receipts/signing-keys'
import { importJWK, type CryptoKey } from 'jose'
import { reportFigures } from './figures'

const ArgsSchema = z.object({ rounds: z.coerce.number().int().min(100).default(5000) })

function event(seq: number, purpose: ConsentEvent['purpose'], channel: ConsentEvent['channel']) {
  const at = new Date().toISOString()
  return {
    id: randomUUID(),
    seq,
    clientId: 'c',
    purpose,
    channel,
    action: 'given',
    at,
    source: 'customer_centre',
    actor: { kind: 'staff', id: randomUUID(), displayName: 'Līga Kalniņa' },
    centre: 'riga-ropazu',
    centreName: 'Rīga, Ropažu iela 6',
    identityVerification: { method: 'id_card', documentLast4: '1234' },
    noticeVersion: 1,
    language: 'lv',
    receiptId: null,
    hash: 'a'.repeat(64),
    prevHash: null
  } satisfies ConsentEvent
}

async function time(label: string, rounds: number, run: () => Promise<unknown> | unknown) {
  for (let i = 0; i < Math.min(500, rounds); i++) await run()
  const started = performance.now()
  for (let i = 0; i < rounds; i++) await run()
  const ms = (performance.now() - started) / rounds
  console.log(
    `${label.padEnd(44)} ${(ms * 1000).toFixed(0).padStart(6)} µs   ${(1000 / ms).toFixed(0).padStart(7)}/s`
  )
  return ms
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string' } } })
  const { rounds } = ArgsSchema.parse(values)
  const keyset = await generateKeyset(new Date())
  const { signer, publicKeys } = await importKeyset(keyset)
  const publicKey = (await importJWK(
    { kty: 'OKP', crv: 'Ed25519', x: publicKeys[0]!.jwk.x },
    'EdDSA'
  )) as CryptoKey
  const keys: VerificationKeys = { find: async (kid) => (kid === signer.kid ? publicKey : null) }

  const events = [event(1, 'offers', 'email'), event(2, 'location', null)]
  const clientId = randomUUID()
  const facts: ReceiptFacts = {
    id: randomUUID(),
    verificationCode: 'ABCD1234',
    issuedAt: new Date(),
    clientId,
    client: { name: 'Jānis Bērziņš', maskedCode: '120389-*****' },
    staff: {
      id: randomUUID(),
      username: 'agent',
      displayName: 'Līga Kalniņa',
      roles: ['agent'],
      centre: { id: 'riga-ropazu', name: 'Rīga, Ropažu iela 6' }
    },
    language: 'lv',
    source: 'customer_centre',
    identity: { method: 'id_card', documentLast4: '1234' },
    events,
    before: new Map(),
    state: {
      clientId,
      version: 1,
      asOf: new Date().toISOString(),
      purposes: toPurposeStates(foldEvents(events))
    },
    noticeTitles: new Map([['offers', 'LMT piedāvājumi']]),
    rightsNoticeVersion: 1
  }
  const payload = buildReceiptPayload(facts)
  const jws = await signer.sign(payload)
  console.log(
    `payload ${JSON.stringify(payload).length} bytes of JSON, JWS ${jws.length} characters`
  )

  await time('build payload', rounds, () => buildReceiptPayload(facts))
  await time('sign (jose, EdDSA, CryptoKey)', rounds, () => signer.sign(payload))
  const sign = await time('build + sign (per write with a receipt)', rounds, async () =>
    signer.sign(buildReceiptPayload(facts))
  )
  const nodeKey = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: keyset.keys[0]!.x, d: keyset.keys[0]!.d! },
    format: 'jwk'
  })
  const input = Buffer.from(jws.split('.').slice(0, 2).join('.'))
  const nodeSignMs = await time('node:crypto sign, same input', rounds, () =>
    nodeSign(null, input, nodeKey)
  )
  const verify = await time('verify (checkJws + schema parse)', rounds, async () => {
    const checked = await checkJws(jws, keys)
    if (!checked.ok) throw new Error(checked.reason)
    ReceiptPayloadSchema.parse(checked.payload)
  })
  console.log(
    `\nSigning adds ${(sign * 1000).toFixed(0)} µs to a consent write; one process verifies ` +
      `${(1000 / verify).toFixed(0)} receipts/s (before the chain lookup).`
  )
  await reportFigures([
    {
      id: 'receipts.build_sign',
      label: 'receipt build + sign per consent write',
      value: sign,
      unit: 'ms',
      better: 'lower',
      peer: { label: 'node:crypto Ed25519 sign, same input', value: nodeSignMs, unit: 'ms' }
    },
    {
      id: 'receipts.verify',
      label: 'receipt verifications per second, one process',
      value: 1000 / verify,
      unit: 'req/s',
      better: 'higher',
      peer: { label: 'node:crypto Ed25519 signs', value: 1000 / nodeSignMs, unit: 'req/s' }
    }
  ])
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
