import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase } from '../../../src/server/db/create-database'
import type { DatabaseHandle } from '../../../src/server/db/database'
import { migrateToLatest } from '../../../src/server/db/migrate'
import { formatKeyset, generateKeyset } from '../../../src/server/receipts/signing-keys'
import { seedDemoStaff } from '../../../src/server/seed/seed-database'
import { body, insertClient } from '../../support/consent-helpers'
import { startThrowawayCluster, type Cluster } from '../../support/postgres-cluster'
import { TEST_PASSWORD } from '../../support/test-api'

// PostgreSQL dies under write load, ten times (kill -9 of the postmaster and its backends, then
// crash recovery), while the API runs in a process of its own, exactly as `npm run server` runs
// it: an error nothing handles would end that process, and this test counts its exits. Writers
// record consents through HTTP and keep every write the API acknowledged (2xx); a write that
// failed is retried with the same idempotency key, as the desk does. The cluster is this test's
// own (durable: fsync and synchronous commit on), never the shared one.

const CRASHES = 10
const WRITERS = 6
/** Load between two crashes, and how long PostgreSQL stays down. */
const LOAD_MS = 900
const OUTAGE_MS = 500
/** "Recovers within seconds": from PostgreSQL accepting connections to /health answering 200. */
const MAX_RECOVERY_MS = 5000
const REQUEST_TIMEOUT_MS = 10_000

interface Answer {
  status: number
  code: string | undefined
  retryAfter: string | null
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function ask(url: string, init: RequestInit = {}): Promise<Answer & { json: unknown }> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
    const json: unknown = await response.json().catch(() => undefined)
    return {
      status: response.status,
      code: (json as { code?: string } | undefined)?.code,
      retryAfter: response.headers.get('retry-after'),
      json
    }
  } catch {
    // No HTTP answer at all: the API process is gone (or hangs); counted as status 0.
    return { status: 0, code: undefined, retryAfter: null, json: undefined }
  }
}

