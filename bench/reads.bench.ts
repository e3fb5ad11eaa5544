/**
 * `npm run bench:reads`: the API's reads saturated with 16 concurrent keep-alive connections over
 * real HTTP on loopback, each next to a bare Fastify route (`GET /bare`, a small JSON) served by
 * the same process and driven by the same HTTP client in the same run (issue 11, deliverable 2).
 * Not a test.
 *
 * - lookup by personal code and by phone (GET /v1/clients?q=…): ≥ 0.30× the bare route
 * - the client card: identity, contracts and the current consent state in one request
 *   (GET /v1/clients/:id/card, as the desk opens a card): ≥ 0.20×; and beside it, without a
 *   target, the same card from two requests (GET /v1/clients/:id and …/consents, sent together)
 * - single permission checks (GET /v1/permissions): ≥ 0.30×
 * - POST /v1/permissions/batch with 1,000 checks, one batch at a time: median ≤ 50 ms, and its
 *   p95; next to the same SQL sent straight through pg (what the database alone costs).
 *
 * Every read of a client writes its access-log row before the answer leaves, so each lookup and
 * card request is also a write (an INSERT and its commit): the ratios include that. The kept
 * cluster runs with fsync off (bench-database.ts, test settings), so not the commit's flush;
 * with the log written as a hack that returns at once, lookups ran 0.16× and cards 0.08×
 * instead of 0.11× and 0.06× here.
 *
 * Beside each read it prints the CPU per request of the API, the kept cluster's processes
 * (bench/cluster-cpu.ts) and the load, and the ceiling that follows: the machine's cores divided
 * by what the database and the load spend per read, against the bare route. No API, however
 * cheap, passes that ceiling on this machine while the database's work per read stays as it is.
 *
 * Environment: BENCH_CLIENTS (default LMT's 1,500,000; seeded once and kept, bench/bench-database.ts
 * — try 20000 on a shared machine), BENCH_SECONDS per measurement (default 5), BENCH_CONCURRENCY
 * (default 16), DATABASE_URL to use a running PostgreSQL instead of the kept cluster.
 */
import { availableParallelism } from 'node:os'
import Fastify from 'fastify'
import { sql } from 'kysely'
import pg from 'pg'
import { z } from 'zod'
import { buildApp } from '../src/server/app'
import { loadConfig } from '../src/server/config'
import { VERSION } from '../src/server/version'
import { openBenchDatabase, LMT_CLIENTS } from './bench-database'
import { clusterCpuReader } from './cluster-cpu'
import { benchKeyset } from './bench-keys'
import { BENCH_RATE_LIMITS } from './bench-limits'
import { percentile, reportFigures, type Figure } from './figures'
import { expectOk, httpClient } from './http-client'
import { forkLoad } from './load-process'
import {
  DriveResultSchema,
  type DriveOrder,
  type DriveResult,
  type LoadSetup,
  type ReadName
} from './reads-load'

const EnvSchema = z.object({
  BENCH_CLIENTS: z.coerce.number().int().min(100).default(LMT_CLIENTS),
  BENCH_SECONDS: z.coerce.number().positive().default(5),
  BENCH_CONCURRENCY: z.coerce.number().int().min(1).default(16),
  BENCH_BATCHES: z.coerce.number().int().min(5).default(40),
  /**
   * Which reads to measure, comma-separated (default all): code, phone, card, cardInTwo,
   * permission, batch.
   */
  BENCH_READS: z
    .string()
    .default('code,phone,card,cardInTwo,permission,batch')
    .transform((list) => new Set(list.split(',').map((name) => name.trim())))
    .pipe(z.set(z.enum(['code', 'phone', 'card', 'cardInTwo', 'permission', 'batch'])))
})

const PURPOSES = ['usage_metadata', 'automated_profiling', 'research_metadata', 'offers'] as const

type Send = ReturnType<typeof httpClient>['send']

interface Rate {
  perSecond: number
  p50: number
  p95: number
  count: number
}

