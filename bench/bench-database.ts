/**
 * The benchmarks' PostgreSQL 15 with LMT's scale of clients (1.5 million by default), kept between
 * runs: seeding that many takes minutes, so the cluster lives in BENCH_PGDATA
 * (/var/tmp/consent-desk-bench-pg by default, outside the repository and outside the
 * /tmp/consent-desk-pg-* that CI cleans up), is started again on its data, migrated, and topped up
 * only with the clients it lacks. DATABASE_URL, when set, is used instead and left running.
 */
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { createDatabase } from '../src/server/db/create-database'
import type { DatabaseHandle } from '../src/server/db/database'
import { migrateToLatest } from '../src/server/db/migrate'
import { DEMO_SEED } from '../src/server/seed/generator'
import { seedClients, seedDemoStaff } from '../src/server/seed/seed-database'
import { startThrowawayCluster } from '../test/support/postgres-cluster'

export const LMT_CLIENTS = 1_500_000
const SEEDED_DATABASE = 'consent_desk_bench'

export interface BenchDatabase {
  /** The owner's URL of the seeded database (the benchmarks' API and raw peers connect here). */
  url: string
  /** The kept cluster's data directory; undefined when DATABASE_URL names another server. */
  dataDir: string | undefined
  clients: number
  database: DatabaseHandle
  close(): Promise<void>
}

export async function openBenchDatabase(options: {
  clients: number
  password: string
  log?: (line: string) => void
}): Promise<BenchDatabase> {
  const log = options.log ?? ((line: string) => console.log(line))
  let stopCluster = async (): Promise<void> => {}
  let url = process.env['DATABASE_URL']
  let dataDir: string | undefined
  if (!url) {
    const root = process.env['BENCH_PGDATA'] ?? '/var/tmp/consent-desk-bench-pg'
    dataDir = join(root, 'data')
    const cluster = await startThrowawayCluster({ root })
    stopCluster = cluster.stop
    const admin = new pg.Client({ connectionString: cluster.url })
    await admin.connect()
    const name = await ensureDatabase(admin)
    await admin.end()
    url = cluster.url.replace(/\/postgres$/, `/${name}`)
  }
  const database = await createDatabase({ kind: 'postgres', url })
  try {
    await migrateToLatest(database.db)
    await seedDemoStaff(database.db, options.password)
    const row = await database.db
      .selectFrom('clients')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow()
    const existing = Number(row.count)
    if (existing < options.clients) {
      const started = performance.now()
      log(
        `seeding ${(options.clients - existing).toLocaleString('en')} clients (kept for later runs)…`
      )
      await seedClients(database.db, {
        count: options.clients - existing,
        seed: DEMO_SEED,
        startIndex: existing
      })
      // As `npm run seed` ends (seed/cli.ts): statistics and the visibility map of the bulk load.
      await sql`vacuum analyze`.execute(database.db)
      log(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`)
    }
    return {
      url,
      dataDir,
      clients: Math.max(existing, options.clients),
      database,
      close: async () => {
        await database.close()
        await stopCluster()
      }
    }
  } catch (error) {
    await database.close()
    await stopCluster()
    throw error
  }
}

/**
 * BENCH_DATABASE_NAME (letters, digits, _) names a copy of the seeded database: made once from it
 * as a template (a file copy, far faster than seeding again), so work on another branch's
 * migrations never touches the shared one.
 */
async function ensureDatabase(admin: pg.Client): Promise<string> {
  const name = process.env['BENCH_DATABASE_NAME'] ?? SEEDED_DATABASE
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`BENCH_DATABASE_NAME: not a plain name: ${name}`)
  const exists = async (database: string): Promise<boolean> =>
    ((await admin.query('select 1 from pg_database where datname = $1', [database])).rowCount ??
      0) > 0
  if (await exists(name)) return name
  if (name !== SEEDED_DATABASE && (await exists(SEEDED_DATABASE)))
    await admin.query(`create database ${name} template ${SEEDED_DATABASE}`)
  else await admin.query(`create database ${name}`)
  return name
}
