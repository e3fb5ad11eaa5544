import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReviewCase, ReviewCaseList } from '../../src/shared/domain/review'
import {
  addStaff,
  claim,
  clientWithConsents,
  creditDecision,
  expectStatus,
  fileReview,
  profilingDecision,
  RATIONALE,
  recordDecision,
  reviewClient,
  staffIds,
  type ReviewClient
} from '../support/review-helpers'
import { createTestApi, type TestApi } from '../support/test-api'
import { createTestClock, type TestClock } from '../support/test-clock'

/**
 * Who may do what to a case: the roles (agent, reviewer, supervisor, integration) × the
 * transitions, on a case that is open, held by the caller, held by someone else, waiting for
 * approval or closed. Each row builds its own case, so rows do not depend on one another.
 */

type State =
  | 'open'
  /** Claimed by `reviewer`; `token` is theirs. */
  | 'heldByReviewer'
  /** A credit override decided by `reviewer`, waiting for approval. */
  | 'awaitingByReviewer'
  /** A credit override decided by `supervisor` (holding it themselves), waiting for approval. */
  | 'awaitingBySupervisor'
  /** A profiling review upheld by `reviewer2`. */
  | 'closedByReviewer2'

type Action =
  'get' | 'claim' | 'renew' | 'release' | 'decide' | 'approve' | 'sendBack' | 'extend' | 'reassign'

let api: TestApi
let clock: TestClock
let client: ReviewClient
let staff: Record<string, string>

beforeAll(async () => {
  clock = createTestClock(new Date('2026-12-03T09:00:00Z'))
  api = await createTestApi({ clock })
  client = reviewClient(api, clock)
  await addStaff(api.database.owner, {
    username: 'reviewer2',
    displayName: 'Kristaps Liepa',
    roles: ['reviewer']
  })
  await addStaff(api.database.owner, {
    username: 'supervisor2',
    displayName: 'Dace Kļaviņa',
    roles: ['supervisor']
  })
  staff = await staffIds(api.database.owner)
})
afterAll(async () => {
  await api.close()
})

const decide = (caseId: string, token: string, username: string, body: object = {}) =>
  client.as(username).post(`/v1/review-cases/${caseId}/decision`, {
    token,
    outcome: 'overridden',
    newOutcome: { result: 'approved' },
    reasonCode: 'new_information',
    rationale: RATIONALE,
    ...body
  })

/** A case in `state`, and the token of its current claim ('1' when it has none). */
async function given(state: State): Promise<{ caseId: string; token: string }> {
  const clientId = await clientWithConsents(api.database.owner, client)
  const decision = await recordDecision(
    client,
    state === 'closedByReviewer2' ? profilingDecision(clientId) : creditDecision(clientId)
  )
  const caseId = (await fileReview(client, decision)).id
  switch (state) {
    case 'open':
      return { caseId, token: '1' }
    case 'heldByReviewer':
      return { caseId, token: (await claim(client, caseId, 'reviewer')).claim.token }
    case 'awaitingByReviewer':
    case 'awaitingBySupervisor': {
      const decider = state === 'awaitingByReviewer' ? 'reviewer' : 'supervisor'
      const { token } = (await claim(client, caseId, decider)).claim
      expectStatus(await decide(caseId, token, decider), 200)
      return { caseId, token }
    }
    case 'closedByReviewer2': {
      const { token } = (await claim(client, caseId, 'reviewer2')).claim
      expectStatus(
        await decide(caseId, token, 'reviewer2', { outcome: 'upheld', newOutcome: undefined }),
        200
      )
      return { caseId, token }
    }
  }
}

async function act(
  action: Action,
  username: string,
  { caseId, token }: { caseId: string; token: string }
): Promise<{ statusCode: number; code: string | undefined }> {
  const path = `/v1/review-cases/${caseId}`
  const as = client.as(username)
  const response = await (() => {
    switch (action) {
      case 'get':
        return as.get(path)
      case 'claim':
        return as.post(`${path}/claim`)
      case 'renew':
        return as.post(`${path}/renew`, { token })
      case 'release':
        return as.post(`${path}/release`, { token })
      case 'decide':
        return decide(caseId, token, username)
      case 'approve':
        return as.post(`${path}/approval`, { approve: true, note: 'Checked the bank statement.' })
      case 'sendBack':
        return as.post(`${path}/approval`, { approve: false, note: 'Ask for the payslip too.' })
      case 'extend':
        return as.post(`${path}/extension`, { months: 1, reason: 'Waiting for documents' })
      case 'reassign':
        return as.post(`${path}/reassign`, { assignee: staff['reviewer2'] })
    }
  })()
  const body = response.body === '' ? {} : (response.json() as { code?: string })
  return { statusCode: response.statusCode, code: body.code }
}

