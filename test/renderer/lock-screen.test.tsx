import './support/setup'
import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { fail, ok, STAFF_SESSION, type FakeHandlers } from './support/fakeBridge'
import { LV, renderApp, signIn, type RenderedApp } from './support/renderApp'

const LOCATION = 'Atrašanās vietas dati individuālai sadarbībai'
const LOCKED = 'Darba vieta bloķēta'

/** Ilze's card, identity verified, one change pending (location withdrawn). */
async function cardWithPendingChange(
  options: { handlers?: FakeHandlers; idleLockMs?: number } = {}
): Promise<RenderedApp> {
  const app = renderApp(options)
  await signIn(app)
  await app.user.type(screen.getByRole('combobox', { name: LV.search }), 'berz')
  await app.user.click(await screen.findByText('Ilze Bērziņa'))
  await screen.findByText('i***@example.lv')
  await app.user.click(screen.getByTestId('identity-chip'))
  const form = screen.getByRole('form', { name: 'Identitātes pārbaude' })
  await app.user.type(within(form).getByLabelText('Dokumenta numura pēdējās 4 rakstzīmes'), '1234')
  await app.user.click(within(form).getByRole('button', { name: 'Atzīmēt kā pārbaudītu' }))
  await app.user.click(screen.getByRole('switch', { name: LOCATION }))
  return app
}

const lockScreen = (): HTMLElement => screen.getByRole('dialog', { name: LOCKED })

async function unlock(app: RenderedApp, password: string): Promise<void> {
  await app.user.type(within(lockScreen()).getByLabelText('Parole'), password)
  await app.user.click(within(lockScreen()).getByRole('button', { name: 'Atbloķēt' }))
}

function stillOnTheCardWithTheChange(): void {
  expect(screen.getByRole('heading', { level: 1, name: 'Ilze Bērziņa' })).toBeInTheDocument()
  expect(screen.getByRole('switch', { name: LOCATION })).toHaveAttribute('aria-checked', 'false')
  expect(screen.getByRole('region', { name: 'Nesaglabātās izmaiņas' })).toHaveTextContent(
    '1 izmaiņa'
  )
}

describe('the lock screen', () => {
  it('Ctrl+L locks: who is signed in, the workspace hidden and deaf to its shortcuts', async () => {
    const app = await cardWithPendingChange()
    await app.user.keyboard('{Control>}l{/Control}')

    const locked = await screen.findByRole('dialog', { name: LOCKED })
    expect(within(locked).getByText('Anna Kalniņa')).toBeInTheDocument()
    expect(within(locked).getByLabelText('Parole')).toHaveFocus()
    // Main has been told: it ends the session and forgets the token.
    expect(app.bridge.callsTo('auth:lock')).toHaveLength(1)
    // The card is still there underneath, but nobody can see or reach it.
    const shell = document.querySelector('.shell')!
    expect(shell).toHaveAttribute('inert')
    expect(screen.queryByRole('heading', { level: 1, name: 'Ilze Bērziņa' })).toBeNull()
    // Its shortcuts are dead while locked: Ctrl+K would otherwise ask to leave the card.
    await app.user.keyboard('{Control>}k{/Control}')
    expect(screen.queryByRole('alertdialog')).toBeNull()
  })

  it('unlocking signs the same person in again and keeps the screen as it was', async () => {
    let attempts = 0
    const app = await cardWithPendingChange({
      handlers: {
        'auth:login': () =>
          ++attempts === 2
            ? fail('invalid_credentials', 'Wrong username or password', 401)
            : ok(STAFF_SESSION)
      }
    })
    await app.user.keyboard('{Control>}l{/Control}')

    await unlock(app, 'wrong')
    expect(
      await within(lockScreen()).findByText(
        'Nepareizs lietotājvārds vai parole. Pārbaudiet un mēģiniet vēlreiz.'
      )
    ).toHaveAttribute('role', 'alert')

    await app.user.clear(within(lockScreen()).getByLabelText('Parole'))
    await unlock(app, 'secret')
    await waitFor(() => expect(screen.queryByRole('dialog', { name: LOCKED })).toBeNull())
    expect(app.bridge.callsTo('auth:login').slice(1)).toEqual([
      { username: 'agent', password: 'wrong' },
      { username: 'agent', password: 'secret' }
    ])
    stillOnTheCardWithTheChange()
    expect(document.querySelector('.shell')).not.toHaveAttribute('inert')
  })

  it('locks by itself after the idle time without input', async () => {
    const app = renderApp({ idleLockMs: 1000 })
    await signIn(app)
    const locked = await screen.findByRole('dialog', { name: LOCKED }, { timeout: 5000 })
    expect(within(locked).getByText(/kādu laiku netika lietota/)).toBeInTheDocument()
  })

  it('locks, rather than signing out, when the API finds the session idle', async () => {
    const app = await cardWithPendingChange()
    act(() => app.bridge.emit('session:ended', { reason: 'idle' }))
    expect(await screen.findByRole('dialog', { name: LOCKED })).toBeInTheDocument()
    // A call that arrives while locked answers "not signed in": the lock stays.
    expect(screen.queryByRole('button', { name: LV.submit })).toBeNull()
  })

  it('signing in as someone else names what is lost, then discards it', async () => {
    const app = await cardWithPendingChange()
    await app.user.keyboard('{Control>}l{/Control}')
    await app.user.click(
      within(lockScreen()).getByRole('button', { name: 'Pieslēgties kā citam lietotājam' })
    )
    expect(
      within(lockScreen()).getByText(/tiks atmesta 1 nesaglabātā izmaiņa, ko veica Anna Kalniņa/)
    ).toHaveAttribute('role', 'alert')
    await app.user.click(
      within(lockScreen()).getByRole('button', { name: 'Atmest 1 izmaiņu un iziet' })
    )

    expect(await screen.findByRole('button', { name: LV.submit })).toBeInTheDocument()
    expect(screen.queryByText('Ilze Bērziņa')).toBeNull()
    expect(app.bridge.callsTo('consents:record')).toHaveLength(0)
  })

  it('signs out everywhere from the menu under the name, reached with the arrow keys', async () => {
    const app = renderApp()
    await signIn(app)
    await app.user.click(screen.getByRole('button', { name: /Anna Kalniņa/ }))
    const menu = screen.getByRole('menu')
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((item) => item.textContent)
    ).toEqual(['Mainīt paroli', 'Bloķēt darba vietu Ctrl+L', 'Iziet visur'])
    expect(within(menu).getByRole('menuitem', { name: 'Mainīt paroli' })).toHaveFocus()
    await app.user.keyboard('{ArrowUp}')
    expect(within(menu).getByRole('menuitem', { name: 'Iziet visur' })).toHaveFocus()
    await app.user.keyboard('{Home}{ArrowDown}')
    expect(within(menu).getByRole('menuitem', { name: /Bloķēt darba vietu/ })).toHaveFocus()
    await app.user.keyboard('{End}{Enter}')

    expect(app.bridge.callsTo('auth:logout-all')).toHaveLength(1)
    expect(await screen.findByText('Jūs esat izgājis no sistēmas.')).toBeInTheDocument()
  })
})
