import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type {
  ClaimResponse,
  Decision,
  ReviewCase,
  ReviewCaseList
} from '../../src/shared/domain/review'
import {
  addStaff,
  claim,
  clientWithConsents,
  creditDecision,
  expectStatus,
  fileAssessment,
  fileReview,
  insertNamedClient,
  profilingDecision,
  RATIONALE,
  recordDecision,
  reviewClient,
  staffIds,
  type ReviewClient
} from '../support/review-helpers'
import { createTestApi, type TestApi } from '../support/test-api'
import { createTestClock, type TestClock } from '../support/test-clock'

const DAY_MINUTES = 24 * 60

interface Setup {
  api: TestApi
  clock: TestClock
  client: ReviewClient
  staff: Record<string, string>
}

/** An API with a second reviewer and a second supervisor, on a clock that moves when told. */
async function setUp(start = '2026-12-02T08:00:00Z'): Promise<Setup> {
  const clock = createTestClock(new Date(start))
  const api = await createTestApi({ clock })
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
  return { api, clock, client: reviewClient(api, clock), staff: await staffIds(api.database.owner) }
}

/** Moves the clock on to `iso` (never back). */
function advanceTo(clock: TestClock, iso: string): void {
  const minutes = (Date.parse(iso) - clock.now().getTime()) / 60_000
  if (minutes < 0) throw new Error(`the clock is already past ${iso}`)
  clock.advanceMinutes(minutes)
}

async function historyActions(client: ReviewClient, caseId: string): Promise<string[]> {
  const read = expectStatus<ReviewCase>(
    await client.as('supervisor').get(`/v1/review-cases/${caseId}`),
    200
  )
  return read.history.map((entry) => entry.action)
}

