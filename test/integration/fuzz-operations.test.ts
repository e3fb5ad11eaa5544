import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashSessionToken, newSessionToken } from '../../src/server/auth/tokens'
import { insertSession } from '../../src/server/auth/sessions.repository'
import { seedDemoReviews } from '../../src/server/seed/review-demo'
import { DEMO_SEED } from '../../src/server/seed/generator'
import { operations, type Operation, type OperationName } from '../../src/shared/api/operations'
import type { Role } from '../../src/shared/domain/staff'
import {
  answerProblem,
  changedTables,
  databaseFingerprint,
  invalidRequests,
  nextTransactionId,
  tablesWrittenSince,
  toInject,
  validRequests,
  type BodyRepair,
  type FieldHints,
  type FuzzRequest
} from '../support/operation-fuzz'
import { addStaff } from '../support/review-helpers'
import { createTestApi, TEST_PASSWORD, type TestApi } from '../support/test-api'

/**
 * Every operation of the contract, fuzzed from its schemas (issue 10, reliability anchors §6.9):
 * FUZZ_INVALID requests that break one rule each and FUZZ_VALID that the schemas accept, sent as
 * a user holding one of the operation's roles. Oracles: no 5xx; every status declared and every
 * body matching the schema declared for it; every invalid request refused (4xx), naming the
 * field for a NUL or an unpaired surrogate; and a refused request changes no row of any table.
 *
 * Reproduce a failure with the seed it prints: FUZZ_SEED=<seed> and the same counts.
 */
const INVALID_PER_OPERATION = Number(process.env['FUZZ_INVALID'] ?? 2000)
const VALID_PER_OPERATION = Number(process.env['FUZZ_VALID'] ?? 500)
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261201)
/** Refused requests sent between two fingerprints of the database. */
const INVALID_BATCH = 250
/** At most this many failures are reported per operation (the first ones). */
const REPORTED_FAILURES = 10

/**
 * Refusals that write by design, and only these statuses: a wrong password is counted towards
 * the lockout (ASVS 6.3.1), so a 401 or 423 sign-in changes the staff row. A sign-in refused for
 * its shape (400) must still change nothing.
 */
const REFUSALS_THAT_WRITE: Partial<Record<OperationName, readonly number[]>> = {
  // 429: the source address's failures are counted too (sign_in_throttle).
  login: [401, 423, 429]
}

/** Operations that end sessions: each request gets a session of its own (see freshSession). */
const SIGN_OUTS: readonly OperationName[] = ['logout', 'logoutAll']

const USERNAME_OF_ROLE: Record<Role, string> = {
  agent: 'agent',
  reviewer: 'reviewer',
  supervisor: 'supervisor',
  integration: 'integration',
  admin: 'admin'
}

/** Sign-ins are fuzzed against their own account, so the roles above are never locked out. */
const FUZZ_LOGIN = 'fuzz-login'

interface KnownIds {
  clients: string[]
  cases: string[]
  decisions: string[]
  receipts: string[]
  staff: string[]
  reviewers: string[]
  centres: string[]
}

async function knownIds(api: TestApi): Promise<KnownIds> {
  const db = api.database.db
  const ids = async (table: 'clients' | 'review_cases' | 'automated_decisions' | 'receipts') =>
    (await db.selectFrom(table).select('id').execute()).map((row) => String(row.id))
  const staff = await db.selectFrom('staff').select(['id', 'roles']).execute()
  return {
    clients: await ids('clients'),
    cases: await ids('review_cases'),
    decisions: await ids('automated_decisions'),
    receipts: await ids('receipts'),
    staff: staff.map((row) => row.id),
    reviewers: staff.filter((row) => row.roles.includes('reviewer')).map((row) => row.id),
    centres: (await db.selectFrom('centres').select('id').execute()).map((row) => row.id)
  }
}

/** Mostly real ids, so that valid requests reach the services, and now and then a random one. */
function realOr(ids: string[]): fc.Arbitrary<string> {
  return ids.length === 0
    ? fc.uuid({ version: 4 })
    : fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 4 }, fc.uuid({ version: 4 }))
}

