/**
 * The desk as an agent meets it: the right client every time, and no lost work.
 */
import type { Page } from '@playwright/test'
import { FIXTURES } from '../../src/server/seed/generator'
import { openSignIn, resultRows, searchBox, signIn } from '../support/e2e-actions'
import { openClient, verifyIdentity } from '../support/e2e-consents'
import { expect, test } from '../support/e2e-fixtures'
import { t } from '../support/e2e-i18n'

const PEOPLE = [
  FIXTURES.janisBerzins,
  FIXTURES.annaOzolina,
  FIXTURES.peterisOzolins,
  FIXTURES.jevgenijsKuznecovs,
  FIXTURES.emilsEglitis
]
const fullName = (client: { firstName: string; lastName: string }): string =>
  `${client.firstName} ${client.lastName}`
const LOCATION = t('lv', 'consents.purpose.location')

test.beforeEach(async ({ page }) => {
  await openSignIn(page)
  await signIn(page, 'agent')
})

test('paste the next code and press Enter at once, five times over: the NEW client opens every time', async ({
  page
}) => {
  for (let round = 0; round < 5; round++) {
    const previous = PEOPLE[round]!
    const next = PEOPLE[(round + 1) % PEOPLE.length]!
    // The previous client's single result is on screen (as after a scanner read).
    await searchBox(page).fill(previous.personalCode)
    await expect(resultRows(page)).toHaveCount(1)
    await expect(resultRows(page).first()).toContainText(fullName(previous))

    // A scanner: the whole code, then Enter, with no pause in between.
    await searchBox(page).fill(next.personalCode)
    await searchBox(page).press('Enter')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(fullName(next))

    // Back: the box is empty, never the full personal code.
    await page.keyboard.press('Escape')
    await expect(searchBox(page)).toBeFocused()
    await expect(searchBox(page)).toHaveValue('')
  }
})

test('from a card: back, paste and Enter at once opens the pasted client, not the last one', async ({
  page
}) => {
  const [first, second] = [FIXTURES.annaOzolina, FIXTURES.peterisOzolins]
  await searchBox(page).fill(first.personalCode)
  await searchBox(page).press('Enter')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(fullName(first))
  await page.keyboard.press('Control+k')
  // The last client is among the recent ones, masked; pasting replaces them at once.
  await expect(page.getByRole('grid')).toContainText(`${first.personalCode.slice(0, 6)}-*****`)
  await searchBox(page).fill(second.personalCode)
  await searchBox(page).press('Enter')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(fullName(second))
})

test.describe('pending changes are never lost without asking', () => {
  async function pendingOnAnna(page: Page): Promise<void> {
    const anna = FIXTURES.annaOzolina
    await openClient(page, anna.personalCode, fullName(anna))
    await verifyIdentity(page)
    await page.getByRole('switch', { name: LOCATION }).click()
    await expect(page.getByRole('region', { name: t('lv', 'consents.pendingRegion') })).toBeVisible()
  }
  const leave = (page: Page) => page.getByRole('alertdialog')
  const stay = t('lv', 'leave.stay')

  test('Ctrl+K asks; going back keeps the change; discarding goes to the search', async ({ page }) => {
    await pendingOnAnna(page)
    await page.keyboard.press('Control+k')
    await expect(leave(page)).toContainText(t('lv', 'leave.question.search'))
    await expect(leave(page).getByRole('button', { name: stay })).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(leave(page)).toHaveCount(0)
    await expect(page.getByRole('switch', { name: LOCATION })).toHaveAttribute('aria-checked', 'true')
    await expect(page.getByRole('region', { name: t('lv', 'consents.pendingRegion') })).toBeVisible()

    await page.keyboard.press('Control+k')
    await leave(page)
      .getByRole('button', { name: t('lv', 'leave.discard.search_one', { count: '1' }) })
      .click()
    await expect(searchBox(page)).toBeFocused()
  })

  test('sign-out asks first', async ({ page }) => {
    await pendingOnAnna(page)
    await page.getByRole('button', { name: t('lv', 'app.signOut') }).click()
    await expect(leave(page)).toContainText(t('lv', 'leave.question.signOut'))
    await leave(page).getByRole('button', { name: stay }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(fullName(FIXTURES.annaOzolina))
    await page.getByRole('button', { name: t('lv', 'app.signOut') }).click()
    await leave(page)
      .getByRole('button', { name: t('lv', 'leave.discard.signOut_one', { count: '1' }) })
      .click()
    await expect(page.getByRole('heading', { name: t('lv', 'auth.heading') })).toBeVisible()
  })

  test('a language switch asks first and keeps the language until the agent discards', async ({
    page
  }) => {
    await pendingOnAnna(page)
    const select = page.getByLabel(t('lv', 'app.language'))
    await select.selectOption('en')
    await expect(leave(page)).toContainText(t('lv', 'leave.question.language'))
    await leave(page).getByRole('button', { name: stay }).click()
    await expect(select).toHaveValue('lv')
    await select.selectOption('en')
    await leave(page)
      .getByRole('button', { name: t('lv', 'leave.discard.language_one', { count: '1' }) })
      .click()
    await expect(page.getByLabel(t('en', 'app.language'))).toHaveValue('en')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(fullName(FIXTURES.annaOzolina))
  })
})

test('Tab never lands on the page body, on the lookup or on a card', async ({ page }) => {
  async function walk(steps: number): Promise<string[]> {
    const bodies: string[] = []
    for (let i = 0; i < steps; i++) {
      await page.keyboard.press('Tab')
      const tag = await page.evaluate(() => document.activeElement?.tagName ?? 'none')
      if (tag === 'BODY' || tag === 'HTML' || tag === 'none') bodies.push(`step ${i + 1}`)
    }
    return bodies
  }
  expect(await walk(12)).toEqual([])
  const anna = FIXTURES.annaOzolina
  await openClient(page, anna.personalCode, fullName(anna))
  expect(await walk(40)).toEqual([])
})
