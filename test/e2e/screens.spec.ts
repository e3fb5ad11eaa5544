/**
 * Every screen of the desk, in Latvian, English and Russian, at 1366×768 and 1920×1080: no text
 * overlaps or is cut without a tooltip, and the card fits; axe-core finds no violation at 1366 in
 * every language. axe checks what does not change with the window's width (names, roles,
 * contrast, the language's own labels) and takes most of each check's time (1.3–2 s of its
 * 1.5–2.1 s), so it runs at the narrow size only; what a wider window changes is the layout,
 * which is checked at both. With
 * SCREENSHOTS_DIR set (`npm run screenshots`) each state is also saved as a PNG for review.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { FIXTURES } from '../../src/server/seed/generator'
import { searchBox } from '../support/e2e-actions'
import { channelsButton, otherCounter } from '../support/e2e-consents'
import { expect, test } from '../support/e2e-fixtures'
import { t, type Language } from '../support/e2e-i18n'
import { expectCleanLayout, expectNoAxeViolations } from '../support/e2e-layout'
import { E2E_DEMO_PASSWORD } from '../support/e2e-paths'

const LANGUAGES: Language[] = ['lv', 'en', 'ru']
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 }
]
const SHOTS = process.env.SCREENSHOTS_DIR

/** The size axe runs at: the narrowest, where the most is on screen at once. */
const AXE_WIDTH = SIZES[0]!.width
const checks = (size: { width: number }): string =>
  size.width === AXE_WIDTH ? 'no axe violation, no overlap' : 'no overlap'

async function check(page: Page, name: string, size: { width: number }, language: Language) {
  if (size.width === AXE_WIDTH) {
    await expectNoAxeViolations(page, `${name} (${language}, ${size.width})`)
  }
  await expectCleanLayout(page, `${name} (${language}, ${size.width})`)
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true })
    await page.screenshot({ path: join(SHOTS, `${language}-${size.width}-${name}.png`) })
  }
}

/** Each of the seven purposes' rows lies wholly inside the window, without scrolling. */
async function expectAllPurposesInView(page: Page, language: Language): Promise<void> {
  const table = page.getByRole('table', { name: t(language, 'consents.tableLabel') })
  const rows = table.locator('tbody tr[data-purpose]')
  await expect(rows).toHaveCount(7)
  const viewport = page.viewportSize()!
  const scrolled = await page.evaluate(() => document.scrollingElement?.scrollTop ?? 0)
  expect(scrolled, 'the page has not been scrolled').toBe(0)
  for (const row of await rows.all()) {
    const box = (await row.boundingBox())!
    expect(
      box.y + box.height,
      `${await row.getAttribute('data-purpose')} row is in view`
    ).toBeLessThanOrEqual(viewport.height)
  }
}