function hintsFor(operation: Operation, ids: KnownIds): FieldHints {
  const idOfPath = operation.path.startsWith('/v1/clients/')
    ? ids.clients
    : operation.path.startsWith('/v1/review-cases/')
      ? ids.cases
      : operation.path.startsWith('/v1/decisions/')
        ? ids.decisions
        : ids.receipts
  return (location, name) => {
    if (location === 'params' && name === 'id') return realOr(idOfPath)
    switch (name) {
      case 'clientId':
      case 'client':
        return realOr(ids.clients)
      case 'decisionId':
        return realOr(ids.decisions)
      case 'agent':
        return realOr(ids.staff)
      case 'assignee':
        return location === 'body'
          ? fc.oneof(realOr(ids.reviewers), fc.constant(null))
          : fc.oneof(realOr(ids.reviewers), fc.constantFrom('me', 'none'))
      case 'centre':
        return fc.oneof(fc.constantFrom(...ids.centres), fc.string({ maxLength: 10 }))
      case 'username':
        return fc.constantFrom(FUZZ_LOGIN, 'no-such-user', ' fuzz-login ', 'FUZZ-LOGIN')
      case 'password':
        return fc.oneof(fc.constant(TEST_PASSWORD), fc.string({ minLength: 1, maxLength: 30 }))
      case 'idempotency-key':
        return fc.uuid({ version: 4 })
      case 'if-match':
        return fc.integer({ min: 0, max: 4 }).map(String)
      case 'token':
        return fc.integer({ min: 1, max: 40 }).map(String)
    }
    return undefined
  }
}

/** The rules between fields of a body that zod refinements check (see BodyRepair). */
const REPAIRS: Partial<Record<OperationName, BodyRepair>> = {
  recordDecision: (body) => {
    const outcome = { ...(body['outcome'] as Record<string, unknown>) }
    if (body['kind'] === 'credit') {
      if (outcome['result'] === 'segment_assigned') outcome['result'] = 'declined'
      delete outcome['segment']
      delete outcome['offers']
      if (outcome['result'] !== 'approved_with_limit') delete outcome['limitEur']
      else outcome['limitEur'] ??= 1500
    } else {
      outcome['result'] = 'segment_assigned'
      outcome['segment'] ??= 'family'
      delete outcome['limitEur']
    }
    return { ...body, outcome }
  },
  createReviewCase: (body) => {
    if (body['kind'] === 'decision_review' && body['decisionId'] === undefined) {
      body['kind'] = 'manual_credit'
    }
    if (body['kind'] === 'decision_review') {
      delete body['creditPurpose']
      delete body['documents']
      return body
    }
    delete body['decisionId']
    body['creditPurpose'] ??= 'A phone on 24 monthly instalments'
    const documents = (body['documents'] as Array<Record<string, unknown>> | undefined) ?? []
    body['documents'] = (documents.length > 0 ? documents : [{ type: 'income_statement' }]).map(
      (document) =>
        document['type'] === 'other' && document['note'] === undefined
          ? { ...document, note: 'Pension certificate' }
          : document
    )
    return body
  }
}

/** The per-operation seed: the base seed and the operation's place in the contract. */
function seedOf(name: string): number {
  return SEED + Object.keys(operations).indexOf(name)
}

function describeRequest(request: FuzzRequest, inject: ReturnType<typeof toInject>): string {
  const what = request.mutation ?? 'valid'
  const payload = inject.payload === undefined ? '' : ` ${String(inject.payload).slice(0, 120)}`
  return `${what}: ${inject.method} ${String(inject.url).slice(0, 120)}${payload}`
}