describe('the API while PostgreSQL is killed under write load', () => {
  let cluster: Cluster
  let owner: DatabaseHandle
  let api: ChildProcess
  let base: string
  let apiLog = ''
  const exits: Array<{ code: number | null; signal: NodeJS.Signals | null }> = []

  beforeAll(async () => {
    cluster = await startThrowawayCluster({ durable: true })
    const admin = new pg.Client({ connectionString: cluster.url })
    await admin.connect()
    await admin.query(`create role consent_app nologin`)
    await admin.query(`create role outage_api login password 'outage-api' in role consent_app`)
    await admin.end()
    owner = await createDatabase({ kind: 'postgres', url: cluster.url })
    await migrateToLatest(owner.db)
    await seedDemoStaff(owner.db, TEST_PASSWORD)

    const appUrl = new URL(cluster.url)
    appUrl.username = 'outage_api'
    appUrl.password = 'outage-api'
    api = spawn(join(process.cwd(), 'node_modules/.bin/tsx'), ['src/server/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: appUrl.toString(),
        RECEIPT_SIGNING_KEY: formatKeyset(await generateKeyset(new Date())),
        PORT: '0',
        LOG_LEVEL: 'error'
      },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    api.on('exit', (code, signal) => exits.push({ code, signal }))
    base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`API did not start:\n${apiLog}`)), 30_000)
      api.stdout!.on('data', (chunk: Buffer) => {
        apiLog += chunk.toString()
        const match = /listening on (http:\/\/\S+)/.exec(apiLog)
        if (match) {
          clearTimeout(timer)
          resolve(match[1]!)
        }
      })
      api.stderr!.on('data', (chunk: Buffer) => {
        apiLog += chunk.toString()
      })
      api.once('exit', () => reject(new Error(`API exited at start:\n${apiLog}`)))
    })
  }, 120_000)

  afterAll(async () => {
    if (api && api.exitCode === null) {
      api.kill('SIGTERM')
      await new Promise((resolve) => api.once('exit', resolve))
    }
    await owner?.close()
    await cluster?.stop()
  })

  it(`loses no acknowledged write over ${CRASHES} crashes, never exits, answers 503 meanwhile and recovers by itself`, async () => {
    const login = await ask(`${base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agent', password: TEST_PASSWORD })
    })
    expect(login.status).toBe(200)
    const token = (login.json as { token: string }).token

    const acknowledgedEventIds: string[] = []
    const answers: Answer[] = []
    let running = true

    // One client per writer, so that a writer always knows the version it writes on: it
    // alternates giving and withdrawing one consent and retries a failed write with its key.
    async function writer(clientId: string): Promise<void> {
      let version = 0
      while (running) {
        const given = version % 2 === 0
        const key = randomUUID()
        const payload = JSON.stringify(
          body([{ purpose: 'research_metadata', action: given ? 'given' : 'withdrawn' }])
        )
        for (;;) {
          const answer = await ask(`${base}/v1/clients/${clientId}/consents`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'idempotency-key': key,
              'if-match': String(version)
            },
            body: payload
          })
          answers.push(answer)
          if (answer.status === 201) {
            const recorded = answer.json as { version: number; events: Array<{ id: string }> }
            acknowledgedEventIds.push(...recorded.events.map((event) => event.id))
            version = recorded.version
            break
          }
          if (!running) return
          await sleep(100)
        }
      }
    }

    const clientIds = await Promise.all(
      Array.from({ length: WRITERS }, () => insertClient(owner.db))
    )
    const writers = clientIds.map(writer)

    const healthDuringOutage: Answer[] = []
    const recoveryMs: number[] = []
    const acknowledgedBeforeCycle: number[] = []
    // A dead API ends the run at once (and fails below), rather than waiting out every cycle.
    for (let crash = 0; crash < CRASHES && exits.length === 0; crash++) {
      await sleep(LOAD_MS)
      acknowledgedBeforeCycle.push(acknowledgedEventIds.length)
      await cluster.crash()
      await sleep(OUTAGE_MS / 2)
      healthDuringOutage.push(await ask(`${base}/health`))
      await sleep(OUTAGE_MS / 2)
      await cluster.restart()
      const restarted = performance.now()
      for (;;) {
        const health = await ask(`${base}/health`)
        if (health.status === 200 || exits.length > 0) break
        if (performance.now() - restarted > 30_000) break
        await sleep(50)
      }
      recoveryMs.push(Math.round(performance.now() - restarted))
    }
    await sleep(LOAD_MS)
    running = false
    await Promise.all(writers)

    // The run's figures, for whoever reads the test log.
    process.stdout.write(
      `database outage: ${recoveryMs.length} crashes, ${acknowledgedEventIds.length} events ` +
        `acknowledged, ${answers.filter((answer) => answer.status !== 201).length} refused ` +
        `attempts, recovery after restart ${recoveryMs.join('/')} ms\n`
    )

    // 0 process exits.
    expect(exits, apiLog.slice(-2000)).toEqual([])
    expect(api.exitCode).toBeNull()

    // Every acknowledged write is in the ledger.
    const stored = await owner.db
      .selectFrom('consent_events')
      .select('id')
      .where('id', 'in', acknowledgedEventIds)
      .execute()
    expect(acknowledgedEventIds.length).toBeGreaterThan(CRASHES * WRITERS)
    expect(stored.length).toBe(acknowledgedEventIds.length)

    // The writers kept writing after each restart: load ran through every cycle.
    for (let cycle = 1; cycle < CRASHES; cycle++) {
      expect(acknowledgedBeforeCycle[cycle]!, `cycle ${cycle}`).toBeGreaterThan(
        acknowledgedBeforeCycle[cycle - 1]!
      )
    }

    // Meanwhile: 503 database_unavailable with Retry-After, never a 500, always an answer.
    const failures = answers.filter((answer) => answer.status !== 201)
    expect(failures.length).toBeGreaterThan(0)
    const shapes = new Set(
      failures.map((answer) => `${answer.status} ${answer.code} retry-after:${answer.retryAfter}`)
    )
    expect([...shapes]).toEqual(['503 database_unavailable retry-after:2'])
    for (const health of healthDuringOutage) {
      expect(health).toMatchObject({
        status: 503,
        code: 'database_unavailable',
        retryAfter: '2'
      })
    }

    // Back by itself within seconds of each restart.
    expect(Math.max(...recoveryMs), `recovery times ${recoveryMs.join(', ')} ms`).toBeLessThan(
      MAX_RECOVERY_MS
    )
  }, 150_000)
})
