import { announced, openSignIn, searchBox, signIn } from '../support/e2e-actions'
import { expect, test } from '../support/e2e-fixtures'
import { t } from '../support/e2e-i18n'

// These tests stop the API, so each gets its own instance instead of the worker's shared one.
test.use({ ownApi: true })

test('shows the unreachable banner when the API is down at start-up', async ({ page, desk }) => {
  await desk.api.close()
  await page.goto('/')
  await expect(announced(page, 'alert', t('lv', 'banner.apiUnreachable'))).toBeVisible()
})

test('shows the banner when the API goes away mid-session', async ({ page, desk }) => {
  await openSignIn(page)
  await signIn(page, 'agent')
  await expect(page.getByText(t('lv', 'banner.apiUnreachable'))).toHaveCount(0)

  await desk.api.close()
  await searchBox(page).fill('berzins')

  await expect(announced(page, 'alert', t('lv', 'banner.apiUnreachable'))).toBeVisible()
})
