import './support/setup'
import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CreateReviewCaseRequest } from '../../src/shared/domain/review'
import { reviewLetterDocument } from '../support/print-fixtures'
import {
  CASE_CLOSED_ID,
  CREATED_ID,
  DECLINED_ID,
  NOW,
  decisionsApi
} from './support/decision-fixtures'
import { BERZINA_CLIENT, fail, ok, type FakeHandlers } from './support/fakeBridge'
import { EN, LV, renderApp, signIn, type RenderedApp } from './support/renderApp'

// Due dates count days from now: the clock is pinned (timers stay real).
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(NOW))
})
afterEach(() => {
  vi.useRealTimers()
})

/** The API's decisions and cases for Ilze, filing included, and the letter as main prepares it. */
function handlers(extra: FakeHandlers = {}): FakeHandlers {
  const api = decisionsApi()
  return {
    'decisions:list': () => ok({ items: api.decisions() }),
    'reviews:client': () => {
      const items = api.cases()
      return ok({ items, total: items.length, nextCursor: null })
    },
    'reviews:create': (request) => ok(api.file(request as CreateReviewCaseRequest)),
    'print:prepare': ({ document, language }) =>
      ok(
        document.kind === 'review'
          ? reviewLetterDocument(document.letter, { language })
          : reviewLetterDocument('request', { language })
      ),
    ...extra
  }
}

async function openDecisions(
  extra: FakeHandlers = {},
  options: { language?: 'lv' | 'en'; waitForRows?: boolean } = {}
): Promise<RenderedApp> {
  const labels = options.language === 'en' ? EN : LV
  const app = renderApp({ handlers: handlers(extra), language: options.language })
  await signIn(app, labels)
  await app.user.type(screen.getByRole('combobox', { name: labels.search }), 'berz')
  await app.user.click(await screen.findByText('Ilze Bērziņa'))
  // The client's details (and so the letters' language) have arrived.
  await screen.findByText('i***@example.lv')
  await app.user.click(
    screen.getByRole('tab', { name: options.language === 'en' ? 'Decisions' : 'Lēmumi' })
  )
  if (options.waitForRows !== false) await screen.findAllByTestId('decision-row')
  return app
}

async function verify(app: RenderedApp): Promise<void> {
  await app.user.click(screen.getByTestId('identity-chip'))
  const form = screen.getByRole('form', { name: 'Identitātes pārbaude' })
  await app.user.type(within(form).getByLabelText('Dokumenta numura pēdējās 4 rakstzīmes'), '1234')
  await app.user.click(within(form).getByRole('button', { name: 'Atzīmēt kā pārbaudītu' }))
}

const REQUEST_DECLINED = 'Pieprasīt pārskatīšanu: Kredītspējas pārbaude, 20.11.2026. 14:05'
const REQUEST_LIMIT = 'Pieprasīt pārskatīšanu: Kredītspējas pārbaude, 18.11.2026. 09:30'
const REQUEST_PROFILING = 'Pieprasīt pārskatīšanu: Profilēšana, 14.03.2026. 11:00'
const EMPTY = 'Par šo klientu nav reģistrētu automatizētu lēmumu.'
const UNAVAILABLE = 'Serviss īslaicīgi nav pieejams.'
const STATEMENT =
  'Kavējums 2025. gadā bija bankas kļūda — izziņu atnesīšu.\nIenākumi ir stabili jau 6 gadus.'

