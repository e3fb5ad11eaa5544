import { expect } from '@playwright/test'
import type { Page } from '@playwright/test'
import { E2E_DEMO_PASSWORD } from './e2e-paths'
import { t } from './e2e-i18n'
import type { Language } from './e2e-i18n'

/** Opens the app and waits for the sign-in form. */
export async function openSignIn(page: Page, language: Language = 'lv'): Promise<void> {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: t(language, 'auth.heading') })).toBeVisible()
}

/**
 * Signs in through the form and waits for where that account lands: the review queue for the
 * demo `reviewer` (reviewing is all it does), the lookup screen for everyone else.
 */
export async function signIn(
  page: Page,
  username: string,
  { password = E2E_DEMO_PASSWORD, language = 'lv' as Language } = {}
): Promise<void> {
  await page.getByLabel(t(language, 'auth.username')).fill(username)
  await page.getByLabel(t(language, 'auth.password')).fill(password)
  await page.getByRole('button', { name: t(language, 'auth.submit'), exact: true }).click()
  const landing =
    username === 'reviewer'
      ? page.getByRole('heading', { name: t(language, 'review.queue.title'), level: 1 })
      : page.getByRole('combobox', { name: t(language, 'lookup.label') })
  await expect(landing).toBeVisible()
}

/** A live region (role alert or status) showing `text`. */
export function announced(
  page: Page,
  role: 'alert' | 'status',
  text: string
): ReturnType<Page['locator']> {
  return page.getByRole(role).filter({ hasText: text })
}

/** The lookup field. */
export function searchBox(page: Page, language: Language = 'lv'): ReturnType<Page['getByRole']> {
  return page.getByRole('combobox', { name: t(language, 'lookup.label') })
}

/** The rows of the search results grid (header row excluded). */
export function resultRows(page: Page, language: Language = 'lv'): ReturnType<Page['locator']> {
  return page
    .getByRole('grid', { name: t(language, 'lookup.resultsLabel') })
    .locator('tbody')
    .getByRole('row')
}
