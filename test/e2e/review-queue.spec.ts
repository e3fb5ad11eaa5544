/**
 * Issue 9, end to end in Chromium: the built renderer, main's real handlers, the real API on its
 * own database. An agent files a review of a declined credit decision with the client's
 * statement; a reviewer claims it and overrides it to approved with a limit; a supervisor who
 * is not the reviewer approves; the outcome letter's PDF says the result and the client's right
 * to complain and to go to court (read back with pdftotext).
 */
import { execFileSync } from 'node:child_process'
import { FIXTURES } from '../../src/server/seed/generator'
import { openSignIn, signIn } from '../support/e2e-actions'
import { openClient, otherCounter, verifyIdentity } from '../support/e2e-consents'
import { expect, test } from '../support/e2e-fixtures'
import { t } from '../support/e2e-i18n'
import type { Page } from '@playwright/test'

// Its own API and database: the decision and the case stay out of other tests' clients.
test.use({ apiDatabase: true })

const STATEMENT = 'Kopš oktobra strādāju jaunā darbā; mani ienākumi ir divreiz lielāki nekā agrāk.'
const RATIONALE =
  'Jūsu jaunais darba līgums rāda ienākumus, kas sedz ikmēneša maksājumus; tāpēc kredīts ir apstiprināts ar limitu.'

/** A name that starts with `text` (a button whose label adds what it acts on). */
function startsWith(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: t('lv', 'app.signOut') }).click()
  await expect(page.getByRole('heading', { name: t('lv', 'auth.heading') })).toBeVisible()
}

