import './support/setup'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { LANGUAGE_STORAGE_KEY } from '../../src/renderer/src/i18n'
import { fail, ok, REMOTE_INFO, STAFF_SESSION } from './support/fakeBridge'
import { EN, LV, renderApp, signIn } from './support/renderApp'

describe('sign in', () => {
  it('signs in and shows the shell with the staff member, roles and centre', async () => {
    const app = renderApp()
    await signIn(app)
    expect(app.bridge.callsTo('auth:login')).toEqual([{ username: 'agent', password: 'secret' }])
    const banner = screen.getByRole('banner')
    expect(within(banner).getByText('Piekrišanu pults')).toBeInTheDocument()
    expect(within(banner).getByText('Anna Kalniņa')).toBeInTheDocument()
    const meta = within(banner).getByText(/Konsultants, Vadītājs/)
    expect(meta).toHaveTextContent('Konsultants, Vadītājs · Rīga, Ropažu iela 6')
    expect(document.title).toBe('Piekrišanu pults')
    expect(document.title).not.toContain(STAFF_SESSION.staff.displayName)
  })

  it.each([
    ['lv', LV, 'Nepareizs lietotājvārds vai parole. Pārbaudiet un mēģiniet vēlreiz.'],
    ['en', EN, 'Wrong username or password. Check them and try again.']
  ] as const)(
    'wrong password (%s): message, typed text kept, password selected',
    async (language, labels, message) => {
      const app = renderApp({
        language,
        handlers: { 'auth:login': () => fail('invalid_credentials', 'Invalid credentials', 401) }
      })
      const username = await screen.findByLabelText(labels.username)
      const password = screen.getByLabelText<HTMLInputElement>(labels.password)
      await app.user.type(username, 'agent')
      await app.user.type(password, 'wrong')
      await app.user.click(screen.getByRole('button', { name: labels.submit }))

      expect(await screen.findByText(message)).toHaveAttribute('role', 'alert')
      expect(username).toHaveValue('agent')
      expect(password).toHaveValue('wrong')
      await waitFor(() => expect(password).toHaveFocus())
      expect(password.selectionStart).toBe(0)
      expect(password.selectionEnd).toBe(5)
    }
  )

  it('account_locked has its own message', async () => {
    const app = renderApp({
      handlers: { 'auth:login': () => fail('account_locked', 'Locked', 423) }
    })
    await app.user.type(await screen.findByLabelText(LV.username), 'agent')
    await app.user.type(screen.getByLabelText(LV.password), 'x')
    await app.user.keyboard('{Enter}')
    expect(await screen.findByText(/Konts ir bloķēts/)).toBeInTheDocument()
  })

  it('the lockout message says when the account unlocks, in Riga time', async () => {
    const app = renderApp({
      handlers: {
        'auth:login': () => ({
          ok: false,
          error: {
            code: 'account_locked',
            message: 'Locked',
            status: 423,
            details: { lockedUntil: '2026-11-30T08:47:00.000Z' }
          }
        })
      }
    })
    await app.user.type(await screen.findByLabelText(LV.username), 'agent')
    await app.user.type(screen.getByLabelText(LV.password), 'x')
    await app.user.keyboard('{Enter}')
    expect(
      await screen.findByText(
        /Konts ir bloķēts pēc vairākiem neveiksmīgiem mēģinājumiem līdz 10:47/
      )
    ).toBeInTheDocument()
  })

  it('api_unreachable on sign-in shows the banner and keeps the form', async () => {
    const app = renderApp({ handlers: { 'auth:login': () => fail('api_unreachable', 'down') } })
    await app.user.type(await screen.findByLabelText(LV.username), 'agent')
    await app.user.type(screen.getByLabelText(LV.password), 'x')
    await app.user.keyboard('{Enter}')
    expect(await screen.findByText(/Nav savienojuma ar piekrišanu API/)).toBeInTheDocument()
    expect(screen.getByLabelText(LV.username)).toHaveValue('agent')
  })

  it('an embedded API that could not start says so on sign-in, in the UI language', async () => {
    const app = renderApp({
      handlers: {
        'auth:login': () =>
          fail('api_start_failed', 'The consent service could not start: PGlite failed')
      }
    })
    await app.user.type(await screen.findByLabelText(LV.username), 'agent')
    await app.user.type(screen.getByLabelText(LV.password), 'x')
    await app.user.keyboard('{Enter}')
    expect(
      await screen.findByText(/Piekrišanu servisu šajā datorā neizdevās palaist/)
    ).toHaveAttribute('role', 'alert')
    expect(screen.getByLabelText(LV.username)).toHaveValue('agent')
  })

  it('asks for both fields instead of sending an empty form', async () => {
    const app = renderApp()
    await app.user.click(await screen.findByRole('button', { name: LV.submit }))
    expect(screen.getByText('Ievadiet lietotājvārdu un paroli.')).toBeInTheDocument()
    expect(app.bridge.callsTo('auth:login')).toHaveLength(0)
    expect(screen.getByLabelText(LV.username)).toHaveFocus()
  })

  it('lists demo accounts in embedded mode; clicking one fills the username', async () => {
    const app = renderApp()
    const list = await screen.findByRole('region', { name: 'Demonstrācijas konti' })
    await app.user.click(within(list).getByRole('button', { name: /^Izmantot kontu reviewer\b/ }))
    expect(screen.getByLabelText(LV.username)).toHaveValue('reviewer')
    expect(screen.getByLabelText(LV.password)).toHaveFocus()
  })

  it('does not list demo accounts in remote mode', async () => {
    renderApp({ handlers: { 'app:info': () => ok(REMOTE_INFO) } })
    await screen.findByText('v0.1.0')
    expect(screen.queryByRole('region', { name: 'Demonstrācijas konti' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /Izmantot kontu/ })).not.toBeInTheDocument()
  })

  it('switching language changes the strings and is remembered', async () => {
    const app = renderApp()
    expect(await screen.findByRole('heading', { name: 'Pieslēgšanās' })).toBeInTheDocument()
    await app.user.selectOptions(screen.getByLabelText('Valoda'), 'en')
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument()
    expect(screen.getByLabelText('Username')).toBeInTheDocument()
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en')
    expect(document.documentElement.lang).toBe('en')
    await app.user.selectOptions(screen.getByLabelText('Language'), 'ru')
    expect(screen.getByRole('heading', { name: 'Вход' })).toBeInTheDocument()
  })

  it('resumes an existing session without asking again', async () => {
    renderApp({ handlers: { 'auth:session': () => ok(STAFF_SESSION) } })
    expect(await screen.findByRole('combobox', { name: LV.search })).toBeInTheDocument()
  })
})
