import { DEMO_ACCOUNTS } from '../../src/server/embedded'
import { announced, openSignIn, signIn } from '../support/e2e-actions'
import { expect, test } from '../support/e2e-fixtures'
import { t } from '../support/e2e-i18n'

for (const username of ['agent', 'reviewer', 'supervisor'] as const) {
  test(`${username} signs in and sees their name and role`, async ({ page, desk }) => {
    const account = DEMO_ACCOUNTS.find((candidate) => candidate.username === username)
    expect(account, `demo account ${username}`).toBeDefined()
    await openSignIn(page)
    // Embedded mode lists the demo accounts on the sign-in screen.
    await expect(
      page.getByRole('button', { name: `${t('lv', 'auth.demoUse')} ${username}` })
    ).toBeVisible()

    await signIn(page, username)

    const staff = desk.services.session.current()?.staff
    expect(staff?.roles).toEqual(account?.roles)
    const who = page.getByLabel(t('lv', 'app.signedInAs'))
    await expect(who).toContainText(staff?.displayName ?? '<no session>')
    for (const role of staff?.roles ?? []) {
      await expect(who).toContainText(t('lv', `app.roles.${role}`))
    }
  })
}

test('a demo account button fills in the username', async ({ page }) => {
  await openSignIn(page)
  const useReviewer = `${t('lv', 'auth.demoUse')} reviewer`
  await page.getByRole('button', { name: useReviewer }).click()
  await expect(page.getByLabel(t('lv', 'auth.username'))).toHaveValue('reviewer')
  await expect(page.getByLabel(t('lv', 'auth.password'))).toBeFocused()
})

test('a wrong password shows the invalid-credentials message and stays signed out', async ({
  page,
  desk
}) => {
  await openSignIn(page)
  await page.getByLabel(t('lv', 'auth.username')).fill('agent')
  await page.getByLabel(t('lv', 'auth.password')).fill('not-the-password')
  await page.getByRole('button', { name: t('lv', 'auth.submit'), exact: true }).click()

  await expect(announced(page, 'alert', t('lv', 'errors.invalid_credentials'))).toBeVisible()
  await expect(page.getByLabel(t('lv', 'auth.username'))).toHaveValue('agent')
  expect(desk.services.session.current()).toBeNull()
})

test('signing out returns to the sign-in screen and ends the session in main', async ({
  page,
  desk
}) => {
  await openSignIn(page)
  await signIn(page, 'agent')
  expect(desk.services.session.current()).not.toBeNull()

  await page.getByRole('button', { name: t('lv', 'app.signOut') }).click()

  await expect(page.getByRole('heading', { name: t('lv', 'auth.heading') })).toBeVisible()
  await expect(announced(page, 'status', t('lv', 'auth.signedOut'))).toBeVisible()
  expect(desk.services.session.current()).toBeNull()
})

test('a session that ends in main sends the page back to sign-in', async ({ page, desk }) => {
  await openSignIn(page)
  await signIn(page, 'agent')

  // What main does when the API answers 401: forget the token and emit session:ended.
  desk.services.session.end('expired')

  await expect(page.getByRole('heading', { name: t('lv', 'auth.heading') })).toBeVisible()
  await expect(announced(page, 'status', t('lv', 'auth.sessionExpired'))).toBeVisible()
})

test('a reload keeps the session, which lives in main, not in the page', async ({ page }) => {
  await openSignIn(page)
  await signIn(page, 'supervisor')
  await page.reload()
  await expect(page.getByRole('combobox', { name: t('lv', 'lookup.label') })).toBeVisible()
})