test('a declined credit decision: requested at the counter, overridden, approved, the letter printed', async ({
  page,
  desk
}) => {
  test.setTimeout(120_000)
  const client = FIXTURES.janisBerzins // reads Latvian: the letters print in Latvian
  const name = `${client.firstName} ${client.lastName}`
  const supervisor = await otherCounter(desk.api.url)
  const clientId = await supervisor.clientId(client.personalCode)
  // The client consents to the automated credit check (purpose 4), then the scoring system
  // declines them.
  await supervisor.record(clientId, [{ purpose: 'credit_information', action: 'given' }])
  const scoring = await otherCounter(desk.api.url, 'integration')
  const decision = await scoring.api.call('recordDecision', {
    body: {
      clientId,
      kind: 'credit',
      outcome: { result: 'declined' },
      model: { name: 'LMT kredītspēja', version: '4.2.0' },
      factors: [
        {
          name: 'income_to_payment',
          direction: 'lowered',
          weight: 0.6,
          explanation: {
            lv: 'Deklarētie ienākumi nesedz ikmēneša maksājumu.',
            en: 'The declared income does not cover the monthly payment.',
            ru: 'Заявленный доход не покрывает ежемесячный платёж.'
          }
        }
      ],
      inputs: { declaredIncomeEur: 650, requestedDevice: 'iPhone 17' }
    }
  })

  // 1. The agent files the request at the counter, with the client's statement.
  await openSignIn(page)
  await signIn(page, 'agent')
  await openClient(page, client.personalCode, name)
  await verifyIdentity(page, '2346')
  await page.getByRole('tab', { name: t('lv', 'consents.tab.decisions') }).click()
  const decisions = page.getByRole('table', { name: t('lv', 'decisions.tableLabel') })
  await expect(decisions).toContainText(t('lv', 'decisions.result.declined'))
  await decisions
    .getByRole('button', { name: startsWith(t('lv', 'decisions.request.open')) })
    .click()
  const request = page.getByRole('dialog', { name: t('lv', 'decisions.request.title') })
  await request.getByLabel(t('lv', 'decisions.request.statement')).fill(STATEMENT)
  await request.getByRole('button', { name: t('lv', 'decisions.request.submit') }).click()

  // The client's confirmation of the request opens at once, in the client's language.
  const confirmation = page.getByRole('dialog', { name: t('lv', 'decisions.preview.request') })
  await expect(confirmation.getByTestId('receipt-preview')).toContainText(STATEMENT)
  const { items: filed } = await supervisor.api.call('listClientReviewCases', {
    params: { id: clientId }
  })
  expect(filed).toHaveLength(1)
  const filedCase = filed[0]!
  expect(filedCase).toMatchObject({
    kind: 'decision_review',
    status: 'open',
    decisionKind: 'credit'
  })
  await expect(confirmation.getByTestId('receipt-preview')).toContainText(filedCase.number)
  await confirmation.getByRole('button', { name: t('lv', 'receipts.preview.done') }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  const stored = await supervisor.api.call('getReviewCase', { params: { id: filedCase.id } })
  expect(stored).toMatchObject({
    decision: { id: decision.id },
    clientStatement: STATEMENT,
    replyChannel: 'letter',
    requestedBy: { displayName: expect.any(String) }
  })
  await signOut(page)

  // 2. A reviewer finds it in the queue, claims it and overrides it.
  await signIn(page, 'reviewer')
  await page.getByLabel(t('lv', 'review.queue.search')).fill(filedCase.number)
  const row = page
    .getByRole('table', { name: t('lv', 'review.queue.tableLabel') })
    .getByRole('row')
    .filter({ hasText: filedCase.number })
  await expect(row).toHaveCount(1)
  await row.click()
  await page.getByRole('button', { name: t('lv', 'review.claim.claim'), exact: true }).click()
  await expect(page.getByText(t('lv', 'review.notice.claimed'))).toBeVisible()
  await page.getByRole('radio', { name: t('lv', 'review.outcome.overridden') }).check()
  await page
    .getByRole('group', { name: t('lv', 'review.form.newResult') })
    .getByRole('radio', { name: t('lv', 'review.newResult.approved_with_limit') })
    .check()
  await page.getByLabel(t('lv', 'review.form.limit')).fill('1500')
  await page
    .getByLabel(t('lv', 'review.form.reason'))
    .selectOption({ label: t('lv', 'review.reason.new_information') })
  await page.getByLabel(t('lv', 'review.form.rationale')).fill(RATIONALE)
  await page.getByRole('button', { name: t('lv', 'review.form.submit') }).click()
  await expect(page.getByText(t('lv', 'review.notice.decidedAwaiting'))).toBeVisible()
  const decided = await supervisor.api.call('getReviewCase', { params: { id: filedCase.id } })
  expect(decided).toMatchObject({
    status: 'awaiting_approval',
    resolution: {
      outcome: 'overridden',
      newOutcome: { result: 'approved_with_limit', limitEur: 1500 },
      reasonCode: 'new_information',
      rationale: RATIONALE,
      decidedBy: { displayName: 'Mārtiņš Ozols' }
    }
  })
  await signOut(page)

  // 3. A supervisor (not the reviewer) approves; the case closes.
  await signIn(page, 'supervisor')
  await page
    .getByRole('navigation', { name: t('lv', 'app.nav.label') })
    .getByRole('button', { name: t('lv', 'app.nav.review'), exact: true })
    .click()
  await page.getByRole('button', { name: t('lv', 'review.filter.awaitingApproval') }).click()
  await page
    .getByRole('table', { name: t('lv', 'review.queue.tableLabel') })
    .getByRole('row')
    .filter({ hasText: filedCase.number })
    .click()
  await page.getByRole('button', { name: t('lv', 'review.approval.approve') }).click()
  await expect(page.getByText(t('lv', 'review.notice.approved'))).toBeVisible()
  const closed = await supervisor.api.call('getReviewCase', { params: { id: filedCase.id } })
  expect(closed.status).toBe('closed')
  expect(closed.approval).toMatchObject({ approved: true })
  expect(closed.history.map((entry) => entry.action)).toEqual([
    'created',
    'claimed',
    'decided',
    'approved',
    'closed'
  ])

  // 4. The outcome letter, saved as a PDF, in the client's language.
  await page.getByRole('button', { name: t('lv', 'review.case.printOutcome') }).click()
  const letter = page.getByRole('dialog', { name: t('lv', 'decisions.preview.outcome') })
  await expect(letter.getByTestId('receipt-preview')).toContainText(filedCase.number)
  await letter.getByRole('button', { name: t('lv', 'receipts.preview.savePdf') }).click()
  await expect(letter.getByTestId('print-outcome')).toContainText(
    t('lv', 'receipts.preview.saved', { path: '' })
  )
  const pdf = desk.saveDialog.chosen.at(-1)!
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' })
  const words = text.replace(/\s+/g, ' ')
  expect(words).toContain(filedCase.number)
  expect(words).toContain(name)
  expect(words).toMatch(/1\s500,00\sEUR/)
  expect(words).toContain(RATIONALE)
  expect(words).toContain('Datu valsts inspekcij')
  expect(words).toMatch(/ties[āa]/)
  // The reviewer's role, never their name.
  expect(words).not.toContain('Mārtiņš Ozols')
})
