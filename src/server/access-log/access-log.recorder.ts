import type { Kysely } from 'kysely'
import { RevealRequestSchema } from '../../shared/domain/access-log'
import {
  contractEntryOf,
  type OperationName,
  type OperationResult,
  type Operations
} from '../../shared/api/operations'
import type { Role } from '../../shared/domain/staff'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import { createStatementBatcher } from '../db/statement-batcher'
import type { BeforeReply } from '../http/register-operation'
import { insertAccessRows, type AccessEntry } from './access-log.repository'

/** The operations whose contract sets `accessLog`: they show a client's personal data. */
export type LoggedOperationName = {
  [N in OperationName]: Operations[N] extends { accessLog: string } ? N : never
}[OperationName]

interface ShownTo {
  params: { id?: string } | undefined
}

/**
 * Which clients an answer shows, per logged operation. A mapped type over the contract: an
 * operation that gains `accessLog` does not compile until it says here whose data it returns.
 * Client-scoped paths name the client in `params.id` (a card tab shows that client even when
 * its list is empty); the others read the ids out of the answer.
 */
const CLIENTS_SHOWN: {
  [N in LoggedOperationName]: (answer: OperationResult<N>, request: ShownTo) => string[]
} = {
  searchClients: (answer) => answer.items.map((item) => item.id),
  getClient: (answer) => [answer.id],
  getClientCard: (answer) => [answer.client.id],
  updateClient: (answer) => [answer.id],
  getClientHistory: (_answer, request) => [request.params!.id!],
  revealClient: (_answer, request) => [request.params!.id!],
  getAccessLog: (answer) => answer.items.map((entry) => entry.client.id),
  getConsents: (answer) => [answer.clientId],
  listConsentEvents: (_answer, request) => [request.params!.id!],
  verifyConsents: (_answer, request) => [request.params!.id!],
  getReceipt: (answer) => [answer.clientId],
  listReceipts: (answer) => answer.items.map((receipt) => receipt.clientId),
  getConsentReport: (answer) => [answer.client.id],
  listClientDecisions: (_answer, request) => [request.params!.id!],
  getDecision: (answer) => [answer.clientId],
  listReviewCases: (answer) => answer.items.map((item) => item.client.id),
  listClientReviewCases: (_answer, request) => [request.params!.id!],
  getReviewCase: (answer) => [answer.client.id],
  // 204 (nothing left to claim) shows no one.
  claimNextReviewCase: (answer) => (answer ? [answer.case.client.id] : []),
  claimReviewCase: (answer) => [answer.case.client.id]
}

/**
 * Writes one access-log row per client an answer shows (product §8, reliability-anchors §5.2):
 * who, in which role, when, which client, what, why (a reveal's reason) and the request id, in
 * one INSERT. The registrar calls it after the handler and before sending, so a failed insert
 * fails the request and no data leaves (fail closed).
 */
export function createAccessRecorder(deps: { db: Kysely<Database>; clock: Clock }): BeforeReply {
  const write = createGroupCommit(deps.db)
  return async (operation, context, result) => {
    const action = operation.accessLog
    if (action === undefined) return
    const name = contractEntryOf(operation)?.name
    // Fail closed: an answer that should be logged and cannot be does not leave.
    if (name === undefined) {
      throw new Error(`${operation.method} ${operation.path} is logged but not in the contract`)
    }
    const shown = CLIENTS_SHOWN[name as LoggedOperationName] as (
      answer: unknown,
      request: ShownTo
    ) => string[]
    const clientIds = [...new Set(shown(result, { params: context.params as ShownTo['params'] }))]
    if (clientIds.length === 0) return
    const auth = context.auth
    if (!auth) throw new Error(`${operation.path} shows personal data without a session`)
    const reveal = action === 'reveal' ? RevealRequestSchema.parse(context.body) : null
    await write({
      staffId: auth.staff.id,
      role: roleUsed(auth.staff.roles, operation.auth),
      action,
      clientIds,
      at: deps.clock.now(),
      reason: reveal?.reason ?? null,
      reasonNote: reveal?.note || null,
      requestId: context.request.id
    })
  }
}

/** At most this many rows in one INSERT: one statement's size, and how long its commit keeps others waiting. */
const MAX_ROWS_PER_INSERT = 2000

/**
 * Group commit for the access log: every read of a client is a durable write, and with one
 * INSERT (one commit, one WAL flush) per request the log, not the read, set the pace of
 * concurrent reads (bench/reads.bench.ts). The entries of requests answered together go in one
 * INSERT (db/statement-batcher.ts: when it starts, what waits, what a failure fails), at most
 * MAX_ROWS_PER_INSERT rows. Nothing is dropped or deferred past the answer: each request still
 * awaits the commit of the statement holding its rows before its answer leaves, and fails if it
 * fails (fail closed); a failed shared INSERT is retried entry by entry, so one bad entry fails
 * only its own request.
 */
export function createGroupCommit(
  db: Kysely<Database>,
  insert: (
    db: Kysely<Database>,
    entries: readonly AccessEntry[]
  ) => Promise<void> = insertAccessRows
): (entry: AccessEntry) => Promise<void> {
  return createStatementBatcher<AccessEntry, void>({
    run: async (entries) => {
      await insert(db, entries)
      return entries.map(() => undefined)
    },
    weight: (entry) => entry.clientIds.length,
    maxWeight: MAX_ROWS_PER_INSERT
  })
}

/** The role that let the caller in: the first of theirs the operation accepts. */
function roleUsed(roles: readonly Role[], allowed: 'public' | readonly Role[]): Role | null {
  if (allowed === 'public') return null
  return roles.find((role) => allowed.includes(role)) ?? null
}
