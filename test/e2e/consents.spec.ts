import { FIXTURES } from '../../src/server/seed/generator'
import { openSignIn, signIn } from '../support/e2e-actions'
import {
  channelsButton,
  closeReceiptPreview,
  openClient,
  otherCounter,
  purposeRow,
  verifyIdentity
} from '../support/e2e-consents'
import { expect, test } from '../support/e2e-fixtures'
import { t } from '../support/e2e-i18n'

const purpose = (key: string): string => t('lv', `consents.purpose.${key}`)
const state = (key: string): string => t('lv', `consents.state.${key}`)
const LOCATION = purpose('location')
const USAGE = purpose('usage_metadata')
const SMS_SWITCH = `${purpose('offers')}: ${t('lv', 'consents.channel.sms')}`

test.describe('consents on the real API', () => {
  test('the agent verifies identity, withdraws offers by SMS, gives location, confirms, and sees the API state and timeline', async ({
    page,
    desk
  }) => {
    const client = FIXTURES.jevgenijsKuznecovs
    const other = await otherCounter(desk.api.url)
    const id = await other.clientId(client.personalCode)
    // The client gave offers by SMS earlier (so there is something to withdraw).
    await other.record(id, [{ purpose: 'offers', channel: 'sms', action: 'given' }])

    await openSignIn(page)
    await signIn(page, 'agent')
    await openClient(page, client.personalCode, `${client.firstName} ${client.lastName}`)

    const smsSwitch = page.getByRole('switch', { name: SMS_SWITCH })
    await channelsButton(page).click()
    await expect(smsSwitch).toBeDisabled()
    await verifyIdentity(page, '7788')
    await expect(smsSwitch).toBeChecked()

    await smsSwitch.click()
    await page.getByRole('switch', { name: LOCATION }).click()
    await expect(purposeRow(page, LOCATION)).toContainText(
      t('lv', 'consents.pendingTo', { state: state('given') })
    )
    await page.keyboard.press('Control+s')

    // The summary is in the client's language (Russian), and says so.
    const dialog = page.getByRole('dialog', { name: t('lv', 'review.title') })
    await expect(dialog.getByTestId('client-language-label')).toContainText(
      t('lv', 'client.languages.ru')
    )
    const summary = dialog.getByTestId('client-summary')
    await expect(summary).toHaveAttribute('lang', 'ru')
    await expect(summary).toContainText(t('ru', 'clientText.title'))
    await expect(summary.getByTestId('summary-row')).toHaveCount(2)
    await expect(summary).toContainText(t('ru', 'consents.state.withdrawn'))
    await dialog.getByRole('button', { name: t('lv', 'review.confirm'), exact: true }).click()

    await expect(page.getByTestId('save-success')).toContainText(
      t('lv', 'consents.savedCount_other', { count: '2' })
    )
    await closeReceiptPreview(page)
    // What the table shows now is the API's state.
    const api = await other.state(id)
    expect(api.purposes.find((p) => p.purpose === 'location')?.state).toBe('given')
    await expect(purposeRow(page, LOCATION)).toContainText(state('given'))
    await expect(purposeRow(page, LOCATION)).not.toContainText(
      t('lv', 'consents.pendingTo', { state: state('given') })
    )
    await expect(page.getByRole('switch', { name: SMS_SWITCH })).not.toBeChecked()

    await page.getByRole('tab', { name: t('lv', 'consents.tab.timeline') }).click()
    const timeline = page.getByRole('region', { name: t('lv', 'timeline.label') })
    await expect(timeline.getByTestId('timeline-row')).toHaveCount(3)
    await expect(timeline.getByTestId('timeline-row').first()).toContainText(/…7788/)
    await expect(page.getByTestId('chain')).toContainText(t('lv', 'timeline.chainIntact'))
  })

  test('a stale edit shows the conflict and re-applies on the new version', async ({
    page,
    desk
  }) => {
    const client = FIXTURES.peterisOzolins
    const other = await otherCounter(desk.api.url)
    const id = await other.clientId(client.personalCode)

    await openSignIn(page)
    await signIn(page, 'agent')
    await openClient(page, client.personalCode, `${client.firstName} ${client.lastName}`)
    await verifyIdentity(page)
    await page.getByRole('switch', { name: LOCATION }).click()

    // Meanwhile, at another counter:
    await other.record(id, [{ purpose: 'usage_metadata', action: 'given' }])

    await page.keyboard.press('Control+s')
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('button', { name: t('lv', 'review.confirm'), exact: true }).click()
    const conflict = dialog.getByTestId('conflict')
    await expect(conflict).toContainText(t('lv', 'review.conflictTitle'))
    await expect(conflict.getByRole('listitem')).toHaveCount(1)
    await expect(conflict.getByRole('listitem')).toContainText(USAGE)
    await expect(conflict.getByRole('listitem')).toContainText(state('given'))

    await conflict.getByRole('button', { name: t('lv', 'review.reapply') }).click()
    await dialog.getByRole('button', { name: t('lv', 'review.confirm'), exact: true }).click()
    await expect(page.getByTestId('save-success')).toBeVisible()
    await closeReceiptPreview(page)
    await expect(purposeRow(page, LOCATION)).toContainText(state('given'))
    await expect(purposeRow(page, USAGE)).toContainText(state('given'))
  })
})

test.describe('the API going down mid-save', () => {
  test.use({ ownApi: true })

  test('keeps every edit and the verification, and says it was not saved', async ({
    page,
    desk
  }) => {
    const client = FIXTURES.janisBerzins
    await openSignIn(page)
    await signIn(page, 'agent')
    await openClient(page, client.personalCode, `${client.firstName} ${client.lastName}`)
    await verifyIdentity(page)
    await page.getByRole('switch', { name: LOCATION }).click()
    await page.getByRole('switch', { name: USAGE }).click()

    await desk.api.close()
    await page.keyboard.press('Control+s')
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('button', { name: t('lv', 'review.confirm'), exact: true }).click()
    await expect(dialog.getByTestId('save-error')).toContainText(t('lv', 'review.unreachable'))
    await expect(dialog.getByRole('button', { name: t('lv', 'review.retry') })).toBeVisible()

    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog')).toHaveCount(0)
    const pending = t('lv', 'consents.pendingTo', { state: state('given') })
    await expect(purposeRow(page, LOCATION)).toContainText(pending)
    await expect(purposeRow(page, USAGE)).toContainText(pending)
    await expect(page.getByTestId('identity-chip')).toContainText('…1234')
  })
})