describe('roles × transitions on a review case', () => {
  // [who, action, on a case that is …, the answer: status and error code]
  const matrix: Array<[string, Action, State, string]> = [
    // The counter reads any case (it prints the letters) and changes none.
    ['agent', 'get', 'heldByReviewer', '200'],
    ['agent', 'get', 'closedByReviewer2', '200'],
    ['agent', 'claim', 'open', '403 forbidden'],
    ['agent', 'decide', 'heldByReviewer', '403 forbidden'],
    ['agent', 'approve', 'awaitingByReviewer', '403 forbidden'],
    ['agent', 'extend', 'open', '403 forbidden'],
    ['agent', 'reassign', 'open', '403 forbidden'],
    // A reviewer with their own claim.
    ['reviewer', 'get', 'heldByReviewer', '200'],
    ['reviewer', 'renew', 'heldByReviewer', '200'],
    ['reviewer', 'release', 'heldByReviewer', '200'],
    ['reviewer', 'decide', 'heldByReviewer', '200'],
    ['reviewer', 'extend', 'heldByReviewer', '200'],
    ['reviewer', 'claim', 'heldByReviewer', '200'],
    ['reviewer', 'get', 'awaitingByReviewer', '200'],
    ['reviewer', 'approve', 'awaitingByReviewer', '403 forbidden'],
    ['reviewer', 'reassign', 'heldByReviewer', '403 forbidden'],
    // A reviewer and someone else's claim (presenting its token changes nothing).
    ['reviewer2', 'get', 'heldByReviewer', '404 not_found'],
    ['reviewer2', 'claim', 'heldByReviewer', '409 case_claimed'],
    ['reviewer2', 'renew', 'heldByReviewer', '409 stale_claim'],
    ['reviewer2', 'release', 'heldByReviewer', '409 stale_claim'],
    ['reviewer2', 'decide', 'heldByReviewer', '409 stale_claim'],
    ['reviewer2', 'extend', 'heldByReviewer', '404 not_found'],
    ['reviewer2', 'get', 'awaitingByReviewer', '404 not_found'],
    ['reviewer2', 'get', 'closedByReviewer2', '200'],
    ['reviewer', 'get', 'closedByReviewer2', '404 not_found'],
    // A reviewer and an open case: theirs to claim, not to extend before claiming.
    ['reviewer2', 'get', 'open', '200'],
    ['reviewer2', 'claim', 'open', '200'],
    ['reviewer2', 'extend', 'open', '403 forbidden'],
    ['reviewer2', 'decide', 'open', '409 stale_claim'],
    // Nothing to claim or decide on a case waiting for approval or closed.
    ['reviewer', 'claim', 'awaitingByReviewer', '409 invalid_transition'],
    ['reviewer2', 'claim', 'closedByReviewer2', '409 case_closed'],
    // A supervisor sees and steers every case, but does not take over a claim by claiming it.
    ['supervisor', 'get', 'heldByReviewer', '200'],
    ['supervisor', 'claim', 'heldByReviewer', '409 case_claimed'],
    ['supervisor', 'decide', 'heldByReviewer', '409 stale_claim'],
    ['supervisor', 'extend', 'heldByReviewer', '200'],
    ['supervisor', 'reassign', 'heldByReviewer', '200'],
    ['supervisor', 'approve', 'awaitingByReviewer', '200'],
    ['supervisor', 'sendBack', 'awaitingByReviewer', '200'],
    ['supervisor', 'approve', 'open', '409 invalid_transition'],
    ['supervisor', 'reassign', 'awaitingByReviewer', '409 invalid_transition'],
    // Four eyes: nobody approves, or sends back, their own decision.
    ['supervisor', 'approve', 'awaitingBySupervisor', '403 forbidden'],
    ['supervisor', 'sendBack', 'awaitingBySupervisor', '403 forbidden'],
    ['supervisor2', 'approve', 'awaitingBySupervisor', '200'],
    // The integration account records decisions; cases are people's work.
    ['integration', 'get', 'open', '403 forbidden'],
    ['integration', 'claim', 'open', '403 forbidden']
  ]

  it.each(matrix)('%s: %s on a case %s → %s', async (username, action, state, expected) => {
    const target = await given(state)
    const result = await act(action, username, target)
    expect([result.statusCode, result.code ?? null]).toEqual([
      Number(expected.slice(0, 3)),
      expected.slice(4) || null
    ])
  })

  it('a refused transition leaves no trace in the history', async () => {
    const target = await given('awaitingBySupervisor')
    const before = expectStatus<ReviewCase>(
      await client.as('supervisor2').get(`/v1/review-cases/${target.caseId}`),
      200
    )
    await act('approve', 'supervisor', target)
    await act('decide', 'reviewer', target)
    const after = expectStatus<ReviewCase>(
      await client.as('supervisor2').get(`/v1/review-cases/${target.caseId}`),
      200
    )
    expect(after.history).toEqual(before.history)
    expect(after.status).toBe('awaiting_approval')
  })

  it('a supervisor who also decides acts as reviewer in the history, and approves as supervisor', async () => {
    const target = await given('awaitingBySupervisor')
    const approved = expectStatus<ReviewCase>(
      await client
        .as('supervisor2')
        .post(`/v1/review-cases/${target.caseId}/approval`, { approve: true, note: '' }),
      200
    )
    expect(
      approved.history.map((entry) => [entry.action, entry.actor?.id, entry.actorRole])
    ).toEqual([
      ['created', staff['agent'], 'agent'],
      ['claimed', staff['supervisor'], 'supervisor'],
      ['decided', staff['supervisor'], 'supervisor'],
      ['approved', staff['supervisor2'], 'supervisor'],
      ['closed', staff['supervisor2'], 'supervisor']
    ])
  })
})

