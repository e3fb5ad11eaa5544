import type {
  CreateReviewCaseRequest,
  Decision,
  ReviewCase,
  ReviewCaseSummary
} from '../../../src/shared/domain/review'
import { BERZINA_CLIENT } from './fakeBridge'

/**
 * Ilze Bērziņa's automated decisions and review cases, as the API would give them: a declined
 * credit check with nothing asked yet, an approved-with-a-limit credit check under review, and
 * a profiling decision whose review is closed (after an extension). Her language is Russian, the
 * desk's Latvian: letters go out in Russian, the screen stays Latvian.
 *
 * Dates are set against NOW (1 December 2026, 12:00 in Riga): pin the clock to it.
 */
export const NOW = '2026-12-01T10:00:00.000Z'

export const DECLINED_ID = 'de000000-0000-4000-8000-000000000001'
export const LIMIT_ID = 'de000000-0000-4000-8000-000000000002'
export const PROFILING_ID = 'de000000-0000-4000-8000-000000000003'

export const CASE_UNDER_REVIEW_ID = 'ca000000-0000-4000-8000-000000000118'
export const CASE_CLOSED_ID = 'ca000000-0000-4000-8000-000000000087'
export const CASE_MANUAL_ID = 'ca000000-0000-4000-8000-000000000120'
export const CREATED_ID = 'ca000000-0000-4000-8000-000000000124'

const AGENT = { id: 'staff-1', displayName: 'Anna Kalniņa' }
const CLIENT_REF = {
  id: BERZINA_CLIENT.id,
  displayName: 'Ilze Bērziņa',
  maskedIdentifier: '050190-*****'
}

/** Credit check for a phone on instalments, declined on 20 November 2026 at 14:05 Riga time. */
export const DECLINED: Decision = {
  id: DECLINED_ID,
  clientId: BERZINA_CLIENT.id,
  kind: 'credit',
  outcome: { result: 'declined' },
  model: { name: 'lmt-credit-score', version: '2026.11' },
  factors: [
    {
      name: 'late_payments_24m',
      direction: 'lowered',
      weight: 0.42,
      explanation: {
        lv: 'Pēdējo 24 mēnešu laikā reģistrēts viens maksājuma kavējums, ilgāks par 30 dienām.',
        en: 'One payment more than 30 days late was recorded in the last 24 months.',
        ru: 'За последние 24 месяца зарегистрирована одна просрочка платежа более чем на 30 дней.'
      }
    },
    {
      name: 'tenure',
      direction: 'raised',
      weight: 0.27,
      explanation: {
        lv: 'Klients ir LMT klients jau vairāk nekā 8 gadus.',
        en: 'The client has been an LMT customer for more than 8 years.',
        ru: 'Клиент является клиентом LMT более 8 лет.'
      }
    },
    {
      name: 'instalment_to_spend',
      direction: 'lowered',
      weight: 0.31,
      explanation: {
        lv: 'Pieprasītais ikmēneša maksājums ir liels salīdzinājumā ar līdzšinējiem rēķiniem.',
        en: 'The monthly instalment asked for is high compared with the bills so far.',
        ru: 'Запрошенный ежемесячный платёж велик по сравнению с прежними счетами.'
      }
    }
  ],
  inputs: {
    monthlyIncomeEur: 1450,
    tenureMonths: 101,
    latePayments24m: 1,
    requestedInstalmentEur: 62.5,
    hasOpenInstalments: false
  },
  decidedAt: '2026-11-20T12:05:00.000Z',
  recordedAt: '2026-11-20T12:05:01.000Z',
  review: null
}

/** Approved with a limit of 1 500 EUR; the client asked for a review, now being worked. */
export const WITH_LIMIT: Decision = {
  ...DECLINED,
  id: LIMIT_ID,
  outcome: { result: 'approved_with_limit', limitEur: 1500 },
  decidedAt: '2026-11-18T07:30:00.000Z',
  recordedAt: '2026-11-18T07:30:01.000Z',
  review: { caseId: CASE_UNDER_REVIEW_ID, number: 'P-000118', status: 'claimed' }
}