// One API for the cases' life cycle, its clock moving forward only: creating an API costs more
// than every test below together.
describe('review cases', () => {
  let s: Setup
  beforeAll(async () => {
    s = await setUp('2026-12-31T23:30:00Z')
  })
  afterAll(async () => {
    await s.api.close()
  })

  describe('filing a review case', () => {
    it("files a review of a decision: open, due a calendar month later in Riga, at the agent's centre", async () => {
      const clientId = await clientWithConsents(s.api.database.owner, s.client)
      const decision = await recordDecision(s.client, creditDecision(clientId))

      const filed = await fileReview(s.client, decision, {
        clientStatement: 'I now earn more than the model saw.',
        replyChannel: 'email'
      })

      // 23:30 UTC on 31 December is 01:30 on 1 January in Riga: due on 1 February.
      expect(filed).toMatchObject({
        kind: 'decision_review',
        status: 'open',
        requestedAt: '2026-12-31T23:30:00.000Z',
        firstDueAt: '2027-02-01',
        dueAt: '2027-02-01',
        extended: false,
        extension: null,
        assignee: null,
        claimExpiresAt: null,
        closedAt: null,
        decisionKind: 'credit',
        clientStatement: 'I now earn more than the model saw.',
        replyChannel: 'email',
        creditPurpose: null,
        documents: [],
        requestedBy: { id: s.staff['agent'], displayName: 'Līga Kalniņa' },
        centre: { id: 'riga-ropazu', name: 'Rīga, Ropažu iela 6' },
        resolution: null,
        approval: null,
        clientLanguage: 'lv',
        client: { id: clientId, displayName: 'Test Klients' }
      })
      expect(filed.number).toMatch(/^P-\d{6}$/)
      expect(filed.decision).toMatchObject({ id: decision.id, outcome: { result: 'declined' } })
      expect(filed.decision?.review).toEqual({
        caseId: filed.id,
        number: filed.number,
        status: 'open'
      })
      expect(filed.history).toEqual([
        {
          at: '2026-12-31T23:30:00.000Z',
          actor: { id: s.staff['agent'], displayName: 'Līga Kalniņa' },
          actorRole: 'agent',
          action: 'created',
          details: {
            kind: 'decision_review',
            decisionId: decision.id,
            replyChannel: 'email',
            dueAt: '2027-02-01'
          }
        }
      ])
    })

    it('applies the end-of-month rule: a request on 31 January is due on 28 February', async () => {
      s.clock.advanceMinutes(30 * DAY_MINUTES + 10 * 60) // 2027-01-31 09:30 UTC
      const clientId = await clientWithConsents(s.api.database.owner, s.client)
      const filed = await fileAssessment(s.client, clientId)
      expect(filed.requestedAt).toBe('2027-01-31T09:30:00.000Z')
      expect(filed.dueAt).toBe('2027-02-28')
    })

    it('files a manual assessment with what the client wants and the documents they provided', async () => {
      const clientId = await clientWithConsents(s.api.database.owner, s.client, [])
      const filed = await fileAssessment(s.client, clientId, {
        creditPurpose: 'Samsung Galaxy S26 on 36 instalments'
      })
      expect(filed).toMatchObject({
        kind: 'manual_credit',
        status: 'open',
        decision: null,
        decisionKind: null,
        replyChannel: 'centre',
        creditPurpose: 'Samsung Galaxy S26 on 36 instalments',
        documents: [{ type: 'income_statement' }, { type: 'other', note: 'Pension certificate' }]
      })
      // A supervisor works the counter too, and files as the agent they act as.
      const bySupervisor = expectStatus<ReviewCase>(
        await s.client.as('supervisor').post('/v1/review-cases', {
          kind: 'manual_credit',
          clientId,
          replyChannel: 'letter',
          creditPurpose: 'A router on 12 instalments',
          documents: [{ type: 'bank_statement' }]
        }),
        201
      )
      expect(bySupervisor.history[0]).toMatchObject({ actorRole: 'agent', action: 'created' })
    })

    it('refuses a second review of a decision while the first is not closed', async () => {
      const clientId = await clientWithConsents(s.api.database.owner, s.client)
      const decision = await recordDecision(s.client, profilingDecision(clientId))
      await fileReview(s.client, decision)

      const again = await s.client.as('supervisor').post('/v1/review-cases', {
        kind: 'decision_review',
        clientId,
        decisionId: decision.id,
        replyChannel: 'centre'
      })

      expect(again.statusCode).toBe(409)
      expect(again.json()).toMatchObject({ code: 'review_already_requested' })
      const count = await s.api.database.owner
        .selectFrom('review_cases')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('decision_id', '=', decision.id)
        .executeTakeFirstOrThrow()
      expect(Number(count.n)).toBe(1)
    })

    it('refuses two reviews of one decision filed at the same moment: exactly one is filed', async () => {
      const clientId = await clientWithConsents(s.api.database.owner, s.client)
      const decision = await recordDecision(s.client, creditDecision(clientId))
      const body = {
        kind: 'decision_review',
        clientId,
        decisionId: decision.id,
        replyChannel: 'letter'
      }
      const answers = await Promise.all([
        s.client.as('agent').post('/v1/review-cases', body),
        s.client.as('supervisor').post('/v1/review-cases', body),
        s.client.as('agent').post('/v1/review-cases', body)
      ])
      expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409, 409])
    })

    it('answers 404 for an unknown client or decision, and 400 for a decision about another client', async () => {
      const clientId = await clientWithConsents(s.api.database.owner, s.client)
      const other = await clientWithConsents(s.api.database.owner, s.client)
      const decision = await recordDecision(s.client, creditDecision(other))
      const file = (body: object) =>
        s.client
          .as('agent')
          .post('/v1/review-cases', { kind: 'decision_review', replyChannel: 'letter', ...body })

      const unknownClient = await file({ clientId: randomUUID(), decisionId: decision.id })
      expect(unknownClient.statusCode).toBe(404)
      const unknownDecision = await file({ clientId, decisionId: randomUUID() })
      expect(unknownDecision.statusCode).toBe(404)
      expect(unknownDecision.json().message).toContain('decision')
      const wrongClient = await file({ clientId, decisionId: decision.id })
      expect(wrongClient.statusCode).toBe(400)
      expect(wrongClient.json()).toMatchObject({
        code: 'validation_failed',
        fields: [{ path: 'decisionId', message: 'is a decision about another client' }]
      })
      const noDecision = await file({ clientId })
      expect(noDecision.statusCode).toBe(400)
    })

    it("lists a client's cases newest first, and answers 404 for an unknown client", async () => {
      const clientId = await clientWithConsents(s.api.database.owner, s.client)
      const first = await fileAssessment(s.client, clientId)
      s.clock.advanceMinutes(5)
      const decision = await recordDecision(s.client, creditDecision(clientId))
      const second = await fileReview(s.client, decision)

      const list = expectStatus<ReviewCaseList>(
        await s.client.as('agent').get(`/v1/clients/${clientId}/review-cases`),
        200
      )
      expect(list.items.map((item) => item.id)).toEqual([second.id, first.id])
      expect(list.total).toBe(2)
      expect(list.nextCursor).toBeNull()
      const unknown = await s.client.as('agent').get(`/v1/clients/${randomUUID()}/review-cases`)
      expect(unknown.statusCode).toBe(404)
    })
  })

  describe('claims by id: renew and release', () => {
    let caseId: string
    beforeEach(async () => {
      const clientId = await clientWithConsents(s.api.database.owner, s.client)
      const decision = await recordDecision(s.client, profilingDecision(clientId))
      caseId = (await fileReview(s.client, decision)).id
    })

    const renew = (username: string, token: string) =>
      s.client.as(username).post(`/v1/review-cases/${caseId}/renew`, { token })
    const release = (username: string, token: string) =>
      s.client.as(username).post(`/v1/review-cases/${caseId}/release`, { token })

    it('claiming your own case again gives a larger token and makes the old one stale', async () => {
      const first = await claim(s.client, caseId)
      const again = await claim(s.client, caseId)
      expect(BigInt(again.claim.token)).toBeGreaterThan(BigInt(first.claim.token))
      // A lease that still held did not run out: the history records a claim, not an expiry.
      expect(again.case.history.map((entry) => entry.action)).toEqual([
        'created',
        'claimed',
        'claimed'
      ])

      const stale = await renew('reviewer', first.claim.token)
      expect(stale.statusCode).toBe(409)
      expect(stale.json()).toMatchObject({ code: 'stale_claim' })
      expectStatus(await renew('reviewer', again.claim.token), 200)
    })

    it("refuses someone else's live claim with case_claimed, and allows it once the lease runs out", async () => {
      await claim(s.client, caseId, 'reviewer')
      const taken = await s.client.as('reviewer2').post(`/v1/review-cases/${caseId}/claim`)
      expect(taken.statusCode).toBe(409)
      expect(taken.json()).toMatchObject({ code: 'case_claimed' })

      s.clock.advanceMinutes(16)
      const claimed = await claim(s.client, caseId, 'reviewer2')
      expect(claimed.case.assignee?.id).toBe(s.staff['reviewer2'])
    })

    it('renewing moves the lease on, keeps the token and writes no history', async () => {
      const claimed = await claim(s.client, caseId)
      s.clock.advanceMinutes(10)

      const renewed = expectStatus<ClaimResponse>(await renew('reviewer', claimed.claim.token), 200)

      expect(renewed.claim.token).toBe(claimed.claim.token)
      expect(Date.parse(renewed.claim.expiresAt) - s.clock.now().getTime()).toBe(15 * 60_000)
      expect(renewed.case.claimExpiresAt).toBe(renewed.claim.expiresAt)
      expect(renewed.case.history.map((entry) => entry.action)).toEqual(['created', 'claimed'])
    })

    it('cannot renew a lease that has run out, nor with a token that is not the current one', async () => {
      const claimed = await claim(s.client, caseId)
      const wrong = await renew('reviewer', String(BigInt(claimed.claim.token) + 1000n))
      expect(wrong.json()).toMatchObject({ code: 'stale_claim' })
      const foreign = await renew('reviewer2', claimed.claim.token)
      expect(foreign.json()).toMatchObject({ code: 'stale_claim' })

      s.clock.advanceMinutes(15)
      const late = await renew('reviewer', claimed.claim.token)
      expect(late.statusCode).toBe(409)
      expect(late.json()).toMatchObject({ code: 'stale_claim' })
    })

    it('releasing puts the case back in the queue, once', async () => {
      const claimed = await claim(s.client, caseId)

      const released = expectStatus<ReviewCase>(await release('reviewer', claimed.claim.token), 200)

      expect(released).toMatchObject({ status: 'open', assignee: null, claimExpiresAt: null })
      expect(released.history.at(-1)).toMatchObject({
        action: 'released',
        actor: { id: s.staff['reviewer'] },
        actorRole: 'reviewer'
      })
      const again = await release('reviewer', claimed.claim.token)
      expect(again.json()).toMatchObject({ code: 'stale_claim' })
      const row = await s.api.database.owner
        .selectFrom('review_cases')
        .select(['status', 'assignee_id', 'claim_token', 'lease_expires_at'])
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow()
      expect(row).toEqual({
        status: 'open',
        assignee_id: null,
        claim_token: null,
        lease_expires_at: null
      })
    })

    it('answers 404 for a case that does not exist', async () => {
      const id = randomUUID()
      expect((await s.client.as('reviewer').post(`/v1/review-cases/${id}/claim`)).statusCode).toBe(
        404
      )
      const renewed = await s.client
        .as('reviewer')
        .post(`/v1/review-cases/${id}/renew`, { token: '1' })
      expect(renewed.statusCode).toBe(404)
    })
  })

  describe('deciding and approving', () => {
    async function claimedReview(
      decision: 'credit' | 'profiling' = 'credit'
    ): Promise<ClaimResponse & { decision: Decision }> {
      const clientId = await clientWithConsents(s.api.database.owner, s.client)
      const recorded = await recordDecision(
        s.client,
        decision === 'credit' ? creditDecision(clientId) : profilingDecision(clientId)
      )
      const filed = await fileReview(s.client, recorded)
      return { ...(await claim(s.client, filed.id)), decision: recorded }
    }

    const decide = (caseId: string, body: object, username = 'reviewer') =>
      s.client.as(username).post(`/v1/review-cases/${caseId}/decision`, {
        reasonCode: 'new_information',
        rationale: RATIONALE,
        ...body
      })

    it('upholding a profiling decision closes the case at once', async () => {
      const { case: held, claim: token } = await claimedReview('profiling')

      const decided = expectStatus<ReviewCase>(
        await decide(held.id, {
          token: token.token,
          outcome: 'upheld',
          reasonCode: 'model_correct'
        }),
        200
      )

      expect(decided).toMatchObject({
        status: 'closed',
        closedAt: s.clock.now().toISOString(),
        claimExpiresAt: null,
        assignee: { id: s.staff['reviewer'] },
        resolution: {
          outcome: 'upheld',
          newOutcome: null,
          conditions: null,
          reasonCode: 'model_correct',
          rationale: RATIONALE,
          decidedAt: s.clock.now().toISOString(),
          decidedBy: { id: s.staff['reviewer'], displayName: 'Mārtiņš Ozols' }
        },
        approval: null
      })
      expect(decided.history.slice(-2)).toMatchObject([
        {
          action: 'decided',
          actorRole: 'reviewer',
          details: { outcome: 'upheld', reasonCode: 'model_correct' }
        },
        { action: 'closed', actorRole: 'reviewer' }
      ])
      expect(decided.decision?.review?.status).toBe('closed')
    })

    it('an override of a credit decision waits for a supervisor who is not the decider, then closes', async () => {
      const { case: held, claim: token } = await claimedReview('credit')
      const newOutcome = { result: 'approved_with_limit', limitEur: 600 }

      const waiting = expectStatus<ReviewCase>(
        await decide(held.id, { token: token.token, outcome: 'overridden', newOutcome }),
        200
      )
      expect(waiting).toMatchObject({
        status: 'awaiting_approval',
        closedAt: null,
        claimExpiresAt: null,
        resolution: { outcome: 'overridden', newOutcome }
      })
      // The claim ended with the decision: the token decides nothing more.
      const again = await decide(held.id, { token: token.token, outcome: 'upheld' })
      expect(again.json()).toMatchObject({ code: 'stale_claim' })

      s.clock.advanceMinutes(30)
      const approved = expectStatus<ReviewCase>(
        await s.client
          .as('supervisor')
          .post(`/v1/review-cases/${held.id}/approval`, { approve: true, note: '' }),
        200
      )
      expect(approved).toMatchObject({
        status: 'closed',
        closedAt: s.clock.now().toISOString(),
        approval: {
          approved: true,
          note: '',
          at: s.clock.now().toISOString(),
          by: { id: s.staff['supervisor'], displayName: 'Ilze Bērziņa' }
        },
        resolution: { outcome: 'overridden', newOutcome }
      })
      expect(approved.history.map((entry) => [entry.action, entry.actorRole])).toEqual([
        ['created', 'agent'],
        ['claimed', 'reviewer'],
        ['decided', 'reviewer'],
        ['approved', 'supervisor'],
        ['closed', 'supervisor']
      ])
    })

    it('sending back needs a note, reopens the case and clears the resolution', async () => {
      const { case: held, claim: token } = await claimedReview('credit')
      expectStatus(
        await decide(held.id, {
          token: token.token,
          outcome: 'overridden',
          newOutcome: { result: 'approved' }
        }),
        200
      )
      const approval = (body: object) =>
        s.client.as('supervisor').post(`/v1/review-cases/${held.id}/approval`, body)

      const noNote = await approval({ approve: false, note: '   ' })
      expect(noNote.statusCode).toBe(400)
      expect(noNote.json()).toMatchObject({ code: 'validation_failed', fields: [{ path: 'note' }] })

      const sentBack = expectStatus<ReviewCase>(
        await approval({ approve: false, note: 'Ask for the March bank statement first.' }),
        200
      )
      expect(sentBack).toMatchObject({
        status: 'open',
        assignee: null,
        resolution: null,
        closedAt: null,
        approval: { approved: false, note: 'Ask for the March bank statement first.' }
      })
      expect(sentBack.history.at(-1)).toMatchObject({
        action: 'sent_back',
        actorRole: 'supervisor',
        details: { note: 'Ask for the March bank statement first.' }
      })
      // Open again: nothing to approve, and a reviewer can take it up.
      const early = await approval({ approve: true, note: '' })
      expect(early.statusCode).toBe(409)
      expect(early.json()).toMatchObject({ code: 'invalid_transition' })
      await claim(s.client, held.id, 'reviewer2')
    })

    it('a manual assessment approved with conditions needs the conditions, and an approval', async () => {
      const clientId = await clientWithConsents(s.api.database.owner, s.client, [])
      const filed = await fileAssessment(s.client, clientId)
      const { claim: token } = await claim(s.client, filed.id)

      const missing = await decide(filed.id, {
        token: token.token,
        outcome: 'approved_with_conditions',
        reasonCode: 'income_sufficient'
      })
      expect(missing.statusCode).toBe(400)
      expect(missing.json().fields).toEqual([
        { path: 'conditions', message: 'say what the client must do or accept' }
      ])

      const decided = expectStatus<ReviewCase>(
        await decide(filed.id, {
          token: token.token,
          outcome: 'approved_with_conditions',
          conditions: 'A deposit of 100 EUR',
          reasonCode: 'income_sufficient'
        }),
        200
      )
      expect(decided).toMatchObject({
        status: 'awaiting_approval',
        resolution: { outcome: 'approved_with_conditions', conditions: 'A deposit of 100 EUR' }
      })
    })

    it.each([
      ['an outcome of the other kind of case', { outcome: 'approved' }, 'outcome'],
      ['an override without the new outcome', { outcome: 'overridden' }, 'newOutcome'],
      [
        'an override to the outcome under review',
        { outcome: 'overridden', newOutcome: { result: 'declined' } },
        'newOutcome'
      ],
      [
        'a new outcome that does not fit a credit decision',
        { outcome: 'overridden', newOutcome: { result: 'segment_assigned', segment: 'x' } },
        'newOutcome.result'
      ],
      [
        'a new outcome when upholding',
        { outcome: 'upheld', newOutcome: { result: 'approved' } },
        'newOutcome'
      ],
      ['conditions on a review', { outcome: 'upheld', conditions: 'none' }, 'conditions']
    ])('refuses %s (400) and changes nothing', async (_name, body, path) => {
      const { case: held, claim: token } = await claimedReview('credit')
      const response = await decide(held.id, { token: token.token, ...body })
      expect(response.statusCode).toBe(400)
      expect(response.json().fields.map((field: { path: string }) => field.path)).toContain(path)
      const row = await s.api.database.owner
        .selectFrom('review_cases')
        .select(['status', 'outcome'])
        .where('id', '=', held.id)
        .executeTakeFirstOrThrow()
      expect(row).toEqual({ status: 'claimed', outcome: null })
    })

    it('refuses a decision with a token whose lease ran out, and stores nothing', async () => {
      const { case: held, claim: token } = await claimedReview('profiling')
      s.clock.advanceMinutes(15)
      const late = await decide(held.id, { token: token.token, outcome: 'upheld' })
      expect(late.statusCode).toBe(409)
      expect(late.json()).toMatchObject({ code: 'stale_claim' })
      expect(await historyActions(s.client, held.id)).toEqual(['created', 'claimed'])
    })

    it('a closed case never changes: every write answers case_closed', async () => {
      const { case: held, claim: token } = await claimedReview('profiling')
      expectStatus(await decide(held.id, { token: token.token, outcome: 'upheld' }), 200)
      const path = `/v1/review-cases/${held.id}`
      const writes: Array<[string, string, object | undefined]> = [
        ['reviewer', `${path}/claim`, undefined],
        ['reviewer', `${path}/renew`, { token: token.token }],
        ['reviewer', `${path}/release`, { token: token.token }],
        [
          'reviewer',
          `${path}/decision`,
          { token: token.token, outcome: 'upheld', reasonCode: 'other', rationale: RATIONALE }
        ],
        ['supervisor', `${path}/approval`, { approve: true, note: '' }],
        ['supervisor', `${path}/extension`, { months: 1, reason: 'More time' }],
        ['supervisor', `${path}/reassign`, { assignee: null }]
      ]
      for (const [username, url, body] of writes) {
        const response = await s.client.as(username).post(url, body)
        expect(response.statusCode, url).toBe(409)
        expect(response.json(), url).toMatchObject({ code: 'case_closed' })
      }
      expect(await historyActions(s.client, held.id)).toEqual([
        'created',
        'claimed',
        'decided',
        'closed'
      ])
    })

    it('keeps the history append-only in the database itself', async () => {
      const { case: held } = await claimedReview('profiling')
      const db = s.api.database.owner
      await expect(
        sql`update review_case_history set action = 'closed' where case_id = ${held.id}`.execute(db)
      ).rejects.toThrow(/append-only/)
      await expect(
        sql`delete from review_case_history where case_id = ${held.id}`.execute(db)
      ).rejects.toThrow(/append-only/)
      expect(await historyActions(s.client, held.id)).toEqual(['created', 'claimed'])
    })
  })

  describe('reassigning', () => {
    async function newCase(): Promise<ReviewCase> {
      const clientId = await clientWithConsents(s.api.database.owner, s.client, [])
      return fileAssessment(s.client, clientId)
    }

    const reassign = (caseId: string, assignee: string | null) =>
      s.client.as('supervisor').post(`/v1/review-cases/${caseId}/reassign`, { assignee })

    it('gives a case to another reviewer, who takes it over with a claim; the old token goes stale', async () => {
      const filed = await newCase()
      const first = await claim(s.client, filed.id, 'reviewer')

      const moved = expectStatus<ReviewCase>(await reassign(filed.id, s.staff['reviewer2']!), 200)

      expect(moved).toMatchObject({
        status: 'claimed',
        assignee: { id: s.staff['reviewer2'], displayName: 'Kristaps Liepa' }
      })
      expect(moved.history.at(-1)).toMatchObject({
        action: 'reassigned',
        actorRole: 'supervisor',
        details: {
          from: s.staff['reviewer'],
          to: s.staff['reviewer2'],
          fromName: 'Mārtiņš Ozols',
          toName: 'Kristaps Liepa'
        }
      })
      const stale = await s.client
        .as('reviewer')
        .post(`/v1/review-cases/${filed.id}/renew`, { token: first.claim.token })
      expect(stale.json()).toMatchObject({ code: 'stale_claim' })
      // Someone else's case to the first reviewer now, and theirs to the second.
      const taken = await s.client.as('reviewer').post(`/v1/review-cases/${filed.id}/claim`)
      expect(taken.json()).toMatchObject({ code: 'case_claimed' })
      const takenOver = await claim(s.client, filed.id, 'reviewer2')
      expect(BigInt(takenOver.claim.token)).toBeGreaterThan(BigInt(first.claim.token))
    })

    it('puts a case back in the queue with null', async () => {
      const filed = await newCase()
      await claim(s.client, filed.id, 'reviewer')
      const back = expectStatus<ReviewCase>(await reassign(filed.id, null), 200)
      expect(back).toMatchObject({ status: 'open', assignee: null, claimExpiresAt: null })
      expect(back.history.at(-1)?.details).toEqual({
        from: s.staff['reviewer'],
        to: null,
        fromName: 'Mārtiņš Ozols',
        toName: null
      })
    })

    it('refuses an assignee who is not a reviewer, and a case waiting for approval', async () => {
      const filed = await newCase()
      for (const assignee of [s.staff['agent']!, s.staff['supervisor2']!, randomUUID()]) {
        const response = await reassign(filed.id, assignee)
        expect(response.statusCode).toBe(400)
        expect(response.json()).toMatchObject({
          code: 'validation_failed',
          fields: [{ path: 'assignee', message: 'is not a reviewer' }]
        })
      }
      const { claim: token } = await claim(s.client, filed.id)
      expectStatus(
        await s.client.as('reviewer').post(`/v1/review-cases/${filed.id}/decision`, {
          token: token.token,
          outcome: 'declined',
          reasonCode: 'income_insufficient',
          rationale: RATIONALE
        }),
        200
      )
      const waiting = await reassign(filed.id, s.staff['reviewer2']!)
      expect(waiting.statusCode).toBe(409)
      expect(waiting.json()).toMatchObject({ code: 'invalid_transition' })
    })
  })

  describe('extending the deadline', () => {
    // A request on 31 March: April has 30 days, and Riga is on summer time (UTC+3).
    beforeAll(() => {
      advanceTo(s.clock, '2027-03-31T10:00:00Z')
    })

    async function newCase(): Promise<ReviewCase> {
      const clientId = await clientWithConsents(s.api.database.owner, s.client, [])
      return fileAssessment(s.client, clientId, { replyChannel: 'email' })
    }

    const extend = (caseId: string, body: object, username = 'reviewer') =>
      s.client.as(username).post(`/v1/review-cases/${caseId}/extension`, body)

    it('the reviewer holding the case extends it once, by up to two months, and the client is told', async () => {
      const filed = await newCase()
      expect(filed.dueAt).toBe('2027-04-30')
      await claim(s.client, filed.id)
      const reason = 'We are waiting for your employer to confirm your income.'

      const extended = expectStatus<ReviewCase>(await extend(filed.id, { months: 2, reason }), 200)

      expect(extended).toMatchObject({
        dueAt: '2027-06-30',
        firstDueAt: '2027-04-30',
        extended: true,
        extension: {
          months: 2,
          reason,
          at: '2027-03-31T10:00:00.000Z',
          by: { id: s.staff['reviewer'] }
        }
      })
      expect(extended.history.at(-1)).toMatchObject({
        action: 'extended',
        actorRole: 'reviewer',
        details: { months: 2, reason, dueAt: '2027-06-30', clientNotifiedVia: 'email' }
      })

      const twice = await extend(filed.id, { months: 1, reason: 'Still waiting' })
      expect(twice.statusCode).toBe(409)
      expect(twice.json()).toMatchObject({ code: 'extension_not_allowed' })
    })

    it('a supervisor may extend any case; a reviewer not holding it may not', async () => {
      const filed = await newCase()
      const refused = await extend(filed.id, { months: 1, reason: 'More time' })
      expect(refused.statusCode).toBe(403)
      expect(refused.json()).toMatchObject({ code: 'forbidden' })

      const extended = expectStatus<ReviewCase>(
        await extend(filed.id, { months: 1, reason: 'More time' }, 'supervisor'),
        200
      )
      expect(extended.dueAt).toBe('2027-05-31')
      expect(extended.history.at(-1)).toMatchObject({ action: 'extended', actorRole: 'supervisor' })
    })

    it('is allowed on the last day of the first month, and not after it', async () => {
      const onTime = await newCase()
      const late = await newCase()
      // 20:59 UTC on 30 April is 23:59 in Riga (summer time): still the due day.
      advanceTo(s.clock, '2027-04-30T20:59:00Z')
      expectStatus(await extend(onTime.id, { months: 1, reason: 'More time' }, 'supervisor'), 200)

      s.clock.advanceMinutes(1)
      const refused = await extend(late.id, { months: 1, reason: 'More time' }, 'supervisor')
      expect(refused.statusCode).toBe(409)
      expect(refused.json()).toMatchObject({ code: 'extension_not_allowed' })
      expect(refused.json().message).toContain('first month')
    })
  })
})