/** The load process (bench/reads-load.ts): drives one read for some seconds and reports. */
function startLoad() {
  const load = forkLoad(new URL('./reads-load.ts', import.meta.url), DriveResultSchema)
  return {
    setup: (setup: LoadSetup) => load.tell(setup),
    drive: (read: ReadName, seconds: number, timed: boolean) =>
      load.ask({ kind: 'drive', read, seconds, timed } satisfies DriveOrder),
    stop: load.stop
  }
}

type Load = ReturnType<typeof startLoad>

/**
 * A read saturated next to the bare route, in alternating slices (bare, read, bare, read, …) of
 * `seconds / SLICES` each, after a short warm-up of both that is not counted. This machine's speed
 * drifts by 2× between runs and within one (a shared host): measured side by side in the same
 * seconds, the ratio holds where two separate measurements would not.
 */
const SLICES = 5

/** Microseconds of CPU per request, by process: the API's, the database's, the load's. */
interface CpuPerRequest {
  api: number
  database: number | null
  load: number
}

/** CPU time spent by each process over a run of slices (totals, microseconds). */
function cpuTally(databaseCpu: (() => number) | null) {
  const total = { api: 0, database: 0, load: 0, count: 0 }
  return {
    /** Drives one slice, adding its CPU to the tally. */
    async slice(drive: () => Promise<Extract<DriveResult, { kind: 'result' }>>) {
      const api = process.cpuUsage()
      databaseCpu?.()
      const result = await drive()
      const apiUsed = process.cpuUsage(api)
      total.api += apiUsed.user + apiUsed.system
      total.database += databaseCpu?.() ?? 0
      total.load += result.cpuMicros
      total.count += result.count
      return result
    },
    perRequest: (): CpuPerRequest => ({
      api: total.api / total.count,
      database: databaseCpu ? total.database / total.count : null,
      load: total.load / total.count
    })
  }
}

async function saturateBeside(
  load: Load,
  label: string,
  read: ReadName,
  seconds: number,
  databaseCpu: (() => number) | null
): Promise<{ rate: Rate; bareRate: number; ceiling: number | null }> {
  const warm = Math.min(1, seconds / 5)
  await load.drive('bare', warm / 2, false)
  await load.drive(read, warm, false)
  const timings: number[] = []
  let bareCount = 0
  let bareElapsed = 0
  let count = 0
  let elapsed = 0
  const bareTally = cpuTally(databaseCpu)
  const ownTally = cpuTally(databaseCpu)
  for (let slice = 0; slice < SLICES; slice++) {
    const peer = await bareTally.slice(() => load.drive('bare', seconds / SLICES, false))
    bareCount += peer.count
    bareElapsed += peer.elapsed
    const own = await ownTally.slice(() => load.drive(read, seconds / SLICES, true))
    count += own.count
    elapsed += own.elapsed
    timings.push(...own.timings)
  }
  const sorted = timings.sort((a, b) => a - b)
  const rate = {
    perSecond: count / elapsed,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    count
  }
  const bareRate = bareCount / bareElapsed
  console.log(
    `${label.padEnd(36)} ${rate.perSecond.toFixed(0).padStart(6)}/s  ` +
      `p50 ${rate.p50.toFixed(1).padStart(6)} ms  p95 ${rate.p95.toFixed(1).padStart(6)} ms  (n=${rate.count})` +
      `  beside bare ${bareRate.toFixed(0)}/s: ${(rate.perSecond / bareRate).toFixed(2)}×`
  )
  const cpu = ownTally.perRequest()
  const bareCpu = bareTally.perRequest()
  console.log(`${''.padEnd(36)} CPU per request: ${cpuLine(cpu)}; bare route: ${cpuLine(bareCpu)}`)
  if (cpu.database === null) return { rate, bareRate, ceiling: null }
  // The database and the load share this machine's cores with the API: even an API that cost no
  // CPU could serve no more reads a second than the cores can give the other two.
  const cores = availableParallelism()
  const ceiling = (cores * 1e6) / (cpu.database + cpu.load)
  console.log(
    `${''.padEnd(36)} ceiling with an API that cost no CPU: ${cores} cores ÷ ` +
      `(PostgreSQL + load) = ${ceiling.toFixed(0)}/s, ${(ceiling / bareRate).toFixed(2)}× the bare route`
  )
  return { rate, bareRate, ceiling: ceiling / bareRate }
}

