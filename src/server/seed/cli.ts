import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { z } from 'zod'
import { loadConfig } from '../config'
import { createDatabase } from '../db/create-database'
import { migrateToLatest } from '../db/migrate'
import { ownerUrlFrom } from '../db/migrate-config'
import { DEMO_SEED } from './generator'
import { seedDemoReviews } from './review-demo'
import { isEmptyDatabase, seedClients, seedDemoStaff } from './seed-database'

/**
 * `npm run seed -- --clients 1500000 [--seed N] [--start I] [--batch 2000] [--staff]`: migrates,
 * then inserts generated clients (indexes I…I+N−1 of the seed) into PostgreSQL as the tables' owner
 * (MIGRATION_DATABASE_URL, else DATABASE_URL: the API's own role may not migrate nor create
 * staff) or the PGlite database in CONSENT_DATA_DIR.
 * Demo staff are added with --staff, or always into an empty PGlite demo database.
 */
const ArgsSchema = z.object({
  clients: z.coerce.number().int().min(0),
  seed: z.coerce.number().int().default(DEMO_SEED),
  start: z.coerce.number().int().min(0).default(0),
  batch: z.coerce.number().int().min(1).max(20_000).default(2000),
  staff: z.boolean().default(false)
})

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string' },
      seed: { type: 'string' },
      start: { type: 'string' },
      batch: { type: 'string' },
      staff: { type: 'boolean' }
    }
  })
  const args = ArgsSchema.parse(values)
  const config = loadConfig()
  const ownerUrl = ownerUrlFrom(process.env)
  const database = ownerUrl
    ? await createDatabase({ kind: 'postgres', url: ownerUrl })
    : await createDatabase({ kind: 'pglite', dataDir: config.dataDir })
  try {
    const applied = await migrateToLatest(database.db)
    if (applied.length > 0) console.log(`migrations applied: ${applied.join(', ')}`)
    if (args.staff || (database.kind === 'pglite' && (await isEmptyDatabase(database.db)))) {
      await seedDemoStaff(database.db, config.demoPassword)
      console.log('demo staff: agent, reviewer, supervisor, integration')
    }

    const started = performance.now()
    let lastReport = started
    const inserted = await seedClients(database.db, {
      count: args.clients,
      seed: args.seed,
      startIndex: args.start,
      batchSize: args.batch,
      onProgress: (done) => {
        const now = performance.now()
        if (now - lastReport > 5000 || done === args.clients) {
          lastReport = now
          const rate = Math.round(done / ((now - started) / 1000))
          console.log(`${done.toLocaleString('en')} clients, ${rate.toLocaleString('en')} rows/s`)
        }
      }
    })
    const seconds = (performance.now() - started) / 1000
    console.log(
      `inserted ${inserted.toLocaleString('en')} clients into ${database.kind} ` +
        `in ${seconds.toFixed(1)} s ` +
        `(${Math.round(inserted / seconds).toLocaleString('en')} rows/s)`
    )
    // Decisions and review cases for the demo's queue: once per database, when the demo staff
    // and the generated clients they need are there.
    const cases = await seedDemoReviews(database.db, { seed: args.seed })
    if (cases > 0) console.log(`demo review queue: ${cases} cases`)
    // Fresh statistics, so the planner picks the trigram index right away.
    await sql`analyze`.execute(database.db)
  } finally {
    await database.close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
