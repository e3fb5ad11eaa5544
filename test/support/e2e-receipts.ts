import { sql, type Kysely, type Selectable } from 'kysely'
import type { Page } from '@playwright/test'
import { eventHash } from '../../src/server/consents/hash-chain'
import { toStoredChainEvent } from '../../src/server/consents/ledger.repository'
import type { ConsentEventsTable, Database } from '../../src/server/db/database'
import { t, type Language } from './e2e-i18n'

/** Opens a top-bar section ("Klienti", "Kvītis"). */
export async function openSection(
  page: Page,
  section: 'lookup' | 'receipts',
  language: Language = 'lv'
): Promise<void> {
  await page
    .getByRole('navigation', { name: t(language, 'app.nav.label') })
    .getByRole('button', { name: t(language, `app.nav.${section}`), exact: true })
    .click()
}

/** The rows of a receipts register table (the Receipts screen's, or a client card's tab). */
export function receiptRows(page: Page, language: Language = 'lv'): ReturnType<Page['locator']> {
  return page
    .getByRole('table', { name: t(language, 'receipts.register.tableLabel') })
    .getByTestId('receipt-row')
}

/** The facts of an event that a forger might rewrite (never its id, client, seq or hashes). */
export type EventRewrite = Partial<
  Pick<
    Selectable<ConsentEventsTable>,
    'action' | 'identity_method' | 'identity_document_last4' | 'centre' | 'notice_version'
  >
>

/**
 * What a database superuser can do behind the API's back: rewrite the events a receipt recorded,
 * then recompute every hash of the client's chain from the first event on, and the chain head,
 * so that the chain itself still adds up (as test/integration/receipts.test.ts does). Only the
 * receipt's signed event hashes can tell. The append-only trigger is off for the transaction.
 */
export async function rewriteReceiptEvents(
  db: Kysely<Database>,
  receiptId: string,
  rewrite: EventRewrite
): Promise<{ clientId: string; rewritten: string[] }> {
  return db.transaction().execute(async (trx) => {
    const first = await trx
      .selectFrom('consent_events')
      .select('client_id')
      .where('receipt_id', '=', receiptId)
      .executeTakeFirstOrThrow()
    await sql`alter table consent_events disable trigger user`.execute(trx)
    const rows = await trx
      .selectFrom('consent_events')
      .selectAll()
      .where('client_id', '=', first.client_id)
      .orderBy('seq')
      .execute()
    const rewritten: string[] = []
    let prev: string | null = null
    for (const row of rows) {
      const changed = row.receipt_id === receiptId ? { ...row, ...rewrite } : row
      if (changed !== row) rewritten.push(row.id)
      const hash = eventHash(prev, toStoredChainEvent({ ...changed, prev_hash: prev }))
      await trx
        .updateTable('consent_events')
        .set({ ...(changed === row ? {} : rewrite), prev_hash: prev, hash })
        .where('id', '=', row.id)
        .execute()
      prev = hash
    }
    await trx
      .updateTable('client_consent_versions')
      .set({ head_hash: prev })
      .where('client_id', '=', first.client_id)
      .execute()
    await sql`alter table consent_events enable trigger user`.execute(trx)
    return { clientId: first.client_id, rewritten }
  })
}
