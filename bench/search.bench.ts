/**
 * `npm run bench [-- --clients N] [--queries 1000] [--concurrency 1]`: client search through real
 * HTTP. Without DATABASE_URL it starts the embedded API on in-memory PGlite with N demo clients
 * (default 3000); with DATABASE_URL it uses that PostgreSQL (migrated; staff and clients seeded
 * only when missing). Prints latency percentiles and queries per second. Not a test.
 */
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { z } from 'zod'
import { buildApp } from '../src/server/app'
import { BENCH_RATE_LIMITS } from './bench-limits'
import { loadConfig } from '../src/server/config'
import { benchKeyset } from './bench-keys'
import { createDatabase } from '../src/server/db/create-database'
import { migrateToLatest } from '../src/server/db/migrate'
import { startEmbeddedServer } from '../src/server/embedded'
import { DEMO_SEED, generateClient, type SeedClient } from '../src/server/seed/generator'
import { seedClients, seedDemoStaff } from '../src/server/seed/seed-database'
import { VERSION } from '../src/server/version'

const ArgsSchema = z.object({
  clients: z.coerce.number().int().min(10).default(3000),
  queries: z.coerce.number().int().min(1).default(1000),
  concurrency: z.coerce.number().int().min(1).max(64).default(1)
})

interface Target {
  url: string
  database: string
  close(): Promise<void>
}

async function startTarget(clients: number, password: string): Promise<Target> {
  const config = loadConfig()
  if (!config.databaseUrl) {
    const server = await startEmbeddedServer({
      demoPassword: password,
      demoClients: clients,
      rateLimits: BENCH_RATE_LIMITS
    })
    return { url: server.url, database: 'pglite (in memory)', close: server.close }
  }
  const database = await createDatabase({ kind: 'postgres', url: config.databaseUrl })
  await migrateToLatest(database.db)
  await seedDemoStaff(database.db, password)
  const row = await database.db
    .selectFrom('clients')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow()
  const existing = Number(row.count)
  if (existing < clients) {
    console.log(`seeding ${clients - existing} clients…`)
    await seedClients(database.db, {
      count: clients - existing,
      seed: DEMO_SEED,
      startIndex: existing
    })
    await sql`analyze`.execute(database.db)
  }
  const app = await buildApp({
    database,
    version: VERSION,
    rateLimits: BENCH_RATE_LIMITS,
    signingKeys: await benchKeyset(config.receiptSigningKey)
  })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    url,
    database: `postgres (${Math.max(existing, clients).toLocaleString('en')} clients)`,
    close: async () => {
      await app.close()
      await database.close()
    }
  }
}

/** A deterministic pseudo-random sequence, so runs are comparable. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function withTypo(word: string, next: () => number): string {
  const letters = 'abcdefghijklmnoprstuvz'
  const at = 1 + Math.floor(next() * (word.length - 2))
  return word.slice(0, at) + letters[Math.floor(next() * letters.length)] + word.slice(at + 1)
}

function queryFor(client: SeedClient, kind: number, next: () => number): [string, string] {
  const phone = client.phones[0]?.slice(4) ?? '29123456'
  const fullName =
    client.kind === 'private' ? `${client.firstName} ${client.lastName}` : client.name
  const surname = client.kind === 'private' ? client.lastName : client.name
  const phoneForms = [
    phone,
    `+371${phone}`,
    `+371 ${phone.slice(0, 2)} ${phone.slice(2, 5)} ${phone.slice(5)}`
  ]
  switch (kind) {
    case 0:
      return client.kind === 'private'
        ? ['personal code', client.personalCode]
        : ['registration number', client.registrationNumber]
    case 1:
      return client.kind === 'private'
        ? ['personal code', `${client.personalCode.slice(0, 6)}-${client.personalCode.slice(6)}`]
        : ['registration number', `LV${client.registrationNumber}`]
    case 2:
      return ['phone', phoneForms[Math.floor(next() * phoneForms.length)]!]
    case 3:
      return ['account', client.contracts[0]?.number ?? 'K10234567']
    case 4:
      return ['name', surname]
    case 5:
      return ['name + first name', fullName]
    default:
      return ['name with typo', withTypo(surname.toLowerCase(), next)]
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string' },
      queries: { type: 'string' },
      concurrency: { type: 'string' }
    }
  })
  const args = ArgsSchema.parse(values)
  const password = loadConfig().demoPassword

  const startedAt = performance.now()
  const target = await startTarget(args.clients, password)
  const startSeconds = (performance.now() - startedAt) / 1000
  console.log(`API on ${target.database} ready in ${startSeconds.toFixed(1)} s`)

  try {
    const login = await fetch(`${target.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agent', password })
    })
    if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`)
    const { token } = z.object({ token: z.string() }).parse(await login.json())

    const next = random(42)
    const queries = Array.from({ length: args.queries }, (_, i) =>
      queryFor(generateClient(DEMO_SEED, Math.floor(next() * args.clients)), i % 7, next)
    )

    const timings: Array<{ kind: string; ms: number; found: number }> = []
    let failures = 0
    let cursor = 0
    const worker = async (): Promise<void> => {
      while (cursor < queries.length) {
        const [kind, q] = queries[cursor++]!
        const started = performance.now()
        const url = `${target.url}/v1/clients?${new URLSearchParams({ q, limit: '20' })}`
        const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
        const body = (await response.json()) as { items?: unknown[] }
        const ms = performance.now() - started
        if (!response.ok) failures++
        timings.push({ kind, ms, found: body.items?.length ?? 0 })
        // BENCH_DEBUG=1 lists the queries that found nobody (typos too far from any name).
        if (process.env['BENCH_DEBUG'] && !body.items?.length) console.log('found nothing:', q)
      }
    }
    const runStarted = performance.now()
    await Promise.all(Array.from({ length: args.concurrency }, worker))
    const seconds = (performance.now() - runStarted) / 1000

    const report = (label: string, rows: typeof timings): void => {
      const sorted = rows.map((row) => row.ms).sort((a, b) => a - b)
      const empty = rows.filter((row) => row.found === 0).length
      const ms = (p: number): string => `p${p} ${percentile(sorted, p).toFixed(1).padStart(7)} ms`
      console.log(
        `${label.padEnd(22)} n=${String(rows.length).padStart(5)}  ` +
          `${ms(50)}  ${ms(95)}  ${ms(99)}` +
          (empty ? `  (${empty} found nothing)` : '')
      )
    }
    console.log(`\n${timings.length} queries, concurrency ${args.concurrency}, ${failures} failed`)
    report('all', timings)
    for (const kind of [...new Set(timings.map((row) => row.kind))]) {
      report(
        kind,
        timings.filter((row) => row.kind === kind)
      )
    }
    console.log(`throughput             ${(timings.length / seconds).toFixed(0)} queries/s`)
  } finally {
    await target.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
