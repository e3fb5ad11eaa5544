import './support/setup'
import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { ReviewCase } from '../../src/shared/domain/review'
import { extendedDueDate } from '../../src/shared/domain/review-deadlines'
import type { Staff } from '../../src/shared/domain/staff'
import { formatDate } from '../../src/renderer/src/lib/format'
import { fail, ok, type FakeHandlers } from './support/fakeBridge'
import { advanceClock, restoreRealClock, useFakeClock } from './support/fakeClock'
import { LV, renderApp, type RenderedApp } from './support/renderApp'
import {
  caseId,
  createFakeQueue,
  manualCase,
  OTHER_REVIEWER,
  person,
  REVIEWER,
  reviewCase,
  rigaDay,
  sessionOf,
  SUPERVISOR,
  type FakeQueue
} from './support/review-fixtures'

afterEach(restoreRealClock)

const RATIONALE =
  'Jūs iesniedzāt izziņu, ka kavējumi bija slimības dēļ, un kopš tā laika maksājat laikā.'

interface Opened {
  app: RenderedApp
  queue: FakeQueue
}

/** `staff` signs in, goes to the queue and opens the first case (row `index`). */
async function openCase(
  cases: ReviewCase[],
  options: { staff?: Staff; handlers?: FakeHandlers; leaseMs?: number; index?: number } = {}
): Promise<Opened> {
  const staff = options.staff ?? REVIEWER
  const queue = createFakeQueue(cases, {
    me: staff,
    reviewers: [REVIEWER, OTHER_REVIEWER],
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs })
  })
  const app = renderApp({
    handlers: {
      'auth:login': () => ok(sessionOf(staff)),
      // The letter's own template is the print engineers'; here only the request matters.
      'print:prepare': () => fail('internal_error', 'not in this test', 500),
      ...queue.handlers,
      ...options.handlers
    }
  })
  await app.user.type(await screen.findByLabelText(LV.username), staff.username)
  await app.user.type(screen.getByLabelText(LV.password), 'secret')
  await app.user.click(screen.getByRole('button', { name: LV.submit }))
  if (staff.roles.length > 1) {
    await screen.findByRole('combobox', { name: LV.search })
    await app.user.click(screen.getByRole('button', { name: 'Pārskatīšana' }))
  }
  const table = await screen.findByRole('table', { name: 'Pārskatāmās lietas' })
  const rows = await within(table).findAllByTestId('review-row')
  await app.user.click(rows[options.index ?? 0]!)
  await screen.findByRole('heading', { level: 2, name: /Automatizētais lēmums|Manuāla/ })
  return { app, queue }
}

async function claim(app: RenderedApp): Promise<void> {
  await app.user.click(
    within(screen.getByTestId('claim-area')).getByRole('button', { name: 'Paņemt' })
  )
  await screen.findByTestId('claim-timer')
}

function form(): HTMLElement {
  return screen.getByRole('form', { name: 'Jūsu lēmums' })
}

async function writeUphold(app: RenderedApp, rationale = RATIONALE): Promise<void> {
  await app.user.click(within(form()).getByRole('radio', { name: 'Atstāt lēmumu spēkā' }))
  await app.user.selectOptions(within(form()).getByLabelText('Iemesls'), 'model_correct')
  await app.user.type(within(form()).getByLabelText('Pamatojums'), rationale)
}

/** Ilze's credit review, overridden to a limit by another reviewer, waiting for approval. */
function awaitingApproval(decidedBy: Staff): ReviewCase {
  return reviewCase(1, {
    dueAt: rigaDay(8),
    status: 'awaiting_approval',
    resolution: {
      outcome: 'overridden',
      newOutcome: { result: 'approved_with_limit', limitEur: 800 },
      conditions: null,
      reasonCode: 'new_information',
      rationale: RATIONALE,
      decidedAt: new Date(Date.now() - 3_600_000).toISOString(),
      decidedBy: person(decidedBy)
    }
  })
}

