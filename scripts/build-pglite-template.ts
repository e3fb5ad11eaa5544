/**
 * Writes out/pglite-template.tar.gz: an empty embedded database with initdb run and every
 * migration applied (src/server/db/pglite-template.ts). The desktop app starts a new data folder
 * from it, so a first start does not spend seconds in initdb. Run by `npm run build`, and by
 * `npm start` with --if-stale (only when a migration is newer than the file).
 */
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildPgliteTemplate, PGLITE_TEMPLATE_FILE } from '../src/server/db/pglite-template'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const target = join(root, 'out', PGLITE_TEMPLATE_FILE)
const migrations = join(root, 'src', 'server', 'db', 'migrations')

async function isStale(): Promise<boolean> {
  const built = await stat(target).catch(() => undefined)
  if (!built) return true
  const files = await readdir(migrations)
  const times = await Promise.all(
    files.map(async (file) => (await stat(join(migrations, file))).mtimeMs)
  )
  return times.some((time) => time > built.mtimeMs)
}

if (process.argv.includes('--if-stale') && !(await isStale())) {
  console.log(`${PGLITE_TEMPLATE_FILE} is current`)
} else {
  const started = performance.now()
  const bytes = await buildPgliteTemplate()
  await mkdir(dirname(target), { recursive: true })
  await writeFile(target, bytes)
  console.log(
    `wrote out/${PGLITE_TEMPLATE_FILE} (${(bytes.byteLength / 1e6).toFixed(1)} MB) in ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`
  )
}