describe('what each role sees in the queue', () => {
  it('a reviewer sees the open cases, the ones they hold and the ones they decided; a supervisor all', async () => {
    const open = await given('open')
    const mine = await given('heldByReviewer')
    const decidedByMe = await given('awaitingByReviewer')
    const theirs = await given('closedByReviewer2')
    const heldByOther = await given('open')
    await claim(client, heldByOther.caseId, 'reviewer2')

    const ids = async (username: string, query = ''): Promise<string[]> =>
      expectStatus<ReviewCaseList>(
        await client.as(username).get(`/v1/review-cases?limit=200${query}`),
        200
      ).items.map((item) => item.id)

    const reviewerSees = await ids('reviewer')
    expect(reviewerSees).toEqual(
      expect.arrayContaining([open.caseId, mine.caseId, decidedByMe.caseId])
    )
    expect(reviewerSees).not.toContain(theirs.caseId)
    expect(reviewerSees).not.toContain(heldByOther.caseId)
    // Whatever the filters ask.
    expect(await ids('reviewer', `&assignee=${staff['reviewer2']}`)).toEqual([])
    expect(await ids('reviewer', '&status=closed')).not.toContain(theirs.caseId)

    const supervisorSees = await ids('supervisor')
    expect(supervisorSees).toEqual(
      expect.arrayContaining([
        open.caseId,
        mine.caseId,
        decidedByMe.caseId,
        theirs.caseId,
        heldByOther.caseId
      ])
    )
  })

  it('the counter lists a client’s cases but not the queue; reviewers see only their share of them', async () => {
    const clientId = await clientWithConsents(api.database.owner, client)
    const first = await fileReview(client, await recordDecision(client, creditDecision(clientId)))
    clock.advanceMinutes(1)
    const second = await fileReview(client, await recordDecision(client, creditDecision(clientId)))
    await claim(client, second.id, 'reviewer2')

    const queue = await client.as('agent').get('/v1/review-cases')
    expect(queue.statusCode).toBe(403)
    // Filing is the counter's: a reviewer does not file the cases they decide.
    const filedByReviewer = await client.as('reviewer').post('/v1/review-cases', {
      kind: 'manual_credit',
      clientId,
      replyChannel: 'letter',
      creditPurpose: 'A laptop on 24 instalments',
      documents: [{ type: 'employment_certificate' }]
    })
    expect(filedByReviewer.statusCode).toBe(403)
    const forAgent = expectStatus<ReviewCaseList>(
      await client.as('agent').get(`/v1/clients/${clientId}/review-cases`),
      200
    )
    expect(forAgent.items.map((item) => item.id)).toEqual([second.id, first.id])
    const forReviewer = expectStatus<ReviewCaseList>(
      await client.as('reviewer').get(`/v1/clients/${clientId}/review-cases`),
      200
    )
    expect(forReviewer.items.map((item) => item.id)).toEqual([first.id])
    expect(forReviewer.total).toBe(1)
  })

  it('the integration account records decisions and reads them, and nothing else', async () => {
    const clientId = await clientWithConsents(api.database.owner, client)
    const decision = await recordDecision(client, creditDecision(clientId))
    expectStatus(await client.as('integration').get(`/v1/decisions/${decision.id}`), 200)
    for (const url of ['/v1/review-cases', `/v1/clients/${clientId}/decisions`]) {
      expect((await client.as('integration').get(url)).statusCode, url).toBe(403)
    }
    const filed = await client.as('integration').post('/v1/review-cases', {
      kind: 'decision_review',
      clientId,
      decisionId: decision.id,
      replyChannel: 'letter'
    })
    expect(filed.statusCode).toBe(403)
    expect((await client.as('reviewer').get(`/v1/review-cases/${randomUUID()}`)).statusCode).toBe(
      404
    )
  })
})