for (const size of SIZES) {
  for (const language of LANGUAGES) {
    test(`every screen in ${language} at ${size.width}×${size.height}: ${checks(size)}, the card fits`, async ({
      page,
      desk
    }) => {
      test.setTimeout(180_000)
      await page.setViewportSize(size)
      const client = FIXTURES.annaOzolina
      const name = `${client.firstName} ${client.lastName}`
      const other = await otherCounter(desk.api.url)
      const id = await other.clientId(client.personalCode)
      // Some history, so the timeline and the "since" column have something to show. The
      // worker's API is shared by its tests: give only what is not given yet.
      const state = await other.state(id)
      const given = (purpose: string, channel?: string): boolean => {
        const row = state.purposes.find((p) => p.purpose === purpose)
        const cell = channel ? row?.channels?.find((c) => c.channel === channel) : row
        return cell?.state === 'given'
      }
      const history = [
        { purpose: 'offers', channel: 'email', action: 'given' },
        { purpose: 'location', action: 'given' },
        { purpose: 'usage_metadata', action: 'given' }
      ] as const
      const missing = history.filter(
        (change) => !given(change.purpose, 'channel' in change ? change.channel : undefined)
      )
      if (missing.length > 0) await other.record(id, [...missing])

      await page.goto('/')
      await page.getByLabel(t('lv', 'app.language')).selectOption(language)
      await expect(page.getByRole('heading', { name: t(language, 'auth.heading') })).toBeVisible()
      await check(page, '01-sign-in', size, language)

      await page.getByLabel(t(language, 'auth.username')).fill('agent')
      await page.getByLabel(t(language, 'auth.password')).fill(E2E_DEMO_PASSWORD)
      await page.getByRole('button', { name: t(language, 'auth.submit'), exact: true }).click()
      await expect(searchBox(page, language)).toBeFocused()
      await check(page, '02-lookup-empty', size, language)

      await searchBox(page, language).fill('ozolin')
      const grid = page.getByRole('grid', { name: t(language, 'lookup.resultsLabel') })
      await expect(grid.locator('tbody tr')).not.toHaveCount(0)
      await expect(grid).toHaveAttribute('data-stale', 'false')
      await check(page, '03-lookup-results', size, language)

      // The lookup's other designed states: an invalid code, a partial one, nothing found.
      const code = FIXTURES.janisBerzins.personalCode
      await searchBox(page, language).fill(`${code.slice(0, 10)}${(Number(code[10]) + 1) % 10}`)
      await expect(
        page
          .getByRole('alert')
          .filter({ hasText: t(language, 'lookup.invalid.personalCode_checksum') })
      ).toBeVisible()
      await check(page, '03b-lookup-invalid', size, language)
      await searchBox(page, language).fill(code.slice(0, 8))
      await expect(page.getByText(t(language, 'lookup.partialPersonalCode'))).toBeVisible()
      await searchBox(page, language).fill('zzqxzzqx')
      await expect(page.getByText(t(language, 'lookup.noResultsHint'))).toBeVisible()
      await check(page, '03c-lookup-nothing', size, language)

      // A business: identity is the representative's.
      const company = FIXTURES.kalnini
      await searchBox(page, language).fill(company.registrationNumber)
      await searchBox(page, language).press('Enter')
      await expect(page.getByRole('heading', { level: 1, name: company.name })).toBeVisible()
      await page.getByTestId('identity-chip').click()
      await expect(page.getByLabel(t(language, 'identity.representativeName'))).toBeVisible()
      await check(page, '04b-business-identity', size, language)
      await page.keyboard.press('Control+k')
      await searchBox(page, language).fill('ozolin')
      await expect(grid).toHaveAttribute('data-results-for', 'ozolin')

      await grid.getByRole('row', { name: new RegExp(name) }).click()
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
      await expect(
        page.getByRole('table', { name: t(language, 'consents.tableLabel') })
      ).toBeVisible()
      await expectAllPurposesInView(page, language)
      await check(page, '04-card', size, language)

      await page.getByTestId('identity-chip').click()
      const form = page.getByRole('form', { name: t(language, 'identity.formLabel') })
      await check(page, '05-identity-form', size, language)
      await form.getByLabel(t(language, 'identity.last4')).fill('1234')
      await form.getByRole('button', { name: t(language, 'identity.confirm') }).click()
      await expect(page.getByTestId('identity-chip')).toContainText('…1234')

      await channelsButton(page, language).click()
      await page
        .getByRole('switch', {
          name: `${t(language, 'consents.purpose.offers')}: ${t(language, 'consents.channel.sms')}`
        })
        .click()
      await page
        .getByRole('switch', { name: t(language, 'consents.purpose.automated_profiling') })
        .click()
      await check(page, '06-card-pending', size, language)

      await page.keyboard.press('Control+s')
      const review = page.getByRole('dialog', { name: t(language, 'review.title') })
      await expect(review).toBeVisible()
      await check(page, '07-review', size, language)
      // Every notice text open: the body scrolls, the buttons stay on screen.
      for (const notice of await review.locator('details summary').all()) await notice.click()
      await expect(
        review.getByRole('button', { name: t(language, 'review.confirm') })
      ).toBeInViewport({ ratio: 1 })
      await check(page, '08-review-notices', size, language)
      await page.keyboard.press('Escape')
      await expect(review).toHaveCount(0)

      await page.keyboard.press('Control+k')
      const leave = page.getByRole('alertdialog')
      await expect(leave).toBeVisible()
      await check(page, '09-leave-dialog', size, language)
      await leave.getByRole('button', { name: t(language, 'leave.stay') }).click()

      await page.getByRole('tab', { name: t(language, 'consents.tab.timeline') }).click()
      await expect(page.getByRole('tabpanel').locator('tbody tr').first()).toBeVisible()
      await check(page, '10-timeline', size, language)

      await page.getByRole('tab', { name: t(language, 'consents.tab.timeline') }).focus()
      await page.keyboard.press('Shift+?')
      await expect(page.getByTestId('shortcuts')).toBeVisible()
      await check(page, '11-shortcuts', size, language)
      await page.keyboard.press('Escape')

      // The session runs out with the changes pending: sign in again or discard.
      await desk.emit('session:ended', { reason: 'expired' })
      const expired = page.getByRole('alertdialog', { name: t(language, 'leave.expiredTitle') })
      await expect(expired).toBeVisible()
      await check(page, '12-session-expired', size, language)
    })
  }
}

