import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { hashPassword } from '../../src/server/auth/password'
import type { Database } from '../../src/server/db/database'
import { DEMO_CENTRE } from '../../src/server/seed/seed-database'
import type { ConsentChange } from '../../src/shared/domain/consent'
import type {
  ClaimResponse,
  Decision,
  RecordDecisionRequest,
  ReviewCase
} from '../../src/shared/domain/review'
import type { Role } from '../../src/shared/domain/staff'
import { foldForSearch } from '../../src/shared/identifiers/searchText'
import { body, insertClient } from './consent-helpers'
import { bearer, TEST_PASSWORD, type TestApi } from './test-api'
import type { TestClock } from './test-clock'

type InjectResponse = Awaited<ReturnType<TestApi['app']['inject']>>

/** Adds a staff member (password TEST_PASSWORD) at the demo centre; returns their id. */
export async function addStaff(
  db: Kysely<Database>,
  staff: { username: string; displayName: string; roles: Role[] }
): Promise<string> {
  const row = await db
    .insertInto('staff')
    .values({
      username: staff.username,
      display_name: staff.displayName,
      password_hash: await hashPassword(TEST_PASSWORD),
      roles: staff.roles,
      centre_id: DEMO_CENTRE.id
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** The ids of every staff member, by username. */
export async function staffIds(db: Kysely<Database>): Promise<Record<string, string>> {
  const rows = await db.selectFrom('staff').select(['id', 'username']).execute()
  return Object.fromEntries(rows.map((row) => [row.username, row.id]))
}

/**
 * Calls the API as a named staff member. Sessions are signed in on first use and again once the
 * test clock has moved on by hours (a session lasts 8 hours of the API's clock).
 */
export interface ReviewClient {
  as(username: string): Caller
}

export interface Caller {
  get(url: string): Promise<InjectResponse>
  post(url: string, payload?: object, headers?: Record<string, string>): Promise<InjectResponse>
}

export function reviewClient(api: TestApi, clock: TestClock): ReviewClient {
  const sessions = new Map<string, { token: string; at: number }>()
  const tokenOf = async (username: string): Promise<string> => {
    const known = sessions.get(username)
    if (known && clock.now().getTime() - known.at < 60 * 60_000) return known.token
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { username, password: TEST_PASSWORD }
    })
    if (response.statusCode !== 200) throw new Error(`sign-in of ${username}: ${response.body}`)
    const token = (response.json() as { token: string }).token
    sessions.set(username, { token, at: clock.now().getTime() })
    return token
  }
  return {
    as: (username) => ({
      get: async (url) =>
        api.app.inject({ method: 'GET', url, headers: bearer(await tokenOf(username)) }),
      post: async (url, payload, headers = {}) =>
        api.app.inject({
          method: 'POST',
          url,
          headers: { ...headers, ...bearer(await tokenOf(username)) },
          ...(payload === undefined ? {} : { payload })
        })
    })
  }
}

/** The body, or an error naming the status and body when it is not `status`. */
export function expectStatus<T>(response: InjectResponse, status: number): T {
  if (response.statusCode !== status) {
    throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`)
  }
  return (status === 204 ? undefined : response.json()) as T
}

/**
 * A new client who gave, at the counter, the consents automated decisions need: purposes 3 and 4,
 * or the ones named.
 */
export async function clientWithConsents(
  db: Kysely<Database>,
  client: ReviewClient,
  purposes: Array<'automated_profiling' | 'credit_information'> = [
    'automated_profiling',
    'credit_information'
  ]
): Promise<string> {
  const clientId = await insertClient(db)
  if (purposes.length > 0) await changeConsents(client, clientId, purposes, 'given')
  return clientId
}

/** Records consent changes for the client at the counter, at their current version. */
export async function changeConsents(
  client: ReviewClient,
  clientId: string,
  purposes: Array<'automated_profiling' | 'credit_information'>,
  action: 'given' | 'withdrawn'
): Promise<void> {
  const agent = client.as('agent')
  const { version } = expectStatus<{ version: number }>(
    await agent.get(`/v1/clients/${clientId}/consents`),
    200
  )
  expectStatus(
    await agent.post(
      `/v1/clients/${clientId}/consents`,
      body(purposes.map((purpose): ConsentChange => ({ purpose, action }))),
      { 'idempotency-key': randomUUID(), 'if-match': String(version) }
    ),
    201
  )
}

const FACTOR_EXPLANATION = {
  lv: 'Ienākumi pēdējos sešos mēnešos bija zemāki par ikmēneša maksājumu trīskāršu summu.',
  en: 'Income over the last six months was less than three times the monthly payment.',
  ru: 'Доход за последние шесть месяцев был меньше трёхкратного ежемесячного платежа.'
}

/** A declined credit decision about `clientId`, with one factor; `overrides` replace members. */
export function creditDecision(
  clientId: string,
  overrides: Partial<RecordDecisionRequest> = {}
): RecordDecisionRequest {
  return {
    clientId,
    kind: 'credit',
    outcome: { result: 'declined' },
    model: { name: 'credit-score', version: '4.2.0' },
    factors: [
      {
        name: 'income_to_payment',
        direction: 'lowered',
        weight: 0.6,
        explanation: FACTOR_EXPLANATION
      }
    ],
    inputs: { monthlyIncomeEur: 900, requestedInstallmentEur: 420, months: 24 },
    ...overrides
  }
}

/** A profiling decision about `clientId`: segment `family` with two offers. */
export function profilingDecision(
  clientId: string,
  overrides: Partial<RecordDecisionRequest> = {}
): RecordDecisionRequest {
  return {
    clientId,
    kind: 'profiling',
    outcome: {
      result: 'segment_assigned',
      segment: 'family',
      offers: ['family_plan', 'tv_bundle']
    },
    model: { name: 'segmenter', version: '2026.11' },
    factors: [
      {
        name: 'household_lines',
        direction: 'raised',
        weight: 0.8,
        explanation: {
          lv: 'Līgumā ir četri tālruņa numuri, kā ģimenēm.',
          en: 'The contract has four phone lines, as families do.',
          ru: 'В договоре четыре телефонных номера, как у семей.'
        }
      }
    ],
    inputs: { lines: 4, averageMonthlyDataGb: 35 },
    ...overrides
  }
}

/** Records a decision as the integration account; throws unless 201. */
export async function recordDecision(
  client: ReviewClient,
  request: RecordDecisionRequest
): Promise<Decision> {
  return expectStatus<Decision>(await client.as('integration').post('/v1/decisions', request), 201)
}

/** Files a review of `decision` at the counter (as `agent` unless said); throws unless 201. */
export async function fileReview(
  client: ReviewClient,
  decision: Decision,
  extra: Record<string, unknown> = {},
  username = 'agent'
): Promise<ReviewCase> {
  return expectStatus<ReviewCase>(
    await client.as(username).post('/v1/review-cases', {
      kind: 'decision_review',
      clientId: decision.clientId,
      decisionId: decision.id,
      clientStatement: 'Mani ienākumi kopš pagājušā mēneša ir augstāki; lūdzu pārskatīt.',
      replyChannel: 'letter',
      ...extra
    }),
    201
  )
}

/** Files a manual creditworthiness assessment for `clientId`; throws unless 201. */
export async function fileAssessment(
  client: ReviewClient,
  clientId: string,
  extra: Record<string, unknown> = {}
): Promise<ReviewCase> {
  return expectStatus<ReviewCase>(
    await client.as('agent').post('/v1/review-cases', {
      kind: 'manual_credit',
      clientId,
      replyChannel: 'centre',
      creditPurpose: 'iPhone 17 on 24 monthly instalments',
      documents: [{ type: 'income_statement' }, { type: 'other', note: 'Pension certificate' }],
      ...extra
    }),
    201
  )
}

/** Claims the case as `username`; throws unless 200. */
export async function claim(
  client: ReviewClient,
  caseId: string,
  username = 'reviewer'
): Promise<ClaimResponse> {
  return expectStatus<ClaimResponse>(
    await client.as(username).post(`/v1/review-cases/${caseId}/claim`),
    200
  )
}

/** A rationale long enough for the contract (20 characters or more), written for the client. */
export const RATIONALE =
  'We checked the income you showed us and it covers the monthly payment, so the credit is approved.'

/** A client with the name given (private: first and last; business: its name), for search. */
export async function insertNamedClient(
  db: Kysely<Database>,
  client:
    | { kind: 'private'; firstName: string; lastName: string; personalCode: string }
    | { kind: 'business'; name: string; registrationNumber: string }
): Promise<string> {
  const id = randomUUID()
  const displayName =
    client.kind === 'private' ? `${client.firstName} ${client.lastName}` : client.name
  await db
    .insertInto('clients')
    .values({
      id,
      kind: client.kind,
      personal_code: client.kind === 'private' ? client.personalCode : null,
      registration_number: client.kind === 'business' ? client.registrationNumber : null,
      first_name: client.kind === 'private' ? client.firstName : null,
      last_name: client.kind === 'private' ? client.lastName : null,
      name: client.kind === 'business' ? client.name : null,
      language: 'lv',
      search_name: foldForSearch(displayName)
    })
    .execute()
  return id
}
