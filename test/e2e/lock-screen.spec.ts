/**
 * The locked desk on the real main process and API: locking forgets the token in main, unlocking
 * as the same person brings back the screen with a half-filled form as it was. In every language
 * at 1366×768: no axe violation, no overlap (PNGs with SCREENSHOTS_DIR set).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { FIXTURES } from '../../src/server/seed/generator'
import { openClient } from '../support/e2e-consents'
import { expect, test } from '../support/e2e-fixtures'
import { t, type Language } from '../support/e2e-i18n'
import { expectCleanLayout, expectNoAxeViolations } from '../support/e2e-layout'
import { E2E_DEMO_PASSWORD } from '../support/e2e-paths'

const SHOTS = process.env.SCREENSHOTS_DIR

test('locking keeps a half-filled form; unlocking as the same person shows it again', async ({
  page,
  desk
}) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  const client = FIXTURES.janisBerzins
  const name = `${client.firstName} ${client.lastName}`
  await page.goto('/')
  await page.getByLabel(t('lv', 'auth.username')).fill('agent')
  await page.getByLabel(t('lv', 'auth.password')).fill(E2E_DEMO_PASSWORD)
  await page.getByRole('button', { name: t('lv', 'auth.submit'), exact: true }).click()
  await expect(page.getByRole('combobox', { name: t('lv', 'lookup.label') })).toBeVisible()
  await openClient(page, client.personalCode, name)

  // Half-way through the identity check: two characters typed, not confirmed.
  await page.getByTestId('identity-chip').click()
  const form = page.getByRole('form', { name: t('lv', 'identity.formLabel') })
  await form.getByLabel(t('lv', 'identity.last4')).fill('77')

  await page.keyboard.press('Control+l')
  const lock = page.getByRole('dialog', { name: t('lv', 'lock.heading') })
  await expect(lock).toBeVisible()
  await expect(lock).toContainText('agent')
  // Main holds no token while locked: nothing can reach the API for the hidden screen.
  await expect.poll(() => desk.services.session.token()).toBeUndefined()
  await expect(page.getByRole('heading', { level: 1, name })).toBeHidden()

  await lock.getByLabel(t('lv', 'auth.password')).fill('not-the-password')
  await lock.getByRole('button', { name: t('lv', 'lock.unlock') }).click()
  await expect(lock.getByText(t('lv', 'errors.invalid_credentials'))).toBeVisible()

  await lock.getByLabel(t('lv', 'auth.password')).fill(E2E_DEMO_PASSWORD)
  await lock.getByRole('button', { name: t('lv', 'lock.unlock') }).click()
  await expect(lock).toBeHidden()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  await expect(form.getByLabel(t('lv', 'identity.last4'))).toHaveValue('77')
  expect(desk.services.session.token()).toBeDefined()
})

for (const language of ['lv', 'en', 'ru'] as Language[]) {
  test(`the lock screen in ${language}: no axe violation, no overlap`, async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.goto('/')
    await page.getByLabel(t('lv', 'app.language')).selectOption(language)
    await page.getByLabel(t(language, 'auth.username')).fill('supervisor')
    await page.getByLabel(t(language, 'auth.password')).fill(E2E_DEMO_PASSWORD)
    await page.getByRole('button', { name: t(language, 'auth.submit'), exact: true }).click()
    await expect(page.getByRole('combobox', { name: t(language, 'lookup.label') })).toBeVisible()

    await page.getByRole('button', { name: /Ilze Bērziņa/ }).click()
    const menu = page.getByRole('menu')
    await expect(menu.getByRole('menuitem')).toHaveCount(3)
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true })
      await page.screenshot({ path: join(SHOTS, `${language}-1366-lock-menu.png`) })
    }
    await menu.getByRole('menuitem', { name: t(language, 'account.lock') }).click()

    const lock = page.getByRole('dialog', { name: t(language, 'lock.heading') })
    await expect(lock).toBeVisible()
    await lock.getByRole('button', { name: t(language, 'lock.switchUser') }).focus()
    await expectNoAxeViolations(page, `lock screen (${language})`)
    await expectCleanLayout(page, `lock screen (${language})`)
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `${language}-1366-lock.png`) })
  })
}