// A notice published while the client reads the summary (409 notice_outdated): the message, and
// the new texts opened and marked. Its own API, since it publishes notice versions; each language
// with a client who reads it, so both halves of the dialog are in that language.
test.describe('the review after a notice changed', () => {
  test.use({ apiDatabase: true })
  const READERS = {
    lv: FIXTURES.annaOzolina,
    en: FIXTURES.emilsEglitis,
    ru: FIXTURES.jevgenijsKuznecovs
  } as const
  const ANY_LANGUAGE_LABEL = new RegExp(
    `^(${LANGUAGES.map((l) => t(l, 'app.language')).join('|')})$`
  )

  for (const size of SIZES) {
    for (const language of LANGUAGES) {
      test(`in ${language} at ${size.width}: ${checks(size)}, the buttons in view`, async ({
        page,
        desk
      }) => {
        test.setTimeout(120_000)
        // Each its own database: notice version 1 is the seed's, 2 the one published here.
        const version = 2
        const client = READERS[language]
        await page.setViewportSize(size)
        // A fresh start each round: signed out in main, the page loaded anew.
        await desk.services.handlers['auth:logout'](undefined)
        await page.goto('/')
        // Labelled in the language the last round left behind.
        await page.getByLabel(ANY_LANGUAGE_LABEL).selectOption(language)
        await page.getByLabel(t(language, 'auth.username')).fill('agent')
        await page.getByLabel(t(language, 'auth.password')).fill(E2E_DEMO_PASSWORD)
        await page.getByRole('button', { name: t(language, 'auth.submit'), exact: true }).click()
        await searchBox(page, language).fill(client.personalCode)
        await searchBox(page, language).press('Enter')
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(
          `${client.firstName} ${client.lastName}`
        )
        await page.getByTestId('identity-chip').click()
        const form = page.getByRole('form', { name: t(language, 'identity.formLabel') })
        await form.getByLabel(t(language, 'identity.last4')).fill('1234')
        await form.getByRole('button', { name: t(language, 'identity.confirm') }).click()
        await page
          .getByRole('switch', { name: t(language, 'consents.purpose.automated_profiling') })
          .click()
        await page.keyboard.press('Control+s')
        const review = page.getByRole('dialog', { name: t(language, 'review.title') })
        await expect(review).toBeVisible()

        // A new version of that purpose's text and of the rights statement, same wording.
        const { items, rights } = await desk.services.api.call('listPurposes', {})
        const profiling = items.find((p) => p.purpose === 'automated_profiling')!
        const latest = (notices: typeof rights.notices, current: number) =>
          notices.filter((n) => n.version === current)
        await desk
          .database()
          .insertInto('notice_versions')
          .values([
            ...latest(profiling.notices, profiling.currentVersion).map((n) => ({
              purpose: 'automated_profiling',
              version,
              language: n.language,
              title: n.title,
              text: n.text,
              published_at: new Date()
            })),
            ...latest(rights.notices, rights.currentVersion).map((n) => ({
              purpose: 'rights',
              version,
              language: n.language,
              title: n.title,
              text: n.text,
              published_at: new Date()
            }))
          ])
          .execute()

        const confirm = review.getByRole('button', {
          name: t(language, 'review.confirm'),
          exact: true
        })
        await confirm.click()
        await expect(review.getByTestId('notice-outdated')).toContainText(
          t(language, 'review.noticeOutdatedTitle_other')
        )
        await expect(review.locator('details[open]')).toContainText(
          t(language, 'clientText.noticeUpdated')
        )
        await expect(confirm).toBeEnabled()
        await expect(confirm).toBeInViewport({ ratio: 1 })
        await check(page, '07b-review-notice-outdated', size, language)

        // Confirmed again: the save ends in its receipt, previewed in the client's language.
        await confirm.click()
        const preview = page.getByRole('dialog', {
          name: t(language, 'receipts.preview.title')
        })
        await expect(
          preview.getByTestId('receipt-preview').locator('.print-document')
        ).toBeVisible()
        await expect(
          preview.getByRole('button', { name: t(language, 'receipts.preview.done') })
        ).toBeInViewport({ ratio: 1 })
        await check(page, '07c-receipt-preview', size, language)
        await preview.getByRole('button', { name: t(language, 'receipts.preview.done') }).click()
        await expect(preview).toHaveCount(0)
      })
    }
  }
})