describe('claiming the next case', () => {
  let s: Setup
  beforeAll(async () => {
    s = await setUp()
    await addStaff(s.api.database.owner, {
      username: 'parked',
      displayName: 'Parked Cases',
      roles: ['reviewer']
    })
    s.staff = await staffIds(s.api.database.owner)
  })
  afterAll(async () => {
    await s.api.close()
  })
  // Each test starts with an empty queue: what earlier tests left is held, far into the future,
  // by a reviewer who never works.
  beforeEach(async () => {
    await sql`update review_cases
      set status = 'claimed', assignee_id = ${s.staff['parked']}::uuid,
          claim_token = nextval('review_claim_tokens'), lease_expires_at = '2100-01-01T00:00:00Z'
      where status in ('open', 'claimed')`.execute(s.api.database.owner)
    s.clock.advanceMinutes(60)
  })

  async function fileCase(): Promise<ReviewCase> {
    const clientId = await clientWithConsents(s.api.database.owner, s.client, [])
    return fileAssessment(s.client, clientId)
  }

  async function claimNext(username = 'reviewer'): Promise<ClaimResponse | undefined> {
    const response = await s.client.as(username).post('/v1/review-cases/claim-next')
    if (response.statusCode === 204) return undefined
    return expectStatus<ClaimResponse>(response, 200)
  }

  it('takes the case due soonest, then the one requested first, then the lowest number', async () => {
    const extended = await fileCase() // due first, but extended by two months below
    s.clock.advanceMinutes(DAY_MINUTES)
    const second = await fileCase()
    const third = await fileCase() // the same instant and due date as `second`: by number
    s.clock.advanceMinutes(DAY_MINUTES)
    const fourth = await fileCase()
    expectStatus(
      await s.client.as('supervisor').post(`/v1/review-cases/${extended.id}/extension`, {
        months: 2,
        reason: 'Waiting for the bank'
      }),
      200
    )

    const order: string[] = []
    for (const username of ['reviewer', 'reviewer2', 'supervisor', 'supervisor2']) {
      const claimed = await claimNext(username)
      order.push(claimed!.case.id)
    }
    expect(order).toEqual([second.id, third.id, fourth.id, extended.id])
    expect(await claimNext('reviewer')).toBeUndefined()
  })

  it('answers 204 when nothing is left, and never hands the caller the case they hold', async () => {
    const only = await fileCase()
    const claimed = await claimNext()
    const expiresAt = new Date(s.clock.now().getTime() + 15 * 60_000).toISOString()
    expect(claimed?.case).toMatchObject({
      id: only.id,
      status: 'claimed',
      assignee: { id: s.staff['reviewer'], displayName: 'Mārtiņš Ozols' },
      claimExpiresAt: expiresAt
    })
    expect(claimed?.claim).toEqual({
      token: expect.stringMatching(/^[1-9]\d*$/),
      expiresAt
    })

    const response = await s.client.as('reviewer').post('/v1/review-cases/claim-next')
    expect(response.statusCode).toBe(204)
    expect(response.body).toBe('')
    expect(await claimNext('reviewer2')).toBeUndefined()
  })

  it('takes over a claim whose lease ran out; the history names the holder it ran out on', async () => {
    const filed = await fileCase()
    const first = await claimNext('reviewer')
    s.clock.advanceMinutes(15) // the lease ends at this very moment

    const second = await claimNext('reviewer2')

    expect(second?.case.id).toBe(filed.id)
    expect(BigInt(second!.claim.token)).toBeGreaterThan(BigInt(first!.claim.token))
    expect(second?.case.history.map((entry) => [entry.action, entry.actor?.id ?? null])).toEqual([
      ['created', s.staff['agent']],
      ['claimed', s.staff['reviewer']],
      ['claim_expired', null],
      ['claimed', s.staff['reviewer2']]
    ])
    expect(second?.case.history[2]).toMatchObject({
      at: s.clock.now().toISOString(),
      actorRole: null,
      details: { previousAssignee: s.staff['reviewer'] }
    })
    // The first reviewer's token is stale now.
    const late = await s.client.as('reviewer').post(`/v1/review-cases/${filed.id}/decision`, {
      token: first!.claim.token,
      outcome: 'declined',
      reasonCode: 'income_insufficient',
      rationale: RATIONALE
    })
    expect(late.statusCode).toBe(409)
    expect(late.json()).toMatchObject({ code: 'stale_claim' })
  })

  it('hands out each case once when reviewers ask at the same moment', async () => {
    const filed = await Promise.all(Array.from({ length: 6 }, () => fileCase()))
    const usernames = ['reviewer', 'reviewer2', 'supervisor', 'supervisor2']
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        s.client.as(usernames[index % usernames.length]!).post('/v1/review-cases/claim-next')
      )
    )
    const claimed = answers
      .filter((answer) => answer.statusCode === 200)
      .map((answer) => (answer.json() as ClaimResponse).case.id)
    expect(answers.filter((answer) => answer.statusCode === 204)).toHaveLength(6)
    expect(new Set(claimed).size).toBe(6)
    expect([...claimed].sort()).toEqual(filed.map((c) => c.id).sort())
    const claims = await s.api.database.owner
      .selectFrom('review_case_history')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'claimed')
      .where(
        'case_id',
        'in',
        filed.map((c) => c.id)
      )
      .executeTakeFirstOrThrow()
    expect(Number(claims.n)).toBe(6)
  })
})