describe('the case view', () => {
  it('shows the decision with its factors and inputs, the statement, the consents and the history', async () => {
    const requested = reviewCase(1).requestedAt
    const later = (minutes: number): string =>
      new Date(Date.parse(requested) + minutes * 60_000).toISOString()
    const c = reviewCase(1, {
      dueAt: rigaDay(12),
      // Out of order on purpose: the view lists the oldest first.
      history: [
        {
          at: later(90),
          actor: person(OTHER_REVIEWER),
          actorRole: 'reviewer',
          action: 'released',
          details: { note: 'Vajag klienta izziņu' }
        },
        {
          at: requested,
          actor: { id: 'staff-1', displayName: 'Anna Kalniņa' },
          actorRole: 'agent',
          action: 'created',
          details: {
            kind: 'decision_review',
            decisionId: '7d2c3a4b-5e6f-4a1b-8c9d-0e1f2a3b4c5d',
            replyChannel: 'email',
            dueAt: rigaDay(12)
          }
        },
        {
          at: later(30),
          actor: person(OTHER_REVIEWER),
          actorRole: 'reviewer',
          action: 'claimed',
          details: { token: '41', expiresAt: later(45) }
        },
        {
          at: later(120),
          actor: { id: 'staff-9', displayName: 'Ilze Bērziņa' },
          actorRole: 'supervisor',
          action: 'reassigned',
          details: {
            from: 'a1b2c3d4-0000-4000-8000-000000000001',
            to: 'a1b2c3d4-0000-4000-8000-000000000002',
            fromName: 'Kristaps Liepa',
            toName: 'Mārtiņš Ozols'
          }
        }
      ]
    })
    await openCase([c])

    expect(screen.getByRole('heading', { level: 1, name: 'P-000101' })).toBeInTheDocument()
    expect(screen.getByText('Automatizēta lēmuma pārskatīšana')).toBeInTheDocument()
    expect(screen.getByTestId('due-chip')).toHaveTextContent('vēl 12 dienu')
    expect(screen.getByTestId('decision-result')).toHaveTextContent('Atteikts')
    expect(screen.getByText('LMT kredītspēja')).toBeInTheDocument()
    expect(screen.getByText('versija 3.2.1')).toBeInTheDocument()

    // Factors, the weightiest first: direction in words (and an icon), weight, the explanation in
    // the reviewer's language.
    const factors = screen.getAllByTestId('factor-row')
    expect(factors[0]).toHaveTextContent('Payment history')
    expect(factors[0]).toHaveTextContent('Pazemināja')
    expect(factors[0]!.textContent).toMatch(/45\s?%/)
    expect(factors[0]).toHaveTextContent('Pēdējā gadā bija divi nokavēti maksājumi.')
    expect(factors[1]).toHaveTextContent('Paaugstināja')
    const inputs = screen.getByRole('region', { name: 'Ievaddati' })
    expect(within(inputs).getByText('monthlyIncomeEur').nextSibling).toHaveTextContent('1450')
    expect(within(inputs).getByText('device').nextSibling).toHaveTextContent('iPhone 16')

    expect(
      screen.getByText('Abi kavējumi bija, kad biju slimnīcā; tagad maksāju laikā.').tagName
    ).toBe('BLOCKQUOTE')

    // The client's consents, titled as the catalogue titles them; the one at stake marked.
    const consents = await screen.findByTestId('client-consents')
    const credit = within(consents)
      .getByText('Kredītinformācija individuālai sadarbībai')
      .closest('li')!
    expect(credit).toHaveTextContent('Atsaukta')
    expect(credit).toHaveTextContent('Lieta attiecas uz šo piekrišanu.')

    const history = within(screen.getByTestId('case-history')).getAllByRole('listitem')
    expect(history.map((item) => item.querySelector('.review-history__what')?.textContent)).toEqual(
      ['Pieprasījums reģistrēts', 'Paņemta izskatīšanā', 'Atdota rindā', 'Nodota citam']
    )
    expect(history[0]).toHaveTextContent('Anna Kalniņa · Konsultants')
    expect(history[2]).toHaveTextContent('piezīme: Vajag klienta izziņu')
    // Details in words; ids, fencing tokens and lease times are kept for audit, not shown.
    expect(history[0]).toHaveTextContent('atbilde e-pastā')
    expect(history[0]).not.toHaveTextContent('7d2c3a4b')
    expect(history[0]).not.toHaveTextContent('decision_review')
    expect(history[1]!.querySelector('.review-history__details')).toBeNull()
    expect(history[3]).toHaveTextContent('no: Kristaps Liepa · kam: Mārtiņš Ozols')
    expect(history[3]).not.toHaveTextContent('a1b2c3d4')

    // Not claimed: the claim is offered, the decision form is not.
    expect(
      within(screen.getByTestId('claim-area')).getByRole('button', { name: 'Paņemt' })
    ).toBeInTheDocument()
    expect(screen.queryByRole('form', { name: 'Jūsu lēmums' })).not.toBeInTheDocument()
  })

  it('an override of a credit decision sends the new outcome with the token, and then waits for approval', async () => {
    const { app, queue } = await openCase([reviewCase(1, { dueAt: rigaDay(12) })])
    await claim(app)
    expect(app.bridge.callsTo('reviews:claim')).toEqual([{ id: caseId(1) }])

    await app.user.click(
      within(form()).getByRole('radio', { name: 'Mainīt lēmumu (jauns rezultāts)' })
    )
    await app.user.click(within(form()).getByRole('radio', { name: 'Apstiprināts ar limitu' }))
    await app.user.type(within(form()).getByLabelText('Limits eiro'), '1 500,50')
    await app.user.selectOptions(within(form()).getByLabelText('Iemesls'), 'new_information')
    await app.user.type(within(form()).getByLabelText('Pamatojums'), RATIONALE)
    // The client reads the rationale: the form says so, in the client's language's name.
    expect(
      within(form()).getByText(/Klients to izlasīs atbildes vēstulē \(Krievu\)/)
    ).toBeInTheDocument()
    expect(within(form()).getByTestId('needs-approval')).toHaveTextContent(
      'Kredītlēmuma maiņai vajadzīgs vadītāja apstiprinājums'
    )

    await app.user.click(within(form()).getByRole('button', { name: 'Reģistrēt lēmumu' }))
    await waitFor(() =>
      expect(app.bridge.callsTo('reviews:decide')).toEqual([
        {
          id: caseId(1),
          token: queue.tokens.get(caseId(1)) ?? '42',
          outcome: 'overridden',
          newOutcome: { result: 'approved_with_limit', limitEur: 1500.5 },
          reasonCode: 'new_information',
          rationale: RATIONALE
        }
      ])
    )
    expect((app.bridge.callsTo('reviews:decide')[0] as { token: string }).token).toBe('42')
    expect(await screen.findByTestId('case-notice')).toHaveTextContent(
      'Lēmums reģistrēts; lieta gaida vadītāja apstiprinājumu.'
    )
    expect(screen.getAllByText('Gaida apstiprinājumu').length).toBeGreaterThan(0)
    expect(screen.queryByRole('form', { name: 'Jūsu lēmums' })).not.toBeInTheDocument()
    expect(screen.queryByTestId('claim-timer')).not.toBeInTheDocument()
    const resolution = screen.getByTestId('resolution')
    expect(resolution).toHaveTextContent('Lēmums mainīts')
    expect(resolution.textContent).toMatch(/Apstiprināts ar limitu 1\s500,50\s€/)
  })

  it('the form refuses what the API would: a short rationale, an override to the same outcome', async () => {
    const { app } = await openCase([reviewCase(1, { dueAt: rigaDay(12) })])
    await claim(app)
    await writeUphold(app, 'Par īsu')
    await app.user.click(within(form()).getByRole('button', { name: 'Reģistrēt lēmumu' }))
    const rationale = within(form()).getByLabelText('Pamatojums')
    expect(rationale).toHaveAttribute('aria-invalid', 'true')
    expect(rationale).toHaveFocus()
    expect(
      within(form()).getByText('Uzrakstiet vismaz 20 rakstzīmes: klientam jāsaprot iemesli.')
    ).toBeInTheDocument()
    expect(within(form()).getByText('7 rakstzīmes; vajag vismaz 20')).toBeInTheDocument()

    await app.user.click(
      within(form()).getByRole('radio', { name: 'Mainīt lēmumu (jauns rezultāts)' })
    )
    await app.user.click(within(form()).getByRole('radio', { name: 'Atteikts' }))
    await app.user.type(rationale, ' — pamatojums ir tagad pietiekami garš.')
    await app.user.click(within(form()).getByRole('button', { name: 'Reģistrēt lēmumu' }))
    expect(
      within(form()).getByText(/Tāds ir paša automatizētā lēmuma rezultāts/)
    ).toBeInTheDocument()
    expect(app.bridge.callsTo('reviews:decide')).toHaveLength(0)

    // Uphold it is: no new outcome goes with it, and the case closes at once.
    await app.user.click(within(form()).getByRole('radio', { name: 'Atstāt lēmumu spēkā' }))
    await app.user.click(within(form()).getByRole('button', { name: 'Reģistrēt lēmumu' }))
    await waitFor(() => expect(app.bridge.callsTo('reviews:decide')).toHaveLength(1))
    expect(app.bridge.callsTo('reviews:decide')[0]).toEqual({
      id: caseId(1),
      token: '42',
      outcome: 'upheld',
      reasonCode: 'model_correct',
      rationale: 'Par īsu — pamatojums ir tagad pietiekami garš.'
    })
    expect(await screen.findByTestId('case-notice')).toHaveTextContent(
      'Lēmums reģistrēts; lieta slēgta.'
    )

    // A closed case offers the outcome letter, in the client's language (Russian).
    await app.user.click(screen.getByRole('button', { name: 'Drukāt atbildes vēstuli' }))
    expect(
      await screen.findByRole('dialog', { name: 'Atbildes vēstules priekšskatījums' })
    ).toBeInTheDocument()
    expect(app.bridge.callsTo('print:prepare')).toEqual([
      { document: { kind: 'review', caseId: caseId(1), letter: 'outcome' }, language: 'ru' }
    ])
  })

  it('stale_claim keeps what was typed, says the claim is lost, and carries on after claiming again', async () => {
    let refusals = 1
    const { app, queue } = await openCase([reviewCase(1, { dueAt: rigaDay(12) })], {
      handlers: {
        'reviews:decide': (input) => {
          if (refusals-- > 0) return fail('stale_claim', 'The claim has moved on', 409)
          return queue.handlers['reviews:decide']!(input)
        }
      }
    })
    await claim(app)
    await writeUphold(app)
    await app.user.click(within(form()).getByRole('button', { name: 'Reģistrēt lēmumu' }))

    const lost = await screen.findByTestId('claim-lost')
    expect(lost).toHaveTextContent('Šī lieta vairs nav jūsu')
    expect(lost).toHaveTextContent('Viss uzrakstītais ir saglabāts')
    expect(within(form()).getByLabelText('Pamatojums')).toHaveValue(RATIONALE)
    expect(within(form()).getByRole('radio', { name: 'Atstāt lēmumu spēkā' })).toBeChecked()
    expect(within(form()).getByRole('button', { name: 'Reģistrēt lēmumu' })).toBeDisabled()
    expect(screen.queryByTestId('claim-timer')).not.toBeInTheDocument()

    await app.user.click(within(lost).getByRole('button', { name: 'Paņemt vēlreiz' }))
    await screen.findByTestId('claim-timer')
    expect(screen.queryByTestId('claim-lost')).not.toBeInTheDocument()
    expect(within(form()).getByLabelText('Pamatojums')).toHaveValue(RATIONALE)
    await app.user.click(within(form()).getByRole('button', { name: 'Reģistrēt lēmumu' }))
    await waitFor(() => expect(app.bridge.callsTo('reviews:decide')).toHaveLength(2))
    const tokens = app.bridge
      .callsTo('reviews:decide')
      .map((input) => (input as { token: string }).token)
    // The second try carries the new claim's token, not the stale one.
    expect(tokens).toEqual(['42', '43'])
    expect(await screen.findByTestId('case-notice')).toHaveTextContent('lieta slēgta')
  })

  it('renews the claim at a third of the lease left while the case is on screen, and stops after', async () => {
    useFakeClock()
    const { app } = await openCase([reviewCase(1, { dueAt: rigaDay(12) })], { leaseMs: 300_000 })
    await claim(app)
    await advanceClock(190_000)
    expect(app.bridge.callsTo('reviews:renew')).toHaveLength(0)
    await advanceClock(15_000)
    expect(app.bridge.callsTo('reviews:renew')).toEqual([{ id: caseId(1), token: '42' }])
    // The renewed lease is renewed in its turn.
    await advanceClock(205_000)
    expect(app.bridge.callsTo('reviews:renew')).toHaveLength(2)

    // Off the screen, the claim is left to run out.
    await app.user.click(screen.getByRole('button', { name: 'Rinda' }))
    await screen.findByRole('heading', { level: 1, name: 'Pārskatīšanas rinda' })
    await advanceClock(600_000)
    expect(app.bridge.callsTo('reviews:renew')).toHaveLength(2)
  })

  it('a renewal answered stale_claim says the claim is lost and keeps the draft', async () => {
    useFakeClock()
    const { app } = await openCase([reviewCase(1, { dueAt: rigaDay(12) })], {
      leaseMs: 300_000,
      handlers: { 'reviews:renew': () => fail('stale_claim', 'moved on', 409) }
    })
    await claim(app)
    await app.user.type(within(form()).getByLabelText('Pamatojums'), 'Vēl nepabeigts teksts')
    await advanceClock(205_000)
    expect(app.bridge.callsTo('reviews:renew')).toHaveLength(1)
    expect(await screen.findByTestId('claim-lost')).toHaveTextContent('Šī lieta vairs nav jūsu')
    expect(within(form()).getByLabelText('Pamatojums')).toHaveValue('Vēl nepabeigts teksts')
  })

  it('Release gives the case back to the queue', async () => {
    const { app } = await openCase([reviewCase(1, { dueAt: rigaDay(12) })])
    await claim(app)
    await app.user.click(screen.getByRole('button', { name: 'Atdot rindā' }))
    expect(await screen.findByTestId('case-notice')).toHaveTextContent(
      'Lieta atdota atpakaļ rindā.'
    )
    expect(app.bridge.callsTo('reviews:release')).toEqual([{ id: caseId(1), token: '42' }])
    expect(screen.queryByTestId('claim-timer')).not.toBeInTheDocument()
    expect(
      within(screen.getByTestId('claim-area')).getByRole('button', { name: 'Paņemt' })
    ).toBeInTheDocument()
  })

  it('a manual assessment: documents, the three endings, conditions required, approval noted', async () => {
    const { app } = await openCase([manualCase(1, { dueAt: rigaDay(12) })])
    expect(screen.getByText('iPhone 16 ar nomaksu uz 24 mēnešiem')).toBeInTheDocument()
    expect(screen.getByText('Izziņa par ienākumiem')).toBeInTheDocument()
    expect(screen.getByText(/Izziņa no VID/)).toBeInTheDocument()
    await claim(app)
    const radios = within(form())
      .getAllByRole('radio')
      .map((radio) => radio.closest('label')?.textContent)
    expect(radios).toEqual(['Apstiprināt', 'Atteikt', 'Apstiprināt ar nosacījumiem'])
    await app.user.click(within(form()).getByRole('radio', { name: 'Apstiprināt ar nosacījumiem' }))
    expect(within(form()).getByTestId('needs-approval')).toHaveTextContent(
      'Manuālai novērtēšanai vajadzīgs vadītāja apstiprinājums'
    )
    await app.user.selectOptions(within(form()).getByLabelText('Iemesls'), 'income_sufficient')
    await app.user.type(within(form()).getByLabelText('Pamatojums'), RATIONALE)
    await app.user.click(within(form()).getByRole('button', { name: 'Reģistrēt lēmumu' }))
    expect(
      within(form()).getByText('Norādiet, kādi nosacījumi klientam jāizpilda.')
    ).toBeInTheDocument()
    expect(app.bridge.callsTo('reviews:decide')).toHaveLength(0)
    await app.user.type(
      within(form()).getByLabelText('Nosacījumi, kas klientam jāizpilda'),
      'Pirmā iemaksa 20 %'
    )
    await app.user.click(within(form()).getByRole('button', { name: 'Reģistrēt lēmumu' }))
    await waitFor(() =>
      expect(app.bridge.callsTo('reviews:decide')).toEqual([
        {
          id: caseId(1),
          token: '42',
          outcome: 'approved_with_conditions',
          conditions: 'Pirmā iemaksa 20 %',
          reasonCode: 'income_sufficient',
          rationale: RATIONALE
        }
      ])
    )
  })

  it('extends the deadline once within the first month, then offers the notice', async () => {
    const c = reviewCase(1)
    const { app } = await openCase([c])
    await claim(app)
    await app.user.click(screen.getByRole('button', { name: 'Pagarināt termiņu…' }))
    const extension = screen.getByRole('form', { name: 'Termiņa pagarinājums' })
    const twoMonths = within(extension).getByRole('radio', {
      name: `par 2 mēnešiem – līdz ${formatDate(extendedDueDate(c.requestedAt, 2), 'lv')}`
    })
    await app.user.click(twoMonths)
    await app.user.click(within(extension).getByRole('button', { name: 'Pagarināt' }))
    expect(within(extension).getByText('Norādiet iemeslu, ko izlasīs klients.')).toBeInTheDocument()
    expect(app.bridge.callsTo('reviews:extend')).toHaveLength(0)

    await app.user.type(
      within(extension).getByLabelText('Iemesls (klients to izlasīs paziņojumā)'),
      'Gaidām izziņu no bankas.'
    )
    await app.user.click(within(extension).getByRole('button', { name: 'Pagarināt' }))
    await waitFor(() =>
      expect(app.bridge.callsTo('reviews:extend')).toEqual([
        { id: caseId(1), months: 2, reason: 'Gaidām izziņu no bankas.' }
      ])
    )
    const notice = await screen.findByTestId('case-notice')
    expect(notice).toHaveTextContent('Termiņš pagarināts.')
    expect(screen.getByText('(pagarināts)')).toBeInTheDocument()
    // Once only: the offer is gone.
    expect(screen.queryByRole('button', { name: 'Pagarināt termiņu…' })).not.toBeInTheDocument()
    await app.user.click(within(notice).getByRole('button', { name: 'Drukāt paziņojumu' }))
    await waitFor(() =>
      expect(app.bridge.callsTo('print:prepare')).toEqual([
        { document: { kind: 'review', caseId: caseId(1), letter: 'extension' }, language: 'ru' }
      ])
    )
  })

  it('leaving a half-written decision asks first; a language switch keeps it', async () => {
    const { app } = await openCase([reviewCase(1, { dueAt: rigaDay(12) })])
    await claim(app)
    await app.user.type(within(form()).getByLabelText('Pamatojums'), 'Sāku rakstīt')
    await waitFor(() => expect(app.bridge.unsavedWork()).toBe(true))

    await app.user.keyboard('{Escape}')
    const dialog = screen.getByRole('alertdialog', { name: 'Jūsu lēmums vēl nav reģistrēts' })
    expect(dialog).toHaveTextContent(
      'Ja tagad aiziesiet no šīs lietas, tai uzrakstītais tiks zaudēts.'
    )
    expect(within(dialog).getByRole('button', { name: /Atpakaļ pie lēmuma/ })).toHaveFocus()
    await app.user.keyboard('{Escape}')
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
    expect(within(form()).getByLabelText('Pamatojums')).toHaveValue('Sāku rakstīt')

    // The language changes nothing in a draft: no question.
    await app.user.selectOptions(screen.getByLabelText('Valoda'), 'en')
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
    expect(screen.getByRole('form', { name: 'Your decision' })).toBeInTheDocument()
    expect(screen.getByLabelText('Rationale')).toHaveValue('Sāku rakstīt')
    await app.user.selectOptions(screen.getByLabelText('Language'), 'lv')

    await app.user.keyboard('{Control>}k{/Control}')
    const again = screen.getByRole('alertdialog', { name: 'Jūsu lēmums vēl nav reģistrēts' })
    await app.user.click(within(again).getByRole('button', { name: 'Atmest lēmumu un meklēt' }))
    expect(await screen.findByRole('combobox', { name: LV.search })).toBeInTheDocument()
    await waitFor(() => expect(app.bridge.unsavedWork()).toBe(false))
    expect(app.bridge.callsTo('reviews:decide')).toHaveLength(0)
  })
})

