import './support/setup'
import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SEARCH_DEBOUNCE_MS } from '../../src/renderer/src/features/lookup'
import { fail, manyItems, ok, BERZINS, BERZINA } from './support/fakeBridge'
import { advanceClock, restoreRealClock, useFakeClock } from './support/fakeClock'
import { LV, RU, renderApp, signIn, type RenderedApp } from './support/renderApp'

/** Types the query as one burst of keys, then lets the typing pause run out. */
async function search(app: RenderedApp, query: string): Promise<HTMLElement> {
  const field = screen.getByRole('combobox', { name: LV.search })
  await app.user.type(field, query)
  await advanceClock(SEARCH_DEBOUNCE_MS)
  return field
}

// The clock moves only when a test (or Testing Library's waiting) moves it: typing takes no time,
// and the search debounce runs out exactly when the test says so.
beforeEach(useFakeClock)
afterEach(restoreRealClock)

describe('lookup', () => {
  it('focuses the search on arrival and shows the accepted identifier kinds', async () => {
    const app = renderApp()
    await signIn(app)
    const field = screen.getByRole('combobox', { name: LV.search })
    expect(field).toHaveFocus()
    expect(field).toHaveAccessibleDescription(
      'Personas kods, reģistrācijas numurs, tālruņa numurs, konta numurs vai vārds'
    )
  })

  it('debounces typing into one search and shows masked results in a table', async () => {
    const app = renderApp()
    await signIn(app)
    const field = screen.getByRole('combobox', { name: LV.search })
    await app.user.type(field, 'ber')
    // A pause a millisecond short of the debounce, then one more key: the wait starts over.
    await advanceClock(SEARCH_DEBOUNCE_MS - 1)
    await app.user.keyboard('z')
    await advanceClock(SEARCH_DEBOUNCE_MS - 1)
    expect(app.bridge.callsTo('clients:search')).toEqual([])
    expect(screen.queryByRole('grid')).not.toBeInTheDocument()
    await advanceClock(1)
    expect(app.bridge.callsTo('clients:search')).toEqual([{ q: 'berz', limit: 20 }])
    const grid = await screen.findByRole('grid', { name: 'Meklēšanas rezultāti' })
    expect(app.bridge.callsTo('clients:search')).toHaveLength(1)

    const headers = within(grid)
      .getAllByRole('columnheader')
      .map((th) => th.textContent)
    expect(headers).toEqual([
      'Vārds, uzvārds / nosaukums',
      'Personas kods / reģ. nr.',
      'Dzimšanas gads',
      'Tālruņi',
      'Pilsēta',
      'Līgumi',
      'Veids'
    ])
    const rows = within(grid).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(3)
    expect(rows[0]).toHaveTextContent('Jānis Bērziņš')
    expect(rows[0]).toHaveTextContent('120389-*****')
    expect(rows[0]).toHaveTextContent('+371 29 *** 456')
    expect(rows[0]).toHaveTextContent('Privātpersona')
    expect(rows[1]).toHaveTextContent('+371 26 *** 444, +371 67 *** 111')
    expect(rows[2]).toHaveTextContent('40003032949')
    expect(rows[2]).toHaveTextContent('Uzņēmums')
    expect(grid).not.toHaveTextContent('29123456')
    expect(screen.getByRole('status', { name: '' })).toHaveTextContent('Atrasti 3 klienti')
  })

  it('ArrowDown + Enter opens the selected client', async () => {
    const app = renderApp()
    await signIn(app)
    const field = await search(app, 'berz')
    await screen.findByRole('grid')
    await app.user.keyboard('{ArrowDown}{ArrowDown}')
    const second = screen.getAllByRole('row')[2]!
    expect(second).toHaveAttribute('aria-selected', 'true')
    expect(field).toHaveAttribute('aria-activedescendant', second.id)
    await app.user.keyboard('{Enter}')
    expect(await screen.findByRole('heading', { level: 1, name: 'Ilze Bērziņa' })).toBeVisible()
    // One request for the card: the client and its consents come together.
    expect(app.bridge.callsTo('clients:card')).toEqual([{ id: BERZINA.id }])
    expect(app.bridge.callsTo('clients:get')).toEqual([])
    expect(app.bridge.callsTo('consents:get')).toEqual([])
  })

  it('a click on a row opens the client', async () => {
    const app = renderApp()
    await signIn(app)
    await search(app, 'berz')
    await app.user.click(await screen.findByText('Ilze Bērziņa'))
    expect(await screen.findByRole('heading', { level: 1, name: 'Ilze Bērziņa' })).toBeVisible()
  })

  it('Enter opens a single match without arrowing', async () => {
    const app = renderApp({
      handlers: { 'clients:search': () => ok({ items: [BERZINS], hasMore: false }) }
    })
    await signIn(app)
    await app.user.type(screen.getByRole('combobox', { name: LV.search }), '120389-12346')
    // A whole personal code goes out with its last key, no pause waited for; the partial ones
    // typed before it were still waiting for a pause, and never went out.
    expect(app.bridge.callsTo('clients:search')).toEqual([{ q: '120389-12346', limit: 20 }])
    await screen.findByText('Atrasts 1 klients')
    await app.user.keyboard('{Enter}')
    expect(app.bridge.callsTo('clients:card')).toEqual([{ id: BERZINS.id }])
  })

  it('an invalid personal code is explained without a round trip', async () => {
    const app = renderApp()
    await signIn(app)
    const field = await search(app, '120389-12347')
    expect(
      screen.getByText('Personas kods neatbilst kontrolciparam. Pārbaudiet personas kodu.')
    ).toBeInTheDocument()
    expect(field).toHaveAttribute('aria-invalid', 'true')
    // Nor does the partial code typed just before ('120389-1234', a name) go out later.
    await advanceClock(10 * SEARCH_DEBOUNCE_MS)
    expect(app.bridge.callsTo('clients:search')).toHaveLength(0)
  })

  it('invalid_identifier from the API is shown in the user’s language', async () => {
    const app = renderApp({
      language: 'en',
      handlers: { 'clients:search': () => fail('invalid_identifier', 'Invalid identifier', 400) }
    })
    await signIn(app, {
      username: 'Username',
      password: 'Password',
      submit: 'Sign in',
      search: 'Search for a client'
    })
    const field = screen.getByRole('combobox', { name: 'Search for a client' })
    await app.user.type(field, '120389-12346')
    expect(
      await screen.findByText('The identifier is not valid. Check what you typed.')
    ).toBeInTheDocument()
  })

  it('shows a designed no-results state', async () => {
    const app = renderApp({
      handlers: { 'clients:search': () => ok({ items: [], hasMore: false }) }
    })
    await signIn(app)
    await search(app, 'zzz')
    expect(await screen.findByText('Nekas nav atrasts')).toBeInTheDocument()
    expect(screen.getByText(/Pārbaudiet ievadīto/)).toBeInTheDocument()
    expect(screen.queryByRole('grid')).not.toBeInTheDocument()
  })

  it('a failed search says so and offers a retry that keeps the query', async () => {
    let attempt = 0
    const app = renderApp({
      handlers: {
        'clients:search': () =>
          ++attempt === 1
            ? fail('internal_error', 'x', 500)
            : ok({ items: [BERZINS], hasMore: false })
      }
    })
    await signIn(app)
    const field = await search(app, 'berz')
    expect(await screen.findByText(/Radās iekšēja kļūda/)).toBeInTheDocument()
    await app.user.click(screen.getByRole('button', { name: 'Meklēt vēlreiz' }))
    expect(await screen.findByText('Jānis Bērziņš')).toBeInTheDocument()
    expect(field).toHaveValue('berz')
  })

  it.each([
    ['lv', 1, 'Atrasts 1 klients'],
    ['lv', 2, 'Atrasti 2 klienti'],
    ['lv', 5, 'Atrasti 5 klienti'],
    ['lv', 11, 'Atrasti 11 klientu'],
    ['lv', 21, 'Atrasts 21 klients'],
    ['ru', 1, 'Найден 1 клиент'],
    ['ru', 2, 'Найдено 2 клиента'],
    ['ru', 5, 'Найдено 5 клиентов'],
    ['ru', 11, 'Найдено 11 клиентов'],
    ['ru', 21, 'Найден 21 клиент']
  ] as const)('%s result count for %i: “%s”, announced politely', async (language, count, text) => {
    const app = renderApp({
      language,
      handlers: { 'clients:search': () => ok({ items: manyItems(count), hasMore: false }) }
    })
    const labels = language === 'lv' ? LV : RU
    await app.user.type(await screen.findByLabelText(labels.username), 'agent')
    await app.user.type(screen.getByLabelText(labels.password), 'x')
    await app.user.keyboard('{Enter}')
    await app.user.type(await screen.findByRole('combobox', { name: labels.search }), 'klients')
    const status = await screen.findByText(text)
    expect(status).toHaveAttribute('aria-live', 'polite')
  })

  it('shows recently opened clients when the field is empty', async () => {
    const app = renderApp()
    await signIn(app)
    await search(app, 'berz')
    await app.user.click(await screen.findByText('Ilze Bērziņa'))
    await screen.findByRole('heading', { level: 1, name: 'Ilze Bērziņa' })
    await app.user.keyboard('{Escape}')
    const field = await screen.findByRole('combobox', { name: LV.search })
    await app.user.clear(field)
    const recent = await screen.findByRole('grid', { name: 'Nesen atvērtie klienti' })
    expect(within(recent).getAllByRole('row')).toHaveLength(2)
    expect(recent).toHaveTextContent('Ilze Bērziņa')
    await waitFor(() => expect(field).toHaveFocus())
  })
})
