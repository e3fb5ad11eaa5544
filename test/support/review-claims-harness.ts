import { randomUUID } from 'node:crypto'
import http from 'node:http'
import Fastify from 'fastify'
import { sql, type Kysely } from 'kysely'
import { hashPassword } from '../../src/server/auth/password'
import type { Database } from '../../src/server/db/database'
import { DEMO_CENTRE } from '../../src/server/seed/seed-database'
import type { TestClock } from './test-clock'

/**
 * The review queue's concurrency proof (issue 9), shared by its tests and its benchmark.
 *
 * Simulated reviewers work the queue over real HTTP (keep-alive sockets): claim-next, then
 * sometimes renew, sometimes release, sometimes stall past the lease and decide with the old
 * token, sometimes claim the case again and decide with the token that superseded, otherwise
 * decide (upheld). Every answer moves the API's clock on, so leases run out mid-work.
 * Every request and answer goes into one log. The checker then proves, from the reviewers' own
 * log AND from the database's case history, independently of each other:
 * - no case was decided twice;
 * - no case was lost (every case ends closed);
 * - no decision was accepted on a stale claim (a token superseded, or a lease run out on the
 *   clock), every such attempt was refused with 409 `stale_claim` (or `case_closed`, once another
 *   decision closed the case), and no current claim was refused;
 * - no case was held by two reviewers at once, and the history says a lease ran out only when
 *   it had.
 *
 * The same harness and checker run against a naive select-then-update claim
 * (`startNaiveReviewServer`) to show that they catch what they claim to catch.
 */

// ---------------------------------------------------------------------------------------------
// HTTP: one keep-alive agent, plain node:http (cheaper per request than fetch on 2 cores)
// ---------------------------------------------------------------------------------------------

export interface Answer {
  status: number
  body: unknown
}

export class HttpClient {
  private readonly agent: http.Agent

  constructor(maxSockets = 64) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets })
  }

  post(base: string, path: string, options: { bearer?: string; body?: unknown } = {}) {
    return this.send(base, 'POST', path, options)
  }

  send(
    base: string,
    method: 'GET' | 'POST',
    path: string,
    options: { bearer?: string; body?: unknown; headers?: Record<string, string> } = {}
  ): Promise<Answer> {
    const payload = options.body === undefined ? '' : JSON.stringify(options.body)
    const headers: Record<string, string> = {
      ...options.headers,
      'content-length': String(Buffer.byteLength(payload))
    }
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    if (options.bearer !== undefined) headers['authorization'] = `Bearer ${options.bearer}`
    return new Promise((resolve, reject) => {
      const request = http.request(
        new URL(path, base),
        { method, agent: this.agent, headers },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('error', reject)
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8')
            let parsed: unknown = undefined
            if (text !== '') {
              try {
                parsed = JSON.parse(text)
              } catch {
                parsed = text
              }
            }
            resolve({ status: response.statusCode ?? 0, body: parsed })
          })
        }
      )
      request.on('error', reject)
      request.end(payload)
    })
  }

  close(): void {
    this.agent.destroy()
  }
}