/** Profiling: a segment and the offers it allows; its review is closed. */
export const PROFILING: Decision = {
  id: PROFILING_ID,
  clientId: BERZINA_CLIENT.id,
  kind: 'profiling',
  outcome: {
    result: 'segment_assigned',
    segment: 'Ģimene+',
    offers: ['TV+ Ģimenes pakete', 'Papildu dati bērniem']
  },
  model: { name: 'lmt-segments', version: 'v7' },
  factors: [
    {
      name: 'household_lines',
      direction: 'raised',
      weight: 0.6,
      explanation: {
        lv: 'Vienā līgumā ir četri pieslēgumi.',
        en: 'Four lines share one contract.',
        ru: 'В одном договоре четыре подключения.'
      }
    }
  ],
  inputs: { lines: 4, tvSubscriber: true, region: 'Pierīga' },
  decidedAt: '2026-03-14T09:00:00.000Z',
  recordedAt: '2026-03-14T09:00:02.000Z',
  review: { caseId: CASE_CLOSED_ID, number: 'P-000087', status: 'closed' }
}

export const DECISIONS: Decision[] = [DECLINED, WITH_LIMIT, PROFILING]

function summary(overrides: Partial<ReviewCaseSummary> & { id: string }): ReviewCaseSummary {
  return {
    number: 'P-000000',
    kind: 'decision_review',
    status: 'open',
    client: CLIENT_REF,
    decisionKind: 'credit',
    requestedAt: '2026-11-25T08:00:00.000Z',
    dueAt: '2026-12-25',
    extended: false,
    assignee: null,
    claimExpiresAt: null,
    closedAt: null,
    ...overrides
  }
}

/** Under review: due on 25 December, 24 days after NOW (green). */
export const UNDER_REVIEW = summary({
  id: CASE_UNDER_REVIEW_ID,
  number: 'P-000118',
  status: 'claimed',
  assignee: { id: 'staff-9', displayName: 'Pēteris Zariņš' },
  claimExpiresAt: '2026-12-01T10:15:00.000Z'
})

/** A manual assessment due on 3 December: 2 days left (red). */
export const MANUAL = summary({
  id: CASE_MANUAL_ID,
  number: 'P-000120',
  kind: 'manual_credit',
  decisionKind: null,
  requestedAt: '2026-11-03T09:00:00.000Z',
  dueAt: '2026-12-03'
})

/** The profiling review: extended, then closed. */
export const CLOSED = summary({
  id: CASE_CLOSED_ID,
  number: 'P-000087',
  decisionKind: 'profiling',
  status: 'closed',
  requestedAt: '2026-03-16T10:00:00.000Z',
  dueAt: '2026-06-16',
  extended: true,
  closedAt: '2026-05-30T12:00:00.000Z'
})

export const CASES: ReviewCaseSummary[] = [UNDER_REVIEW, MANUAL, CLOSED]

/** What `reviews:create` answers: the new case, as the API filed it on NOW. */
export function filedCase(request: CreateReviewCaseRequest, id = CREATED_ID): ReviewCase {
  const decision = DECISIONS.find((d) => d.id === request.decisionId) ?? null
  return {
    ...summary({
      id,
      number: 'P-000124',
      kind: request.kind,
      decisionKind: decision?.kind ?? null,
      requestedAt: NOW,
      dueAt: '2027-01-01'
    }),
    clientLanguage: BERZINA_CLIENT.language,
    decision,
    clientStatement: request.clientStatement ?? null,
    replyChannel: request.replyChannel,
    creditPurpose: request.creditPurpose ?? null,
    documents: request.documents ?? [],
    requestedBy: AGENT,
    centre: { id: 'c-1', name: 'Rīga, Ropažu iela 6' },
    firstDueAt: '2027-01-01',
    extension: null,
    resolution: null,
    approval: null,
    history: [{ at: NOW, actor: AGENT, actorRole: 'agent', action: 'created', details: {} }]
  }
}

/**
 * The API's side of filing, kept between calls: after a review request, the decision names its
 * case and the client's cases list it first, as the API would answer the refresh.
 */
export function decisionsApi(): {
  decisions(): Decision[]
  cases(): ReviewCaseSummary[]
  file(request: CreateReviewCaseRequest): ReviewCase
} {
  let decisions = DECISIONS
  let cases = CASES
  return {
    decisions: () => decisions,
    cases: () => cases,
    file(request) {
      const created = filedCase(request)
      const { id, number, status } = created
      decisions = decisions.map((d) =>
        d.id === request.decisionId ? { ...d, review: { caseId: id, number, status } } : d
      )
      cases = [created, ...cases]
      return created
    }
  }
}
