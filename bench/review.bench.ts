/**
 * `npm run bench:review [-- --cases 2000]`: the review queue's claim rate (issue 9: goal ≥ 1,000
 * claims/s with 0 cases claimed twice), through real HTTP on loopback, with 8 and with 32
 * concurrent reviewers (separate staff accounts, one keep-alive HTTP client). Not a test.
 *
 * Each figure stands next to its physical peers, measured in the same run at the same concurrency:
 * - pgbench: one durable single-row UPDATE per transaction (each commit an fsync): the most
 *   durable writes per second this machine and cluster do at all;
 * - the floor: a bare Fastify route making one such UPDATE … RETURNING through a pg pool of the
 *   API's size, driven by the same HTTP client: the best any durable write over HTTP can do;
 * - the raw claim: the API's own claim statement (claimNextCase: the SKIP LOCKED pick, the update
 *   with a fresh fencing token, the history row) called straight through pg, no HTTP, no sign-in
 *   check, no answer to build.
 * claims / floor is what the API adds to a durable write over HTTP; claims / raw claim is what it
 * adds to its own statement.
 *
 * Every measurement claims fresh cases (`--cases`, seeded per measurement with SQL, one filed
 * through the API) until none is left, then closes them, so each starts from the same queue.
 * A claim is a claim-next answered 200; claims of the same case twice (by the answers, and by
 * the `claimed` rows in the case history) fail the run.
 *
 * The database is DATABASE_URL, or a throwaway PostgreSQL 15 cluster with its durable defaults
 * (fsync and synchronous commit on) that this script starts and stops.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs, promisify } from 'node:util'
import Fastify from 'fastify'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { z } from 'zod'
import { buildApp } from '../src/server/app'
import { BENCH_RATE_LIMITS } from './bench-limits'
import { loadConfig } from '../src/server/config'
import { createDatabase } from '../src/server/db/create-database'
import type { Database } from '../src/server/db/database'
import { migrateToLatest } from '../src/server/db/migrate'
import { claimNextCase } from '../src/server/review/review-cases.repository'
import { seedDemoStaff } from '../src/server/seed/seed-database'
import { VERSION } from '../src/server/version'
import { startThrowawayCluster } from '../test/support/postgres-cluster'
import {
  HttpClient,
  insertProfiledClient,
  insertReviewers,
  seedReviewCases,
  signIn
} from '../test/support/review-claims-harness'
import { benchKeyset } from './bench-keys'
import { reportFigures } from './figures'

const ArgsSchema = z.object({
  cases: z.coerce.number().int().min(100).default(2000),
  pgbenchSeconds: z.coerce.number().int().min(1).default(3)
})

/** The API's pool size (create-database.ts): the floor gets the same. */
const API_POOL_SIZE = 10
const CONCURRENCIES = [8, 32] as const

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

function report(label: string, count: number, seconds: number, timings: number[]): number {
  const sorted = [...timings].sort((a, b) => a - b)
  const ms = (p: number): string =>
    timings.length === 0 ? '' : `p${p} ${percentile(sorted, p).toFixed(1).padStart(6)} ms`
  const rate = count / seconds
  console.log(
    `${label.padEnd(40)} ${rate.toFixed(0).padStart(6)}/s  ${ms(50)}  ${ms(99)}  (n=${count})`
  )
  return rate
}

/** Runs `concurrency` workers until each says it is done; how long that took. */
async function workers(
  concurrency: number,
  work: (index: number) => Promise<void>
): Promise<number> {
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, (_, index) => work(index)))
  return (performance.now() - started) / 1000
}

