import { openSignIn, searchBox, signIn } from '../support/e2e-actions'
import { expect, test } from '../support/e2e-fixtures'
import { t } from '../support/e2e-i18n'
import type { Language } from '../support/e2e-i18n'

test('switches the sign-in screen lv → en → ru', async ({ page }) => {
  await openSignIn(page, 'lv')
  const steps: [from: Language, to: Language][] = [
    ['lv', 'en'],
    ['en', 'ru']
  ]
  for (const [from, to] of steps) {
    await page.getByLabel(t(from, 'app.language')).selectOption(to)
    await expect(page.getByRole('heading', { name: t(to, 'auth.heading') })).toBeVisible()
    await expect(page.getByLabel(t(to, 'auth.username'))).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('lang', to)
  }
})

test('switches the signed-in workspace lv → en → ru, and the choice survives a reload', async ({
  page
}) => {
  await openSignIn(page)
  await signIn(page, 'agent')
  await expect(page.getByRole('button', { name: t('lv', 'app.signOut') })).toBeVisible()

  await page.getByLabel(t('lv', 'app.language')).selectOption('en')
  await expect(searchBox(page, 'en')).toBeVisible()
  await expect(page.getByRole('button', { name: t('en', 'app.signOut') })).toBeVisible()

  await page.getByLabel(t('en', 'app.language')).selectOption('ru')
  await expect(searchBox(page, 'ru')).toBeVisible()
  await expect(page.getByRole('button', { name: t('ru', 'app.signOut') })).toBeVisible()

  await page.reload()
  await expect(searchBox(page, 'ru')).toBeVisible()
})
