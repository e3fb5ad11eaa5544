import { chmod, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { formatKeyset, generateKeyset, parseKeyset, type Keyset } from './signing-keys'

/** The demo keyset's file in the embedded API's data folder. */
export const DEMO_KEYSET_FILE = 'receipt-keys.json'

/** Where the signing keyset comes from (RECEIPT_SIGNING_KEY_FILE or RECEIPT_SIGNING_KEY). */
export type KeysetSource =
  { kind: 'file'; path: string } | { kind: 'value'; json: string } | { kind: 'none' }

export async function readKeysetFile(path: string): Promise<Keyset> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error)
    throw new Error(`Cannot read the receipt signing keyset ${path} (${reason})`)
  }
  return parseKeyset(text, path)
}

/**
 * Writes a keyset readable by its owner only (0600). `exclusive` refuses to overwrite a file
 * (two processes creating the demo keyset at once: the second one reads the first one's);
 * otherwise the file is replaced atomically (write beside it, then rename).
 */
export async function writeKeysetFile(
  path: string,
  keyset: Keyset,
  options: { exclusive: boolean }
): Promise<void> {
  if (options.exclusive) {
    await writeFile(path, formatKeyset(keyset), { mode: 0o600, flag: 'wx' })
    return
  }
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, formatKeyset(keyset), { mode: 0o600, flag: 'w' })
  await chmod(temporary, 0o600)
  await rename(temporary, path)
}

/**
 * The demo keyset in `dataDir`: created once on first start, reused on every later one, so that
 * the receipts of a demo database keep verifying with the same key.
 */
export async function demoKeyset(dataDir: string, now: Date): Promise<Keyset> {
  const path = join(dataDir, DEMO_KEYSET_FILE)
  try {
    return await readKeysetFile(path)
  } catch (error) {
    if (!/\(ENOENT\)$/.test((error as Error).message)) throw error
  }
  const keyset = await generateKeyset(now)
  try {
    await writeKeysetFile(path, keyset, { exclusive: true })
    return keyset
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeysetFile(path)
    throw error
  }
}

/**
 * The configured keyset. Without one, the embedded (demo) API generates its own: in `dataDir`
 * when it has one, else in memory (a database in memory dies with its keys). A server on
 * PostgreSQL has receipts that must verify for years: it refuses to start without a key.
 */
export async function resolveKeyset(
  source: KeysetSource,
  mode: { database: 'postgres' } | { database: 'pglite'; dataDir: string | undefined },
  now: Date = new Date()
): Promise<Keyset> {
  if (source.kind === 'file') return readKeysetFile(source.path)
  if (source.kind === 'value') return parseKeyset(source.json, 'RECEIPT_SIGNING_KEY')
  if (mode.database === 'postgres') {
    throw new Error(
      'No receipt signing key: set RECEIPT_SIGNING_KEY_FILE (a keyset file) or ' +
        'RECEIPT_SIGNING_KEY (the keyset JSON). Create a keyset with ' +
        '`npm run keys -- --rotate --file <path>`.'
    )
  }
  return mode.dataDir === undefined ? generateKeyset(now) : demoKeyset(mode.dataDir, now)
}
