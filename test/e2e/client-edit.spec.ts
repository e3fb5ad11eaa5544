import { randomInt } from 'node:crypto'
import { pkCheckDigit } from '../../src/shared/identifiers/personalCode'
import { announced, openSignIn, resultRows, searchBox, signIn } from '../support/e2e-actions'
import { openClient, otherCounter, verifyIdentity } from '../support/e2e-consents'
import { expect, test } from '../support/e2e-fixtures'
import { expectCleanLayout, expectNoAxeViolations } from '../support/e2e-layout'
import { t } from '../support/e2e-i18n'

// Issue 11, deliverable 3: an agent changes a client's details at the counter, through main and
// the real API; a change made meanwhile at another counter is a 412 that the desk recovers from.

/** A client of this test's own (new-format personal code), so no other spec sees the changes. */
function freshPersonalCode(): string {
  const first10 = `32${String(randomInt(0, 100_000_000)).padStart(8, '0')}`
  return `${first10}${pkCheckDigit(first10)}`
}

test.describe("changing a client's details", () => {
  test('the agent changes phones and address, recovers from a change made elsewhere, and the timeline and search show it', async ({
    page,
    desk
  }) => {
    const other = await otherCounter(desk.api.url)
    const personalCode = freshPersonalCode()
    const newPhone = `28${String(randomInt(0, 1_000_000)).padStart(6, '0')}`
    const created = await other.api.call('createClient', {
      body: {
        kind: 'private',
        personalCode,
        firstName: 'Līga',
        lastName: 'Eglīte',
        phones: ['+37129111222'],
        email: 'liga.eglite@example.lv',
        language: 'lv'
      }
    })

    await openSignIn(page)
    await signIn(page, 'agent')
    await openClient(page, personalCode, 'Līga Eglīte')
    const edit = page.getByRole('button', { name: t('lv', 'client.edit.open') })
    await expect(edit).toBeDisabled()
    await verifyIdentity(page, '4455')

    await edit.click()
    let dialog = page.getByRole('dialog', { name: t('lv', 'client.edit.title') })
    await expect(dialog.getByLabel(t('lv', 'client.edit.email'))).toHaveValue(
      'liga.eglite@example.lv'
    )
    await expectNoAxeViolations(page, 'edit client dialog')
    await expectCleanLayout(page, 'edit client dialog', '[role="dialog"]')
    await dialog.getByLabel(t('lv', 'client.edit.phones')).fill(newPhone)
    await dialog.getByLabel(t('lv', 'client.edit.address')).fill('Brīvības iela 10, Rīga')
    await dialog.getByRole('button', { name: t('lv', 'client.edit.save') }).click()
    await expect(dialog).toHaveCount(0)
    await expect(announced(page, 'status', t('lv', 'client.edit.saved'))).toBeVisible()
    await expect(page.getByText('Brīvības iela 10, Rīga')).toBeVisible()

    // Another counter changes the e-mail meanwhile: the desk's next save is based on version 2.
    await other.api.call('updateClient', {
      params: { id: created.id },
      headers: { 'if-match': '"2"' },
      body: { email: 'liga@example.com', identityVerification: { method: 'smart_id' } }
    })
    await edit.click()
    dialog = page.getByRole('dialog', { name: t('lv', 'client.edit.title') })
    await dialog
      .getByLabel(t('lv', 'client.edit.language'))
      .selectOption({ label: t('lv', 'client.languages.en') })
    await dialog.getByRole('button', { name: t('lv', 'client.edit.save') }).click()
    await expect(dialog.getByRole('alert')).toContainText(
      t('lv', 'client.edit.errors.version_mismatch')
    )
    await dialog.getByRole('button', { name: t('lv', 'client.edit.reload') }).click()
    await expect(dialog.getByRole('status')).toContainText(t('lv', 'client.edit.reloaded'))
    await dialog.getByRole('button', { name: t('lv', 'client.edit.save') }).click()
    await expect(dialog).toHaveCount(0)

    // The timeline lists the three changes with their fields, newest first.
    await page.getByRole('tab', { name: t('lv', 'consents.tab.timeline') }).click()
    const changes = page.getByTestId('data-changes')
    await changes.locator('summary').click()
    await expect(changes.locator('tbody tr')).toHaveCount(4)
    await expect(changes).toContainText(t('lv', 'timeline.dataChanges.field.address'))
    await expect(changes).toContainText('Brīvības iela 10, Rīga')

    // Search finds the client by the new phone at once.
    await page.keyboard.press('Control+k')
    await searchBox(page).fill(newPhone)
    await expect(resultRows(page).filter({ hasText: 'Līga Eglīte' })).toHaveCount(1)
  })
})
