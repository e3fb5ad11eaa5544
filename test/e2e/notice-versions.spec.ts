/**
 * Issue 7, part 8 — the notice the client saw. A new wording of a purpose's notice is published
 * while the client reads the summary: the API refuses the save (409 `notice_outdated`), the desk
 * keeps the changes, shows the new text and says so; the second confirm records the new version.
 */
import { FIXTURES } from '../../src/server/seed/generator'
import { openSignIn, signIn } from '../support/e2e-actions'
import {
  closeReceiptPreview,
  openClient,
  otherCounter,
  purposeRow,
  verifyIdentity
} from '../support/e2e-consents'
import { expect, test } from '../support/e2e-fixtures'
import { t } from '../support/e2e-i18n'

const LOCATION = t('lv', 'consents.purpose.location')
const NEW_TEXT = {
  lv: 'Atrašanās vietas dati — jaunā redakcija (e2e).',
  en: 'Location data — the new wording (e2e).',
  ru: 'Данные о местоположении — новая редакция (e2e).'
} as const

// This test publishes a notice version: its own API, so no other test sees it.
test.use({ apiDatabase: true })

test('a notice published mid-review: the desk shows the new text, keeps the change, and records version 2', async ({
  page,
  desk
}) => {
  const client = FIXTURES.jevgenijsKuznecovs // reads in Russian
  const name = `${client.firstName} ${client.lastName}`
  const other = await otherCounter(desk.api.url)
  const id = await other.clientId(client.personalCode)

  await openSignIn(page)
  await signIn(page, 'agent')
  await openClient(page, client.personalCode, name)
  await verifyIdentity(page, '4455')
  await page.getByRole('switch', { name: LOCATION }).click()
  await page.keyboard.press('Control+s')

  const dialog = page.getByRole('dialog', { name: t('lv', 'review.title') })
  const summary = dialog.getByTestId('client-summary')
  await expect(summary).toHaveAttribute('lang', 'ru')
  const notice = summary.locator('[data-testid="notice"][data-purpose="location"]')
  await expect(notice).toContainText(t('ru', 'clientText.notice', { version: '1' }))
  // The rights statement is the API's, in the client's language, not a string of the desk's.
  const catalogue = await desk.services.api.call('listPurposes', {})
  const rights = catalogue.rights.notices.find(
    (n) => n.language === 'ru' && n.version === catalogue.rights.currentVersion
  )!
  await expect(dialog.getByTestId('rights').getByRole('heading', { level: 4 })).toContainText(
    rights.title
  )
  await expect(dialog.getByTestId('rights')).toContainText(rights.text.split('\n')[0]!)

  // Meanwhile the controller publishes a new wording of the location notice, in every language.
  const current = catalogue.items.find((p) => p.purpose === 'location')!
  expect(current.currentVersion).toBe(1)
  await desk
    .database()
    .insertInto('notice_versions')
    .values(
      (['lv', 'en', 'ru'] as const).map((language) => ({
        purpose: 'location',
        version: 2,
        language,
        // The same title (the catalogue's words), a new text.
        title: current.notices.find((n) => n.language === language && n.version === 1)!.title,
        text: NEW_TEXT[language],
        published_at: new Date()
      }))
    )
    .execute()

  const confirm = dialog.getByRole('button', { name: t('lv', 'review.confirm'), exact: true })
  await confirm.click()

  // Not saved; the agent reads which text changed and what to do, in the agent's language.
  const message = dialog.getByTestId('notice-outdated')
  await expect(message).toContainText(t('lv', 'review.noticeOutdatedTitle_one'))
  await expect(message.getByRole('listitem')).toHaveText(
    `${LOCATION} — ${t('lv', 'review.newVersion', { version: '2' })}`
  )
  await expect(message).toContainText(t('lv', 'review.noticeOutdatedText_one'))
  // The client sees the new text, opened and marked, in Russian; the change is still there.
  await expect(notice).toHaveAttribute('open', '')
  await expect(notice).toContainText(t('ru', 'clientText.notice', { version: '2' }))
  await expect(notice).toContainText(t('ru', 'clientText.noticeUpdated'))
  await expect(notice.getByText(NEW_TEXT.ru)).toBeVisible()
  await expect(summary.getByTestId('summary-row')).toHaveCount(1)
  await expect(summary.getByTestId('summary-row')).toContainText(t('ru', 'consents.state.given'))
  await expect(page.getByTestId('identity-chip')).toContainText('…4455')

  // Shown; the client confirms again, and this time it is saved.
  await confirm.click()
  await expect(page.getByTestId('save-success')).toContainText(
    t('lv', 'consents.savedCount_one', { count: '1' })
  )
  await closeReceiptPreview(page)
  await expect(purposeRow(page, LOCATION)).toContainText(t('lv', 'consents.state.given'))

  // What is stored: the event names version 2 of the notice, in the client's language.
  const events = await desk.services.handlers['consents:events']({
    clientId: id,
    filters: { purpose: 'location' }
  })
  expect(events.items).toHaveLength(1)
  expect(events.items[0]).toMatchObject({
    purpose: 'location',
    action: 'given',
    noticeVersion: 2,
    language: 'ru'
  })
  // And the timeline says so.
  await page.getByRole('tab', { name: t('lv', 'consents.tab.timeline') }).click()
  const timeline = page.getByRole('region', { name: t('lv', 'timeline.label') })
  await expect(timeline.getByTestId('timeline-row')).toHaveCount(1)
  await expect(timeline.getByTestId('timeline-row').first()).toContainText('v2 · ru')
})
