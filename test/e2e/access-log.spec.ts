/**
 * Issue 10 item 6 — personal data shown and logged on purpose. A supervisor reveals a client's
 * identifiers for a stated reason, finds that reveal in the client's access log, and prints the
 * client's extract (CJEU C-579/21: when, in which role, what and why; no staff names), read back
 * from the PDF with pdftotext. With SCREENSHOTS_DIR set the screens are saved as PNGs.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { FIXTURES } from '../../src/server/seed/generator'
import { printContext } from '../../src/shared/print'
import { openSignIn, signIn } from '../support/e2e-actions'
import { openClient } from '../support/e2e-consents'
import { expect, test } from '../support/e2e-fixtures'
import { t } from '../support/e2e-i18n'
import { expectCleanLayout, expectNoAxeViolations } from '../support/e2e-layout'

const SHOTS = process.env.SCREENSHOTS_DIR

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: join(SHOTS, `access-log-${name}.png`) })
}

test('reveal asks why; the access log says who looked and why, and prints for the client', async ({
  page,
  desk
}) => {
  test.setTimeout(90_000)
  await page.setViewportSize({ width: 1366, height: 768 })
  const client = FIXTURES.annaOzolina
  const name = `${client.firstName} ${client.lastName}`
  const masked = `${client.personalCode.slice(0, 6)}-*****`

  await openSignIn(page)
  await signIn(page, 'supervisor')
  await openClient(page, client.personalCode, name)

  // Masked until a reason is given; then exactly what the API answered.
  const identifier = page.getByTestId('client-identifier')
  await expect(identifier).toHaveText(masked)
  await page.getByRole('button', { name: t('lv', 'client.reveal'), exact: true }).click()
  const dialog = page.getByRole('dialog', { name: t('lv', 'client.revealDialog.title') })
  await expect(dialog).toBeVisible()
  await shot(page, 'reveal-dialog')
  await expectNoAxeViolations(page, 'reveal dialog')
  await dialog.getByRole('radio', { name: t('lv', 'accessLog.reason.complaint') }).check()
  await dialog.getByRole('button', { name: t('lv', 'client.revealDialog.submit') }).click()
  await expect(identifier).toHaveText(
    `${client.personalCode.slice(0, 6)}-${client.personalCode.slice(6)}`
  )

  // From the card to the client's access log: the reveal is there, with its reason.
  await page.getByRole('button', { name: t('lv', 'accessLog.open') }).click()
  await expect(
    page.getByRole('heading', { level: 1, name: t('lv', 'accessLog.titleFor', { name }) })
  ).toBeVisible()
  const rows = page.getByTestId('access-log-row')
  const reveal = rows.filter({ hasText: t('lv', 'accessLog.action.reveal') })
  await expect(reveal.first()).toContainText(t('lv', 'accessLog.reason.complaint'))
  await expect(reveal.first()).toContainText(t('lv', 'app.roles.supervisor'))
  await expect(rows.filter({ hasText: t('lv', 'accessLog.action.view') }).first()).toBeVisible()
  await shot(page, 'screen')
  await expectNoAxeViolations(page, 'access log screen')
  await expectCleanLayout(page, 'access log screen')

  // Printed for the client: roles and purposes, not the staff member's name.
  await page.getByRole('button', { name: t('lv', 'accessLog.print') }).click()
  const preview = page.getByRole('dialog', { name: t('lv', 'accessLog.preview.title') })
  await expect(preview).toBeVisible()
  const lv = printContext('lv')
  await expect(preview).toContainText(lv.t('accessLog.title'))
  await shot(page, 'print-preview')
  await preview.getByRole('button', { name: t('lv', 'receipts.preview.savePdf') }).click()
  await expect(preview.getByTestId('print-outcome')).toContainText(
    t('lv', 'receipts.preview.saved', { path: '' })
  )
  const pdf = desk.saveDialog.chosen.at(-1)!
  expect(pdf).toMatch(/access-log-\d{4}-\d{2}-\d{2}-lv\.pdf$/)
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString()
  expect(text).toContain(lv.t('accessLog.title'))
  expect(text).toContain(name)
  expect(text).toContain(masked)
  expect(text).toContain(lv.t('accessLog.reason.complaint'))
  expect(text).toContain(lv.t('accessLog.role.supervisor'))
  // The supervisor's own name (demo: Ilze Bērziņa) is not owed to the client by default.
  expect(text).not.toContain('Ilze Bērziņa')
  expect(text).not.toContain(client.personalCode.slice(6))
  if (SHOTS) {
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(SHOTS, 'access-log-pdf')])
  }
})