describe('the supervisor', () => {
  it('approves another reviewer’s override; the case closes and the outcome letter can be printed', async () => {
    const { app } = await openCase([awaitingApproval(OTHER_REVIEWER)], { staff: SUPERVISOR })
    const resolution = screen.getByTestId('resolution')
    expect(resolution).toHaveTextContent('Pēteris Kalns')
    expect(resolution).toHaveTextContent('Lēmums mainīts')
    expect(resolution.textContent).toMatch(/Apstiprināts ar limitu 800,00\s€/)
    expect(resolution).toHaveTextContent('Klients sniedza jaunu informāciju')
    expect(resolution).toHaveTextContent(RATIONALE)

    await app.user.click(screen.getByRole('button', { name: 'Apstiprināt un slēgt' }))
    await waitFor(() =>
      expect(app.bridge.callsTo('reviews:approve')).toEqual([
        { id: caseId(1), approve: true, note: '' }
      ])
    )
    expect(await screen.findByTestId('case-notice')).toHaveTextContent(
      'Apstiprināts; lieta slēgta.'
    )
    expect(screen.queryByRole('button', { name: 'Apstiprināt un slēgt' })).not.toBeInTheDocument()
    await app.user.click(screen.getByRole('button', { name: 'Drukāt atbildes vēstuli' }))
    await waitFor(() =>
      expect(app.bridge.callsTo('print:prepare')).toEqual([
        { document: { kind: 'review', caseId: caseId(1), letter: 'outcome' }, language: 'ru' }
      ])
    )
  })

  it('sending back needs a note', async () => {
    const { app } = await openCase([awaitingApproval(OTHER_REVIEWER)], { staff: SUPERVISOR })
    await app.user.click(screen.getByRole('button', { name: 'Atdot atpakaļ' }))
    expect(screen.getByText('Norādiet, kas pārskatītājam jāmaina.')).toBeInTheDocument()
    expect(app.bridge.callsTo('reviews:approve')).toHaveLength(0)
    await app.user.type(
      screen.getByLabelText('Piezīme (obligāta, ja atdodat atpakaļ)'),
      'Limits par lielu ienākumiem.'
    )
    await app.user.click(screen.getByRole('button', { name: 'Atdot atpakaļ' }))
    await waitFor(() =>
      expect(app.bridge.callsTo('reviews:approve')).toEqual([
        { id: caseId(1), approve: false, note: 'Limits par lielu ienākumiem.' }
      ])
    )
    expect(await screen.findByTestId('case-notice')).toHaveTextContent(
      'Atdots atpakaļ pārskatītājam ar jūsu piezīmi.'
    )
  })

  it('a supervisor who made the decision cannot approve it, and is told why', async () => {
    await openCase([awaitingApproval(SUPERVISOR)], { staff: SUPERVISOR })
    expect(screen.getByTestId('own-decision')).toHaveTextContent(
      'Šo lēmumu pieņēmāt jūs, tāpēc tas jāapstiprina citam vadītājam.'
    )
    expect(screen.queryByRole('button', { name: 'Apstiprināt un slēgt' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Atdot atpakaļ' })).not.toBeInTheDocument()
  })

  it('the API’s 403 to an approval is said plainly', async () => {
    const { app } = await openCase([awaitingApproval(OTHER_REVIEWER)], {
      staff: SUPERVISOR,
      handlers: { 'reviews:approve': () => fail('forbidden', 'own decision', 403) }
    })
    await app.user.click(screen.getByRole('button', { name: 'Apstiprināt un slēgt' }))
    expect(await screen.findByText('Jums nav tiesību to darīt šajā lietā.')).toBeInTheDocument()
  })

  it('reassigns a case to a reviewer, or back to the queue', async () => {
    const held = reviewCase(1, {
      dueAt: rigaDay(8),
      status: 'claimed',
      assignee: person(OTHER_REVIEWER),
      claimExpiresAt: new Date(Date.now() + 120_000).toISOString()
    })
    const { app } = await openCase([held], { staff: SUPERVISOR })
    // Someone else's running claim: nothing to claim, and whose it is is said.
    expect(within(screen.getByTestId('claim-area')).queryByRole('button')).not.toBeInTheDocument()
    expect(screen.getByTestId('claim-area')).toHaveTextContent('Lietu izskata Pēteris Kalns')

    const select = await screen.findByLabelText('Kam nodot lietu')
    await waitFor(() =>
      expect(within(select).getByRole('option', { name: 'Rita Ozola' })).toBeInTheDocument()
    )
    expect(app.bridge.callsTo('staff:list')).toEqual([{ role: 'reviewer' }])
    await app.user.selectOptions(select, REVIEWER.id)
    await app.user.click(screen.getByRole('button', { name: 'Nodot' }))
    await waitFor(() =>
      expect(app.bridge.callsTo('reviews:reassign')).toEqual([
        { id: caseId(1), assignee: REVIEWER.id }
      ])
    )
    expect(await screen.findByTestId('case-notice')).toHaveTextContent(
      'Lietas pārskatītājs nomainīts.'
    )

    await app.user.selectOptions(screen.getByLabelText('Kam nodot lietu'), 'queue')
    await app.user.click(screen.getByRole('button', { name: 'Nodot' }))
    await waitFor(() =>
      expect(app.bridge.callsTo('reviews:reassign')).toEqual([
        { id: caseId(1), assignee: REVIEWER.id },
        { id: caseId(1), assignee: null }
      ])
    )
  })
})