function cpuLine(cpu: CpuPerRequest): string {
  const database = cpu.database === null ? 'not measured' : `${cpu.database.toFixed(0)} µs`
  return `API ${cpu.api.toFixed(0)} µs, PostgreSQL ${database}, load ${cpu.load.toFixed(0)} µs`
}

async function signIn(send: Send, url: string, username: string, password: string) {
  const answer = await send(`${url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password })
  })
  expectOk(`sign-in as ${username}`, answer)
  return z.object({ token: z.string() }).parse(JSON.parse(answer.body)).token
}

async function main(): Promise<void> {
  const env = EnvSchema.parse(process.env)
  const config = loadConfig()
  const bench = await openBenchDatabase({
    clients: env.BENCH_CLIENTS,
    password: config.demoPassword
  })
  const db = bench.database.db
  const app = await buildApp({
    database: bench.database,
    version: VERSION,
    loyaltyJobIntervalMs: 0,
    rateLimits: BENCH_RATE_LIMITS,
    signingKeys: await benchKeyset(config.receiptSigningKey)
  })
  // The peer: a bare Fastify route in the same process (the app cannot take a route after it is
  // ready), so the ratio is what our auth, validation, queries and access log cost on this
  // machine, whatever its speed and however busy it is during the run.
  const bareServer = Fastify()
  bareServer.get('/bare', async () => ({
    allowed: true,
    reason: 'given',
    since: null,
    eventId: null
  }))
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  const bareUrl = await bareServer.listen({ host: '127.0.0.1', port: 0 })
  const client = httpClient(2)
  const load = startLoad()
  // The kept cluster's processes share this machine's cores with the API and the load; a server
  // named by DATABASE_URL may not, and its CPU is not measured.
  const databaseCpu = bench.dataDir ? clusterCpuReader(bench.dataDir) : null
  const rawPool = new pg.Pool({ connectionString: bench.url, max: 2 })
  // Its idle connections end with the cluster's stop at the close; that is not an error here.
  rawPool.on('error', () => {})
  try {
    // A sample spread over the whole table (not the first rows only), read once.
    const sample = await sql<{ id: string; personal_code: string | null; e164: string | null }>`
      select c.id::text as id, c.personal_code,
             (select p.e164 from client_phones p where p.client_id = c.id
              order by p.position limit 1) as e164
      from clients c tablesample system (${Math.min(100, Math.max(1, (200_000 / bench.clients) * 100))})
      where c.kind = 'private'
      limit 5000`.execute(db)
    const ids = sample.rows.map((row) => row.id)
    const codes = sample.rows.flatMap((row) => (row.personal_code ? [row.personal_code] : []))
    const phones = sample.rows.flatMap((row) => (row.e164 ? [row.e164] : []))
    if (ids.length < 100 || codes.length < 100 || phones.length < 100)
      throw new Error(`too few sample clients: ${ids.length}, ${codes.length}, ${phones.length}`)
    console.log(
      `PostgreSQL with ${bench.clients.toLocaleString('en')} clients; ` +
        `${env.BENCH_CONCURRENCY} connections, ${env.BENCH_SECONDS} s each`
    )

    const { send } = client
    const agentToken = await signIn(send, url, 'agent', config.demoPassword)
    const integrationToken = await signIn(send, url, 'integration', config.demoPassword)
    const integration = { authorization: `Bearer ${integrationToken}` }
    load.setup({
      kind: 'setup',
      concurrency: env.BENCH_CONCURRENCY,
      apiUrl: url,
      bareUrl,
      agentToken,
      integrationToken,
      ids,
      codes,
      phones
    })

    const ratio = (
      id: string,
      label: string,
      { rate, bareRate, ceiling }: { rate: Rate; bareRate: number; ceiling: number | null },
      goal: number | null
    ): Figure => {
      const value = rate.perSecond / bareRate
      const bound = ceiling === null ? '' : ` (at most ${ceiling.toFixed(2)}× with a free API)`
      return {
        id,
        label: `${label}, ${env.BENCH_CONCURRENCY} conn: ${rate.perSecond.toFixed(0)}/s ÷ bare${bound}`,
        value,
        unit: 'x',
        better: 'higher',
        peer: { label: 'bare Fastify route, in the same seconds', value: bareRate, unit: 'req/s' },
        ...(goal === null ? {} : { target: `≥ ${goal.toFixed(2)}× peer`, met: value >= goal })
      }
    }
    const figures: Figure[] = []
    const wanted = env.BENCH_READS
    // A goal of null: printed beside the others, with no target of its own.
    const measured: Array<[Exclude<ReadName, 'bare'>, string, string, number | null]> = [
      ['code', 'reads.lookup.personal_code', 'lookup by personal code', 0.3],
      ['phone', 'reads.lookup.phone', 'lookup by phone', 0.3],
      ['card', 'reads.card', 'client card (1 request)', 0.2],
      ['cardInTwo', 'reads.card.two_requests', 'client card (2 requests)', null],
      ['permission', 'reads.permission', 'permission check', 0.3]
    ]
    for (const [read, id, label, goal] of measured) {
      if (!wanted.has(read)) continue
      figures.push(
        ratio(
          id,
          label,
          await saturateBeside(load, label, read, env.BENCH_SECONDS, databaseCpu),
          goal
        )
      )
    }
    if (wanted.has('batch')) figures.push(...(await measureBatches()))
    await reportFigures(figures)

    /** A batch of 1,000, one at a time: its latency, not a saturated rate. */
    async function measureBatches(): Promise<Figure[]> {
      const batchTimings: number[] = []
      const rawTimings: number[] = []
      for (let round = 0; round < env.BENCH_BATCHES; round++) {
        const batch = Array.from({ length: 1000 }, (_, i) => ({
          client: ids[(round * 1000 + i) % ids.length]!,
          purpose: PURPOSES[i % PURPOSES.length]!
        }))
        const started = performance.now()
        expectOk(
          'batch',
          await send(`${url}/v1/permissions/batch`, {
            method: 'POST',
            headers: { ...integration, 'content-type': 'application/json' },
            body: JSON.stringify({ checks: batch })
          })
        )
        batchTimings.push(performance.now() - started)
        // The same query the service sends, straight through pg: the database's own share.
        const rawStarted = performance.now()
        await rawPool.query(
          `select c.idx, k.id is not null as known, p.state, p.since, p.event_id
           from unnest($1::int[], $2::uuid[], $3::text[], $4::text[]) as c(idx, client_id, purpose, channel)
           left join clients k on k.id = c.client_id
           left join consent_projection p
             on p.client_id = c.client_id and p.purpose = c.purpose and p.channel = c.channel
           order by c.idx`,
          [
            batch.map((_, i) => i),
            batch.map((check) => check.client),
            batch.map((check) => check.purpose),
            batch.map(() => '')
          ]
        )
        rawTimings.push(performance.now() - rawStarted)
      }
      const batchSorted = batchTimings.sort((a, b) => a - b)
      const rawSorted = rawTimings.sort((a, b) => a - b)
      const batchP50 = percentile(batchSorted, 50)
      const batchP95 = percentile(batchSorted, 95)
      console.log(
        `${'batch of 1,000 checks'.padEnd(36)} p50 ${batchP50.toFixed(1)} ms  p95 ${batchP95.toFixed(1)} ms` +
          `  (same SQL through pg: p50 ${percentile(rawSorted, 50).toFixed(1)} ms)`
      )
      const rawPeer = {
        label: 'same SQL through pg, p50',
        value: percentile(rawSorted, 50),
        unit: 'ms'
      } as const
      return [
        {
          id: 'reads.batch.p50',
          label: 'batch of 1,000 permission checks: p50',
          value: batchP50,
          unit: 'ms',
          better: 'lower',
          peer: rawPeer,
          target: '≤ 50 ms',
          met: batchP50 <= 50
        },
        {
          id: 'reads.batch.p95',
          label: 'batch of 1,000 permission checks: p95',
          value: batchP95,
          unit: 'ms',
          better: 'lower',
          peer: rawPeer
        }
      ]
    }
  } finally {
    client.close()
    load.stop()
    await rawPool.end()
    await app.close()
    await bareServer.close()
    await bench.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