// Printed matter on screen (a supervisor's day): the receipts register, a code checked, a copy
// previewed, the client's consent report previewed, and the batch confirmations form.
test.describe('receipts, reports and confirmations', () => {
  const ANY_LANGUAGE_LABEL = new RegExp(
    `^(${LANGUAGES.map((l) => t(l, 'app.language')).join('|')})$`
  )

  for (const size of SIZES) {
    for (const language of LANGUAGES) {
      test(`in ${language} at ${size.width}: ${checks(size)}`, async ({ page, desk }) => {
        const client = FIXTURES.peterisOzolins
        const other = await otherCounter(desk.api.url)
        const id = await other.clientId(client.personalCode)
        const state = await other.state(id)
        const research = state.purposes.find((p) => p.purpose === 'research_metadata')!.state
        await other.record(id, [
          { purpose: 'research_metadata', action: research === 'given' ? 'withdrawn' : 'given' }
        ])
        const { items } = await other.api.call('listReceipts', {
          query: { clientId: id, limit: 1 }
        })
        const code = items[0]!.verificationCode

        await page.setViewportSize(size)
        await desk.services.handlers['auth:logout'](undefined)
        await page.goto('/')
        await page.getByLabel(ANY_LANGUAGE_LABEL).selectOption(language)
        await page.getByLabel(t(language, 'auth.username')).fill('supervisor')
        await page.getByLabel(t(language, 'auth.password')).fill(E2E_DEMO_PASSWORD)
        await page.getByRole('button', { name: t(language, 'auth.submit'), exact: true }).click()

        await page.getByRole('button', { name: t(language, 'app.nav.receipts') }).click()
        const table = page.getByRole('table', { name: t(language, 'receipts.register.tableLabel') })
        await expect(table.getByTestId('receipt-row').first()).toBeVisible()
        await page.getByLabel(t(language, 'receipts.verify.label')).fill(code)
        await page.getByRole('button', { name: t(language, 'receipts.verify.submit') }).click()
        await expect(page.getByTestId('verify-result')).toContainText(
          t(language, 'receipts.verify.genuine')
        )
        await check(page, '13-receipts-register', size, language)

        await table.getByTestId('receipt-row').first().getByRole('button').click()
        const copy = page.getByRole('dialog', { name: t(language, 'receipts.preview.copyTitle') })
        await expect(copy.locator('.print-document')).toBeVisible()
        await check(page, '14-receipt-copy-preview', size, language)
        await copy.getByRole('button', { name: t(language, 'receipts.preview.done') }).click()

        await page.getByRole('button', { name: t(language, 'app.nav.confirmations') }).click()
        await expect(
          page.getByRole('heading', { level: 1, name: t(language, 'confirmations.title') })
        ).toBeVisible()
        await check(page, '15-confirmations', size, language)

        await page.getByRole('button', { name: t(language, 'app.nav.lookup') }).click()
        await searchBox(page, language).fill(client.personalCode)
        await searchBox(page, language).press('Enter')
        await page.getByTestId('identity-chip').click()
        const form = page.getByRole('form', { name: t(language, 'identity.formLabel') })
        await form.getByLabel(t(language, 'identity.last4')).fill('1234')
        await form.getByRole('button', { name: t(language, 'identity.confirm') }).click()
        await page.getByRole('button', { name: t(language, 'reports.open') }).click()
        const report = page.getByRole('dialog', { name: t(language, 'reports.preview.title') })
        await expect(report.locator('.print-document')).toBeVisible()
        await check(page, '16-report-preview', size, language)
        await report.getByRole('button', { name: t(language, 'receipts.preview.done') }).click()
      })
    }
  }
})

