import './support/setup'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { PASSWORD_PROBLEM_MESSAGES } from '../../src/shared/domain/password-policy'
import type { FakeHandlers } from './support/fakeBridge'
import {
  ADMIN_SESSION,
  fail,
  ok,
  STAFF_ACCOUNTS,
  STAFF_CENTRES,
  STAFF_SESSION
} from './support/fakeBridge'
import { EN, LV, renderApp, type RenderedApp } from './support/renderApp'

const adminHandlers: FakeHandlers = {
  'auth:login': () => ok(ADMIN_SESSION),
  'staff:list': () => ok({ items: STAFF_ACCOUNTS, centres: STAFF_CENTRES })
}

async function signInAs(app: RenderedApp, labels = LV): Promise<void> {
  await app.user.type(await screen.findByLabelText(labels.username), 'admin')
  await app.user.type(screen.getByLabelText(labels.password), 'secret')
  await app.user.click(screen.getByRole('button', { name: labels.submit }))
}

describe('staff administration', () => {
  it('an admin lands on the staff table: roles, centre and every status in words', async () => {
    const app = renderApp({ handlers: adminHandlers, language: 'en' })
    await signInAs(app, EN)
    const table = await screen.findByRole('table', { name: 'Staff accounts' })
    await waitFor(() => expect(within(table).getAllByTestId('staff-row')).toHaveLength(3))
    const row = (username: string) =>
      within(table)
        .getAllByTestId('staff-row')
        .find((item) => item.dataset['username'] === username)!
    expect(row('admin')).toHaveTextContent('Andris Liepa')
    expect(row('admin')).toHaveTextContent('you')
    expect(row('liga.k')).toHaveTextContent('Agent')
    expect(row('liga.k')).toHaveTextContent('Rīga, Ropažu iela 6')
    expect(row('liga.k')).toHaveTextContent(/Locked until \d\d:\d\d/)
    expect(row('liga.k')).toHaveTextContent('Must change password')
    expect(row('janis.o')).toHaveTextContent('Disabled')
    expect(screen.getByText('3 accounts · 1 disabled')).toBeInTheDocument()
    // No client search for an admin: they read no client data.
    expect(screen.queryByRole('combobox', { name: EN.search })).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Staff' })).toHaveAttribute('aria-current', 'page')
  })

  it('creates an account with a generated one-time password, shown once', async () => {
    const app = renderApp({ handlers: adminHandlers, language: 'en' })
    await signInAs(app, EN)
    await screen.findAllByTestId('staff-row')
    await app.user.keyboard('{Alt>}n{/Alt}')
    const dialog = await screen.findByRole('dialog', { name: 'New staff member' })
    expect(within(dialog).getByLabelText('Username')).toHaveFocus()
    await app.user.type(within(dialog).getByLabelText('Username'), 'zane.k')
    await app.user.type(within(dialog).getByLabelText('Full name'), 'Zane Kļaviņa')
    await app.user.click(within(dialog).getByLabelText('Reviewer'))
    await app.user.selectOptions(within(dialog).getByLabelText('Customer centre'), 'c-1')
    const password = (within(dialog).getByLabelText('One-time password') as HTMLInputElement).value
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/)
    await app.user.click(within(dialog).getByRole('button', { name: 'Create account' }))

    const notice = await screen.findByRole('dialog', { name: 'One-time password' })
    expect(within(notice).getByTestId('one-time-password')).toHaveTextContent(password)
    expect(app.bridge.callsTo('staff:create')).toEqual([
      {
        username: 'zane.k',
        displayName: 'Zane Kļaviņa',
        roles: ['agent', 'reviewer'],
        centreId: 'c-1',
        oneTimePassword: password
      }
    ])
    await app.user.keyboard('{Enter}')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(screen.queryByText(password)).not.toBeInTheDocument()
    expect(screen.getAllByTestId('staff-row').map((row) => row.dataset['username'])).toContain(
      'zane.k'
    )
  })

  it('names each password problem in Latvian and keeps the form when the API refuses', async () => {
    const app = renderApp({
      handlers: {
        ...adminHandlers,
        'staff:create': () => ({
          ok: false,
          error: {
            code: 'validation_failed',
            message: 'Invalid request',
            status: 400,
            fields: [{ path: 'oneTimePassword', message: PASSWORD_PROBLEM_MESSAGES.common }]
          }
        })
      }
    })
    await signInAs(app)
    await screen.findAllByTestId('staff-row')
    await app.user.click(screen.getByRole('button', { name: /Jauns darbinieks/ }))
    const dialog = await screen.findByRole('dialog', { name: 'Jauns darbinieks' })
    await app.user.type(within(dialog).getByLabelText('Lietotājvārds'), 'zane.k')
    await app.user.type(within(dialog).getByLabelText('Vārds, uzvārds'), 'Zane Kļaviņa')
    await app.user.selectOptions(within(dialog).getByLabelText('Klientu centrs'), 'c-1')
    const password = within(dialog).getByLabelText('Vienreizējā parole')

    // Checked on the desk first: too short, and the name inside.
    await app.user.clear(password)
    await app.user.type(password, 'kļaviņa1')
    await app.user.click(within(dialog).getByRole('button', { name: 'Izveidot kontu' }))
    expect(within(dialog).getByText('Par īsu: vismaz 12 rakstzīmes.')).toBeInTheDocument()
    expect(within(dialog).getByText('Tajā nedrīkst būt personas vārds.')).toBeInTheDocument()
    expect(app.bridge.callsTo('staff:create')).toHaveLength(0)

    // The common-password list is the API's: its field error comes back in words.
    await app.user.clear(password)
    await app.user.type(password, 'password12345')
    await app.user.click(within(dialog).getByRole('button', { name: 'Izveidot kontu' }))
    expect(
      await within(dialog).findByText('Šī ir bieži lietota parole. Izvēlieties grūtāk uzminamu.')
    ).toBeInTheDocument()
    expect(within(dialog).getByLabelText('Lietotājvārds')).toHaveValue('zane.k')
    expect(within(dialog).getByLabelText('Vārds, uzvārds')).toHaveValue('Zane Kļaviņa')
    expect(password).toHaveValue('password12345')
  })

  it('unlocks a locked account at once, apart from the rest of the form', async () => {
    // As the API does: once unlocked, the list reloaded after it shows the account unlocked.
    let unlocked = false
    const app = renderApp({
      handlers: {
        ...adminHandlers,
        'staff:unlock': () => {
          unlocked = true
          return ok(null)
        },
        'staff:list': () =>
          ok({
            items: STAFF_ACCOUNTS.map((account) =>
              unlocked
                ? { ...account, account: { ...account.account, lockedUntil: null } }
                : account
            ),
            centres: STAFF_CENTRES
          })
      },
      language: 'en'
    })
    await signInAs(app, EN)
    const rows = await screen.findAllByTestId('staff-row')
    const liga = rows.find((row) => row.dataset['username'] === 'liga.k')!
    liga.focus()
    await app.user.keyboard('{Enter}')
    const dialog = await screen.findByRole('dialog', { name: 'Edit Līga Kalniņa' })
    expect(within(dialog).getByText('Locked after too many failed sign-ins.')).toBeInTheDocument()
    await app.user.click(within(dialog).getByRole('button', { name: 'Unlock' }))
    expect(
      await within(dialog).findByText('Unlocked: the next sign-in is checked as usual.')
    ).toBeInTheDocument()
    expect(app.bridge.callsTo('staff:unlock')).toEqual([{ id: STAFF_ACCOUNTS[1]!.id }])
    // Unlocking saved nothing else: the dialog stays open for the edit it was opened for.
    expect(app.bridge.callsTo('staff:update')).toEqual([])
    expect(within(dialog).getByRole('button', { name: 'Save changes' })).toBeInTheDocument()
  })

  it('disables an account with If-Match from the version read, and shows the result', async () => {
    const app = renderApp({ handlers: adminHandlers, language: 'en' })
    await signInAs(app, EN)
    const rows = await screen.findAllByTestId('staff-row')
    const liga = rows.find((row) => row.dataset['username'] === 'liga.k')!
    liga.focus()
    await app.user.keyboard('{Enter}')
    const dialog = await screen.findByRole('dialog', { name: 'Edit Līga Kalniņa' })
    await app.user.click(within(dialog).getByLabelText('Account disabled'))
    await app.user.click(within(dialog).getByRole('button', { name: 'Save changes' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(app.bridge.callsTo('staff:update')).toEqual([
      { id: STAFF_ACCOUNTS[1]!.id, expectedVersion: 3, change: { disabled: true } }
    ])
    const updated = screen
      .getAllByTestId('staff-row')
      .find((row) => row.dataset['username'] === 'liga.k')!
    expect(updated).toHaveTextContent('Disabled')
  })

  it("keeps the admin's own admin role and account on", async () => {
    const app = renderApp({ handlers: adminHandlers, language: 'en' })
    await signInAs(app, EN)
    const rows = await screen.findAllByTestId('staff-row')
    await app.user.click(rows.find((row) => row.dataset['username'] === 'admin')!)
    const dialog = await screen.findByRole('dialog', { name: 'Edit Andris Liepa' })
    expect(within(dialog).getByRole('checkbox', { name: /Administrator/ })).toBeDisabled()
    expect(within(dialog).getByLabelText('Account disabled')).toBeDisabled()
  })

  it('after a stale save (412) says so, keeps the edit, and saves over on request', async () => {
    let attempts = 0
    const app = renderApp({
      language: 'en',
      handlers: {
        ...adminHandlers,
        'staff:update': (input) => {
          attempts += 1
          if (attempts === 1) return fail('version_mismatch', 'Changed', 412)
          return ok({ ...STAFF_ACCOUNTS[1]!, displayName: input.change.displayName ?? '' })
        }
      }
    })
    await signInAs(app, EN)
    const rows = await screen.findAllByTestId('staff-row')
    await app.user.click(rows.find((row) => row.dataset['username'] === 'liga.k')!)
    const dialog = await screen.findByRole('dialog', { name: 'Edit Līga Kalniņa' })
    const name = within(dialog).getByLabelText('Full name')
    await app.user.clear(name)
    await app.user.type(name, 'Līga Kalniņa-Ozola')
    await app.user.click(within(dialog).getByRole('button', { name: 'Save changes' }))
    expect(await within(dialog).findByText(/Someone else changed this account/)).toBeInTheDocument()
    expect(name).toHaveValue('Līga Kalniņa-Ozola')
    await app.user.click(
      within(dialog).getByRole('button', { name: 'Save my changes over theirs' })
    )
    await app.user.click(within(dialog).getByRole('button', { name: 'Save changes' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(app.bridge.callsTo('staff:update')).toHaveLength(2)
  })
})

describe('changing a password', () => {
  it('after a one-time password, only the change screen shows, then the desk', async () => {
    const app = renderApp({
      handlers: { 'auth:login': () => ok({ ...STAFF_SESSION, mustChangePassword: true }) }
    })
    await app.user.type(await screen.findByLabelText(LV.username), 'agent')
    await app.user.type(screen.getByLabelText(LV.password), 'one-time-pw-1')
    await app.user.click(screen.getByRole('button', { name: LV.submit }))
    expect(
      await screen.findByRole('heading', { name: 'Izvēlieties savu paroli' })
    ).toBeInTheDocument()
    expect(screen.getByLabelText('Pašreizējā parole')).toHaveFocus()
    expect(screen.queryByRole('combobox', { name: LV.search })).not.toBeInTheDocument()

    await app.user.type(screen.getByLabelText('Pašreizējā parole'), 'one-time-pw-1')
    await app.user.type(screen.getByLabelText('Jaunā parole'), 'quiet river under amber sky')
    await app.user.type(screen.getByLabelText('Jaunā parole vēlreiz'), 'quiet river under amber')
    await app.user.click(screen.getByRole('button', { name: 'Mainīt paroli' }))
    expect(screen.getByText('Abas jaunās paroles atšķiras.')).toBeInTheDocument()
    expect(app.bridge.callsTo('auth:change-password')).toHaveLength(0)

    await app.user.type(screen.getByLabelText('Jaunā parole vēlreiz'), ' sky')
    await app.user.click(screen.getByRole('button', { name: 'Mainīt paroli' }))
    expect(await screen.findByRole('combobox', { name: LV.search })).toBeInTheDocument()
    expect(app.bridge.callsTo('auth:change-password')).toEqual([
      { currentPassword: 'one-time-pw-1', newPassword: 'quiet river under amber sky' }
    ])
  })

  it('a wrong current password is named under its field, in Russian', async () => {
    const app = renderApp({
      language: 'ru',
      handlers: {
        'auth:login': () => ok({ ...STAFF_SESSION, mustChangePassword: true }),
        'auth:change-password': () => ({
          ok: false,
          error: {
            code: 'validation_failed',
            message: 'Invalid',
            status: 400,
            fields: [{ path: 'currentPassword', message: 'is not your current password' }]
          }
        })
      }
    })
    await app.user.type(await screen.findByLabelText('Имя пользователя'), 'agent')
    await app.user.type(screen.getByLabelText('Пароль'), 'x')
    await app.user.click(screen.getByRole('button', { name: 'Войти' }))
    await app.user.type(await screen.findByLabelText('Текущий пароль'), 'wrong')
    await app.user.type(screen.getByLabelText('Новый пароль'), 'quiet river under amber sky')
    await app.user.type(
      screen.getByLabelText('Новый пароль ещё раз'),
      'quiet river under amber sky'
    )
    await app.user.click(screen.getByRole('button', { name: 'Сменить пароль' }))
    expect(await screen.findByText('Это не ваш текущий пароль.')).toBeInTheDocument()
    expect(screen.getByLabelText('Новый пароль')).toHaveValue('quiet river under amber sky')
  })

  it('the user menu offers Change password at any time', async () => {
    const app = renderApp({ language: 'en' })
    await app.user.type(await screen.findByLabelText(EN.username), 'agent')
    await app.user.type(screen.getByLabelText(EN.password), 'secret')
    await app.user.click(screen.getByRole('button', { name: EN.submit }))
    await screen.findByRole('combobox', { name: EN.search })
    await app.user.click(screen.getByRole('button', { name: /Anna Kalniņa/ }))
    await app.user.click(screen.getByRole('menuitem', { name: 'Change password' }))
    const dialog = await screen.findByRole('dialog', { name: 'Change password' })
    expect(within(dialog).getByLabelText('Current password')).toHaveFocus()
    await app.user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })
})
