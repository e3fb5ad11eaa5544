/**
 * `npm run bench:consents [-- --writes 2000 --checks 20000]`: the consent ledger's figures, through
 * real HTTP on loopback. Not a test.
 *
 * - Durable consent writes per second and their latency with 1 and 16 concurrent clients (each
 *   worker writes to its own clients, so no request waits on If-Match conflicts). The database is
 *   DATABASE_URL, or a throwaway PostgreSQL 15 cluster with its durable defaults (fsync and
 *   synchronous commit on) that this script starts and stops.
 * - The floor of any durable write over HTTP on this machine: a bare Fastify route that makes one
 *   single-row INSERT per request through a pg pool, driven by the same HTTP client as the consent
 *   writes. Its ratio to pgbench is the best a write through the API could reach; the consent
 *   writes' ratio to it is what the ledger itself costs.
 * - Permission checks per second, next to a bare Fastify route answering a constant in the same
 *   run, so the ratio says what our validation, auth and query cost on this machine.
 */
import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { writeFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs, promisify } from 'node:util'
import Fastify from 'fastify'
import { sql } from 'kysely'
import pg from 'pg'
import { z } from 'zod'
import { buildApp } from '../src/server/app'
import { BENCH_RATE_LIMITS } from './bench-limits'
import { loadConfig } from '../src/server/config'
import { benchKeyset } from './bench-keys'
import { reportFigures } from './figures'
import { createDatabase } from '../src/server/db/create-database'
import { migrateToLatest } from '../src/server/db/migrate'
import { DEMO_SEED } from '../src/server/seed/generator'
import { seedClients, seedDemoStaff } from '../src/server/seed/seed-database'
import { VERSION } from '../src/server/version'
import { startThrowawayCluster } from '../test/support/postgres-cluster'

const ArgsSchema = z.object({
  writes: z.coerce.number().int().min(16).default(2000),
  checks: z.coerce.number().int().min(100).default(20000),
  clients: z.coerce.number().int().min(64).default(2000)
})

const PURPOSES_TO_TOGGLE = ['usage_metadata', 'automated_profiling', 'research_metadata'] as const

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

function summary(label: string, timings: number[], seconds: number): number {
  const sorted = [...timings].sort((a, b) => a - b)
  const ms = (p: number): string => `p${p} ${percentile(sorted, p).toFixed(1).padStart(6)} ms`
  console.log(
    `${label.padEnd(34)} ${(timings.length / seconds).toFixed(0).padStart(6)}/s  ` +
      `${ms(50)}  ${ms(99)}  (n=${timings.length})`
  )
  return timings.length / seconds
}

/**
 * The physical limit of a durable write on this machine and cluster: pgbench, one single-row
 * INSERT per transaction (each commit an fsync), with `clients` connections for `seconds`.
 */
async function rawInsertRate(url: string, clients: number, seconds: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'consent-bench-'))
  const script = join(dir, 'insert.sql')
  await writeFile(script, 'insert into bench_raw_inserts (payload) values (:client_id);\n')
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
      `${`raw single-row inserts, ${clients} conn`.padEnd(34)} ${rate.toFixed(0).padStart(6)}/s  (pgbench)`
    )
    return rate
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function signIn(url: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password })
  })
  if (!response.ok) throw new Error(`sign-in as ${username} failed: ${response.status}`)
  return z.object({ token: z.string() }).parse(await response.json()).token
}

/** Each worker owns its clients and remembers their versions, so every write is current. */
async function measureWrites(
  url: string,
  token: string,
  clientIds: string[],
  total: number,
  concurrency: number
): Promise<number> {
  const perWorker = Math.floor(clientIds.length / concurrency)
  const timings: number[] = []
  let remaining = total
  let failures = 0
  const worker = async (index: number): Promise<void> => {
    const mine = clientIds.slice(index * perWorker, (index + 1) * perWorker)
    const versions = new Map<string, number>()
    const given = new Map<string, boolean>()
    let turn = 0
    while (remaining > 0) {
      remaining--
      const clientId = mine[turn % mine.length]!
      const round = Math.floor(turn / mine.length)
      const purpose = PURPOSES_TO_TOGGLE[round % PURPOSES_TO_TOGGLE.length]!
      const key = `${clientId}:${purpose}`
      turn++
      const action = given.get(key) ? 'withdrawn' : 'given'
      const started = performance.now()
      const response = await fetch(`${url}/v1/clients/${clientId}/consents`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
          'if-match': `"${versions.get(clientId) ?? 0}"`
        },
        body: JSON.stringify({
          changes: [{ purpose, action }],
          identityVerification: { method: 'id_card', documentLast4: '1234' },
          source: 'customer_centre',
          language: 'lv'
        })
      })
      const answer = (await response.json()) as { version?: number }
      timings.push(performance.now() - started)
      if (response.status !== 201 || answer.version === undefined) {
        if (failures++ === 0) console.log(`  first failure: ${response.status}`)
        continue
      }
      versions.set(clientId, answer.version)
      given.set(key, action === 'given')
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)))
  const seconds = (performance.now() - started) / 1000
  const rate = summary(`consent writes, ${concurrency} concurrent`, timings, seconds)
  if (failures > 0) console.log(`  ${failures} writes failed`)
  return rate
}

