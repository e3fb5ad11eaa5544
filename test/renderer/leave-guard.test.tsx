import './support/setup'
import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { fail, ok, type FakeHandlers } from './support/fakeBridge'
import { LV, renderApp, signIn, type RenderedApp } from './support/renderApp'

const LOCATION = 'Atrašanās vietas dati individuālai sadarbībai'

/** Ilze's card, identity verified, one change pending (location withdrawn). */
async function cardWithPendingChange(handlers: FakeHandlers = {}): Promise<RenderedApp> {
  const app = renderApp({ handlers })
  await signIn(app)
  await app.user.type(screen.getByRole('combobox', { name: LV.search }), 'berz')
  await app.user.click(await screen.findByText('Ilze Bērziņa'))
  await screen.findByText('i***@example.lv')
  await app.user.click(screen.getByTestId('identity-chip'))
  const form = screen.getByRole('form', { name: 'Identitātes pārbaude' })
  await app.user.type(
    within(form).getByLabelText('Dokumenta numura pēdējās 4 rakstzīmes'),
    '1234'
  )
  await app.user.click(within(form).getByRole('button', { name: 'Atzīmēt kā pārbaudītu' }))
  await app.user.click(screen.getByRole('switch', { name: LOCATION }))
  expect(screen.getByRole('region', { name: 'Nesaglabātās izmaiņas' })).toHaveTextContent(
    '1 izmaiņa'
  )
  return app
}

function leaveDialog(): HTMLElement {
  return screen.getByRole('alertdialog', { name: '1 izmaiņa nav saglabāta' })
}

function stillOnTheCardWithTheChange(): void {
  expect(screen.getByRole('heading', { level: 1, name: 'Ilze Bērziņa' })).toBeInTheDocument()
  expect(screen.getByRole('switch', { name: LOCATION })).toHaveAttribute('aria-checked', 'false')
  expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
}

describe('never lose work: every way off a card with pending changes asks first', () => {
  it('Ctrl+K asks; "back to the changes" keeps them; discarding is the second step', async () => {
    const app = await cardWithPendingChange()
    await app.user.keyboard('{Control>}k{/Control}')
    // The safe choice has the focus: Enter or Esc straight away loses nothing.
    expect(within(leaveDialog()).getByRole('button', { name: /Atpakaļ pie izmaiņām/ })).toHaveFocus()
    await app.user.keyboard('{Escape}')
    stillOnTheCardWithTheChange()

    await app.user.keyboard('{Control>}k{/Control}')
    await app.user.click(
      within(leaveDialog()).getByRole('button', { name: 'Atmest 1 izmaiņu un meklēt' })
    )
    expect(await screen.findByRole('combobox', { name: LV.search })).toHaveFocus()
    expect(app.bridge.callsTo('consents:record')).toHaveLength(0)
  })

  it('Esc and the Back button ask', async () => {
    const app = await cardWithPendingChange()
    await app.user.keyboard('{Escape}')
    await app.user.click(within(leaveDialog()).getByRole('button', { name: /Atpakaļ pie izmaiņām/ }))
    stillOnTheCardWithTheChange()
    await app.user.click(screen.getByRole('button', { name: /Atpakaļ uz meklēšanu/ }))
    expect(leaveDialog()).toHaveTextContent('Ja tagad aizvērsiet klienta karti')
  })

  it('sign-out asks, and signs out only after the discard', async () => {
    const app = await cardWithPendingChange()
    await app.user.click(screen.getByRole('button', { name: 'Iziet' }))
    expect(app.bridge.callsTo('auth:logout')).toHaveLength(0)
    await app.user.click(
      within(leaveDialog()).getByRole('button', { name: 'Atmest 1 izmaiņu un iziet' })
    )
    expect(await screen.findByRole('heading', { name: 'Pieslēgšanās' })).toBeInTheDocument()
    expect(app.bridge.callsTo('auth:logout')).toHaveLength(1)
  })

  it('a language switch asks; going back keeps the language and the change', async () => {
    const app = await cardWithPendingChange()
    const select = screen.getByRole('combobox', { name: 'Valoda' })
    await app.user.selectOptions(select, 'en')
    expect(leaveDialog()).toBeInTheDocument()
    await app.user.click(within(leaveDialog()).getByRole('button', { name: /Atpakaļ pie izmaiņām/ }))
    expect(select).toHaveValue('lv')
    stillOnTheCardWithTheChange()
  })

  it("the pending bar's Discard asks too", async () => {
    const app = await cardWithPendingChange()
    await app.user.click(screen.getByRole('button', { name: 'Atmest izmaiņas' }))
    await app.user.click(within(leaveDialog()).getByRole('button', { name: 'Atmest 1 izmaiņu' }))
    expect(screen.queryByRole('region', { name: 'Nesaglabātās izmaiņas' })).not.toBeInTheDocument()
    expect(screen.getByRole('heading', { level: 1, name: 'Ilze Bērziņa' })).toBeInTheDocument()
  })

  it('main learns of unsaved work; closing the window then asks, and discarding closes it', async () => {
    const app = await cardWithPendingChange()
    await waitFor(() => expect(app.bridge.unsavedWork()).toBe(true))
    await act(async () => {
      expect(app.bridge.tryToCloseWindow()).toBe('asked')
    })
    expect(leaveDialog()).toHaveTextContent('aizvērsiet lietotni')
    await app.user.click(
      within(leaveDialog()).getByRole('button', { name: 'Atmest 1 izmaiņu un aizvērt lietotni' })
    )
    await waitFor(() => expect(app.bridge.callsTo('app:close')).toHaveLength(1))
    await waitFor(() => expect(app.bridge.unsavedWork()).toBe(false))
  })

  it('an expired session keeps the changes: signing in again carries on where the agent was', async () => {
    let password = ''
    const app = await cardWithPendingChange({
      'auth:login': (input) => {
        password = input.password
        return input.password === 'secret'
          ? ok({
              staff: {
                id: 's1',
                username: 'agent',
                displayName: 'Agnese Agente',
                roles: ['agent'],
                centre: { id: 'c1', name: 'Rīga' }
              },
              expiresAt: '2099-01-01T00:00:00Z'
            })
          : fail('invalid_credentials', 'no', 401)
      }
    })
    act(() => app.bridge.emit('session:ended', { reason: 'expired' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Sesija ir beigusies' })
    const field = within(dialog).getByLabelText('Parole')
    expect(field).toHaveFocus()
    await app.user.type(field, 'wrong{Enter}')
    expect(await within(dialog).findByRole('alert')).toBeInTheDocument()
    await app.user.clear(field)
    await app.user.type(field, 'secret{Enter}')
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument())
    expect(password).toBe('secret')
    stillOnTheCardWithTheChange()
  })
})
