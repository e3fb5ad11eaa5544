import { addDays, rigaDate } from '../../../src/shared/domain/dates'
import {
  needsApproval,
  type ClaimResponse,
  type ReviewCase,
  type ReviewCaseSummary
} from '../../../src/shared/domain/review'
import {
  canExtend,
  extendedDueDate,
  firstDueDate
} from '../../../src/shared/domain/review-deadlines'
import type { Staff } from '../../../src/shared/domain/staff'
import type { InvokeInput, Session } from '../../../src/shared/ipc/contract'
import { BERZINA, fail, ok, type FakeHandlers } from './fakeBridge'

/*
 * Review-queue fixtures: staff in each role, cases built relative to today (the due chips count
 * Riga days from the real clock), and a small in-memory queue that answers the review channels
 * the way the API does (filters, sort, cursor paging, leases with fencing tokens, four eyes).
 */

export const REVIEWER: Staff = {
  id: '5e1a0000-0000-4000-8000-000000000001',
  username: 'reviewer',
  displayName: 'Rita Ozola',
  roles: ['reviewer'],
  centre: { id: 'c-1', name: 'Rīga, Ropažu iela 6' }
}

export const OTHER_REVIEWER: Staff = {
  id: '5e1a0000-0000-4000-8000-000000000002',
  username: 'reviewer2',
  displayName: 'Pēteris Kalns',
  roles: ['reviewer'],
  centre: { id: 'c-1', name: 'Rīga, Ropažu iela 6' }
}

export const SUPERVISOR: Staff = {
  id: '5e1a0000-0000-4000-8000-000000000003',
  username: 'supervisor',
  displayName: 'Inese Liepiņa',
  // As the demo's supervisor: the counter's work and the supervisor's, not a reviewer's.
  roles: ['supervisor', 'agent'],
  centre: { id: 'c-1', name: 'Rīga, Ropažu iela 6' }
}

export function sessionOf(staff: Staff): Session {
  return { staff, expiresAt: '2099-01-01T00:00:00Z' }
}

/** Today in Riga, plus `days`. */
export function rigaDay(days = 0): string {
  return addDays(rigaDate(new Date().toISOString()), days)
}

export function caseId(i: number): string {
  return `c0000000-0000-4000-8000-${String(i).padStart(12, '0')}`
}

export function person(staff: Staff): { id: string; displayName: string } {
  return { id: staff.id, displayName: staff.displayName }
}

/**
 * A review of Ilze's declined credit check, due in `dueInDays` Riga days, requested five days
 * ago (so it may still be extended), open and unclaimed.
 */
export function reviewCase(i: number, overrides: Partial<ReviewCase> = {}): ReviewCase {
  const requestedAt = new Date(Date.now() - 5 * 86_400_000).toISOString()
  const id = caseId(i)
  return {
    id,
    number: `P-${String(100 + i).padStart(6, '0')}`,
    kind: 'decision_review',
    status: 'open',
    client: { id: BERZINA.id, displayName: 'Ilze Bērziņa', maskedIdentifier: '050190-*****' },
    decisionKind: 'credit',
    requestedAt,
    dueAt: firstDueDate(requestedAt),
    extended: false,
    assignee: null,
    claimExpiresAt: null,
    closedAt: null,
    clientLanguage: 'ru',
    decision: {
      id: 'd0000000-0000-4000-8000-000000000001',
      clientId: BERZINA.id,
      kind: 'credit',
      outcome: { result: 'declined' },
      model: { name: 'LMT kredītspēja', version: '3.2.1' },
      factors: [
        {
          name: 'Payment history',
          direction: 'lowered',
          weight: 0.45,
          explanation: {
            lv: 'Pēdējā gadā bija divi nokavēti maksājumi.',
            en: 'Two payments were late in the last year.',
            ru: 'За последний год два платежа были просрочены.'
          }
        },
        {
          name: 'Contract length',
          direction: 'raised',
          weight: 0.2,
          explanation: {
            lv: 'Klients ir LMT klients vairāk nekā piecus gadus.',
            en: 'The client has been with LMT for more than five years.',
            ru: 'Клиент пользуется услугами LMT более пяти лет.'
          }
        }
      ],
      inputs: { monthlyIncomeEur: 1450, latePayments12m: 2, device: 'iPhone 16' },
      decidedAt: '2026-11-20T08:00:00.000Z',
      recordedAt: '2026-11-20T08:00:01.000Z',
      review: null
    },
    clientStatement: 'Abi kavējumi bija, kad biju slimnīcā; tagad maksāju laikā.',
    replyChannel: 'letter',
    creditPurpose: null,
    documents: [],
    requestedBy: { id: 'staff-1', displayName: 'Anna Kalniņa' },
    centre: { id: 'c-1', name: 'Rīga, Ropažu iela 6' },
    firstDueAt: firstDueDate(requestedAt),
    extension: null,
    resolution: null,
    approval: null,
    history: [
      {
        at: requestedAt,
        actor: { id: 'staff-1', displayName: 'Anna Kalniņa' },
        actorRole: 'agent',
        action: 'created',
        details: {}
      }
    ],
    ...overrides
  }
}

