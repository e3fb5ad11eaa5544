import './support/setup'
import { act, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { fail, ok, STAFF_SESSION } from './support/fakeBridge'
import { advanceClock, restoreRealClock, useFakeClock } from './support/fakeClock'
import { LV, renderApp, signIn } from './support/renderApp'

const UNREACHABLE = /Nav savienojuma ar piekrišanu API/
const SESSION_ENDED = 'Sesija ir beigusies. Lūdzu, pieslēdzieties vēlreiz.'

afterEach(restoreRealClock)

describe('shell', () => {
  it('shows the unreachable banner from api:health, clears it when the API is back', async () => {
    const interval = 5_000
    let reachable = false
    useFakeClock()
    const app = renderApp({
      healthIntervalMs: interval,
      handlers: { 'api:health': () => ok({ reachable }) }
    })
    // Checked once on start, without waiting for the interval.
    await advanceClock(0)
    expect(screen.getByText(UNREACHABLE)).toBeInTheDocument()
    expect(app.bridge.callsTo('api:health')).toHaveLength(1)
    reachable = true
    // The API is back, but nobody asks until the interval has run out.
    await advanceClock(interval - 1)
    expect(app.bridge.callsTo('api:health')).toHaveLength(1)
    expect(screen.getByText(UNREACHABLE)).toBeInTheDocument()
    await advanceClock(1)
    expect(app.bridge.callsTo('api:health')).toHaveLength(2)
    expect(screen.queryByText(UNREACHABLE)).not.toBeInTheDocument()
  })

  it('api_unreachable on a search raises the banner without blanking the screen', async () => {
    const app = renderApp({ handlers: { 'clients:search': () => fail('api_unreachable', 'down') } })
    await signIn(app)
    await app.user.type(screen.getByRole('combobox', { name: LV.search }), 'berz')
    expect(await screen.findByText(UNREACHABLE)).toBeInTheDocument()
    expect(screen.getByRole('combobox', { name: LV.search })).toHaveValue('berz')
    expect(screen.getByText(/Nevar sazināties ar piekrišanu API/)).toBeInTheDocument()
  })

  it('Ctrl+K focuses the search from anywhere, also from an open card', async () => {
    const app = renderApp()
    await signIn(app)
    const field = screen.getByRole('combobox', { name: LV.search })
    await app.user.click(screen.getByRole('button', { name: 'Iziet' }).parentElement!)
    field.blur()
    expect(field).not.toHaveFocus()
    await app.user.keyboard('{Control>}k{/Control}')
    expect(field).toHaveFocus()

    await app.user.type(field, 'berz')
    await app.user.click(await screen.findByText('Ilze Bērziņa'))
    await screen.findByRole('heading', { level: 1, name: 'Ilze Bērziņa' })
    await app.user.keyboard('{Control>}k{/Control}')
    const again = await screen.findByRole('combobox', { name: LV.search })
    await waitFor(() => expect(again).toHaveFocus())
    // Back from a card the field is empty; the client is among the recent ones.
    expect(again).toHaveValue('')
    expect(screen.getByRole('grid', { name: 'Nesen atvērtie klienti' })).toHaveTextContent(
      'Ilze Bērziņa'
    )
  })

  it('sign out returns to sign-in and forgets the last client', async () => {
    const app = renderApp()
    await signIn(app)
    await app.user.type(screen.getByRole('combobox', { name: LV.search }), 'berz')
    await screen.findByText('Ilze Bērziņa')
    await app.user.click(screen.getByRole('button', { name: 'Iziet' }))
    expect(await screen.findByRole('heading', { name: 'Pieslēgšanās' })).toBeInTheDocument()
    expect(screen.getByText('Jūs esat izgājis no sistēmas.')).toBeInTheDocument()
    expect(app.bridge.callsTo('auth:logout')).toHaveLength(1)

    await signIn(app)
    expect(screen.getByRole('combobox', { name: LV.search })).toHaveValue('')
    expect(screen.queryByText('Ilze Bērziņa')).not.toBeInTheDocument()
  })

  it('session:ended brings back the sign-in with a message', async () => {
    const app = renderApp({ handlers: { 'auth:session': () => ok(STAFF_SESSION) } })
    await screen.findByRole('combobox', { name: LV.search })
    act(() => app.bridge.emit('session:ended', { reason: 'expired' }))
    expect(await screen.findByText(SESSION_ENDED)).toBeInTheDocument()
    expect(screen.getByLabelText(LV.username)).toBeInTheDocument()
  })

  it('an unauthenticated answer also ends the session', async () => {
    const app = renderApp({
      handlers: {
        'auth:session': () => ok(STAFF_SESSION),
        'clients:search': () => fail('unauthenticated', 'expired', 401)
      }
    })
    await app.user.type(await screen.findByRole('combobox', { name: LV.search }), 'berz')
    expect(await screen.findByText(SESSION_ENDED)).toBeInTheDocument()
  })

  it('the language switch in the top bar changes the whole shell', async () => {
    const app = renderApp()
    await signIn(app)
    await app.user.selectOptions(screen.getByLabelText('Valoda'), 'ru')
    expect(screen.getByRole('combobox', { name: 'Найти клиента' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Выйти' })).toBeInTheDocument()
    expect(screen.getByText(/Консультант, Руководитель/)).toBeInTheDocument()
    expect(document.title).toBe('Пульт согласий')
  })

  it('the results table follows a language switch', async () => {
    const app = renderApp()
    await signIn(app)
    await app.user.type(screen.getByRole('combobox', { name: LV.search }), 'berz')
    await screen.findByRole('columnheader', { name: 'Tālruņi' })
    await app.user.selectOptions(screen.getByLabelText('Valoda'), 'en')
    expect(screen.getByRole('columnheader', { name: 'Phones' })).toBeInTheDocument()
    expect(screen.getAllByText('Private person')).toHaveLength(2)
    expect(screen.getByText('3 clients found')).toBeInTheDocument()
  })
})
