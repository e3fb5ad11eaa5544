/**
 * Issue 8 — the receipt at the counter. A save ends in the receipt preview (the print template
 * itself, in the client's language); the agent may switch its language, save it as a PDF and
 * print it. The PDF is Chromium's rendering of main's HTML, read back with pdftotext.
 */
import { execFileSync } from 'node:child_process'
import { FIXTURES } from '../../src/server/seed/generator'
import { printContext } from '../../src/shared/print'
import { openSignIn, signIn } from '../support/e2e-actions'
import { openClient, otherCounter, verifyIdentity } from '../support/e2e-consents'
import { expect, test } from '../support/e2e-fixtures'
import { t } from '../support/e2e-i18n'

const LOCATION = t('lv', 'consents.purpose.location')

test('a save ends in the receipt: preview, another language, a PDF, the printer', async ({
  page,
  desk
}) => {
  const client = FIXTURES.emilsEglitis // reads in English
  const name = `${client.firstName} ${client.lastName}`
  const supervisor = await otherCounter(desk.api.url)
  const clientId = await supervisor.clientId(client.personalCode)

  await openSignIn(page)
  await signIn(page, 'agent')
  await openClient(page, client.personalCode, name)
  await verifyIdentity(page, '5511')
  await page.getByRole('switch', { name: LOCATION }).click()
  await page.keyboard.press('Control+s')
  const review = page.getByRole('dialog', { name: t('lv', 'review.title') })
  await review.getByRole('button', { name: t('lv', 'review.confirm'), exact: true }).click()

  // The receipt the API signed for this save, as the register knows it.
  const preview = page.getByRole('dialog', { name: t('lv', 'receipts.preview.title') })
  await expect(preview).toBeVisible()
  const { items } = await supervisor.api.call('listReceipts', { query: { clientId } })
  expect(items).toHaveLength(1)
  const stored = await supervisor.api.call('getReceipt', { params: { id: items[0]!.id } })
  expect(stored.receipt.language).toBe('en')

  // The preview is the client's language first, with what the API signed on it.
  const paper = preview.getByTestId('receipt-preview')
  const en = printContext('en')
  await expect(paper).toContainText(en.t('receipt.title'))
  await expect(paper).toContainText(stored.verificationCode)
  await expect(paper).toContainText(stored.receipt.receiptNumber)
  await expect(paper).toContainText(name)
  await expect(paper).toContainText('50003050931')

  // The agent switches the print to Latvian before printing.
  await preview.getByRole('radio', { name: t('lv', 'client.languages.lv') }).click()
  const lv = printContext('lv')
  await expect(paper).toContainText(lv.t('receipt.title'))
  await expect(paper).not.toContainText(en.t('receipt.title'))

  await preview.getByRole('button', { name: t('lv', 'receipts.preview.savePdf') }).click()
  const outcome = preview.getByTestId('print-outcome')
  await expect(outcome).toContainText(t('lv', 'receipts.preview.saved', { path: '' }))
  expect(desk.saveDialog.chosen).toHaveLength(1)
  const pdf = desk.saveDialog.chosen[0]!
  expect(pdf.endsWith(`${stored.receipt.receiptNumber}.pdf`)).toBe(true)
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString()
  expect(text).toContain(lv.t('receipt.title'))
  expect(text).toContain(stored.verificationCode)
  expect(text).toContain(name)
  expect(text).toContain('Latvija')
  expect(text).toContain('50003050931')

  // Ctrl+P: the system print dialog gets the same document.
  await page.keyboard.press('Control+p')
  await expect(outcome).toContainText(t('lv', 'receipts.preview.printed'))
  expect(desk.printer.printed).toHaveLength(1)
  expect(desk.printer.printed[0]).toContain(stored.verificationCode)
  expect(desk.printer.printed[0]).toContain(`lang="lv"`)

  // Done closes it; the card's confirmation line can open it again.
  await preview.getByRole('button', { name: t('lv', 'receipts.preview.done') }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await page
    .getByTestId('save-success')
    .getByRole('button', { name: t('lv', 'receipts.showReceipt') })
    .click()
  await expect(preview).toBeVisible()
  await expect(paper).toContainText(stored.verificationCode)
})

test.describe('hostile data on a receipt', () => {
  // This test renames a client in the database: its own API, seen by no other test.
  test.use({ apiDatabase: true })

  test('a name holding HTML and script prints literally: no script runs, no policy is broken', async ({
    page,
    desk
  }) => {
    const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>'
    const client = FIXTURES.annaOzolina
    await desk
      .database()
      .updateTable('clients')
      .set({ first_name: HOSTILE })
      .where('personal_code', '=', client.personalCode)
      .execute()
    const dialogs: string[] = []
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })

    await openSignIn(page)
    await signIn(page, 'agent')
    const name = `${HOSTILE} ${client.lastName}`
    await page.getByRole('combobox', { name: t('lv', 'lookup.label') }).fill(client.personalCode)
    await page.getByRole('combobox', { name: t('lv', 'lookup.label') }).press('Enter')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name)
    await verifyIdentity(page, '7788')
    await page.getByRole('switch', { name: LOCATION }).click()
    await page.keyboard.press('Control+s')
    await page
      .getByRole('dialog', { name: t('lv', 'review.title') })
      .getByRole('button', { name: t('lv', 'review.confirm'), exact: true })
      .click()

    const preview = page.getByRole('dialog', { name: t('lv', 'receipts.preview.title') })
    const paper = preview.getByTestId('receipt-preview')
    await expect(paper).toContainText(name)
    // Text, not markup: no image or script element came from the name.
    expect(await paper.locator('img, script').count()).toBe(0)

    await preview.getByRole('button', { name: t('lv', 'receipts.preview.savePdf') }).click()
    await expect(preview.getByTestId('print-outcome')).toContainText(
      t('lv', 'receipts.preview.saved', { path: '' })
    )
    const text = execFileSync('pdftotext', [desk.saveDialog.chosen[0]!, '-']).toString()
    expect(text.replace(/\s+/g, ' ')).toContain('<img src=x onerror=alert(1)>')
    expect(dialogs).toEqual([])
    // The fixture fails the test on any console error, a CSP violation report included.
  })
})
