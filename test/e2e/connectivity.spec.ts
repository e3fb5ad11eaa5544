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

test('the banner stays in view on a client card, and the page never grows past the window', async ({
  page,
  desk
}) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await openSignIn(page)
  await signIn(page, 'agent')
  await searchBox(page).fill('12038912346')
  await searchBox(page).press('Enter')
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()

  await desk.api.close()
  const banner = announced(page, 'alert', t('lv', 'banner.apiUnreachable'))
  await page.getByRole('tab', { name: t('lv', 'consents.tab.timeline') }).click()
  await expect(banner).toBeVisible()
  // The card scrolls inside itself: the window never does, so the banner cannot scroll away.
  const sizes = await page.evaluate(() => ({
    page: document.documentElement.scrollHeight,
    window: window.innerHeight
  }))
  expect(sizes.page).toBeLessThanOrEqual(sizes.window)
  await expect(banner).toBeInViewport({ ratio: 1 })
  await expect(page.getByRole('heading', { level: 1 })).toBeInViewport()
})
