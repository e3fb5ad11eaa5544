import { randomUUID } from 'node:crypto'
import type { Page } from '@playwright/test'
import { expect } from '@playwright/test'
import { createApiClient } from '../../src/main/api/api-client'
import type { ApiClient } from '../../src/main/api/api-client'
import { createLogger } from '../../src/main/logger'
import type { ConsentChange, ConsentState } from '../../src/shared/domain/consent'
import { E2E_DEMO_PASSWORD } from './e2e-paths'
import { t, type Language } from './e2e-i18n'

/**
 * A second staff session straight against the API (main's own typed client, its own token), for
 * changes made "at another counter" while the page under test has a card open.
 */
export interface OtherCounter {
  /** The session's own API client, for anything the helpers below do not cover. */
  api: ApiClient
  state(clientId: string): Promise<ConsentState>
  record(clientId: string, changes: ConsentChange[]): Promise<ConsentState>
  clientId(personalCode: string): Promise<string>
}

export async function otherCounter(apiUrl: string, username = 'supervisor'): Promise<OtherCounter> {
  const session: { token?: string } = {}
  const api: ApiClient = createApiClient({
    baseUrl: apiUrl,
    logger: createLogger(() => {}),
    tokens: { token: () => session.token, rejected: () => {} }
  })
  const login = await api.call('login', { body: { username, password: E2E_DEMO_PASSWORD } })
  session.token = login.token
  const state = (id: string): Promise<ConsentState> =>
    api.call('getConsents', { params: { id }, query: {} })
  return {
    api,
    state,
    async record(id, changes) {
      const { version } = await state(id)
      const answer = await api.call('recordConsents', {
        params: { id },
        headers: { 'idempotency-key': randomUUID(), 'if-match': `"${version}"` },
        body: {
          changes,
          identityVerification: { method: 'smart_id' },
          source: 'customer_centre',
          language: 'lv'
        }
      })
      return answer.state
    },
    async clientId(personalCode) {
      const found = await api.call('searchClients', { query: { q: personalCode } })
      const id = found.items[0]?.id
      if (!id) throw new Error(`no client ${personalCode}`)
      return id
    }
  }
}

/** Opens a client's card from the lookup by personal code. */
export async function openClient(page: Page, personalCode: string, name: string): Promise<void> {
  await page.getByRole('combobox', { name: t('lv', 'lookup.label') }).fill(personalCode)
  await page.getByRole('row', { name: new RegExp(name) }).click()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  await expect(page.getByRole('table', { name: t('lv', 'consents.tableLabel') })).toBeVisible()
}

/** Verifies the client's identity with an ID card ending in `last4`. */
export async function verifyIdentity(page: Page, last4 = '1234'): Promise<void> {
  await page.getByTestId('identity-chip').click()
  const form = page.getByRole('form', { name: t('lv', 'identity.formLabel') })
  await form.getByLabel(t('lv', 'identity.last4')).fill(last4)
  await form.getByRole('button', { name: t('lv', 'identity.confirm') }).click()
  await expect(page.getByTestId('identity-chip')).toContainText(`…${last4}`)
}

/** The row of a purpose (by its Latvian title) in the consents table. */
export function purposeRow(page: Page, title: string): ReturnType<Page['locator']> {
  return page
    .getByRole('table', { name: t('lv', 'consents.tableLabel') })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: title, exact: true }) })
}

/** The offers row's Channels button (its name is its visible words: "Kanāli 1 no 5"). */
export function channelsButton(page: Page, language: Language = 'lv'): ReturnType<Page['locator']> {
  return page.getByRole('button', {
    name: new RegExp(`^${t(language, 'consents.showChannels')}(\\s|$)`)
  })
}

/** A save ends in the receipt preview; Done closes it (the card is the test's subject). */
export async function closeReceiptPreview(page: Page): Promise<void> {
  const preview = page.getByRole('dialog', { name: t('lv', 'receipts.preview.title') })
  await expect(preview.getByTestId('receipt-preview')).toContainText(/\S/)
  await preview.getByRole('button', { name: t('lv', 'receipts.preview.done') }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
}