describe('the queue', () => {
  let s: Setup
  const ids: Record<string, ReviewCase> = {}

  beforeAll(async () => {
    s = await setUp('2026-11-02T09:00:00Z')
    const db = s.api.database.owner
    const berzina = await insertNamedClient(db, {
      kind: 'private',
      firstName: 'Līga',
      lastName: 'Bērziņa',
      personalCode: '12038912346'
    })
    const ozols = await insertNamedClient(db, {
      kind: 'private',
      firstName: 'Pēteris',
      lastName: 'Ozols',
      personalCode: '23115810786'
    })
    const koks = await insertNamedClient(db, {
      kind: 'business',
      name: 'AS "Baltijas Koks"',
      registrationNumber: '40103987655'
    })
    // One case a day: the 2nd, 3rd, … of November, due on the 2nd, 3rd, … of December.
    const file = async (name: string, clientId: string): Promise<void> => {
      ids[name] = await fileAssessment(s.client, clientId)
      s.clock.advanceMinutes(DAY_MINUTES)
    }
    await file('berzinaOpen', berzina)
    await file('ozolsHeld', ozols)
    await file('koksLapsed', koks)
    await file('berzinaClosed', berzina)
    await file('ozolsOther', ozols)
    const decision = await recordDecision(
      s.client,
      profilingDecision(await clientWithConsents(db, s.client))
    )
    ids['profiling'] = await fileReview(s.client, decision)

    // Held by the reviewer now; a claim that ran out; one decided and approved; one held by another.
    const lapsed = await claim(s.client, ids['koksLapsed']!.id, 'reviewer2')
    expect(lapsed.claim.expiresAt).toBeDefined()
    s.clock.advanceMinutes(20)
    const decided = await claim(s.client, ids['berzinaClosed']!.id, 'reviewer')
    expectStatus(
      await s.client.as('reviewer').post(`/v1/review-cases/${ids['berzinaClosed']!.id}/decision`, {
        token: decided.claim.token,
        outcome: 'declined',
        reasonCode: 'income_insufficient',
        rationale: RATIONALE
      }),
      200
    )
    expectStatus(
      await s.client
        .as('supervisor')
        .post(`/v1/review-cases/${ids['berzinaClosed']!.id}/approval`, { approve: true, note: '' }),
      200
    )
    await claim(s.client, ids['ozolsHeld']!.id, 'reviewer')
    await claim(s.client, ids['ozolsOther']!.id, 'reviewer2')
  })
  afterAll(async () => {
    await s.api.close()
  })

  async function list(query: string, username = 'supervisor'): Promise<ReviewCaseList> {
    return expectStatus<ReviewCaseList>(
      await s.client.as(username).get(`/v1/review-cases${query}`),
      200
    )
  }
  const names = (page: ReviewCaseList): string[] =>
    page.items.map((item) => Object.entries(ids).find(([, c]) => c.id === item.id)![0])

  it('shows a supervisor every case, due soonest first, client identifiers masked', async () => {
    const page = await list('')
    expect(names(page)).toEqual([
      'berzinaOpen',
      'ozolsHeld',
      'koksLapsed',
      'berzinaClosed',
      'ozolsOther',
      'profiling'
    ])
    expect(page.total).toBe(6)
    expect(page.nextCursor).toBeNull()
    expect(page.items[0]).toMatchObject({
      kind: 'manual_credit',
      status: 'open',
      dueAt: '2026-12-02',
      client: { displayName: 'Līga Bērziņa', maskedIdentifier: '120389-*****' }
    })
    expect(page.items[2]!.client).toMatchObject({
      displayName: 'AS "Baltijas Koks"',
      maskedIdentifier: '40103987655'
    })
    expect(page.items[5]).toMatchObject({ kind: 'decision_review', decisionKind: 'profiling' })
  })

  it('lists a claim whose lease ran out as open, with nobody assigned', async () => {
    const page = await list('?status=open')
    expect(names(page)).toEqual(['berzinaOpen', 'koksLapsed', 'profiling'])
    const lapsed = page.items[1]!
    expect(lapsed).toMatchObject({ status: 'open', assignee: null, claimExpiresAt: null })

    const held = await list('?status=claimed')
    expect(names(held)).toEqual(['ozolsHeld', 'ozolsOther'])
    expect(held.items[0]).toMatchObject({
      status: 'claimed',
      assignee: { id: s.staff['reviewer'] },
      claimExpiresAt: expect.any(String)
    })
    expect(names(await list('?status=closed'))).toEqual(['berzinaClosed'])
  })

  it('filters by kind, assignee and due date', async () => {
    expect(names(await list('?kind=decision_review'))).toEqual(['profiling'])
    expect(names(await list('?assignee=me', 'reviewer'))).toEqual(['ozolsHeld', 'berzinaClosed'])
    expect(names(await list(`?assignee=${s.staff['reviewer2']}`))).toEqual(['ozolsOther'])
    expect(names(await list('?assignee=none'))).toEqual(['berzinaOpen', 'koksLapsed', 'profiling'])
    expect(names(await list('?dueBefore=2026-12-03'))).toEqual(['berzinaOpen', 'ozolsHeld'])
    expect((await list('?dueBefore=2026-12-03&status=open')).total).toBe(1)
  })

  it('searches by case number or by words of the name, ignoring accents and case', async () => {
    const number = ids['koksLapsed']!.number
    const digits = String(Number(number.slice(2)))
    expect(names(await list(`?q=${number}`))).toEqual(['koksLapsed'])
    expect(names(await list(`?q=${digits}`))).toEqual(['koksLapsed'])
    expect(names(await list('?q=BERZINA'))).toEqual(['berzinaOpen', 'berzinaClosed'])
    expect(names(await list(`?q=${encodeURIComponent('līga bērz')}`))).toEqual([
      'berzinaOpen',
      'berzinaClosed'
    ])
    expect(names(await list('?q=koks'))).toEqual(['koksLapsed'])
    expect((await list('?q=nobody')).total).toBe(0)
  })

  it.each([
    [
      'dueAt',
      ['berzinaOpen', 'ozolsHeld', 'koksLapsed', 'berzinaClosed', 'ozolsOther', 'profiling']
    ],
    [
      '-dueAt',
      ['profiling', 'ozolsOther', 'berzinaClosed', 'koksLapsed', 'ozolsHeld', 'berzinaOpen']
    ],
    [
      'requestedAt',
      ['berzinaOpen', 'ozolsHeld', 'koksLapsed', 'berzinaClosed', 'ozolsOther', 'profiling']
    ],
    [
      '-number',
      ['profiling', 'ozolsOther', 'berzinaClosed', 'koksLapsed', 'ozolsHeld', 'berzinaOpen']
    ]
  ])('sorts by %s and pages through it with the cursor, two at a time', async (sort, expected) => {
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = `?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`
      const page = await list(query)
      expect(page.total).toBe(6)
      seen.push(...names(page))
      cursor = page.nextCursor
      pages++
    } while (cursor !== null && pages < 10)
    expect(seen).toEqual(expected)
    expect(pages).toBe(3)
  })

  it('breaks ties of the sort key by id, so paging neither skips nor repeats a row', async () => {
    const db = s.api.database.owner
    // Two more cases on one due day, the same as an existing one.
    const clientId = await clientWithConsents(db, s.client, [])
    const extra = [
      await fileAssessment(s.client, clientId),
      await fileAssessment(s.client, clientId)
    ]
    const all = await list('?sort=dueAt&limit=200')
    const paged: string[] = []
    let cursor: string | null = null
    do {
      const page: ReviewCaseList = await list(
        `?sort=dueAt&limit=1${cursor ? `&cursor=${cursor}` : ''}`
      )
      paged.push(...page.items.map((item) => item.id))
      cursor = page.nextCursor
    } while (cursor !== null)
    expect(paged).toEqual(all.items.map((item) => item.id))
    expect(paged).toEqual(expect.arrayContaining(extra.map((c) => c.id)))
  })

  it("refuses a cursor that is not this list's", async () => {
    const page = await list('?sort=dueAt&limit=1')
    for (const cursor of ['nonsense', page.nextCursor!]) {
      const response = await s.client
        .as('supervisor')
        .get(`/v1/review-cases?sort=-number&cursor=${cursor}`)
      expect(response.statusCode).toBe(400)
      expect(response.json()).toMatchObject({
        code: 'validation_failed',
        fields: [{ path: 'cursor' }]
      })
    }
  })
})