// Issue 10: the reveal asks why; a supervisor reads the client's access log and previews the
// extract printed for the client.
test.describe('the access log', () => {
  test.setTimeout(120_000)
  const ANY_LANGUAGE_LABEL = new RegExp(
    `^(${LANGUAGES.map((l) => t(l, 'app.language')).join('|')})$`
  )

  for (const size of SIZES) {
    for (const language of LANGUAGES) {
      test(`in ${language} at ${size.width}: ${checks(size)}`, async ({ page, desk }) => {
        const client = FIXTURES.annaOzolina
        await page.setViewportSize(size)
        await desk.services.handlers['auth:logout'](undefined)
        await page.goto('/')
        await page.getByLabel(ANY_LANGUAGE_LABEL).selectOption(language)
        await page.getByLabel(t(language, 'auth.username')).fill('supervisor')
        await page.getByLabel(t(language, 'auth.password')).fill(E2E_DEMO_PASSWORD)
        await page.getByRole('button', { name: t(language, 'auth.submit'), exact: true }).click()
        await searchBox(page, language).fill(client.personalCode)
        await searchBox(page, language).press('Enter')
        await expect(page.getByTestId('client-identifier')).toBeVisible()

        await page.getByRole('button', { name: t(language, 'client.reveal'), exact: true }).click()
        const reveal = page.getByRole('dialog', { name: t(language, 'client.revealDialog.title') })
        await reveal.getByRole('radio', { name: t(language, 'accessLog.reason.other') }).check()
        await reveal
          .getByRole('button', { name: t(language, 'client.revealDialog.submit') })
          .click()
        await expect(reveal.getByRole('alert')).toBeVisible()
        await check(page, '21-reveal-reason', size, language)
        await reveal
          .getByRole('button', { name: t(language, 'client.revealDialog.cancel') })
          .click()

        await page.getByRole('button', { name: t(language, 'accessLog.open') }).click()
        await expect(page.getByTestId('access-log-row').first()).toBeVisible()
        await check(page, '22-access-log', size, language)
        await page.getByRole('button', { name: t(language, 'accessLog.print') }).click()
        const extract = page.getByRole('dialog', { name: t(language, 'accessLog.preview.title') })
        await expect(extract.locator('.print-document')).toBeVisible()
        await check(page, '23-access-log-extract', size, language)
        await extract.getByRole('button', { name: t(language, 'receipts.preview.done') }).click()
      })
    }
  }
})

// The review queue (issue 9): a supervisor's queue, a case waiting for their approval, a
// reviewer's claimed case with the decision form, and the counter's Decisions tab.
test.describe('the review queue', () => {
  test.setTimeout(120_000)
  // Claims and decisions change the queue: this test keeps them to its own database.
  test.use({ apiDatabase: true })
  const ANY_LANGUAGE_LABEL = new RegExp(
    `^(${LANGUAGES.map((l) => t(l, 'app.language')).join('|')})$`
  )

  async function signInAs(page: Page, username: string, language: Language): Promise<void> {
    await page.goto('/')
    await page.getByLabel(ANY_LANGUAGE_LABEL).selectOption(language)
    await page.getByLabel(t(language, 'auth.username')).fill(username)
    await page.getByLabel(t(language, 'auth.password')).fill(E2E_DEMO_PASSWORD)
    await page.getByRole('button', { name: t(language, 'auth.submit'), exact: true }).click()
  }

  for (const size of SIZES) {
    for (const language of LANGUAGES) {
      test(`in ${language} at ${size.width}: ${checks(size)}`, async ({ page, desk }) => {
        const client = FIXTURES.peterisOzolins // the demo's manual credit assessment is his
        await page.setViewportSize(size)
        await desk.services.handlers['auth:logout'](undefined)
        await signInAs(page, 'supervisor', language)
        await page
          .getByRole('navigation', { name: t(language, 'app.nav.label') })
          .getByRole('button', { name: t(language, 'app.nav.review'), exact: true })
          .click()
        const queue = page.getByRole('table', { name: t(language, 'review.queue.tableLabel') })
        await expect(queue.getByRole('row').nth(3)).toBeVisible()
        await check(page, '17-review-queue', size, language)

        await page
          .getByRole('button', { name: t(language, 'review.filter.awaitingApproval') })
          .click()
        await queue
          .getByRole('row')
          .filter({ hasText: t(language, 'review.status.awaiting_approval') })
          .first()
          .click()
        await expect(
          page.getByRole('button', { name: t(language, 'review.approval.approve') })
        ).toBeVisible()
        await check(page, '18-review-approval', size, language)

        await desk.services.handlers['auth:logout'](undefined)
        await signInAs(page, 'reviewer', language)
        await page
          .getByRole('button', { name: new RegExp(t(language, 'review.queue.claimNext')) })
          .click()
        await expect(page.getByText(t(language, 'review.notice.claimed'))).toBeVisible()
        await page.getByRole('radio').first().check()
        await check(page, '19-review-claimed-case', size, language)
        await page.getByRole('button', { name: t(language, 'review.claim.release') }).click()
        await expect(page.getByText(t(language, 'review.notice.released'))).toBeVisible()

        await desk.services.handlers['auth:logout'](undefined)
        await signInAs(page, 'agent', language)
        await searchBox(page, language).fill(client.personalCode)
        await searchBox(page, language).press('Enter')
        await page.getByRole('tab', { name: t(language, 'consents.tab.decisions') }).click()
        await expect(
          page.getByRole('table', { name: t(language, 'decisions.cases.tableLabel') })
        ).toBeVisible()
        await check(page, '20-decisions-tab', size, language)
      })
    }
  }
})

