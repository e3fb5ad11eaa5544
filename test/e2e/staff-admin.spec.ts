/**
 * Staff administration end to end: an admin creates an account at the desk, the new person signs
 * in with the one-time password, must choose their own, and then works at the counter. Before
 * this, the only way to create staff on a real database was the seed's one shared password.
 */
import type { Page } from '@playwright/test'
import { openSignIn, searchBox } from '../support/e2e-actions'
import { E2E_DEMO_PASSWORD, expect, test } from '../support/e2e-fixtures'
import { t } from '../support/e2e-i18n'

test.use({ apiDatabase: true })

test('create → first sign-in with the one-time password → forced change → a working desk', async ({
  page
}) => {
  await openSignIn(page)
  await page.getByLabel(t('lv', 'app.language')).selectOption('en')
  await signInAdmin(page)

  const table = page.getByRole('table', { name: t('en', 'staff.tableLabel') })
  await expect(table.getByTestId('staff-row').first()).toBeVisible()
  await expect(searchBox(page, 'en')).toHaveCount(0)

  await page.keyboard.press('Alt+n')
  const create = page.getByRole('dialog', { name: t('en', 'staff.create.heading') })
  await expect(create.getByLabel(t('en', 'staff.form.username'))).toBeFocused()
  await page.keyboard.type('zane.k')
  await create.getByLabel(t('en', 'staff.form.displayName')).fill('Zane Kļaviņa')
  await create.getByRole('button', { name: t('en', 'staff.create.submit') }).click()

  const notice = page.getByRole('dialog', { name: t('en', 'staff.reveal.heading') })
  const oneTime = (await notice.getByTestId('one-time-password').textContent())!.trim()
  expect(oneTime).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/)
  await page.keyboard.press('Enter')
  const row = table.locator('[data-username="zane.k"]')
  await expect(row).toContainText(t('en', 'staff.status.mustChange'))

  await page.getByRole('button', { name: t('en', 'app.signOut') }).click()
  await page.getByLabel(t('en', 'auth.username')).fill('zane.k')
  await page.getByLabel(t('en', 'auth.password')).fill(oneTime)
  await page.getByRole('button', { name: t('en', 'auth.submit'), exact: true }).click()

  await expect(page.getByRole('heading', { name: t('en', 'password.forcedHeading') })).toBeVisible()
  await expect(page.getByLabel(t('en', 'password.current'))).toBeFocused()
  await page.keyboard.type(oneTime)
  await page.getByLabel(t('en', 'password.new'), { exact: true }).fill('password1234')
  await page.getByLabel(t('en', 'password.repeat')).fill('password1234')
  await page.getByRole('button', { name: t('en', 'password.save') }).click()
  // The common-password list is the API's: its refusal comes back in words, the form kept.
  await expect(page.getByText(t('en', 'password.problems.common'))).toBeVisible()

  const own = 'quiet river under amber sky'
  await page.getByLabel(t('en', 'password.new'), { exact: true }).fill(own)
  await page.getByLabel(t('en', 'password.repeat')).fill(own)
  await page.getByRole('button', { name: t('en', 'password.save') }).click()
  await expect(searchBox(page, 'en')).toBeFocused()
  await searchBox(page, 'en').fill('ozolin')
  await expect(
    page.getByRole('grid', { name: t('en', 'lookup.resultsLabel') }).locator('tbody tr')
  ).not.toHaveCount(0)

  // The admin sees the change made: no more "must change password".
  await page.getByRole('button', { name: t('en', 'app.signOut') }).click()
  await signInAdmin(page)
  await expect(row).toBeVisible()
  await expect(row).not.toContainText(t('en', 'staff.status.mustChange'))
})

/** The demo admin lands on the staff table: it is their whole workspace. */
async function signInAdmin(page: Page): Promise<void> {
  await page.getByLabel(t('en', 'auth.username')).fill('admin')
  await page.getByLabel(t('en', 'auth.password')).fill(E2E_DEMO_PASSWORD)
  await page.getByRole('button', { name: t('en', 'auth.submit'), exact: true }).click()
  await expect(
    page.getByRole('heading', { name: t('en', 'staff.heading'), level: 1 })
  ).toBeVisible()
}
