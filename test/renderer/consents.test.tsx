import './support/setup'
import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { RecordConsentsInput } from '../../src/shared/ipc/contract'
import { createI18n } from '../../src/renderer/src/i18n'
import {
  BERZINA_CLIENT,
  consentEvent,
  consentState,
  fail,
  ok,
  recorded,
  type FakeHandlers
} from './support/fakeBridge'
import { LV, renderApp, signIn, type RenderedApp } from './support/renderApp'

async function openIlze(handlers: FakeHandlers = {}): Promise<RenderedApp> {
  const app = renderApp({ handlers })
  await signIn(app)
  await app.user.type(screen.getByRole('combobox', { name: LV.search }), 'berz')
  await app.user.click(await screen.findByText('Ilze Bērziņa'))
  await screen.findByRole('table', { name: 'Piekrišanas pa mērķiem' })
  // The client's details (and so the client's language) have arrived.
  await screen.findByText('i***@example.lv')
  return app
}

const LAST4 = 'Dokumenta numura pēdējās 4 rakstzīmes'

async function verify(app: RenderedApp, last4 = '1234'): Promise<void> {
  await app.user.click(screen.getByTestId('identity-chip'))
  const form = screen.getByRole('form', { name: 'Identitātes pārbaude' })
  await app.user.type(within(form).getByLabelText(LAST4), last4)
  await app.user.click(within(form).getByRole('button', { name: 'Atzīmēt kā pārbaudītu' }))
}

const LOCATION = 'Atrašanās vietas dati individuālai sadarbībai'
const USAGE = 'Elektronisko sakaru metadati individuālai sadarbībai'
const SMS = 'LMT piedāvājumi: Īsziņa'

function row(name: string): HTMLElement {
  return screen.getByRole('rowheader', { name: new RegExp(`^${name}`) }).closest('tr')!
}

function recordCalls(app: RenderedApp): RecordConsentsInput[] {
  return app.bridge.callsTo('consents:record') as RecordConsentsInput[]
}

async function openChannels(app: RenderedApp): Promise<void> {
  // The button's name is its visible words ("Kanāli 2 no 5"); it sits in the offers row.
  const toggle = within(row('LMT piedāvājumi')).getByRole('button', { name: /^Kanāli/ })
  await app.user.click(toggle)
}