/** The same HTTP client posting to the bare route that makes one durable INSERT per request. */
async function measureFloor(url: string, total: number, concurrency: number): Promise<number> {
  const timings: number[] = []
  let remaining = total
  const worker = async (index: number): Promise<void> => {
    while (remaining-- > 0) {
      const started = performance.now()
      const response = await fetch(`${url}/floor`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ payload: index })
      })
      await response.arrayBuffer()
      if (response.status !== 201) throw new Error(`floor route: ${response.status}`)
      timings.push(performance.now() - started)
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)))
  const seconds = (performance.now() - started) / 1000
  return summary(`bare route + 1 INSERT, ${concurrency} concurrent`, timings, seconds)
}

async function measureGets(
  label: string,
  urls: string[],
  headers: Record<string, string>,
  concurrency: number
): Promise<number> {
  const timings: number[] = []
  let cursor = 0
  const worker = async (): Promise<void> => {
    while (cursor < urls.length) {
      const url = urls[cursor++]!
      const started = performance.now()
      const response = await fetch(url, { headers })
      await response.arrayBuffer()
      if (!response.ok) throw new Error(`${label}: ${response.status}`)
      timings.push(performance.now() - started)
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, worker))
  const seconds = (performance.now() - started) / 1000
  summary(label, timings, seconds)
  return timings.length / seconds
}

