import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { z } from 'zod'
import { loadConfig } from '../config'
import { createDatabase } from '../db/create-database'
import { migrateToLatest } from '../db/migrate'
import { ownerUrlFrom } from '../db/migrate-config'
import { DEMO_SEED } from './generator'
import { seedDemoReviews } from './review-demo'
import { PASSWORD_PROBLEM_MESSAGES, passwordProblems } from '../../shared/domain/password-policy'
import { isCommonPassword } from '../auth/common-passwords'
import {
  FIRST_ADMIN,
  isEmptyDatabase,
  seedClients,
  seedDemoStaff,
  seedFirstAdmin
} from './seed-database'

/**
 * `npm run seed -- [--clients 1500000] [--seed N] [--start I] [--batch 2000] [--staff]`: migrates,
 * then inserts generated clients (indexes I…I+N−1 of the seed) into PostgreSQL as the tables' owner
 * (MIGRATION_DATABASE_URL, else DATABASE_URL: the API's own role may not migrate nor create
 * staff) or the PGlite database in CONSENT_DATA_DIR.
 *
 * Staff: on PostgreSQL, the first admin, once (no shared password: a one-time password from
 * ADMIN_ONE_TIME_PASSWORD, or generated and printed once); they create everyone else at the desk.
 * On PGlite (demo), the demo staff, with --staff or always into an empty database.
 */
const ArgsSchema = z.object({
  clients: z.coerce.number().int().min(0).default(0),
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
    if (database.kind === 'postgres') {
      if (args.staff) {
        throw new Error(
          '--staff creates demo accounts with one shared password: demo (PGlite) only. On ' +
            'PostgreSQL the seed creates the first admin, who creates the staff at the desk.'
        )
      }
      await seedAdmin(database.db)
    } else if (args.staff || (await isEmptyDatabase(database.db))) {
      await seedDemoStaff(database.db, config.demoPassword)
      console.log('demo staff: agent, reviewer, supervisor, integration, admin')
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
    // Fresh statistics, so the planner picks the trigram index right away; and the visibility map
    // of a bulk load, so the word tables are read by index-only scans from the first search
    // rather than after autovacuum comes round (at 1.5 M clients a full name's p50 went from 18
    // to 12 ms with it, bench:search).
    await sql`vacuum analyze`.execute(database.db)
  } finally {
    await database.close()
  }
}

/**
 * The first admin of a PostgreSQL database, unless one exists. Their one-time password is
 * ADMIN_ONE_TIME_PASSWORD when set (it must pass the password rules), else generated; it is
 * printed once, here, and stored only as a hash.
 */
async function seedAdmin(db: Parameters<typeof seedFirstAdmin>[0]): Promise<void> {
  const given = process.env['ADMIN_ONE_TIME_PASSWORD']?.trim()
  if (given) {
    const problems = passwordProblems(given, {
      username: FIRST_ADMIN.username,
      displayName: FIRST_ADMIN.displayName,
      isCommon: isCommonPassword
    })
    if (problems.length > 0) {
      const reasons = problems.map((problem) => PASSWORD_PROBLEM_MESSAGES[problem]).join('; ')
      throw new Error(`ADMIN_ONE_TIME_PASSWORD ${reasons}`)
    }
  }
  // 18 random bytes: 24 base64url characters, 144 bits.
  const oneTimePassword = given || randomBytes(18).toString('base64url')
  const created = await seedFirstAdmin(db, oneTimePassword)
  if (!created) {
    console.log('staff: an admin exists already; no account created')
    return
  }
  console.log(`first admin: ${created.username}`)
  if (!given) {
    console.log(`one-time password (shown once; changed at first sign-in): ${oneTimePassword}`)
  } else {
    console.log('one-time password: the one in ADMIN_ONE_TIME_PASSWORD (changed at first sign-in)')
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