describe('the Decisions tab', () => {
  it("lists the client's decisions newest first, with results, models and reviews in words", async () => {
    const app = await openDecisions()
    const rows = screen.getAllByTestId('decision-row')
    expect(rows).toHaveLength(3)

    expect(rows[0]).toHaveTextContent('20.11.2026. 14:05')
    expect(rows[0]).toHaveTextContent('Kredītspējas pārbaude')
    expect(rows[0]).toHaveTextContent('Atteikts')
    expect(rows[0]).toHaveTextContent('lmt-credit-score v2026.11')
    expect(rows[0]).toHaveTextContent('Nav pieprasīta')

    // Latvian money: decimal comma, the euro sign after, thousands grouped as the letters print
    // them (and as the review screens show them).
    expect(rows[1]).toHaveTextContent(/Apstiprināts ar limitu 1\s500,00\s€/)
    // The review under way: its number, its status in words, its due date with the time left
    // coloured and in words.
    expect(rows[1]).toHaveTextContent('P-000118')
    expect(rows[1]).toHaveTextContent('Tiek izskatīta')
    expect(rows[1]).toHaveTextContent('25.12.2026.')
    const due = within(rows[1]!).getByTestId('due-chip')
    expect(due).toHaveTextContent('vēl 24 dienas')
    expect(due).toHaveAttribute('data-urgency', 'ok')

    expect(rows[2]).toHaveTextContent('Profilēšana')
    expect(rows[2]).toHaveTextContent(
      'Segments: Ģimene+ (piedāvājumi: TV+ Ģimenes pakete, Papildu dati bērniem)'
    )
    expect(rows[2]).toHaveTextContent('P-000087')
    expect(rows[2]).toHaveTextContent('Slēgta')

    // Expanded: the factors, the weightiest first, with their direction in words, weight as %,
    // the explanation in the agent's language (Latvian), not the client's (Russian); the inputs
    // as key and value.
    const toggle = within(rows[0]!).getByRole('button', {
      name: 'Faktori un ievaddati: Kredītspējas pārbaude, 20.11.2026. 14:05'
    })
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    await app.user.click(toggle)
    expect(toggle).toHaveAttribute('aria-expanded', 'true')
    const details = screen.getByTestId('decision-details')
    const factors = within(details).getAllByTestId('factor-row')
    expect(factors).toHaveLength(3)
    expect(factors[0]).toHaveTextContent('late_payments_24m')
    expect(factors[0]).toHaveTextContent('Pazemināja')
    expect(factors[0]).toHaveTextContent('42%')
    expect(factors[0]).toHaveTextContent('viens maksājuma kavējums, ilgāks par 30 dienām')
    expect(factors[1]).toHaveTextContent('instalment_to_spend')
    expect(factors[2]).toHaveTextContent('tenure')
    expect(factors[2]).toHaveTextContent('Paaugstināja')
    expect(details).not.toHaveTextContent('просрочка')
    const inputs = within(details).getByTestId('decision-inputs')
    expect(inputs).toHaveTextContent('monthlyIncomeEur1450')
    expect(inputs).toHaveTextContent('requestedInstalmentEur62,5')
    expect(inputs).toHaveTextContent('hasOpenInstalmentsnē')
    await app.user.click(toggle)
    expect(screen.queryByTestId('decision-details')).toBeNull()
  })

  it('speaks the agent’s language: results, factors and money in English', async () => {
    const app = await openDecisions({}, { language: 'en' })
    const rows = screen.getAllByTestId('decision-row')
    expect(rows[0]).toHaveTextContent('Declined')
    expect(rows[1]).toHaveTextContent('Approved with a limit of €1,500.00')
    expect(rows[1]).toHaveTextContent('24 days left')
    expect(rows[2]).toHaveTextContent('Segment: Ģimene+ (offers: TV+ Ģimenes pakete')
    await app.user.click(
      within(rows[0]!).getByRole('button', { name: /^Factors and input data: Credit check/ })
    )
    const factor = within(screen.getByTestId('decision-details')).getAllByTestId('factor-row')[0]
    expect(factor).toHaveTextContent('Lowered')
    expect(factor).toHaveTextContent('42%')
    expect(factor).toHaveTextContent('One payment more than 30 days late')
  })

  it('is honest about an empty list, and about a failed one, with a retry', async () => {
    let attempts = 0
    const app = await openDecisions(
      {
        'decisions:list': () => {
          attempts++
          return attempts === 1 ? fail('unavailable', 'down', 503) : ok({ items: [] })
        }
      },
      { waitForRows: false }
    )
    const alert = await within(screen.getByRole('tabpanel')).findByRole('alert')
    expect(alert).toHaveTextContent(UNAVAILABLE)
    expect(screen.queryByText(EMPTY)).toBeNull()
    await app.user.click(within(alert).getByRole('button', { name: 'Mēģināt vēlreiz' }))
    expect(await screen.findByText(EMPTY)).toBeVisible()
    expect(screen.queryByText(UNAVAILABLE)).toBeNull()
    expect(attempts).toBe(2)
  })

  it('keeps Request review and the manual assessment disabled until identity is verified', async () => {
    const app = await openDecisions()
    const declined = screen.getByRole('button', { name: REQUEST_DECLINED })
    const manual = screen.getByRole('button', { name: 'Manuāla kredītspējas novērtēšana' })
    expect(declined).toBeDisabled()
    expect(declined).toHaveAccessibleDescription(
      'Pirms pārskatīšanas pieprasījuma pārbaudiet klienta identitāti.'
    )
    expect(manual).toBeDisabled()

    await verify(app)
    expect(declined).toBeEnabled()
    expect(manual).toBeEnabled()
    // A closed review may be followed by another; one under way may not.
    expect(screen.getByRole('button', { name: REQUEST_PROFILING })).toBeEnabled()
    const underway = screen.getByRole('button', { name: REQUEST_LIMIT })
    expect(underway).toBeDisabled()
    expect(underway).toHaveAccessibleDescription('Šī lēmuma pārskatīšana jau notiek: P-000118.')
  })

  it('files the request with exactly what was typed and opens its confirmation in the client’s language', async () => {
    const app = await openDecisions()
    await verify(app)
    await app.user.click(screen.getByRole('button', { name: REQUEST_DECLINED }))
    const dialog = screen.getByRole('dialog', { name: 'Lēmuma pārskatīšanas pieprasījums' })
    expect(within(dialog).getByTestId('request-about')).toHaveTextContent(
      'Kredītspējas pārbaude, 20.11.2026. 14:05 — Atteikts'
    )
    const statement = within(dialog).getByLabelText('Klienta viedoklis')
    expect(statement).toHaveFocus()
    expect(within(dialog).getByRole('radio', { name: 'Vēstulē pa pastu' })).toBeChecked()
    // Typed in part, the rest pasted (as agents do with a note the client brought).
    await app.user.type(statement, STATEMENT.slice(0, 8))
    await app.user.paste(STATEMENT.slice(8))
    expect(dialog).toHaveTextContent(`${STATEMENT.length} no 4000 rakstzīmēm`)
    await app.user.click(within(dialog).getByRole('radio', { name: 'Klientu centrā' }))
    await app.user.click(within(dialog).getByRole('button', { name: 'Reģistrēt pieprasījumu' }))

    const preview = await screen.findByRole('dialog', {
      name: 'Pieprasījuma apstiprinājuma priekšskatījums'
    })
    expect(app.bridge.callsTo('reviews:create')).toEqual([
      {
        kind: 'decision_review',
        clientId: BERZINA_CLIENT.id,
        decisionId: DECLINED_ID,
        clientStatement: STATEMENT,
        replyChannel: 'centre'
      }
    ])
    expect(screen.queryByRole('dialog', { name: 'Lēmuma pārskatīšanas pieprasījums' })).toBeNull()
    // The client reads Russian: the confirmation is previewed (and printed) in Russian.
    expect(app.bridge.callsTo('print:prepare')).toEqual([
      { document: { kind: 'review', caseId: CREATED_ID, letter: 'request' }, language: 'ru' }
    ])
    expect(within(preview).getByRole('radio', { name: 'Krievu' })).toBeChecked()

    await app.user.click(within(preview).getByRole('button', { name: 'Gatavs' }))
    // Both lists were asked for again: the decision now names its case. The confirmation on
    // the card has the focus once the preview is gone.
    expect(screen.getByTestId('review-created')).toHaveFocus()
    expect(screen.getByTestId('review-created')).toHaveTextContent(
      'Pieprasījums P-000124 reģistrēts. Atbilde jāsniedz līdz 01.01.2027.'
    )
    await waitFor(() =>
      expect(screen.getAllByTestId('decision-row')[0]).toHaveTextContent('P-000124')
    )
    expect(screen.getAllByTestId('case-row')[0]).toHaveTextContent('P-000124')
    expect(screen.getByRole('button', { name: REQUEST_DECLINED })).toBeDisabled()
    expect(app.bridge.callsTo('decisions:list')).toHaveLength(2)
    expect(app.bridge.callsTo('reviews:client')).toHaveLength(2)
  })

  it('a failed filing keeps the typed statement, says why, and Esc asks before discarding it', async () => {
    const app = await openDecisions({
      'reviews:create': () =>
        fail('review_already_requested', 'A review of this decision is open', 409)
    })
    await verify(app)
    await app.user.click(screen.getByRole('button', { name: REQUEST_DECLINED }))
    const dialog = screen.getByRole('dialog', { name: 'Lēmuma pārskatīšanas pieprasījums' })
    await app.user.paste(STATEMENT)
    await app.user.click(within(dialog).getByRole('radio', { name: 'E-pastā' }))
    await app.user.click(within(dialog).getByRole('button', { name: 'Reģistrēt pieprasījumu' }))

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Šī lēmuma pārskatīšana jau ir pieprasīta un vēl nav pabeigta.'
    )
    expect(within(dialog).getByLabelText('Klienta viedoklis')).toHaveValue(STATEMENT)
    expect(within(dialog).getByRole('radio', { name: 'E-pastā' })).toBeChecked()
    expect(app.bridge.callsTo('print:prepare')).toEqual([])

    // Esc does not throw the text away: it asks, and the safe answer has the focus.
    await app.user.keyboard('{Escape}')
    expect(within(dialog).getByText('Atmest ievadīto un aizvērt?')).toBeVisible()
    expect(within(dialog).getByRole('button', { name: /Turpināt rakstīt/ })).toHaveFocus()
    await app.user.keyboard('{Escape}')
    expect(within(dialog).getByLabelText('Klienta viedoklis')).toHaveValue(STATEMENT)
    expect(within(dialog).getByLabelText('Klienta viedoklis')).toHaveFocus()

    await app.user.keyboard('{Escape}')
    await app.user.click(within(dialog).getByRole('button', { name: 'Atmest' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(app.bridge.callsTo('reviews:create')).toHaveLength(1)
  })

  it('the manual assessment needs what is bought, at least one document, and a note for "other"', async () => {
    const app = await openDecisions()
    await verify(app)
    await app.user.click(screen.getByRole('button', { name: 'Manuāla kredītspējas novērtēšana' }))
    const dialog = screen.getByRole('dialog', {
      name: 'Manuālas kredītspējas novērtēšanas pieprasījums'
    })
    const purpose = within(dialog).getByLabelText('Ko klients vēlas iegādāties vai parakstīt')
    expect(purpose).toHaveFocus()
    const create = within(dialog).getByRole('button', { name: 'Reģistrēt pieprasījumu' })

    await app.user.click(create)
    expect(dialog).toHaveTextContent('Norādiet, ko klients vēlas iegādāties vai parakstīt.')
    expect(dialog).toHaveTextContent('Atzīmējiet vismaz vienu klienta iesniegto dokumentu.')
    expect(purpose).toHaveFocus()

    await app.user.type(purpose, 'iPhone 17 ar nomaksu uz 24 mēnešiem')
    await app.user.click(create)
    expect(dialog).not.toHaveTextContent('Norādiet, ko klients vēlas')
    expect(dialog).toHaveTextContent('Atzīmējiet vismaz vienu klienta iesniegto dokumentu.')
    expect(within(dialog).getByRole('checkbox', { name: 'Izziņa par ienākumiem' })).toHaveFocus()

    // "Other" needs to say what it is.
    await app.user.click(within(dialog).getByRole('checkbox', { name: 'Cits' }))
    await app.user.click(create)
    expect(dialog).toHaveTextContent('Norādiet, kas ir šis cits dokuments.')
    const note = within(dialog).getByLabelText('Kas ir šis cits dokuments')
    expect(note).toHaveFocus()
    expect(app.bridge.callsTo('reviews:create')).toEqual([])

    await app.user.type(note, 'VID izziņa par 2026. gada ienākumiem')
    await app.user.click(within(dialog).getByRole('checkbox', { name: 'Izziņa par ienākumiem' }))
    await app.user.click(create)

    await screen.findByRole('dialog', { name: 'Pieprasījuma apstiprinājuma priekšskatījums' })
    expect(app.bridge.callsTo('reviews:create')).toEqual([
      {
        kind: 'manual_credit',
        clientId: BERZINA_CLIENT.id,
        replyChannel: 'letter',
        creditPurpose: 'iPhone 17 ar nomaksu uz 24 mēnešiem',
        documents: [
          { type: 'income_statement' },
          { type: 'other', note: 'VID izziņa par 2026. gada ienākumiem' }
        ]
      }
    ])
    expect(app.bridge.callsTo('print:prepare')).toEqual([
      { document: { kind: 'review', caseId: CREATED_ID, letter: 'request' }, language: 'ru' }
    ])
  })

  it("lists the client's review cases with due dates in colour and words, and their letters", async () => {
    const app = await openDecisions()
    const cases = within(screen.getByRole('table', { name: 'Klienta pārskatīšanas pieprasījumi' }))
    const rows = cases.getAllByTestId('case-row')
    expect(rows).toHaveLength(3)
    expect(rows[0]).toHaveTextContent('P-000118')
    expect(rows[0]).toHaveTextContent('Pārskatīšana: kredītspējas pārbaude')
    expect(rows[0]).toHaveTextContent('25.11.2026.')
    expect(rows[1]).toHaveTextContent('Manuāla kredītspējas novērtēšana')
    const soon = within(rows[1]!).getByTestId('due-chip')
    expect(soon).toHaveTextContent('vēl 2 dienas')
    expect(soon).toHaveAttribute('data-urgency', 'urgent')
    expect(rows[1]).toHaveTextContent('Gaida izskatīšanu')
    expect(rows[2]).toHaveTextContent('Termiņš pagarināts')
    expect(rows[2]).toHaveTextContent('Slēgta')

    // Letters: the confirmation always; the extension notice once extended; the outcome once closed.
    expect(within(rows[0]!).getAllByRole('button')).toHaveLength(1)
    expect(within(rows[2]!).getAllByRole('button')).toHaveLength(3)
    await app.user.click(
      within(rows[2]!).getByRole('button', { name: 'Drukāt: Atbilde (P-000087)' })
    )
    await screen.findByRole('dialog', { name: 'Atbildes vēstules priekšskatījums' })
    expect(app.bridge.callsTo('print:prepare')).toEqual([
      { document: { kind: 'review', caseId: CASE_CLOSED_ID, letter: 'outcome' }, language: 'ru' }
    ])
  })

  it('is reached with the arrow keys between Timeline and Receipts', async () => {
    const app = await openDecisions()
    const tab = screen.getByRole('tab', { name: 'Vēsture' })
    await app.user.click(tab)
    await app.user.keyboard('{ArrowRight}')
    expect(screen.getByRole('tab', { name: 'Lēmumi' })).toHaveFocus()
    expect(screen.getByRole('tab', { name: 'Lēmumi' })).toHaveAttribute('aria-selected', 'true')
    await app.user.keyboard('{ArrowRight}')
    expect(screen.getByRole('tab', { name: 'Kvītis' })).toHaveFocus()
  })
})
