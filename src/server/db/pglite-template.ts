import { readFile } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import { PGLITE_EXTENSIONS } from './create-database'
import type { Database } from './database'
import { migrateToLatest } from './migrate'
import { PGliteDialect } from './pglite-dialect'

/**
 * A PGlite data folder with initdb run and the migrations applied, as a gzipped tarball: a new
 * embedded database starts from it instead of running initdb, which is most of a first start
 * (3.5–7 s of WASM here; loading the template takes about 1.5 s). `npm run build` writes it next
 * to the bundle (scripts/build-pglite-template.ts); it holds no data. A template from older
 * migrations is still correct: migrateToLatest applies what it lacks.
 */
export async function buildPgliteTemplate(): Promise<Uint8Array> {
  const pglite = await PGlite.create({ extensions: PGLITE_EXTENSIONS })
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) })
  try {
    await migrateToLatest(db)
    const dump = await pglite.dumpDataDir('gzip')
    return new Uint8Array(await dump.arrayBuffer())
  } finally {
    await db.destroy()
    await pglite.close()
  }
}

/** The file name of the template next to the built bundle (`out/`). */
export const PGLITE_TEMPLATE_FILE = 'pglite-template.tar.gz'

/** The template's bytes, or undefined when there is none (a checkout that was never built). */
export async function readPgliteTemplate(path: string): Promise<Blob | undefined> {
  try {
    return new Blob([await readFile(path)])
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
