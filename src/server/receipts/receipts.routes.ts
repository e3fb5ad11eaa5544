import type { Kysely } from 'kysely'
import { receiptOperations } from '../../shared/api/receipt-operations'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import type { RegisterOperation } from '../http/register-operation'
import { issueConsentReport } from './consent-report.service'
import type { ReceiptSigning } from './receipt-signing'
import { getReceipt, listReceipts, publishedKeys, verifyReceipt } from './receipts.service'

export function registerReceiptRoutes(
  register: RegisterOperation,
  deps: { db: Kysely<Database>; clock: Clock; signing: ReceiptSigning }
): void {
  register(receiptOperations.getReceipt, async ({ params, auth }) =>
    getReceipt(deps, { id: params.id, staff: auth.staff })
  )

  register(receiptOperations.listReceipts, async ({ query, auth }) =>
    listReceipts(deps, { ...query, staff: auth.staff })
  )

  register(receiptOperations.verifyReceipt, async ({ body }) => verifyReceipt(deps, body))

  register(receiptOperations.receiptKeys, async ({ reply }) => {
    // Keys are only ever added; a verifier may keep this for a while.
    void reply.header('cache-control', 'public, max-age=300')
    return publishedKeys(deps.db)
  })

  register(receiptOperations.getConsentReport, async ({ params, query, auth }) =>
    issueConsentReport(deps, { clientId: params.id, language: query.language, staff: auth.staff })
  )
}