/** A manual creditworthiness assessment: no decision, the documents the client brought. */
export function manualCase(i: number, overrides: Partial<ReviewCase> = {}): ReviewCase {
  return reviewCase(i, {
    kind: 'manual_credit',
    decisionKind: null,
    decision: null,
    clientStatement: null,
    creditPurpose: 'iPhone 16 ar nomaksu uz 24 mēnešiem',
    documents: [{ type: 'income_statement' }, { type: 'other', note: 'Izziņa no VID' }],
    ...overrides
  })
}

export function summaryOf(c: ReviewCase): ReviewCaseSummary {
  return {
    id: c.id,
    number: c.number,
    kind: c.kind,
    status: c.status,
    client: c.client,
    decisionKind: c.decisionKind,
    requestedAt: c.requestedAt,
    dueAt: c.dueAt,
    extended: c.extended,
    assignee: c.assignee,
    claimExpiresAt: c.claimExpiresAt,
    closedAt: c.closedAt
  }
}

export interface FakeQueue {
  cases: ReviewCase[]
  handlers: FakeHandlers
  /** The token of each case's current claim. */
  tokens: Map<string, string>
}

/**
 * The API's review queue in memory, as `me` sees it. Cursors are offsets; a claim lasts
 * `leaseMs` from now; every claim gets a new, larger token and makes the previous one stale.
 */
