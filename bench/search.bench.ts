/**
 * `npm run bench [-- --clients N] [--queries 1000] [--concurrency 1]`: client search through real
 * HTTP. Without DATABASE_URL it starts the embedded API on in-memory PGlite with N demo clients
 * (default 3000); with DATABASE_URL it uses that PostgreSQL (migrated; staff and clients seeded
 * only when missing). Prints latency percentiles and queries per second, and as figures
 * (bench/figures.ts) the one-typo name search's p99 and recall@10: the share of one-typo queries
 * (a deletion, insertion, substitution or transposition, with or without diacritics) whose top 10
 * holds a client with the meant name. Not a test.
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
import { nameWordsOf } from '../src/server/clients/name-words'
import { DEMO_SEED, generateClient, type SeedClient } from '../src/server/seed/generator'
import * as names from '../src/server/seed/names'
import { foldForSearch } from '../src/shared/identifiers/searchText'
import { percentile as figurePercentile, reportFigures } from './figures'
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

const TYPO_LETTERS = Array.from('aābcčdeēfgģhiījkķlļmnņoprsštuūvzž')

/** Every word a generated name can have: a typo that spells one of them is not a typo. */
const GENERATED_WORDS = new Set(
  Object.values(names)
    .flat(2)
    .filter((value): value is string => typeof value === 'string')
    .flatMap((value) => nameWordsOf(foldForSearch(value)))
)

/** One edit of the surname (deletion, insertion, substitution or transposition), half folded. */
function withTypo(word: string, next: () => number): string {
  for (;;) {
    const points = Array.from(word.toLocaleLowerCase('lv'))
    const at = Math.floor(next() * points.length)
    const letter = TYPO_LETTERS[Math.floor(next() * TYPO_LETTERS.length)]!
    const edit = Math.floor(next() * 4)
    if (edit === 0) points.splice(at, 1)
    else if (edit === 1) points.splice(Math.floor(next() * (points.length + 1)), 0, letter)
    else if (edit === 2) points[at] = letter
    else {
      const i = Math.min(at, points.length - 2)
      ;[points[i], points[i + 1]] = [points[i + 1]!, points[i]!]
    }
    const typed = next() < 0.5 ? foldForSearch(points.join('')) : points.join('')
    const folded = foldForSearch(typed)
    if (folded !== foldForSearch(word) && !GENERATED_WORDS.has(folded)) return typed
  }
}

/** The word a typo query misspells: the surname, or a business name's longest word. */
function typoWordOf(client: SeedClient): string {
  if (client.kind === 'private') return client.lastName
  return client.name
    .replace(/^\S+\s+/, '')
    .replace(/"/g, '')
    .split(' ')
    .reduce((a, b) => (b.length > a.length ? b : a))
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
      return ['name with typo', withTypo(typoWordOf(client), next)]
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
    const queries = Array.from({ length: args.queries }, (_, i) => {
      const client = generateClient(DEMO_SEED, Math.floor(next() * args.clients))
      const [kind, q] = queryFor(client, i % 7, next)
      return [kind, q, foldForSearch(typoWordOf(client))] as const
    })

    const timings: Array<{ kind: string; ms: number; found: number; hit: boolean }> = []
    let failures = 0
    let cursor = 0
    const worker = async (): Promise<void> => {
      while (cursor < queries.length) {
        const [kind, q, meant] = queries[cursor++]!
        const started = performance.now()
        const url = `${target.url}/v1/clients?${new URLSearchParams({ q, limit: '20' })}`
        const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
        const body = (await response.json()) as { items?: Array<{ displayName: string }> }
        const ms = performance.now() - started
        if (!response.ok) failures++
        // recall@10: one of the first ten has the meant word in its name.
        const hit = (body.items ?? [])
          .slice(0, 10)
          .some((item) => nameWordsOf(foldForSearch(item.displayName)).includes(meant))
        timings.push({ kind, ms, found: body.items?.length ?? 0, hit })
        if (process.env['BENCH_DEBUG'] && kind === 'name with typo' && !hit) {
          console.log('meant not in top 10:', q, '→', meant)
        }
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

    const typos = timings.filter((row) => row.kind === 'name with typo')
    const typoMs = typos.map((row) => row.ms).sort((a, b) => a - b)
    const recall = (100 * typos.filter((row) => row.hit).length) / Math.max(1, typos.length)
    await reportFigures([
      {
        id: 'search.typo.p99',
        label: `name search, one typo: p99 (${target.database})`,
        value: figurePercentile(typoMs, 99),
        unit: 'ms',
        better: 'lower'
      },
      {
        id: 'search.typo.recall10',
        label: `name search, one typo: recall@10 (${typos.length} queries)`,
        value: recall,
        unit: '%',
        better: 'higher'
      }
    ])
  } finally {
    await target.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