/** POST /v1/permissions/batch with 1,000 checks, one at a time: the latency of a whole batch. */
async function measureBatch(
  url: string,
  token: string,
  clientIds: string[]
): Promise<{ p50: number; p95: number }> {
  const timings: number[] = []
  const started = performance.now()
  for (let round = 0; round < 50; round++) {
    const checks = Array.from({ length: 1000 }, (_, i) => ({
      client: clientIds[(round * 1000 + i) % clientIds.length]!,
      purpose: PURPOSES_TO_TOGGLE[i % PURPOSES_TO_TOGGLE.length]!
    }))
    const begun = performance.now()
    const response = await fetch(`${url}/v1/permissions/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ checks })
    })
    await response.arrayBuffer()
    if (!response.ok) throw new Error(`batch: ${response.status}`)
    timings.push(performance.now() - begun)
  }
  summary('batches of 1,000 checks (goal ≤ 50 ms)', timings, (performance.now() - started) / 1000)
  const sorted = [...timings].sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      writes: { type: 'string' },
      checks: { type: 'string' },
      clients: { type: 'string' }
    }
  })
  const args = ArgsSchema.parse(values)
  const config = loadConfig()
  const password = config.demoPassword

  const cluster = config.databaseUrl ? null : await startThrowawayCluster({ durable: true })
  const databaseUrl = config.databaseUrl ?? cluster!.url
  const database = await createDatabase({ kind: 'postgres', url: databaseUrl })
  const bare = Fastify()
  bare.get('/bare', async () => ({ allowed: true, reason: 'given', since: null, eventId: null }))
  // The same pool size as the API's, so the floor and the ledger share one limit.
  const floorPool = new pg.Pool({ connectionString: databaseUrl, max: 10 })
  bare.post('/floor', async (request, reply) => {
    const { payload } = z.object({ payload: z.number().int() }).parse(request.body)
    await floorPool.query('insert into bench_raw_inserts (payload) values ($1)', [payload])
    return reply.code(201).send({ stored: true })
  })
  try {
    await migrateToLatest(database.db)
    await seedDemoStaff(database.db, password)
    const existing = await database.db
      .selectFrom('clients')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow()
    if (Number(existing.count) < args.clients) {
      await seedClients(database.db, {
        count: args.clients - Number(existing.count),
        seed: DEMO_SEED,
        startIndex: Number(existing.count)
      })
      await sql`analyze`.execute(database.db)
    }
    const settings = await sql<{ fsync: string; synchronous_commit: string }>`
      select current_setting('fsync') as fsync,
             current_setting('synchronous_commit') as synchronous_commit`.execute(database.db)
    const durability = settings.rows[0]!
    console.log(
      `PostgreSQL ${cluster ? '(throwaway cluster)' : '(DATABASE_URL)'}: ` +
        `fsync=${durability.fsync}, synchronous_commit=${durability.synchronous_commit}`
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
      const clientIds = (
        await database.db
          .selectFrom('clients')
          .select('id')
          // A business client's changes need the representative who acts for it; these do not.
          .where('kind', '=', 'private')
          .orderBy('id')
          .limit(args.clients)
          .execute()
      ).map((row) => row.id)
      const agent = await signIn(url, 'agent', password)
      // Disjoint halves: each run starts from clients nobody has written to (version 0).
      const half = Math.floor(clientIds.length / 2)
      await sql`create table if not exists bench_raw_inserts
                  (id bigint generated always as identity primary key, payload int)`.execute(
        database.db
      )
      const raw1 = await rawInsertRate(databaseUrl, 1, 5)
      const raw16 = await rawInsertRate(databaseUrl, 16, 5)
      const floor1 = await measureFloor(bareUrl, Math.floor(args.writes / 2), 1)
      const floor16 = await measureFloor(bareUrl, args.writes, 16)
      const one = await measureWrites(
        url,
        agent,
        clientIds.slice(0, half),
        Math.floor(args.writes / 2),
        1
      )
      const sixteen = await measureWrites(url, agent, clientIds.slice(half), args.writes, 16)
      const ratio = (value: number): string => value.toFixed(2).padStart(5)
      console.log(
        `                          consent writes / raw   floor / raw   consent writes / floor`
      )
      console.log(
        `1 writer   (goal ≥ 0.5)   ${ratio(one / raw1)}                  ${ratio(floor1 / raw1)}         ${ratio(one / floor1)}`
      )
      console.log(
        `16 writers (goal ≥ 0.25)  ${ratio(sixteen / raw16)}                  ${ratio(floor16 / raw16)}         ${ratio(sixteen / floor16)}`
      )

      const integration = await signIn(url, 'integration', password)
      const checkUrls = Array.from({ length: args.checks }, (_, i) => {
        const query = new URLSearchParams({
          client: clientIds[i % clientIds.length]!,
          purpose: PURPOSES_TO_TOGGLE[i % PURPOSES_TO_TOGGLE.length]!
        })
        return `${url}/v1/permissions?${query}`
      })
      const bareUrls = Array.from({ length: args.checks }, () => `${bareUrl}/bare`)
      const auth = { authorization: `Bearer ${integration}` }
      const bareRate = await measureGets('bare Fastify route, 16 concurrent', bareUrls, {}, 16)
      const checkRate = await measureGets('permission checks, 16 concurrent', checkUrls, auth, 16)
      console.log(
        `permission checks / bare route: ${(checkRate / bareRate).toFixed(2)}  (goal ≥ 0.30)`
      )
      const batch = await measureBatch(url, integration, clientIds)
      const pgbench = (clients: number, value: number) =>
        ({ label: `pgbench single-row INSERT, ${clients} conn`, value, unit: 'req/s' }) as const
      await reportFigures([
        {
          id: 'consents.writes.c1',
          label: `consent writes, 1 writer: ${one.toFixed(0)}/s ÷ raw insert`,
          value: one / raw1,
          unit: 'x',
          better: 'higher',
          peer: pgbench(1, raw1),
          target: '≥ 0.50× peer',
          met: one / raw1 >= 0.5
        },
        {
          id: 'consents.writes.c16',
          label: `consent writes, 16 writers: ${sixteen.toFixed(0)}/s ÷ raw insert`,
          value: sixteen / raw16,
          unit: 'x',
          better: 'higher',
          peer: pgbench(16, raw16),
          target: '≥ 0.25× peer',
          met: sixteen / raw16 >= 0.25
        },
        {
          id: 'consents.permission',
          label: `permission checks, 16 conn: ${checkRate.toFixed(0)}/s ÷ bare`,
          value: checkRate / bareRate,
          unit: 'x',
          better: 'higher',
          peer: { label: 'bare Fastify route', value: bareRate, unit: 'req/s' },
          target: '≥ 0.30× peer',
          met: checkRate / bareRate >= 0.3
        },
        {
          id: 'consents.batch.p50',
          label: 'batch of 1,000 permission checks: p50',
          value: batch.p50,
          unit: 'ms',
          better: 'lower',
          target: '≤ 50 ms',
          met: batch.p50 <= 50
        },
        {
          id: 'consents.batch.p95',
          label: 'batch of 1,000 permission checks: p95',
          value: batch.p95,
          unit: 'ms',
          better: 'lower'
        }
      ])
    } finally {
      await app.close()
    }
  } finally {
    await bare.close()
    await floorPool.end()
    await database.close()
    await cluster?.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