// Staff administration (issue 10): the admin's table and dialogs, the one-time password shown
// once, and the forced change of a one-time password. Its own API: it creates accounts.
test.describe('staff administration screens', () => {
  test.setTimeout(120_000)
  test.use({ apiDatabase: true })

  for (const size of SIZES) {
    for (const language of LANGUAGES) {
      test(`in ${language} at ${size.width}: ${checks(size)}`, async ({ page, desk }) => {
        const ANY_LANGUAGE_LABEL = new RegExp(
          `^(${LANGUAGES.map((l) => t(l, 'app.language')).join('|')})$`
        )
        await page.setViewportSize(size)
        await desk.services.handlers['auth:logout'](undefined)
        await page.goto('/')
        await page.getByLabel(ANY_LANGUAGE_LABEL).selectOption(language)
        await page.getByLabel(t(language, 'auth.username')).fill('admin')
        await page.getByLabel(t(language, 'auth.password')).fill(E2E_DEMO_PASSWORD)
        await page.getByRole('button', { name: t(language, 'auth.submit'), exact: true }).click()
        const table = page.getByRole('table', { name: t(language, 'staff.tableLabel') })
        await expect(table.getByTestId('staff-row').first()).toBeVisible()
        await check(page, '21-staff', size, language)

        await page.keyboard.press('Alt+n')
        const create = page.getByRole('dialog', { name: t(language, 'staff.create.heading') })
        const username = `zane.${language}${size.width}`
        await create.getByLabel(t(language, 'staff.form.username')).fill(username)
        await create.getByLabel(t(language, 'staff.form.displayName')).fill('Zane Kļaviņa')
        await create.getByLabel(t(language, 'staff.form.oneTimePassword')).fill('zane')
        await create.getByRole('button', { name: t(language, 'staff.create.submit') }).click()
        await expect(create.getByText(t(language, 'password.problems.too_short'))).toBeVisible()
        await check(page, '22-staff-create-refused', size, language)
        await create
          .getByRole('button', { name: t(language, 'staff.form.generate'), exact: true })
          .click()
        await create.getByRole('button', { name: t(language, 'staff.create.submit') }).click()
        const notice = page.getByRole('dialog', { name: t(language, 'staff.reveal.heading') })
        const oneTime = (await notice.getByTestId('one-time-password').textContent())!.trim()
        await check(page, '23-staff-one-time-password', size, language)
        await page.keyboard.press('Enter')

        await table.locator(`[data-username="${username}"]`).click()
        const edit = page.getByRole('dialog', {
          name: t(language, 'staff.edit.heading', { name: 'Zane Kļaviņa' })
        })
        await edit.getByLabel(t(language, 'staff.form.resetPassword')).check()
        await check(page, '24-staff-edit', size, language)
        await page.keyboard.press('Escape')

        await page.getByRole('button', { name: /Andris Liepa/ }).click()
        await page.getByRole('menuitem', { name: t(language, 'password.menuItem') }).click()
        await expect(
          page.getByRole('dialog', { name: t(language, 'password.heading') })
        ).toBeVisible()
        await check(page, '25-change-password', size, language)
        await page.keyboard.press('Escape')

        await page.getByRole('button', { name: t(language, 'app.signOut') }).click()
        await page.getByLabel(t(language, 'auth.username')).fill(username)
        await page.getByLabel(t(language, 'auth.password')).fill(oneTime)
        await page.getByRole('button', { name: t(language, 'auth.submit'), exact: true }).click()
        await page.getByLabel(t(language, 'password.current')).fill('not it')
        await page.getByLabel(t(language, 'password.new'), { exact: true }).fill('zane')
        await page.getByRole('button', { name: t(language, 'password.save') }).click()
        await expect(page.getByText(t(language, 'password.problems.too_short'))).toBeVisible()
        await check(page, '26-forced-password-change', size, language)
      })
    }
  }
})
