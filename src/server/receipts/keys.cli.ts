import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config'
import { DEMO_KEYSET_FILE, readKeysetFile, writeKeysetFile } from './keyset-source'
import { generateKeyset, parseKeyset, rotateKeyset, type Keyset } from './signing-keys'

/**
 * `npm run keys -- --rotate [--file <path>]`: writes a new active receipt signing key into the
 * keyset file, keeping the earlier keys' public halves (their private halves are removed), so
 * that every receipt signed before still verifies. Without the file, it is created with one key.
 * The file is RECEIPT_SIGNING_KEY_FILE by default, else the demo keyset in CONSENT_DATA_DIR.
 * When RECEIPT_SIGNING_KEY holds the keyset and the file does not exist yet, that keyset is the
 * one rotated (the result goes to the file; put it back into the env value yourself).
 * Without --rotate it lists the keyset's keys. Private keys are never printed.
 *
 * The running API keeps signing with the key it started with until it restarts; on start-up it
 * registers the new public key, and every key already registered keeps verifying.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rotate: { type: 'boolean' }, file: { type: 'string' } }
  })
  const config = loadConfig()
  const path =
    values.file ??
    (config.receiptSigningKey.kind === 'file'
      ? config.receiptSigningKey.path
      : join(config.dataDir, DEMO_KEYSET_FILE))

  const current = await readExisting(path)
  const start =
    current ??
    (config.receiptSigningKey.kind === 'value'
      ? parseKeyset(config.receiptSigningKey.json, 'RECEIPT_SIGNING_KEY')
      : null)

  if (!values.rotate) {
    if (!start) throw new Error(`No keyset at ${path}. Create one with --rotate.`)
    report(`Keyset ${path}`, start)
    return
  }
  const now = new Date()
  const next = start ? await rotateKeyset(start, now) : await generateKeyset(now)
  await mkdir(dirname(path), { recursive: true })
  await writeKeysetFile(path, next, { exclusive: false })
  report(start ? `Rotated ${path}` : `Created ${path}`, next)
}

async function readExisting(path: string): Promise<Keyset | null> {
  try {
    return await readKeysetFile(path)
  } catch (error) {
    if (/\(ENOENT\)$/.test((error as Error).message)) return null
    throw error
  }
}

function report(title: string, keyset: Keyset): void {
  const lines = keyset.keys.map((key) => {
    const role = key.kid === keyset.active ? 'active (signs)' : 'verifies only'
    const retired = key.retiredAt ? `, retired ${key.retiredAt}` : ''
    return `  ${key.kid}  ${role}, created ${key.createdAt}${retired}`
  })
  process.stdout.write(`${title}\n${lines.join('\n')}\n`)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