describe('consents tab', () => {
  it('shows the seven purposes with state words, since, source and the loyalty clock', async () => {
    await openIlze()
    const rows = within(screen.getByRole('table', { name: 'Piekrišanas pa mērķiem' }))
      .getAllByRole('row')
      .slice(1)
    expect(rows).toHaveLength(7)
    expect(rows[0]).toHaveTextContent('LMT piedāvājumi')
    expect(rows[0]).toHaveTextContent('Dota')
    expect(rows[0]).toHaveTextContent('14.03.2026.')
    expect(rows[0]).toHaveTextContent('Klientu centrs')
    expect(rows[1]).toHaveTextContent('Nav dota')
    expect(rows[3]).toHaveTextContent('Atsaukta')
    expect(rows[6]).toHaveTextContent('Beigusies')
    expect(screen.getByTestId('loyalty-clock')).toHaveTextContent(
      'Saglabā līdz 15.01.2027. · vēl 51 diena'
    )
  })

  it('keeps every toggle disabled until identity is verified, and says why', async () => {
    const app = await openIlze()
    const location = screen.getByRole('switch', { name: LOCATION })
    expect(location).toBeDisabled()
    expect(location).toHaveAccessibleDescription(
      'Pirms piekrišanu maiņas pārbaudiet klienta identitāti.'
    )
    expect(screen.getByTestId('identity-chip')).toHaveTextContent('Identitāte nav pārbaudīta')

    // A document method needs the last four characters.
    await app.user.click(screen.getByTestId('identity-chip'))
    const form = screen.getByRole('form', { name: 'Identitātes pārbaude' })
    await app.user.type(within(form).getByLabelText(LAST4), '12')
    await app.user.click(within(form).getByRole('button', { name: 'Atzīmēt kā pārbaudītu' }))
    expect(within(form).getByRole('alert')).toHaveTextContent('pēdējos 4 burtus vai ciparus')
    expect(location).toBeDisabled()
    await app.user.click(within(form).getByRole('button', { name: 'Atcelt' }))

    await verify(app, '12ab')
    expect(screen.getByTestId('identity-chip')).toHaveTextContent(
      /Pārbaudīts: ID karte …12AB, \d{2}:\d{2}/
    )
    expect(screen.getByRole('switch', { name: LOCATION })).toBeEnabled()
    expect(screen.queryByText(/Pirms piekrišanu maiņas pārbaudiet/)).toBeNull()
  })

  it('a method without a document needs no number', async () => {
    const app = await openIlze()
    await app.user.click(screen.getByTestId('identity-chip'))
    const form = screen.getByRole('form', { name: 'Identitātes pārbaude' })
    await app.user.selectOptions(within(form).getByLabelText('Veids'), 'Smart-ID')
    expect(within(form).queryByLabelText('Dokumenta numura pēdējās 4 rakstzīmes')).toBeNull()
    await app.user.click(within(form).getByRole('button', { name: 'Atzīmēt kā pārbaudītu' }))
    const chip = screen.getByTestId('identity-chip')
    expect(chip).toHaveTextContent(/Pārbaudīts: Smart-ID, \d\d:\d\d/)
  })

  it('toggles become pending changes, marked per row, undoable, counted in the bar', async () => {
    const app = await openIlze()
    await verify(app)
    await app.user.click(screen.getByRole('switch', { name: LOCATION }))
    expect(row(LOCATION)).toHaveTextContent('Būs: Atsaukta')
    expect(row(LOCATION)).toHaveClass('is-pending')
    expect(screen.getByRole('switch', { name: LOCATION })).not.toBeChecked()
    expect(
      screen.getByRole('button', { name: /1 izmaiņa — Pārskatīt un apstiprināt/ })
    ).toBeInTheDocument()

    await app.user.click(screen.getByRole('switch', { name: USAGE }))
    await openChannels(app)
    await app.user.click(screen.getByRole('switch', { name: SMS }))
    expect(
      screen.getByRole('button', { name: /3 izmaiņas — Pārskatīt un apstiprināt/ })
    ).toBeInTheDocument()

    await app.user.click(screen.getByRole('button', { name: `Atcelt izmaiņu: ${USAGE}` }))
    expect(row(USAGE)).not.toHaveTextContent('Būs:')
    expect(screen.getByRole('button', { name: /2 izmaiņas — / })).toBeInTheDocument()

    // Toggling back to the recorded state is no change at all.
    await app.user.click(screen.getByRole('switch', { name: LOCATION }))
    expect(screen.getByRole('button', { name: /1 izmaiņa — / })).toBeInTheDocument()
    expect(app.bridge.callsTo('consents:record')).toHaveLength(0)
  })

  it('location can be paused and resumed', async () => {
    const app = await openIlze()
    await verify(app)
    await app.user.click(screen.getByRole('button', { name: 'Apturēt' }))
    expect(row(LOCATION)).toHaveTextContent('Būs: Apturēta')
    await app.user.click(screen.getByRole('button', { name: 'Atjaunot' }))
    expect(row(LOCATION)).not.toHaveTextContent('Būs:')
  })

  it('Esc asks before leaving a card with pending changes; once they are undone it just leaves', async () => {
    const app = await openIlze()
    await verify(app)
    await app.user.click(screen.getByRole('switch', { name: LOCATION }))
    await app.user.keyboard('{Escape}')
    // Asked, and Esc again answers "back to the changes".
    expect(screen.getByRole('alertdialog', { name: '1 izmaiņa nav saglabāta' })).toBeInTheDocument()
    await app.user.keyboard('{Escape}')
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
    expect(screen.getByRole('heading', { level: 1, name: 'Ilze Bērziņa' })).toBeInTheDocument()
    expect(row(LOCATION)).toHaveTextContent('Būs: Atsaukta')
    // Undo is per row and needs no confirmation (it loses nothing the client asked for).
    await app.user.click(within(row(LOCATION)).getByRole('button', { name: /Atcelt izmaiņu/ }))
    await app.user.keyboard('{Escape}')
    expect(await screen.findByRole('combobox', { name: LV.search })).toBeInTheDocument()
  })

  it('Alt+1…7 jumps to a purpose', async () => {
    const app = await openIlze()
    await app.user.keyboard('{Alt>}5{/Alt}')
    expect(screen.getByRole('rowheader', { name: LOCATION })).toHaveFocus()
    await app.user.keyboard('{Alt>}1{/Alt}')
    expect(screen.getByRole('rowheader', { name: 'LMT piedāvājumi' })).toHaveFocus()
  })
})