function errorCode(answer: Answer): string | null {
  const body = answer.body as { code?: unknown } | undefined
  return typeof body?.code === 'string' ? body.code : null
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** mulberry32: a small seeded generator, so a run's choices can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// ---------------------------------------------------------------------------------------------
// Accounts and cases
// ---------------------------------------------------------------------------------------------

export interface StaffAccount {
  staffId: string
  username: string
}

/**
 * Inserts `count` reviewer accounts (roles ['reviewer']) at the demo centre, all with `password`
 * (hashed once: scrypt is deliberately slow).
 */
export async function insertReviewers(
  db: Kysely<Database>,
  count: number,
  password: string,
  prefix = 'stress-reviewer'
): Promise<StaffAccount[]> {
  const passwordHash = await hashPassword(password)
  const rows = await db
    .insertInto('staff')
    .values(
      Array.from({ length: count }, (_, index) => ({
        username: `${prefix}-${String(index + 1).padStart(2, '0')}`,
        display_name: `Stress Reviewer ${index + 1}`,
        password_hash: passwordHash,
        roles: ['reviewer'],
        centre_id: DEMO_CENTRE.id
      }))
    )
    .returning(['id', 'username'])
    .execute()
  return rows.map((row) => ({ staffId: row.id, username: row.username }))
}

/** Signs in through POST /v1/auth/login; the bearer token. */
export async function signIn(
  client: HttpClient,
  base: string,
  username: string,
  password: string
): Promise<string> {
  const answer = await client.post(base, '/v1/auth/login', { body: { username, password } })
  if (answer.status !== 200) {
    throw new Error(`sign-in of ${username}: ${answer.status} ${JSON.stringify(answer.body)}`)
  }
  return (answer.body as { token: string }).token
}

function expectStatus(answer: Answer, status: number, what: string): void {
  if (answer.status !== status) {
    throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`)
  }
}

/**
 * A private client (inserted with SQL) who consents to automated profiling (purpose 3), given
 * through the API (POST /v1/clients/{id}/consents), so the API records profiling decisions about
 * them. (Not consent-helpers' insertClient: that module loads vitest, and the benchmark uses this.)
 */
export async function insertProfiledClient(
  db: Kysely<Database>,
  client: HttpClient,
  base: string,
  agentBearer: string
): Promise<string> {
  const clientId = randomUUID()
  await db
    .insertInto('clients')
    .values({
      id: clientId,
      kind: 'private',
      personal_code: `T${clientId.slice(0, 10)}`,
      first_name: 'Pārskats',
      last_name: 'Klients',
      language: 'lv',
      search_name: 'parskats klients'
    })
    .execute()
  await db
    .insertInto('contracts')
    .values({
      client_id: clientId,
      number: `K${clientId.slice(0, 8)}`,
      status: 'active',
      start_date: '2020-01-01',
      end_date: null
    })
    .execute()
  const answer = await client.send(base, 'POST', `/v1/clients/${clientId}/consents`, {
    bearer: agentBearer,
    headers: { 'idempotency-key': randomUUID(), 'if-match': '0' },
    body: {
      changes: [{ purpose: 'automated_profiling', action: 'given' }],
      identityVerification: { method: 'id_card', documentLast4: '1234' },
      source: 'customer_centre',
      language: 'lv'
    }
  })
  expectStatus(answer, 201, 'consent to profiling')
  return clientId
}

/**
 * `count` open review cases of profiling decisions (upheld, they close without approval). One
 * decision and its case go through the API (POST /v1/decisions, POST /v1/review-cases); the rest
 * are copies of those rows made with SQL in one statement, each with its own decision, its own
 * `created` history row and a due date 0–19 days after the first (so claim-next's order
 * matters). Returns the case ids, the one filed through the API first.
 */
export async function seedReviewCases(
  db: Kysely<Database>,
  args: {
    client: HttpClient
    base: string
    clientId: string
    agentBearer: string
    integrationBearer: string
    count: number
  }
): Promise<string[]> {
  const { client, base } = args
  const decision = await client.post(base, '/v1/decisions', {
    bearer: args.integrationBearer,
    body: {
      clientId: args.clientId,
      kind: 'profiling',
      outcome: { result: 'segment_assigned', segment: 'family', offers: ['tv-family'] },
      model: { name: 'household-segmenter', version: '3.2.0' },
      factors: [
        {
          name: 'household_size',
          direction: 'raised',
          weight: 0.7,
          explanation: {
            lv: 'Mājsaimniecībā ir vairāki cilvēki.',
            en: 'Several people live in the household.',
            ru: 'В домохозяйстве несколько человек.'
          }
        }
      ],
      inputs: { householdSize: 4 }
    }
  })
  expectStatus(decision, 201, 'POST /v1/decisions')
  const decisionId = (decision.body as { id: string }).id
  const filed = await client.post(base, '/v1/review-cases', {
    bearer: args.agentBearer,
    body: {
      kind: 'decision_review',
      clientId: args.clientId,
      decisionId,
      clientStatement: 'I live alone; the household size the model used is wrong.',
      replyChannel: 'letter'
    }
  })
  expectStatus(filed, 201, 'POST /v1/review-cases')
  const templateCaseId = (filed.body as { id: string }).id
  if (args.count <= 1) return [templateCaseId]

  const copies = await sql<{ case_id: string }>`
    with copies as (
      select i, gen_random_uuid() as decision_id, gen_random_uuid() as case_id
      from generate_series(1, ${args.count - 1}::int) as i
    ),
    decisions as (
      insert into automated_decisions (id, client_id, kind, result, limit_eur, segment, offers,
        model_name, model_version, factors, inputs, decided_at, recorded_at, recorded_by)
      select copies.decision_id, d.client_id, d.kind, d.result, d.limit_eur, d.segment, d.offers,
        d.model_name, d.model_version, d.factors, d.inputs, d.decided_at, d.recorded_at,
        d.recorded_by
      from copies cross join automated_decisions d
      where d.id = ${decisionId}::uuid
    ),
    cases as (
      insert into review_cases (id, kind, client_id, decision_id, status, client_statement,
        reply_channel, documents, requested_at, requested_by, centre_id, first_due_at, due_at)
      select copies.case_id, c.kind, c.client_id, copies.decision_id, 'open', c.client_statement,
        c.reply_channel, c.documents, c.requested_at + copies.i * interval '1 millisecond',
        c.requested_by, c.centre_id, c.first_due_at, c.due_at + (copies.i % 20)
      from copies cross join review_cases c
      where c.id = ${templateCaseId}::uuid
      order by copies.i
    ),
    history as (
      insert into review_case_history (case_id, at, actor_id, actor_role, action, details)
      select copies.case_id, h.at, h.actor_id, h.actor_role, h.action,
        h.details || jsonb_build_object('decisionId', copies.decision_id)
      from copies cross join review_case_history h
      where h.case_id = ${templateCaseId}::uuid and h.action = 'created'
    )
    select case_id::text from copies order by i`.execute(db)
  return [templateCaseId, ...copies.rows.map((row) => row.case_id)]
}

// ---------------------------------------------------------------------------------------------
// The reviewers
// ---------------------------------------------------------------------------------------------

export interface Reviewer {
  staffId: string
  bearer: string
  /** The API instance this reviewer talks to. */
  base: string
}

export type ReviewOp = 'claim-next' | 'claim' | 'renew' | 'release' | 'decide'

/**
 * Why a reviewer sent a decision: `normal` (its claim should hold, unless the lease ran out
 * while it waited for the API), `stalled` (it waited on the clock past its lease on purpose),
 * `superseded` (it claimed the case again, and sends the token that claim replaced).
 */
export type DecideIntent = 'normal' | 'stalled' | 'superseded'

export interface LogEntry {
  reviewer: string
  op: ReviewOp
  caseId: string | null
  /** The token sent (renew, release, decide). */
  token: string | null
  intent: DecideIntent | null
  /** Order of events within the run (one counter for sends and receipts). */
  sentSeq: number
  receivedSeq: number
  /** The API's clock (ms) just before sending and just after the answer. */
  sentClock: number
  receivedClock: number
  status: number
  code: string | null
  /** A claim's answer (claim-next, claim, renew with 200). */
  grant: { token: string; expiresAt: number } | null
}

export interface RunOptions {
  reviewers: readonly Reviewer[]
  client: HttpClient
  clock: TestClock
  /** The cases this run must close; the run ends when each has an accepted decision. */
  caseIds: readonly string[]
  /**
   * How far each answered request moves the API's clock (default: 2 / reviewers, so a round of
   * every reviewer's requests is 2 minutes). Time follows the work, not the wall clock: a slow or
   * busy machine runs the same scenario, only slower. When no request is answered for
   * `idleTickMs`, the clock moves a minute anyway (a stalled reviewer waits for it).
   */
  clockMinutesPerRequest?: number
  idleTickMs?: number
  seed: number
  chances?: Partial<Chances>
  /** Give up after this long (the checker then reports what was left). */
  deadlineMs: number
}

export interface Chances {
  /** Wait on the clock past the lease, then decide with the old token. */
  stall: number
  /** Claim the held case again (a new token), decide with the old one, then go on. */
  reclaim: number
  /** Work past the first lease, renewing it before it runs out. */
  renew: number
  /** Give the case back. */
  release: number
}

const DEFAULT_CHANCES: Chances = { stall: 0.015, reclaim: 0.015, renew: 0.04, release: 0.05 }

export interface RunResult {
  log: LogEntry[]
  seconds: number
  /** Claims granted (200 from claim-next or claim). */
  claims: number
  claimsPerSecond: number
  requests: number
  timedOut: boolean
}

const UPHOLD = {
  outcome: 'upheld',
  reasonCode: 'model_correct',
  rationale: 'We checked the household data the model used; it matches your contract records.'
} as const

/** Runs the reviewers until every case of the run has an accepted decision (or the deadline). */
export async function runReviewers(options: RunOptions): Promise<RunResult> {
  const { client, clock } = options
  const minutesPerRequest = options.clockMinutesPerRequest ?? 2 / options.reviewers.length
  const chances = { ...DEFAULT_CHANCES, ...options.chances }
  const log: LogEntry[] = []
  const decided = new Set<string>()
  const expected = new Set(options.caseIds)
  let seq = 0
  let stopped = false
  const deadline = performance.now() + options.deadlineMs
  const minute = 60_000

  let answeredSinceTick = 0
  const ticker = setInterval(() => {
    if (answeredSinceTick === 0) clock.advanceMinutes(1)
    answeredSinceTick = 0
  }, options.idleTickMs ?? 20)

  const call = async (
    reviewer: Reviewer,
    op: ReviewOp,
    caseId: string | null,
    token: string | null,
    intent: DecideIntent | null = null
  ): Promise<LogEntry> => {
    const path = caseId === null ? '/v1/review-cases/claim-next' : opPath(op, caseId)
    const body =
      op === 'decide' ? { token, ...UPHOLD } : token === null ? undefined : { token: token }
    const sentSeq = seq++
    const sentClock = clock.now().getTime()
    const answer = await client.post(reviewer.base, path, {
      bearer: reviewer.bearer,
      ...(body === undefined ? {} : { body })
    })
    const receivedClock = clock.now().getTime()
    clock.advanceMinutes(minutesPerRequest)
    answeredSinceTick++
    const entry: LogEntry = {
      reviewer: reviewer.staffId,
      op,
      caseId,
      token,
      intent,
      sentSeq,
      receivedSeq: seq++,
      sentClock,
      receivedClock,
      status: answer.status,
      code: errorCode(answer),
      grant: null
    }
    if (answer.status === 200 && (op === 'claim-next' || op === 'claim' || op === 'renew')) {
      const claimed = answer.body as {
        case: { id: string }
        claim: { token: string; expiresAt: string }
      }
      entry.caseId = claimed.case.id
      entry.grant = {
        token: claimed.claim.token,
        expiresAt: new Date(claimed.claim.expiresAt).getTime()
      }
    }
    if (op === 'decide' && answer.status === 200 && caseId !== null) decided.add(caseId)
    log.push(entry)
    return entry
  }

  const waitForClock = async (target: number): Promise<void> => {
    while (clock.now().getTime() < target && !stopped) {
      await sleep(2)
    }
  }

  const allDecided = (): boolean => [...expected].every((id) => decided.has(id))

  const reviewerLoop = async (reviewer: Reviewer, random: () => number): Promise<void> => {
    while (!stopped) {
      if (performance.now() > deadline) {
        stopped = true
        return
      }
      const next = await call(reviewer, 'claim-next', null, null)
      if (next.status !== 200 || next.grant === null || next.caseId === null) {
        if (allDecided()) return
        await sleep(2)
        continue
      }
      const caseId = next.caseId
      let claim = next.grant
      const roll = random()
      if (roll < chances.stall) {
        // Stalls past its lease (the others' requests move the clock meanwhile), then decides.
        await waitForClock(claim.expiresAt + minute)
        await call(reviewer, 'decide', caseId, claim.token, 'stalled')
        continue
      }
      if (roll < chances.stall + chances.reclaim) {
        const again = await call(reviewer, 'claim', caseId, null)
        if (again.status !== 200 || again.grant === null) continue
        await call(reviewer, 'decide', caseId, claim.token, 'superseded')
        claim = again.grant
      }
      if (random() < chances.renew) {
        // Works through most of the lease, renews, and decides only after the first lease would
        // have run out: the decision holds only if the renewal did.
        const firstExpiry = claim.expiresAt
        await waitForClock(firstExpiry - 3 * minute)
        const renewed = await call(reviewer, 'renew', caseId, claim.token)
        if (renewed.status !== 200 || renewed.grant === null) continue
        claim = renewed.grant
        await waitForClock(Math.min(firstExpiry + minute, claim.expiresAt - 3 * minute))
      }
      if (random() < chances.release) {
        await call(reviewer, 'release', caseId, claim.token)
        continue
      }
      await call(reviewer, 'decide', caseId, claim.token, 'normal')
    }
  }

  const started = performance.now()
  try {
    await Promise.all(
      options.reviewers.map((reviewer, index) =>
        reviewerLoop(reviewer, seededRandom(options.seed * 1000 + index))
      )
    )
  } finally {
    clearInterval(ticker)
  }
  const seconds = (performance.now() - started) / 1000
  const claims = log.filter(
    (entry) => (entry.op === 'claim-next' || entry.op === 'claim') && entry.status === 200
  ).length
  return {
    log,
    seconds,
    claims,
    claimsPerSecond: claims / seconds,
    requests: log.length,
    timedOut: !allDecided()
  }
}

function opPath(op: ReviewOp, caseId: string): string {
  switch (op) {
    case 'claim-next':
      return '/v1/review-cases/claim-next'
    case 'claim':
      return `/v1/review-cases/${caseId}/claim`
    case 'renew':
      return `/v1/review-cases/${caseId}/renew`
    case 'release':
      return `/v1/review-cases/${caseId}/release`
    case 'decide':
      return `/v1/review-cases/${caseId}/decision`
  }
}

// ---------------------------------------------------------------------------------------------
// The checker
// ---------------------------------------------------------------------------------------------

export interface LogViolations {
  /** Cases with more than one accepted decision. */
  decidedTwice: string[]
  /** Cases of the run nobody decided. */
  undecided: string[]
  /**
   * Accepted decisions whose token was not the case's last (a later claim superseded it, or a
   * claim was granted on the case after it closed), or whose lease had run out on the clock
   * before the decision was sent, or that presented another reviewer's token.
   */
  staleAccepted: string[]
  /**
   * Decisions stale when sent (see above) refused with anything but 409 `stale_claim` (or 409
   * `case_closed` when another decision of the case may have closed it first).
   */
  staleWronglyRefused: string[]
  /**
   * Decisions and renewals refused although their claim was current for the whole request: the
   * sender's token, no later claim of the case sent before the answer came, and the lease not run
   * out on the clock even when the answer came.
   */
  currentRefused: string[]
  /**
   * Claims granted while another reviewer's lease on the same case was certainly live (not run
   * out on the clock by the time the grant was received, and not yet given up by its holder).
   */
  claimedTwice: string[]
  /** Answers outside the contract: 5xx, a 4xx other than 409, an unknown 409 code. */
  unexpected: string[]
}

export interface DatabaseViolations {
  /** Cases with more than one `decided` history row. */
  decidedTwice: string[]
  /** Cases of the run that did not end `closed`. */
  notClosed: string[]
  /** Of those, the ones nobody could claim any more (held with a live lease by nobody working). */
  lost: string[]
  /**
   * `decided` rows made by someone who did not hold the case's latest claim, or at a time past
   * that claim's lease (as renewed: renewals are not transitions, so their expiries come from
   * the reviewers' log).
   */
  staleDecided: string[]
  /** `claimed` rows taking a case from another reviewer whose lease had not run out. */
  claimedTwice: string[]
  /** Rows after the case's `closed` row. */
  changedAfterClose: string[]
  /**
   * `claim_expired` rows about a lease that had not run out (`leaseExpiredAt` after the row's own
   * time): the history must not say a lease ran out when a claim replaced one that held.
   */
  falseExpiry: string[]
}

export interface Exercised {
  decisionsAccepted: number
  /** Stalled decisions sent after the lease ran out (all must be refused). */
  stalledDecides: number
  /** Decisions sent with a token the sender's own later claim superseded. */
  supersededDecides: number
  /** Normal decisions whose lease ran out while the reviewer waited for the API. */
  expiredWhileWorking: number
  renewals: number
  releases: number
  /** Claims that took over a case whose previous holder's lease had run out. */
  takeovers: number
  /** 409 codes the stale decisions got, e.g. { stale_claim: 40, case_closed: 3 }. */
  staleRefusalCodes: Record<string, number>
}

export interface CheckReport {
  log: LogViolations
  database: DatabaseViolations
  exercised: Exercised
}

/** Every violation counted, for an `expect(...).toEqual(zero)` that prints what went wrong. */
export function violationCounts(report: CheckReport): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const [name, list] of Object.entries(report.log)) counts[`log.${name}`] = list.length
  for (const [name, list] of Object.entries(report.database)) counts[`db.${name}`] = list.length
  return counts
}

interface Grant {
  caseId: string
  reviewer: string
  sentSeq: number
  token: bigint
  tokenText: string
  expiresAt: number
  receivedSeq: number
  receivedClock: number
  /** sentSeq of the holder's accepted release or decision with this token. */
  endedSeq: number
  /** The lease as last renewed (accepted renewals of this token). */
  effectiveExpiry: number
  renewals: Array<{ receivedSeq: number; expiresAt: number }>
}

/** The grant's lease as its holder knew it at `seq`: renewals answered before then count. */
function expiryAt(grant: Grant, seq: number): number {
  let expiry = grant.expiresAt
  for (const renewal of grant.renewals) {
    if (renewal.receivedSeq < seq) expiry = Math.max(expiry, renewal.expiresAt)
  }
  return expiry
}

interface HistoryRecord {
  case_id: string
  at: Date
  actor_id: string | null
  action: string
  details: Record<string, unknown> | null
}

/**
 * Checks a run: the reviewers' log on its own, and the database's history and case rows of the
 * run's cases on their own (joined only to learn renewals, which history does not record).
 */
export async function checkRun(
  db: Kysely<Database>,
  caseIds: readonly string[],
  log: readonly LogEntry[],
  now: Date
): Promise<CheckReport> {
  const grants = grantsOf(log)
  const logViolations = checkLog(caseIds, log, grants)
  const history = await sql<HistoryRecord>`
    select case_id::text, at, actor_id::text, action, details
    from review_case_history
    where case_id = any(${caseIds as string[]}::uuid[])
    order by id`.execute(db)
  const cases = await sql<{
    id: string
    status: string
    lease_expires_at: Date | null
  }>`select id::text, status, lease_expires_at from review_cases
     where id = any(${caseIds as string[]}::uuid[])`.execute(db)
  const database = checkDatabase(caseIds, history.rows, cases.rows, grants, now)
  return { log: logViolations, database, exercised: exercisedBy(log, grants) }
}

function grantsOf(log: readonly LogEntry[]): Map<string, Grant[]> {
  const byCase = new Map<string, Grant[]>()
  const byToken = new Map<string, Grant>()
  for (const entry of log) {
    if (entry.grant === null || entry.caseId === null) continue
    if (entry.op === 'renew') continue
    const grant: Grant = {
      caseId: entry.caseId,
      reviewer: entry.reviewer,
      sentSeq: entry.sentSeq,
      token: BigInt(entry.grant.token),
      tokenText: entry.grant.token,
      expiresAt: entry.grant.expiresAt,
      receivedSeq: entry.receivedSeq,
      receivedClock: entry.receivedClock,
      endedSeq: Number.POSITIVE_INFINITY,
      effectiveExpiry: entry.grant.expiresAt,
      renewals: []
    }
    const list = byCase.get(entry.caseId) ?? []
    list.push(grant)
    byCase.set(entry.caseId, list)
    byToken.set(`${entry.caseId}|${entry.grant.token}`, grant)
  }
  for (const entry of log) {
    if (entry.caseId === null || entry.token === null || entry.status !== 200) continue
    const grant = byToken.get(`${entry.caseId}|${entry.token}`)
    if (!grant) continue
    if (entry.op === 'renew' && entry.grant) {
      grant.effectiveExpiry = Math.max(grant.effectiveExpiry, entry.grant.expiresAt)
      grant.renewals.push({ receivedSeq: entry.receivedSeq, expiresAt: entry.grant.expiresAt })
    }
    if (entry.op === 'release' || entry.op === 'decide') {
      grant.endedSeq = Math.min(grant.endedSeq, entry.sentSeq)
    }
  }
  for (const list of byCase.values()) list.sort((a, b) => (a.token < b.token ? -1 : 1))
  return byCase
}

const EXPECTED_409 = new Set(['stale_claim', 'case_closed', 'case_claimed'])

function describeEntry(entry: LogEntry): string {
  return (
    `${entry.op} ${entry.caseId ?? '-'} by ${entry.reviewer.slice(0, 8)} token ${entry.token ?? '-'}` +
    ` (${entry.intent ?? ''}) → ${entry.status} ${entry.code ?? ''}`
  )
}

/** Whether a decision was certainly stale when sent, judged from the log alone. */
function staleWhenSent(entry: LogEntry, grants: Map<string, Grant[]>): boolean {
  if (entry.intent === 'stalled' || entry.intent === 'superseded') return true
  const list = grants.get(entry.caseId ?? '') ?? []
  const own = list.find((grant) => grant.tokenText === entry.token)
  if (!own || own.reviewer !== entry.reviewer) return true
  if (entry.sentClock >= expiryAt(own, entry.sentSeq)) return true
  // A later claim of the case was already granted (to anyone) before this was sent.
  return list.some((grant) => grant.token > own.token && grant.receivedSeq < entry.sentSeq)
}

/** Whether the claim a request presented was certainly current from its sending to its answer. */
function currentThroughout(entry: LogEntry, grants: Map<string, Grant[]>): boolean {
  if (entry.intent === 'stalled' || entry.intent === 'superseded') return false
  const list = grants.get(entry.caseId ?? '') ?? []
  const own = list.find((grant) => grant.tokenText === entry.token)
  if (!own || own.reviewer !== entry.reviewer) return false
  if (entry.receivedClock >= expiryAt(own, entry.sentSeq)) return false
  return !list.some((grant) => grant.token > own.token && grant.sentSeq < entry.receivedSeq)
}

function checkLog(
  caseIds: readonly string[],
  log: readonly LogEntry[],
  grants: Map<string, Grant[]>
): LogViolations {
  const violations: LogViolations = {
    decidedTwice: [],
    undecided: [],
    staleAccepted: [],
    staleWronglyRefused: [],
    currentRefused: [],
    claimedTwice: [],
    unexpected: []
  }
  const accepted = new Map<string, LogEntry[]>()
  for (const entry of log) {
    if (entry.op === 'decide' && entry.status === 200 && entry.caseId !== null) {
      accepted.set(entry.caseId, [...(accepted.get(entry.caseId) ?? []), entry])
    }
  }
  /** Another decision of the case was accepted, sent before this request's answer came. */
  const closedMeanwhile = (entry: LogEntry): boolean =>
    (accepted.get(entry.caseId ?? '') ?? []).some(
      (other) => other !== entry && other.sentSeq < entry.receivedSeq
    )
  for (const entry of log) {
    const okStatus =
      entry.status === 200 ||
      (entry.status === 204 && entry.op === 'claim-next') ||
      (entry.status === 409 && entry.op !== 'claim-next' && EXPECTED_409.has(entry.code ?? ''))
    if (!okStatus) violations.unexpected.push(describeEntry(entry))
    if (entry.caseId === null || entry.token === null) continue
    if ((entry.op === 'decide' || entry.op === 'renew') && entry.status === 409) {
      if (currentThroughout(entry, grants) && !closedMeanwhile(entry)) {
        violations.currentRefused.push(describeEntry(entry))
      }
    }
    if (entry.op !== 'decide') continue
    const stale = staleWhenSent(entry, grants)
    if (entry.status === 200) {
      const caseGrants = grants.get(entry.caseId) ?? []
      const last = caseGrants.at(-1)
      if (stale || last === undefined || last.tokenText !== entry.token) {
        violations.staleAccepted.push(describeEntry(entry))
      }
    } else if (stale) {
      const refusedAsStale =
        entry.status === 409 &&
        (entry.code === 'stale_claim' || (entry.code === 'case_closed' && closedMeanwhile(entry)))
      if (!refusedAsStale) violations.staleWronglyRefused.push(describeEntry(entry))
    }
  }
  for (const [caseId, list] of accepted) {
    if (list.length > 1) violations.decidedTwice.push(caseId)
  }
  for (const caseId of caseIds) {
    if (!accepted.has(caseId)) violations.undecided.push(caseId)
  }
  for (const list of grants.values()) {
    for (let index = 1; index < list.length; index++) {
      const previous = list[index - 1]!
      const grant = list[index]!
      if (grant.reviewer === previous.reviewer) continue
      const leaseLive = grant.receivedClock < previous.effectiveExpiry
      const stillHeld = previous.endedSeq > grant.receivedSeq
      if (leaseLive && stillHeld) {
        violations.claimedTwice.push(
          `${grant.caseId}: token ${grant.tokenText} granted while ${previous.tokenText} held`
        )
      }
    }
  }
  return violations
}

function checkDatabase(
  caseIds: readonly string[],
  history: readonly HistoryRecord[],
  cases: ReadonlyArray<{ id: string; status: string; lease_expires_at: Date | null }>,
  grants: Map<string, Grant[]>,
  now: Date
): DatabaseViolations {
  const violations: DatabaseViolations = {
    decidedTwice: [],
    notClosed: [],
    lost: [],
    staleDecided: [],
    claimedTwice: [],
    changedAfterClose: [],
    falseExpiry: []
  }
  /**
   * The lease a `claimed` row granted, as renewed: the log's grants of the case, in token order,
   * are matched to the case's `claimed` rows in history order (both orders are the order the
   * claims took the row lock) by claimant and expiry.
   */
  const cursors = new Map<string, number>()
  const renewedExpiry = (caseId: string, actor: string | null, expiresAt: number): number => {
    const list = grants.get(caseId) ?? []
    for (let index = cursors.get(caseId) ?? 0; index < list.length; index++) {
      const grant = list[index]!
      if (grant.reviewer === actor && grant.expiresAt === expiresAt) {
        cursors.set(caseId, index + 1)
        return grant.effectiveExpiry
      }
    }
    return expiresAt
  }
  const byCase = new Map<string, HistoryRecord[]>()
  for (const row of history) {
    const list = byCase.get(row.case_id) ?? []
    list.push(row)
    byCase.set(row.case_id, list)
  }
  for (const caseId of caseIds) {
    const rows = byCase.get(caseId) ?? []
    let holder: { actor: string | null; expiry: number } | null = null
    let decidedCount = 0
    let closed = false
    for (const row of rows) {
      const at = row.at.getTime()
      if (closed) {
        violations.changedAfterClose.push(`${caseId}: ${row.action} after closed`)
      }
      switch (row.action) {
        case 'claimed': {
          if (holder && holder.actor !== row.actor_id && at < holder.expiry) {
            violations.claimedTwice.push(
              `${caseId}: claimed by ${row.actor_id} at ${row.at.toISOString()} ` +
                `while ${holder.actor} held it until ${new Date(holder.expiry).toISOString()}`
            )
          }
          const expiresAt = new Date(String(row.details?.['expiresAt'])).getTime()
          holder = { actor: row.actor_id, expiry: renewedExpiry(caseId, row.actor_id, expiresAt) }
          break
        }
        case 'decided':
          decidedCount++
          if (!holder || holder.actor !== row.actor_id || at >= holder.expiry) {
            violations.staleDecided.push(
              `${caseId}: decided by ${row.actor_id} at ${row.at.toISOString()}, holder ` +
                (holder ? `${holder.actor} until ${new Date(holder.expiry).toISOString()}` : 'none')
            )
          }
          holder = null
          break
        case 'released':
        case 'reassigned':
          holder = null
          break
        // Does not end the holder: the API writes it when it takes a claim over, and a claim that
        // wrongly took a live one would write it too; the next `claimed` row is judged instead.
        case 'claim_expired': {
          const expiredAt = new Date(String(row.details?.['leaseExpiredAt'])).getTime()
          if (!(expiredAt <= at)) {
            violations.falseExpiry.push(
              `${caseId}: claim_expired at ${row.at.toISOString()} of a lease until ` +
                String(row.details?.['leaseExpiredAt'])
            )
          }
          break
        }
        case 'closed':
          closed = true
          break
        default:
          break
      }
    }
    if (decidedCount > 1) violations.decidedTwice.push(caseId)
  }
  const nowMs = now.getTime()
  const seen = new Set<string>()
  for (const row of cases) {
    seen.add(row.id)
    if (row.status === 'closed') continue
    violations.notClosed.push(`${row.id}: ${row.status}`)
    const claimable =
      row.status === 'open' ||
      (row.status === 'claimed' &&
        row.lease_expires_at !== null &&
        row.lease_expires_at.getTime() <= nowMs)
    if (!claimable) violations.lost.push(`${row.id}: ${row.status}`)
  }
  for (const caseId of caseIds) {
    if (!seen.has(caseId)) violations.lost.push(`${caseId}: missing`)
  }
  return violations
}

function exercisedBy(log: readonly LogEntry[], grants: Map<string, Grant[]>): Exercised {
  const exercised: Exercised = {
    decisionsAccepted: 0,
    stalledDecides: 0,
    supersededDecides: 0,
    expiredWhileWorking: 0,
    renewals: 0,
    releases: 0,
    takeovers: 0,
    staleRefusalCodes: {}
  }
  for (const entry of log) {
    if (entry.op === 'renew' && entry.status === 200) exercised.renewals++
    if (entry.op === 'release' && entry.status === 200) exercised.releases++
    if (entry.op !== 'decide') continue
    if (entry.status === 200) exercised.decisionsAccepted++
    if (entry.intent === 'stalled') exercised.stalledDecides++
    if (entry.intent === 'superseded') exercised.supersededDecides++
    const stale = staleWhenSent(entry, grants)
    if (entry.intent === 'normal' && stale) exercised.expiredWhileWorking++
    if (stale && entry.status === 409) {
      const code = entry.code ?? 'none'
      exercised.staleRefusalCodes[code] = (exercised.staleRefusalCodes[code] ?? 0) + 1
    }
  }
  for (const list of grants.values()) {
    for (let index = 1; index < list.length; index++) {
      const previous = list[index - 1]!
      const grant = list[index]!
      if (grant.reviewer !== previous.reviewer && previous.endedSeq > grant.receivedSeq) {
        exercised.takeovers++
      }
    }
  }
  return exercised
}

// ---------------------------------------------------------------------------------------------
// The naive claim, for showing that the checker catches a broken one
// ---------------------------------------------------------------------------------------------

export interface NaiveServer {
  base: string
  close(): Promise<void>
}

/**
 * The claim done wrong, on the same tables and history: claim-next SELECTs the soonest claimable
 * case without locking it, then UPDATEs it by id (two reviewers can both take it); a claim by id
 * takes the case whoever holds it; a decision checks nothing but the case id. Renew and release
 * do check the token. Same paths and answer shapes as the API, so the harness cannot tell.
 * `staffByBearer` stands in for sign-in.
 */
export async function startNaiveReviewServer(
  db: Kysely<Database>,
  clock: TestClock,
  leaseMinutes: number,
  staffByBearer: ReadonlyMap<string, string>
): Promise<NaiveServer> {
  const app = Fastify()
  const staffOf = (authorization: string | undefined): string => {
    const staff = staffByBearer.get((authorization ?? '').replace(/^Bearer /, ''))
    if (!staff) throw new Error('unknown bearer')
    return staff
  }
  const leaseUntil = (now: Date): Date => new Date(now.getTime() + leaseMinutes * 60_000)

  const take = async (caseId: string, staffId: string) => {
    const now = clock.now()
    const until = leaseUntil(now)
    const result = await sql<{ id: string; token: string; expires_at: Date }>`
      with claimed as (
        update review_cases set status = 'claimed', assignee_id = ${staffId}::uuid,
          claim_token = nextval('review_claim_tokens'), lease_expires_at = ${until}::timestamptz
        where id = ${caseId}::uuid and status <> 'closed'
        returning id, claim_token, lease_expires_at
      ),
      history as (
        insert into review_case_history (case_id, at, actor_id, actor_role, action, details)
        select id, ${now}::timestamptz, ${staffId}::uuid, 'reviewer', 'claimed',
          jsonb_build_object('expiresAt', ${until.toISOString()}::text)
        from claimed
      )
      select id::text, claim_token::text as token, lease_expires_at as expires_at
      from claimed`.execute(db)
    const row = result.rows[0]
    return row
      ? {
          case: { id: row.id },
          claim: { token: row.token, expiresAt: row.expires_at.toISOString() }
        }
      : null
  }

  app.post('/v1/review-cases/claim-next', async (request, reply) => {
    const staffId = staffOf(request.headers.authorization)
    for (;;) {
      const now = clock.now()
      // The bug: nothing stops another reviewer from selecting the same row before the UPDATE.
      const soonest = await sql<{ id: string }>`
        select id::text from review_cases
        where status = 'open' or (status = 'claimed' and lease_expires_at <= ${now}::timestamptz)
        order by due_at, requested_at, number
        limit 1`.execute(db)
      const candidate = soonest.rows[0]
      if (!candidate) return reply.code(204).send()
      const claimed = await take(candidate.id, staffId)
      if (claimed) return claimed
    }
  })
  app.post<{ Params: { id: string } }>('/v1/review-cases/:id/claim', async (request, reply) => {
    const claimed = await take(request.params.id, staffOf(request.headers.authorization))
    return claimed ?? reply.code(409).send({ code: 'case_closed', message: 'closed' })
  })
  app.post<{ Params: { id: string }; Body: { token: string } }>(
    '/v1/review-cases/:id/renew',
    async (request, reply) => {
      const until = leaseUntil(clock.now())
      const result = await sql<{ token: string }>`
        update review_cases set lease_expires_at = ${until}::timestamptz
        where id = ${request.params.id}::uuid and claim_token = ${request.body.token}::bigint
        returning claim_token::text as token`.execute(db)
      if (result.rows.length === 0) {
        return reply.code(409).send({ code: 'stale_claim', message: 'stale' })
      }
      return {
        case: { id: request.params.id },
        claim: { token: request.body.token, expiresAt: until.toISOString() }
      }
    }
  )
  app.post<{ Params: { id: string }; Body: { token: string } }>(
    '/v1/review-cases/:id/release',
    async (request, reply) => {
      const staffId = staffOf(request.headers.authorization)
      const result = await sql<{ id: string }>`
        with released as (
          update review_cases
          set status = 'open', assignee_id = null, claim_token = null, lease_expires_at = null
          where id = ${request.params.id}::uuid and claim_token = ${request.body.token}::bigint
          returning id
        ),
        history as (
          insert into review_case_history (case_id, at, actor_id, actor_role, action)
          select id, ${clock.now()}::timestamptz, ${staffId}::uuid, 'reviewer', 'released'
          from released
        )
        select id::text from released`.execute(db)
      if (result.rows.length === 0) {
        return reply.code(409).send({ code: 'stale_claim', message: 'stale' })
      }
      return { id: request.params.id, status: 'open' }
    }
  )
  app.post<{ Params: { id: string } }>('/v1/review-cases/:id/decision', async (request) => {
    const staffId = staffOf(request.headers.authorization)
    const now = clock.now()
    // The bug: no token, holder or lease check, only the case id.
    await sql`
      with decided as (
        update review_cases
        set status = 'closed', claim_token = null, lease_expires_at = null, outcome = 'upheld',
          reason_code = 'model_correct', rationale = ${UPHOLD.rationale}, decided_at = ${now}::timestamptz,
          decided_by = ${staffId}::uuid, closed_at = ${now}::timestamptz
        where id = ${request.params.id}::uuid
        returning id
      )
      insert into review_case_history (case_id, at, actor_id, actor_role, action)
      select id, ${now}::timestamptz, ${staffId}::uuid, 'reviewer', action
      from decided cross join (values (1, 'decided'), (2, 'closed')) as a(position, action)
      order by position`.execute(db)
    return { id: request.params.id, status: 'closed' }
  })

  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  return { base, close: () => app.close() }
}

/** One line for a run: reviewers, cases, claims per second. */
export function describeRun(label: string, cases: number, result: RunResult): string {
  return (
    `${label}: ${cases} cases closed in ${result.seconds.toFixed(1)} s, ` +
    `${result.claims} claims (${result.claimsPerSecond.toFixed(0)} claims/s), ` +
    `${result.requests} requests (${(result.requests / result.seconds).toFixed(0)}/s)`
  )
}