describe('fuzzing every operation from its schema', () => {
  let api: TestApi
  let ids: KnownIds
  const tokens = new Map<Role, string>()
  const timings: string[] = []

  beforeAll(async () => {
    api = await createTestApi({ clients: 30 })
    await seedDemoReviews(api.database.db, { seed: DEMO_SEED })
    await addStaff(api.database.db, {
      username: FUZZ_LOGIN,
      displayName: 'Fuzz sign-in',
      roles: ['agent']
    })
    for (const [role, username] of Object.entries(USERNAME_OF_ROLE) as Array<[Role, string]>) {
      tokens.set(role, await api.tokenFor(username))
    }
    await pinLastUse()
    ids = await knownIds(api)
  })

  afterAll(async () => {
    console.warn(
      `fuzz: ${INVALID_PER_OPERATION} invalid + ${VALID_PER_OPERATION} valid per operation, ` +
        `seed ${SEED}\n${timings.join('\n')}`
    )
    await api?.close()
  })

  /**
   * A session's last use is written at most once a minute, on any authenticated request, refused
   * ones included (the idle timeout's clock). The fuzzer's sessions are marked as used a day
   * ahead, so that bookkeeping never writes during a run and every row a refusal changes is a
   * finding.
   */
  async function pinLastUse(): Promise<void> {
    await api.database.owner
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() + 24 * 60 * 60_000) })
      .where('revoked_at', 'is', null)
      .execute()
  }

  /** Sign out everywhere ended the shared sessions too: new ones for the operations after it. */
  async function renewSharedSessions(): Promise<void> {
    for (const role of Object.keys(USERNAME_OF_ROLE) as Role[]) {
      tokens.set(role, await freshSession(role))
    }
    await pinLastUse()
  }

  /** A session of its own for each sign-out, which ends it (pin its last use after). */
  async function freshSession(role: Role): Promise<string> {
    const token = newSessionToken()
    const staffId = (
      await api.database.db
        .selectFrom('staff')
        .select('id')
        .where('username', '=', USERNAME_OF_ROLE[role])
        .executeTakeFirstOrThrow()
    ).id
    const now = new Date()
    await insertSession(api.database.db, {
      tokenHash: hashSessionToken(token),
      staffId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + 8 * 60 * 60_000)
    })
    return token
  }

  it.each(Object.keys(operations) as OperationName[])(
    '%s: no 5xx, only declared answers, and no row changed by a refusal',
    async (name) => {
      const started = performance.now()
      const operation: Operation = operations[name]
      const seed = seedOf(name)
      const hints = hintsFor(operation, ids)
      const roles = operation.auth === 'public' ? [] : operation.auth
      const tokenFor = (index: number): string | undefined =>
        roles.length === 0 ? undefined : tokens.get(roles[index % roles.length]!)
      const failures: string[] = []
      const fail = (problem: string, request: FuzzRequest, inject: ReturnType<typeof toInject>) => {
        if (failures.length < REPORTED_FAILURES) {
          failures.push(`${problem}\n    ${describeRequest(request, inject)}`)
        }
      }

      // 1. Invalid requests, in batches between two fingerprints: all must be refused.
      const invalid = fc.sample(invalidRequests(operation, hints, REPAIRS[name]), {
        numRuns: INVALID_PER_OPERATION,
        seed
      })
      for (let start = 0; start < invalid.length; start += INVALID_BATCH) {
        const before = await databaseFingerprint(api.database.db)
        for (const [offset, request] of invalid.slice(start, start + INVALID_BATCH).entries()) {
          const inject = toInject(operation, request, tokenFor(start + offset))
          const response = await api.app.inject(inject)
          const problem = answerProblem(operation, response)
          if (problem) fail(problem, request, inject)
          else if (response.statusCode < 400) {
            fail(`accepted (${response.statusCode}) though invalid`, request, inject)
          } else if (request.expectField !== undefined) {
            const body = response.json() as { code: string; fields?: Array<{ path: string }> }
            const named = body.fields?.some((field) => field.path === request.expectField)
            if (response.statusCode !== 400 || body.code !== 'validation_failed' || !named) {
              fail(
                `expected 400 naming ${request.expectField}, got ${response.body}`,
                request,
                inject
              )
            }
          }
        }
        const after = await databaseFingerprint(api.database.db)
        if (after !== before) {
          failures.push(
            `refused requests ${start}–${start + INVALID_BATCH} changed ${changedTables(before, after).join(', ')}`
          )
        }
      }

      // 2. Valid requests, one fingerprint after each: a refused one must have changed nothing.
      const valid = fc.sample(validRequests(operation, hints, REPAIRS[name]), {
        numRuns: VALID_PER_OPERATION,
        seed: seed + 1
      })
      // One after the other, then pinned once: concurrent updates of the sessions table deadlock.
      const sessions: string[] = []
      if (SIGN_OUTS.includes(name)) {
        for (const [index] of valid.entries()) {
          sessions.push(await freshSession(roles[index % roles.length]!))
        }
        await pinLastUse()
      }
      // A refusal that was given no transaction id wrote nothing; one that was is checked for
      // rows written since (see tablesWrittenSince), so no fingerprint is needed per request.
      for (const [index, request] of valid.entries()) {
        const inject = toInject(operation, request, sessions[index] ?? tokenFor(index))
        const xidBefore = await nextTransactionId(api.database.db)
        const response = await api.app.inject(inject)
        const problem = answerProblem(operation, response)
        if (problem) fail(problem, request, inject)
        const mayWrite =
          response.statusCode < 400 ||
          (REFUSALS_THAT_WRITE[name]?.includes(response.statusCode) ?? false)
        if (mayWrite || (await nextTransactionId(api.database.db)) === xidBefore) continue
        const written = await tablesWrittenSince(api.database.db, xidBefore)
        if (written.length > 0) {
          fail(`refused (${response.statusCode}) yet wrote ${written.join(', ')}`, request, inject)
        }
      }

      if (name === 'logoutAll') await renewSharedSessions()

      const seconds = ((performance.now() - started) / 1000).toFixed(1)
      timings.push(`  ${name}: ${seconds} s`)
      // As it goes: a full run takes minutes, and a stuck operation should show which it is.
      console.warn(
        `fuzz ${name}: ${invalid.length} invalid + ${valid.length} valid in ${seconds} s`
      )
      expect(failures, `${name} with FUZZ_SEED=${SEED} (operation seed ${seed})`).toEqual([])
    },
    600_000
  )
})