describe('confirming changes', () => {
  it('shows the summary in the client language (Russian), labelled, with notices; Esc goes back', async () => {
    const app = await openIlze()
    await verify(app)
    await app.user.click(screen.getByRole('switch', { name: LOCATION }))
    await app.user.keyboard('{Control>}s{/Control}')
    const dialog = await screen.findByRole('dialog', {
      name: 'Pārskatīt un apstiprināt izmaiņas'
    })
    expect(within(dialog).getByTestId('client-language-label')).toHaveTextContent(
      'rādīts klienta valodā: Krievu'
    )
    const summary = within(dialog).getByTestId('client-summary')
    expect(summary).toHaveAttribute('lang', 'ru')
    expect(summary).toHaveTextContent('Изменения ваших согласий')
    const [change] = within(summary).getAllByTestId('summary-row')
    // The catalogue's title, in the client's language, as on the card and in the timeline.
    expect(change).toHaveTextContent('Данные о местоположении для индивидуального сотрудничества')
    expect(change).toHaveTextContent('Дано')
    expect(change).toHaveTextContent('Отозвано')
    // The rights and controller statement is the API's current version, in Russian.
    const rights = within(summary).getByTestId('rights')
    expect(within(rights).getByRole('heading', { level: 4 })).toHaveTextContent(
      'Ваши права · версия 2'
    )
    expect(rights).toHaveTextContent('Вы можете отозвать его в любое время')
    expect(rights).toHaveTextContent('Контролёр: SIA "Latvijas Mobilais Telefons"')
    expect(rights).not.toHaveTextContent('old rights')
    // The notice text of the current version, in Russian, behind a disclosure.
    await app.user.click(within(summary).getByText(/Текст уведомления \(версия 2\)/))
    expect(within(summary).getByText('Notice location in ru, v2')).toBeVisible()

    await app.user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
    // Still on the card, the edit kept.
    expect(row(LOCATION)).toHaveTextContent('Būs: Atsaukta')
    expect(app.bridge.callsTo('consents:record')).toHaveLength(0)
  })

  it('after saving shows the state the API returned and the receipt', async () => {
    // The API answers with more than the agent's guess: usage data is given too (say, by a
    // self-service change recorded in the same second). The card must show the API's answer.
    const app = await openIlze({
      'consents:record': (input) => {
        const answer = recorded(consentState(), input.changes)
        answer.state.purposes = answer.state.purposes.map((p) =>
          p.purpose === 'usage_metadata' ? { ...p, state: 'given', source: 'self_service' } : p
        )
        return ok(answer)
      }
    })
    await verify(app)
    await app.user.click(screen.getByRole('switch', { name: LOCATION }))
    await app.user.click(screen.getByRole('button', { name: /1 izmaiņa — / }))
    await app.user.click(screen.getByRole('button', { name: 'Apstiprināt' }))

    expect(await screen.findByTestId('save-success')).toHaveTextContent(
      'Saglabāta 1 izmaiņa. Apliecinājums 5c2e9a41-7d3b-4f8e-a1c6-2b9d0e4f7a13, pārbaudes kods K7Q-42M'
    )
    // The save ends in its receipt, previewed in the language the client was shown (Russian).
    const preview = await screen.findByRole('dialog', { name: 'Kvīts priekšskatījums' })
    expect(await within(preview).findByText('Подтверждение согласий')).toBeInTheDocument()
    expect(app.bridge.callsTo('print:prepare')).toEqual([
      {
        document: {
          kind: 'receipt',
          receiptId: '5c2e9a41-7d3b-4f8e-a1c6-2b9d0e4f7a13',
          copy: false
        },
        language: 'ru'
      }
    ])
    await app.user.click(within(preview).getByRole('button', { name: 'Gatavs' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(screen.getByTestId('save-success')).toHaveFocus()
    expect(row(LOCATION)).toHaveTextContent('Atsaukta')
    expect(row(LOCATION)).not.toHaveTextContent('Būs:')
    expect(row(USAGE)).toHaveTextContent('Dota')
    expect(row(USAGE)).toHaveTextContent('Pašapkalpošanās portāls')

    const [call] = recordCalls(app)
    expect(call).toMatchObject({
      clientId: BERZINA_CLIENT.id,
      expectedVersion: 7,
      changes: [{ purpose: 'location', action: 'withdrawn' }],
      identityVerification: { method: 'id_card', documentLast4: '1234' },
      source: 'customer_centre',
      language: 'ru'
    })
    expect(call?.requestId).toMatch(/^[0-9a-f-]{36}$/)
    // The verification stays for the next change with the same client.
    expect(screen.getByTestId('identity-chip')).toHaveTextContent('Pārbaudīts')
  })

  it('a 412 conflict shows what changed meanwhile, keeps the edits, and re-applies on the new version', async () => {
    const current = consentState({ version: 9 })
    const offers = current.purposes[0]!
    offers.channels = offers.channels!.map((c) =>
      c.channel === 'email' ? { ...c, state: 'withdrawn' } : c
    )
    current.purposes[1] = { ...current.purposes[1]!, state: 'given' }
    let calls = 0
    const app = await openIlze({
      'consents:record': (input) => {
        calls++
        if (calls === 1) {
          return {
            ok: false,
            error: {
              code: 'version_mismatch',
              message: 'stale',
              status: 412,
              details: { state: current }
            }
          }
        }
        return ok(recorded(current, input.changes))
      }
    })
    await verify(app)
    await app.user.click(screen.getByRole('switch', { name: LOCATION }))
    await app.user.click(screen.getByRole('switch', { name: USAGE }))
    await app.user.keyboard('{Control>}s{/Control}')
    await app.user.click(await screen.findByRole('button', { name: 'Apstiprināt' }))

    const conflict = await screen.findByTestId('conflict')
    expect(conflict).toHaveTextContent('Nav saglabāts: piekrišanas pa to laiku mainījās')
    const items = within(conflict).getAllByRole('listitem')
    expect(items.map((item) => item.textContent)).toEqual([
      'LMT piedāvājumi — E-pastsDota→Atsaukta',
      `${USAGE}Nav dota→Dota`
    ])
    // Nothing lost: Back shows both edits still pending, verification still there.
    await app.user.click(screen.getByRole('button', { name: 'Atpakaļ' }))
    expect(row(LOCATION)).toHaveTextContent('Būs: Atsaukta')
    expect(row(USAGE)).toHaveTextContent('Būs: Dota')
    expect(screen.getByTestId('identity-chip')).toHaveTextContent('Pārbaudīts')

    await app.user.keyboard('{Control>}s{/Control}')
    await app.user.click(
      await screen.findByRole('button', { name: 'Piemērot manas izmaiņas pašreizējam stāvoklim' })
    )
    // Usage data is already given in the new version: that change drops, location stays.
    const dialog = screen.getByRole('dialog')
    expect(within(dialog).getAllByTestId('summary-row')).toHaveLength(1)
    expect(within(dialog).getByTestId('already-in-effect')).toHaveTextContent(
      `1 jūsu izmaiņa jau ir spēkā un tika noņemta. ${USAGE}`
    )
    await app.user.click(within(dialog).getByRole('button', { name: 'Apstiprināt' }))
    await screen.findByTestId('save-success')

    const [first, second] = recordCalls(app)
    expect(first?.expectedVersion).toBe(7)
    expect(second?.expectedVersion).toBe(9)
    expect(second?.changes).toEqual([
      { purpose: 'location', action: 'withdrawn', noticeVersion: 2 }
    ])
    expect(second?.requestId).not.toBe(first?.requestId)
  })

  it('a re-apply where every change is already in effect closes the dialog and says so on the card', async () => {
    const current = consentState({ version: 9 })
    current.purposes[1] = { ...current.purposes[1]!, state: 'given' }
    const app = await openIlze({
      'consents:record': () => ({
        ok: false,
        error: {
          code: 'version_mismatch',
          message: 'stale',
          status: 412,
          details: { state: current }
        }
      })
    })
    await verify(app)
    await app.user.click(screen.getByRole('switch', { name: USAGE }))
    await app.user.keyboard('{Control>}s{/Control}')
    await app.user.click(await screen.findByRole('button', { name: 'Apstiprināt' }))
    await app.user.click(
      await screen.findByRole('button', { name: 'Piemērot manas izmaiņas pašreizējam stāvoklim' })
    )
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(screen.getByTestId('already-in-effect')).toHaveTextContent(
      `1 jūsu izmaiņa jau ir spēkā un tika noņemta. ${USAGE}`
    )
    expect(row(USAGE)).toHaveTextContent('Dota')
    expect(recordCalls(app)).toHaveLength(1)
  })

  it('API down: not saved, edits kept, Retry reuses the same requestId', async () => {
    let calls = 0
    const app = await openIlze({
      'consents:record': (input) => {
        calls++
        return calls === 1
          ? fail('api_unreachable', 'down')
          : ok(recorded(consentState(), input.changes))
      }
    })
    await verify(app)
    await openChannels(app)
    await app.user.click(screen.getByRole('switch', { name: SMS }))
    await app.user.keyboard('{Control>}s{/Control}')
    await app.user.click(await screen.findByRole('button', { name: 'Apstiprināt' }))

    const error = await screen.findByTestId('save-error')
    expect(error).toHaveTextContent('Nav saglabāts: piekrišanu serviss nav sasniedzams')
    const dialog = screen.getByRole('dialog')
    // One button sends it again: Confirm has become "Try again", and has the focus.
    expect(within(dialog).queryByRole('button', { name: 'Apstiprināt' })).not.toBeInTheDocument()
    const retry = within(dialog).getByRole('button', { name: 'Mēģināt vēlreiz' })
    expect(retry).toHaveFocus()
    await app.user.click(retry)
    await screen.findByTestId('save-success')

    const [first, second] = recordCalls(app)
    expect(second?.requestId).toBe(first?.requestId)
    expect(second).toEqual(first)
  })

  it('a no-op (409) names the purpose', async () => {
    const app = await openIlze({
      'consents:record': () => ({
        ok: false,
        error: {
          code: 'no_op_change',
          message: 'Nothing recorded',
          status: 409,
          fields: [{ path: 'changes.0', message: 'location is already withdrawn' }]
        }
      })
    })
    await verify(app)
    await app.user.click(screen.getByRole('switch', { name: LOCATION }))
    await app.user.keyboard('{Control>}s{/Control}')
    await app.user.click(await screen.findByRole('button', { name: 'Apstiprināt' }))
    expect(await screen.findByTestId('save-error')).toHaveTextContent(
      `Nav saglabāts: mērķim ${LOCATION} nekas nemainītos`
    )
    expect(row(LOCATION)).toHaveTextContent('Būs: Atsaukta')
  })

  it('an ended session says so', async () => {
    const app = await openIlze({
      'consents:record': () => fail('unauthenticated', 'expired', 401)
    })
    await verify(app)
    await app.user.click(screen.getByRole('switch', { name: LOCATION }))
    await app.user.keyboard('{Control>}s{/Control}')
    await app.user.click(await screen.findByRole('button', { name: 'Apstiprināt' }))
    // The change is not lost: the agent is asked to sign in again, or to discard it.
    const expired = await screen.findByRole('alertdialog', { name: 'Sesija ir beigusies' })
    await app.user.click(within(expired).getByRole('button', { name: 'Atmest 1 izmaiņu un iziet' }))
    // Then the app returns to sign-in and says why; nothing of the client stays on screen.
    expect(
      await screen.findByText('Sesija ir beigusies. Lūdzu, pieslēdzieties vēlreiz.')
    ).toBeInTheDocument()
    expect(screen.queryByText('Ilze Bērziņa')).toBeNull()
  })

  it('withdrawing takes exactly as many key presses as giving', async () => {
    const app = await openIlze()
    await verify(app)

    // A keyboard user's path, found rather than scripted: jump to the purpose, Tab until its
    // switch has the focus, Space, Ctrl+S, then Enter until the save is confirmed. An extra
    // confirmation on either side (or a focus that lands elsewhere) costs presses and fails.
    async function keyPresses(number: number, name: string): Promise<number> {
      let presses = 0
      const press = async (keys: string): Promise<void> => {
        presses++
        if (presses > 30) throw new Error(`no save after 30 key presses for ${name}`)
        await app.user.keyboard(keys)
      }
      await press(`{Alt>}${number}{/Alt}`)
      const target = screen.getByRole('switch', { name })
      while (document.activeElement !== target) await press('{Tab}')
      await press(' ')
      await press('{Control>}s{/Control}')
      while (!screen.queryByTestId('save-success')) {
        await press('{Enter}')
        await waitFor(() => expect(screen.queryByRole('button', { name: 'Saglabā…' })).toBeNull())
      }
      return presses
    }

    const give = await keyPresses(2, USAGE) // never given → given
    expect(recordCalls(app).at(-1)?.changes).toEqual([
      { purpose: 'usage_metadata', action: 'given', noticeVersion: 2 }
    ])
    const withdraw = await keyPresses(5, LOCATION) // given → withdrawn
    expect(recordCalls(app).at(-1)?.changes).toEqual([
      { purpose: 'location', action: 'withdrawn', noticeVersion: 2 }
    ])
    expect(withdraw).toBe(give)
    // Jump, Tab, Space, Ctrl+S, Enter: five presses each way.
    expect(give).toBe(5)
  })
})

describe('timeline', () => {
  it('lists events, filters on the API, shows the chain and the state on a date', async () => {
    const app = await openIlze({
      'consents:events': (input) =>
        ok({
          items: Array.from({ length: input.filters.purpose ? 3 : 40 }, (_, i) =>
            consentEvent(i, input.filters.purpose ? { purpose: input.filters.purpose } : {})
          ),
          nextCursor: null
        })
    })
    await app.user.click(screen.getByRole('tab', { name: 'Vēsture' }))
    expect(await screen.findByText('40 notikumu')).toBeInTheDocument()
    expect(screen.getByTestId('chain')).toHaveTextContent('Notikumu ķēde ir vesela')
    const table = within(screen.getByRole('region', { name: 'Piekrišanu vēsture' }))
    expect(table.getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Laiks',
      'Mērķis',
      'Kanāls',
      'Darbība',
      'Avots',
      'Izpildītājs',
      'Centrs',
      'Identitāte',
      'Paziņojums'
    ])
    // Virtualised: only the rows in view (plus overscan) are in the DOM.
    const rendered = table.getAllByTestId('timeline-row')
    expect(rendered.length).toBeGreaterThan(5)
    expect(rendered.length).toBeLessThan(40)
    expect(rendered[0]).toHaveTextContent('ID karte …1234')
    expect(rendered[0]).toHaveTextContent('v2 · lv')
    // The centre's name, not its id; the purpose's title from the notice catalogue.
    expect(rendered[0]).toHaveTextContent('Rīga, Ropažu iela 6')
    expect(rendered[0]).not.toHaveTextContent('riga-ropazu')
    expect(rendered[1]).toHaveTextContent('2. Elektronisko sakaru metadati individuālai sadarbībai')
    expect(
      within(rendered[1]!).getByText('2. Elektronisko sakaru metadati individuālai sadarbībai')
    ).toHaveAttribute('title', '2. Elektronisko sakaru metadati individuālai sadarbībai')

    await app.user.selectOptions(
      screen.getByLabelText('Mērķis'),
      '5. Atrašanās vietas dati individuālai sadarbībai'
    )
    expect(await screen.findByText('3 notikumi')).toBeInTheDocument()
    await app.user.selectOptions(screen.getByLabelText('Darbība'), 'Atsaukta')
    await app.user.selectOptions(screen.getByLabelText('Avots'), 'Tālrunis')
    await app.user.type(screen.getByLabelText('No'), '1.3.2026')
    await app.user.type(screen.getByLabelText('Līdz'), '31.03.2026')
    const last = app.bridge.callsTo('consents:events').at(-1) as { filters: object }
    expect(last.filters).toEqual({
      purpose: 'location',
      action: 'withdrawn',
      source: 'phone',
      // Midnight in Riga (UTC+2 until 29 March) as an instant ...
      from: '2026-02-28T22:00:00.000Z',
      // ... to the last moment of 31 March in Riga (UTC+3 by then).
      to: '2026-03-31T20:59:59.999Z'
    })

    const clear = screen.getByRole('button', { name: 'Notīrīt filtrus' })
    await app.user.click(clear)
    expect(await screen.findByText('40 notikumu')).toBeInTheDocument()
    // The button is disabled now; focus went to the first filter, not to the page.
    expect(clear).toBeDisabled()
    expect(screen.getByLabelText('Mērķis')).toHaveFocus()
    expect(screen.getByLabelText('No')).toHaveValue('')

    await app.user.type(screen.getByLabelText('Stāvoklis datumā'), '01.06.2026 12:00')
    await app.user.click(screen.getByRole('button', { name: /^Rādīt/ }))
    const at = await screen.findByTestId('state-at')
    expect(at).toHaveTextContent('Stāvoklis 01.06.2026. 12:00')
    expect(app.bridge.callsTo('consents:get').at(-1)).toEqual({
      clientId: BERZINA_CLIENT.id,
      at: '2026-06-01T09:00:00.000Z'
    })
    expect(within(at).getAllByRole('listitem')[4]).toHaveTextContent(
      '5. Atrašanās vietas dati individuālai sadarbībai'
    )
    // Typing, filtering and loading, step by step as an agent would: longer than most tests.
  }, 15_000)

  it('date fields: Latvian dd.mm.gggg, one input each, wrong dates refused with a message', async () => {
    const app = await openIlze()
    await app.user.click(screen.getByRole('tab', { name: 'Vēsture' }))
    await screen.findByText('2 notikumi')
    const stateOn = screen.getByLabelText('Stāvoklis datumā')
    expect(stateOn).toHaveAttribute('type', 'text')
    expect(stateOn).toHaveAttribute('placeholder', 'dd.mm.gggg [hh:mm]')
    expect(screen.getByLabelText('No')).toHaveAttribute('placeholder', 'dd.mm.gggg')
    expect(stateOn).toHaveAccessibleDescription(
      'Formāts: dd.mm.gggg [hh:mm]; laiks nav obligāts, 24 stundu formātā'
    )
    const gets = app.bridge.callsTo('consents:get').length

    // No 31 February: the message is tied to the field, and nothing is asked of the API.
    await app.user.type(stateOn, '31.02.2026{Enter}')
    expect(await screen.findByText('Tāda datuma nav: 31.02.2026.')).toHaveAttribute('role', 'alert')
    expect(stateOn).toHaveAttribute('aria-invalid', 'true')
    expect(stateOn).toHaveAccessibleDescription(/^Tāda datuma nav: 31\.02\.2026\./)
    expect(app.bridge.callsTo('consents:get')).toHaveLength(gets)
    expect(screen.queryByTestId('state-at')).not.toBeInTheDocument()

    // A date alone is the state at the end of that Riga day.
    await app.user.clear(stateOn)
    await app.user.type(stateOn, '15.3.2026{Enter}')
    expect(await screen.findByTestId('state-at')).toHaveTextContent(
      'Stāvoklis 15.03.2026. dienas beigās'
    )
    expect(stateOn).not.toHaveAttribute('aria-invalid')
    expect(app.bridge.callsTo('consents:get').at(-1)).toEqual({
      clientId: BERZINA_CLIENT.id,
      at: '2026-03-15T21:59:59.999Z'
    })

    // A wrong date now leaves the state shown as it was.
    await app.user.clear(stateOn)
    await app.user.type(stateOn, '15.03.2026 25:00')
    await app.user.click(screen.getByRole('button', { name: /^Rādīt/ }))
    expect(await screen.findByText('Ievadiet laiku 24 stundu formātā hh:mm.')).toHaveAttribute(
      'role',
      'alert'
    )
    expect(screen.getByTestId('state-at')).toHaveTextContent('Stāvoklis 15.03.2026. dienas beigās')
    expect(app.bridge.callsTo('consents:get')).toHaveLength(gets + 1)

    // Back to now: the button goes, focus stays in the field, which is emptied.
    await app.user.click(screen.getByRole('button', { name: 'Atpakaļ uz tagad' }))
    expect(screen.queryByTestId('state-at')).not.toBeInTheDocument()
    expect(stateOn).toHaveFocus()
    expect(stateOn).toHaveValue('')

    // A filter date is checked on leaving the field; a wrong one filters nothing.
    const events = app.bridge.callsTo('consents:events').length
    await app.user.type(screen.getByLabelText('No'), '29.02.2027')
    await app.user.tab()
    expect(await screen.findByText('Tāda datuma nav: 29.02.2027.')).toHaveAttribute('role', 'alert')
    expect(app.bridge.callsTo('consents:events')).toHaveLength(events)
    // One Tab from the date field lands on the next one: the field is a single stop.
    expect(screen.getByLabelText('Līdz')).toHaveFocus()
  })

  it('loads every page until done', async () => {
    const app = await openIlze({
      'consents:events': (input) => {
        const start = Number(input.cursor ?? 0)
        return ok({
          items: Array.from({ length: 500 }, (_, i) => consentEvent(start + i)),
          nextCursor: start + 500 < 2000 ? String(start + 500) : null
        })
      },
      'consents:verify': () =>
        ok({
          intact: false,
          events: 2000,
          brokenAt: 'ev-1234',
          projectionIntact: true,
          mismatches: [],
          receiptsChecked: 0,
          receiptsIntact: true,
          receiptMismatches: []
        })
    })
    await app.user.click(screen.getByRole('tab', { name: 'Vēsture' }))
    expect(await screen.findByText('2000 notikumu')).toBeInTheDocument()
    expect(app.bridge.callsTo('consents:events')).toHaveLength(4)
    expect(screen.getByTestId('chain')).toHaveTextContent(
      'Notikumu ķēde pārrauta pie notikuma ev-1234'
    )
  })
})

describe('the chain check', () => {
  it('an intact chain whose stored state differs from the events says so', async () => {
    const app = await openIlze({
      'consents:verify': () =>
        ok({
          intact: false,
          events: 2,
          projectionIntact: false,
          mismatches: [
            { purpose: 'location', channel: null, stored: 'withdrawn', fromEvents: 'given' }
          ],
          receiptsChecked: 1,
          receiptsIntact: true,
          receiptMismatches: []
        })
    })
    await app.user.click(screen.getByRole('tab', { name: 'Vēsture' }))
    expect(await screen.findByTestId('chain')).toHaveTextContent(
      'Notikumu ķēde ir vesela, bet saglabātais stāvoklis nesakrīt ar notikumiem 1 vietā'
    )
  })

  it('a chain that adds up but not to its signed receipts is called altered, never intact', async () => {
    const app = await openIlze({
      'consents:verify': () =>
        ok({
          intact: false,
          events: 2,
          projectionIntact: true,
          mismatches: [],
          receiptsChecked: 2,
          receiptsIntact: false,
          receiptMismatches: [
            { receiptId: '5c2e9a41-7d3b-4f8e-a1c6-2b9d0e4f7a13', reason: 'chain_mismatch' },
            { receiptId: '6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b', reason: 'chain_mismatch' }
          ]
        })
    })
    await app.user.click(screen.getByRole('tab', { name: 'Vēsture' }))
    const chain = await screen.findByTestId('chain')
    expect(chain).toHaveTextContent(
      'Notikumu vēsture nesakrīt ar 2 parakstītām kvītīm: vēsture ir mainīta.'
    )
    expect(chain).not.toHaveTextContent('ir vesela')
  })
})

describe('plurals', () => {
  it('Latvian zero/one/other and Russian one/few/many for changes and days', () => {
    const lv = createI18n('lv').t
    expect(lv('consents.pendingCount', { count: 1 })).toBe('1 izmaiņa')
    expect(lv('consents.pendingCount', { count: 3 })).toBe('3 izmaiņas')
    expect(lv('consents.pendingCount', { count: 10 })).toBe('10 izmaiņu')
    expect(lv('consents.pendingCount', { count: 21 })).toBe('21 izmaiņa')
    expect(lv('consents.daysLeft', { count: 0 })).toBe('vēl 0 dienu')
    expect(lv('consents.daysLeft', { count: 1 })).toBe('vēl 1 diena')
    expect(lv('consents.daysLeft', { count: 5 })).toBe('vēl 5 dienas')
    const ru = createI18n('ru').t
    expect(ru('consents.pendingCount', { count: 1 })).toBe('1 изменение')
    expect(ru('consents.pendingCount', { count: 3 })).toBe('3 изменения')
    expect(ru('consents.pendingCount', { count: 5 })).toBe('5 изменений')
    expect(ru('consents.pendingCount', { count: 21 })).toBe('21 изменение')
    expect(ru('consents.daysLeft', { count: 1 })).toBe('остался 1 день')
    expect(ru('consents.daysLeft', { count: 2 })).toBe('осталось 2 дня')
    expect(ru('consents.daysLeft', { count: 11 })).toBe('осталось 11 дней')
    const en = createI18n('en').t
    expect(en('consents.pendingCount', { count: 1 })).toBe('1 change')
    expect(en('consents.daysLeft', { count: 2 })).toBe('2 days left')
  })

  it('the pending bar counts in the agent language', async () => {
    const app = await openIlze()
    await verify(app)
    for (const name of [LOCATION, USAGE]) {
      await act(async () => {
        await app.user.click(screen.getByRole('switch', { name }))
      })
    }
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: /^2 izmaiņas — Pārskatīt un apstiprināt/ })
      ).toBeVisible()
    )
  })
})
