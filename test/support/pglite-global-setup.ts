import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import type { TestProject } from 'vitest/node'
import { PGLITE_EXTENSIONS } from '../../src/server/db/create-database'
import type { Database } from '../../src/server/db/database'
import { PGliteDialect } from '../../src/server/db/pglite-dialect'
import { DATABASE_TEMPLATES, prepareTemplate, type DatabaseTemplate } from './database-templates'

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite data folders (gzipped tarballs) each test database starts from; see database-templates.ts. */
    pgliteTemplateFiles: Record<DatabaseTemplate, string>
  }
}

/** Builds the PGlite templates once for the whole run, and deletes them after. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = await mkdtemp(join(tmpdir(), 'consent-desk-pglite-templates-'))
  const files = {} as Record<DatabaseTemplate, string>
  const pglite = await PGlite.create({ extensions: PGLITE_EXTENSIONS })
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) })
  try {
    // Each template builds on the one before it (demoStaff is migrated plus the accounts).
    for (const template of DATABASE_TEMPLATES) {
      await prepareTemplate(db, template)
      const dump = await pglite.dumpDataDir('gzip')
      files[template] = join(folder, `${template}.tar.gz`)
      await writeFile(files[template], new Uint8Array(await dump.arrayBuffer()))
    }
  } finally {
    await db.destroy()
    await pglite.close()
  }
  project.provide('pgliteTemplateFiles', files)
  return () => rm(folder, { recursive: true, force: true })
}