/** pgbench: one durable single-row UPDATE per transaction, each client its own row. */
async function pgbenchUpdates(url: string, clients: number, seconds: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'review-bench-'))
  const script = join(dir, 'update.sql')
  await writeFile(
    script,
    'update bench_review_floor set n = n + 1 where id = :client_id + 1 returning n;\n'
  )
  try {
    const { stdout } = await promisify(execFile)('/usr/lib/postgresql/15/bin/pgbench', [
      '--no-vacuum',
      `--client=${clients}`,
      `--jobs=${Math.min(clients, 2)}`,
      `--time=${seconds}`,
      `--file=${script}`,
      url
    ])
    const tps = /tps = ([\d.]+)/.exec(stdout)
    if (!tps) throw new Error(`pgbench printed no rate:\n${stdout}`)
    const rate = Number(tps[1])
    console.log(
      `${`pgbench single-row UPDATE, ${clients} conn`.padEnd(40)} ${rate.toFixed(0).padStart(6)}/s`
    )
    return rate
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { cases: { type: 'string' }, 'pgbench-seconds': { type: 'string' } }
  })
  const args = ArgsSchema.parse({ cases: values.cases, pgbenchSeconds: values['pgbench-seconds'] })
  const config = loadConfig()
  const password = config.demoPassword

  const cluster = config.databaseUrl ? null : await startThrowawayCluster({ durable: true })
  const databaseUrl = config.databaseUrl ?? cluster!.url
  const database = await createDatabase({ kind: 'postgres', url: databaseUrl })
  const maxConcurrency = Math.max(...CONCURRENCIES)
  const rawPool = new pg.Pool({ connectionString: databaseUrl, max: maxConcurrency })
  const raw = new Kysely<Database>({ dialect: new PostgresDialect({ pool: rawPool }) })
  const floorPool = new pg.Pool({ connectionString: databaseUrl, max: API_POOL_SIZE })
  const bare = Fastify()
  bare.post('/floor', async (request) => {
    const { id } = z.object({ id: z.number().int() }).parse(request.body)
    const result = await floorPool.query<{ n: string }>(
      'update bench_review_floor set n = n + 1 where id = $1 returning n',
      [id]
    )
    return { n: result.rows[0]?.n }
  })
  const http = new HttpClient(maxConcurrency * 2)
  let failed = false
  try {
    await migrateToLatest(database.db)
    await seedDemoStaff(database.db, password)
    await sql`create table if not exists bench_review_floor (id int primary key, n bigint not null)`.execute(
      database.db
    )
    await sql`insert into bench_review_floor (id, n)
              select i, 0 from generate_series(1, ${maxConcurrency}::int) as i
              on conflict (id) do nothing`.execute(database.db)
    const settings = await sql<{ fsync: string; synchronous_commit: string }>`
      select current_setting('fsync') as fsync,
             current_setting('synchronous_commit') as synchronous_commit`.execute(database.db)
    const durability = settings.rows[0]!
    console.log(
      `PostgreSQL ${cluster ? '(throwaway cluster)' : '(DATABASE_URL)'}: ` +
        `fsync=${durability.fsync}, synchronous_commit=${durability.synchronous_commit}; ` +
        `${args.cases} fresh cases per measurement; load average ${loadavg()
          .map((load) => load.toFixed(1))
          .join(' ')}`
    )

    const app = await buildApp({
      database,
      version: VERSION,
      loyaltyJobIntervalMs: 0,
      rateLimits: BENCH_RATE_LIMITS,
      signingKeys: await benchKeyset(config.receiptSigningKey)
    })
    const url = await app.listen({ host: '127.0.0.1', port: 0 })
    const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 })
    try {
      const accounts = await insertReviewers(
        database.db,
        maxConcurrency,
        password,
        `bench-reviewer-${Date.now().toString(36)}`
      )
      const reviewerBearers: string[] = []
      for (const account of accounts) {
        reviewerBearers.push(await signIn(http, url, account.username, password))
      }
      const agent = await signIn(http, url, 'agent', password)
      const integration = await signIn(http, url, 'integration', password)
      const clientId = await insertProfiledClient(database.db, http, url, agent)

      const seed = async (): Promise<string[]> => {
        const ids = await seedReviewCases(database.db, {
          client: http,
          base: url,
          clientId,
          agentBearer: agent,
          integrationBearer: integration,
          count: args.cases
        })
        await sql`analyze review_cases`.execute(database.db)
        return ids
      }
      /** Closes a measurement's cases, so the next one starts from an empty queue. */
      const close = async (ids: string[]): Promise<void> => {
        await sql`update review_cases
          set status = 'closed', claim_token = null, lease_expires_at = null,
            outcome = 'upheld', reason_code = 'model_correct', rationale = 'closed by the bench',
            decided_at = now(), decided_by = coalesce(assignee_id, requested_by),
            closed_at = now()
          where id = any(${ids}::uuid[])`.execute(database.db)
      }
      /** Cases with more than one `claimed` history row: claimed twice. */
      const claimedTwiceInHistory = async (ids: string[]): Promise<number> => {
        const rows = await sql<{ case_id: string }>`
          select case_id from review_case_history
          where case_id = any(${ids}::uuid[]) and action = 'claimed'
          group by case_id having count(*) > 1`.execute(database.db)
        return rows.rows.length
      }

      const results: Array<{
        concurrency: number
        pgbench: number
        floor: number
        rawClaims: number
        claims: number
      }> = []
      for (const concurrency of CONCURRENCIES) {
        console.log(`--- ${concurrency} concurrent`)
        const pgbench = await pgbenchUpdates(databaseUrl, concurrency, args.pgbenchSeconds)

        // The floor: as many requests as there are cases to claim.
        let floorLeft = args.cases
        const floorTimings: number[] = []
        const floorSeconds = await workers(concurrency, async (index) => {
          while (floorLeft-- > 0) {
            const started = performance.now()
            const answer = await http.post(bareUrl, '/floor', { body: { id: index + 1 } })
            if (answer.status !== 200) throw new Error(`floor route: ${answer.status}`)
            floorTimings.push(performance.now() - started)
          }
        })
        const floor = report(
          `bare route + 1 UPDATE, ${concurrency} concurrent`,
          floorTimings.length,
          floorSeconds,
          floorTimings
        )

        // The raw claim: the API's claim statement straight through pg.
        const rawIds = await seed()
        const rawClaimed: string[] = []
        const rawTimings: number[] = []
        const rawSeconds = await workers(concurrency, async (index) => {
          for (;;) {
            const now = new Date()
            const started = performance.now()
            const claimed = await claimNextCase(raw, {
              staffId: accounts[index]!.staffId,
              role: 'reviewer',
              now,
              leaseUntil: new Date(now.getTime() + 15 * 60_000)
            })
            if (!claimed) return
            rawTimings.push(performance.now() - started)
            rawClaimed.push(claimed.id)
          }
        })
        const rawClaims = report(
          `raw claim statement (pg), ${concurrency} conn`,
          rawClaimed.length,
          rawSeconds,
          rawTimings
        )
        const rawTwice = rawClaimed.length - new Set(rawClaimed).size
        await close(rawIds)

        // The API: claim-next over HTTP, each reviewer its own account.
        const ids = await seed()
        const claimed: string[] = []
        const timings: number[] = []
        let unexpected = 0
        const seconds = await workers(concurrency, async (index) => {
          for (;;) {
            const started = performance.now()
            const answer = await http.post(url, '/v1/review-cases/claim-next', {
              bearer: reviewerBearers[index]!
            })
            if (answer.status === 204) return
            if (answer.status !== 200) {
              if (unexpected++ === 0) {
                console.log(`  first failure: ${answer.status} ${JSON.stringify(answer.body)}`)
              }
              continue
            }
            timings.push(performance.now() - started)
            claimed.push((answer.body as { case: { id: string } }).case.id)
          }
        })
        const claims = report(
          `claims (claim-next → 200), ${concurrency} reviewers`,
          claimed.length,
          seconds,
          timings
        )
        const answeredTwice = claimed.length - new Set(claimed).size
        const historyTwice = await claimedTwiceInHistory(ids)
        const seededLeft = args.cases - new Set(claimed).size
        console.log(
          `  claimed twice: ${answeredTwice} by the answers, ${historyTwice} in the history` +
            ` (raw statement: ${rawTwice}); cases left unclaimed: ${seededLeft}; other answers: ${unexpected}`
        )
        if (answeredTwice + historyTwice + rawTwice + seededLeft + unexpected > 0) failed = true
        await close(ids)
        results.push({ concurrency, pgbench, floor, rawClaims, claims })
      }

      const ratio = (value: number): string => value.toFixed(2).padStart(6)
      console.log('')
      console.log(
        '              claims/s   claims / floor   claims / raw claim   floor / pgbench   raw claim / pgbench'
      )
      for (const result of results) {
        console.log(
          `${`${result.concurrency} reviewers`.padEnd(13)} ${result.claims.toFixed(0).padStart(8)}` +
            `   ${ratio(result.claims / result.floor)}           ${ratio(result.claims / result.rawClaims)}` +
            `               ${ratio(result.floor / result.pgbench)}            ${ratio(result.rawClaims / result.pgbench)}`
        )
      }
      for (const result of results) {
        const met = result.claims >= 1000 ? 'met' : 'NOT met'
        console.log(
          `goal ≥ 1,000 claims/s with ${result.concurrency} reviewers: ${met} ` +
            `(${result.claims.toFixed(0)}/s; the bare durable-UPDATE route does ` +
            `${result.floor.toFixed(0)}/s, the raw claim statement ${result.rawClaims.toFixed(0)}/s)`
        )
      }
      await reportFigures(
        results.flatMap((result) => [
          {
            id: `review.claims.c${result.concurrency}`,
            label: `review claims, ${result.concurrency} reviewers`,
            value: result.claims,
            unit: 'req/s' as const,
            better: 'higher' as const,
            peer: {
              label: 'bare route + 1 durable UPDATE',
              value: result.floor,
              unit: 'req/s' as const
            },
            target: '≥ 1,000/s',
            met: result.claims >= 1000
          },
          {
            id: `review.claims_per_raw.c${result.concurrency}`,
            label: `review claims ÷ raw claim statement, ${result.concurrency} conn`,
            value: result.claims / result.rawClaims,
            unit: 'x' as const,
            better: 'higher' as const,
            peer: {
              label: 'raw claim statement (pg)',
              value: result.rawClaims,
              unit: 'req/s' as const
            }
          }
        ])
      )
      if (failed) console.log('FAILED: a case was claimed twice, left unclaimed, or a claim failed')
    } finally {
      await app.close()
    }
  } finally {
    http.close()
    await bare.close()
    await floorPool.end()
    await raw.destroy()
    await database.close()
    await cluster?.stop()
  }
  if (failed) process.exit(1)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