export function createFakeQueue(
  initial: ReviewCase[],
  options: { me: Staff; leaseMs?: number; reviewers?: Staff[] }
): FakeQueue {
  const cases = initial.map((c) => structuredClone(c))
  const tokens = new Map<string, string>()
  const leaseMs = options.leaseMs ?? 300_000
  const me = options.me
  let serial = 41

  const find = (id: string): ReviewCase | undefined => cases.find((c) => c.id === id)
  const now = (): string => new Date().toISOString()
  const snapshot = (c: ReviewCase): ReviewCase => structuredClone(c)
  const conflict = (code: string) => fail(code, code, 409)

  function record(c: ReviewCase, action: ReviewCase['history'][number]['action'], details = {}) {
    c.history.push({
      at: now(),
      actor: person(me),
      actorRole: me.roles.includes('supervisor') ? 'supervisor' : 'reviewer',
      action,
      details
    })
  }

  function claim(c: ReviewCase): ClaimResponse {
    const token = String(++serial)
    tokens.set(c.id, token)
    const expiresAt = new Date(Date.now() + leaseMs).toISOString()
    c.status = 'claimed'
    c.assignee = person(me)
    c.claimExpiresAt = expiresAt
    record(c, 'claimed')
    return { case: snapshot(c), claim: { token, expiresAt } }
  }

  const holds = (c: ReviewCase, token: string): boolean =>
    c.status === 'claimed' && c.assignee?.id === me.id && tokens.get(c.id) === token

  function list(input: InvokeInput<'reviews:list'>) {
    let rows = cases.filter((c) => {
      if (input.status && c.status !== input.status) return false
      if (input.kind && c.kind !== input.kind) return false
      if (input.assignee === 'me' && c.assignee?.id !== me.id) return false
      if (input.assignee === 'none' && c.assignee !== null) return false
      if (input.dueBefore && !(c.dueAt < input.dueBefore)) return false
      if (input.q) {
        const q = input.q.toLowerCase()
        if (!c.number.toLowerCase().includes(q) && !c.client.displayName.toLowerCase().includes(q))
          return false
      }
      return true
    })
    const sort = input.sort ?? 'dueAt'
    const key = sort.replace('-', '') as 'dueAt' | 'requestedAt' | 'number'
    const sign = sort.startsWith('-') ? -1 : 1
    rows = [...rows].sort((a, b) => sign * a[key].localeCompare(b[key]))
    const offset = input.cursor ? Number(input.cursor) : 0
    const limit = input.limit ?? 50
    const page = rows.slice(offset, offset + limit)
    const next = offset + limit < rows.length ? String(offset + limit) : null
    return ok({ items: page.map(summaryOf), total: rows.length, nextCursor: next })
  }

  const handlers: FakeHandlers = {
    'reviews:list': list,
    'reviews:get': ({ id }) => {
      const c = find(id)
      return c ? ok(snapshot(c)) : fail('not_found', 'No such case', 404)
    },
    'reviews:claim-next': () => {
      const next = cases
        .filter((c) => c.status === 'open')
        .sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0]
      return ok(next ? claim(next) : null)
    },
    'reviews:claim': ({ id }) => {
      const c = find(id)
      if (!c) return fail('not_found', 'No such case', 404)
      if (c.status === 'closed') return conflict('case_closed')
      const expired = c.claimExpiresAt !== null && Date.parse(c.claimExpiresAt) <= Date.now()
      const mine = c.assignee?.id === me.id
      if (c.status === 'claimed' && !mine && !expired) return conflict('case_claimed')
      if (c.status === 'awaiting_approval') return conflict('invalid_transition')
      return ok(claim(c))
    },
    'reviews:renew': ({ id, token }) => {
      const c = find(id)
      if (!c || !holds(c, token)) return conflict('stale_claim')
      c.claimExpiresAt = new Date(Date.now() + leaseMs).toISOString()
      return ok({ case: snapshot(c), claim: { token, expiresAt: c.claimExpiresAt } })
    },
    'reviews:release': ({ id, token }) => {
      const c = find(id)
      if (!c || !holds(c, token)) return conflict('stale_claim')
      tokens.delete(id)
      c.status = 'open'
      c.assignee = null
      c.claimExpiresAt = null
      record(c, 'released')
      return ok(snapshot(c))
    },
    'reviews:decide': (input) => {
      const c = find(input.id)
      if (!c || !holds(c, input.token)) return conflict('stale_claim')
      tokens.delete(c.id)
      c.resolution = {
        outcome: input.outcome,
        newOutcome: input.newOutcome ?? null,
        conditions: input.conditions ?? null,
        reasonCode: input.reasonCode,
        rationale: input.rationale,
        decidedAt: now(),
        decidedBy: person(me)
      }
      c.claimExpiresAt = null
      record(c, 'decided', { outcome: input.outcome, reasonCode: input.reasonCode })
      if (needsApproval(c.kind, c.decisionKind, input.outcome)) {
        c.status = 'awaiting_approval'
      } else {
        c.status = 'closed'
        c.closedAt = now()
      }
      return ok(snapshot(c))
    },
    'reviews:approve': ({ id, approve, note }) => {
      const c = find(id)
      if (!c) return fail('not_found', 'No such case', 404)
      if (!me.roles.includes('supervisor')) return fail('forbidden', 'forbidden', 403)
      if (c.status !== 'awaiting_approval') return conflict('invalid_transition')
      if (c.resolution?.decidedBy.id === me.id) return fail('forbidden', 'own decision', 403)
      c.approval = { approved: approve, note, at: now(), by: person(me) }
      record(c, approve ? 'approved' : 'sent_back', note ? { note } : {})
      if (approve) {
        c.status = 'closed'
        c.closedAt = now()
      } else {
        c.status = 'claimed'
        c.assignee = c.resolution?.decidedBy ?? null
      }
      return ok(snapshot(c))
    },
    'reviews:extend': ({ id, months, reason }) => {
      const c = find(id)
      if (!c) return fail('not_found', 'No such case', 404)
      if (!canExtend(c.requestedAt, now(), c.extended)) return conflict('extension_not_allowed')
      c.extended = true
      c.dueAt = extendedDueDate(c.requestedAt, months)
      c.extension = { months, reason, at: now(), by: person(me) }
      record(c, 'extended', { months, reason })
      return ok(snapshot(c))
    },
    'reviews:reassign': ({ id, assignee }) => {
      const c = find(id)
      if (!c) return fail('not_found', 'No such case', 404)
      const to = (options.reviewers ?? []).find((r) => r.id === assignee)
      tokens.delete(id)
      c.assignee = to ? person(to) : null
      c.status = to ? 'claimed' : 'open'
      c.claimExpiresAt = to ? new Date(Date.now() + leaseMs).toISOString() : null
      record(c, 'reassigned', to ? { to: person(to) } : {})
      return ok(snapshot(c))
    },
    'staff:list': () => ok({ items: options.reviewers ?? [] })
  }

  return { cases, handlers, tokens }
}
