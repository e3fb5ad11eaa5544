import type { Kysely } from 'kysely'
import { consentOperations } from '../../shared/api/consent-operations'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import type { RegisterOperation } from '../http/register-operation'
import type { ReceiptSigning } from '../receipts/receipt-signing'
import {
  createConsentStateReader,
  getConsentState,
  listConsentEvents,
  recordConsents,
  verifyClientChain
} from './consents.service'
import { readFeed } from './feed.service'
import { headerValue, requireIdempotencyKey, requireIfMatch } from '../http/write-headers'
import { checkPermissions, createPermissionCheck } from './permissions.service'
import { listPurposes } from './purposes.service'

export function registerConsentRoutes(
  register: RegisterOperation,
  deps: { db: Kysely<Database>; clock: Clock; signing: ReceiptSigning }
): void {
  register(consentOperations.listPurposes, async () => listPurposes(deps.db))

  const readCurrent = createConsentStateReader(deps)
  register(consentOperations.getConsents, async ({ params, query, reply }) => {
    const state =
      query.at === undefined
        ? await readCurrent(params.id)
        : await getConsentState(deps, { clientId: params.id, at: query.at })
    // RFC 9110 strong validator: what the next write sends back as If-Match.
    if (query.at === undefined) void reply.header('etag', `"${state.version}"`)
    return state
  })

  register(consentOperations.recordConsents, async ({ params, body, auth, request, reply }) => {
    // Key first (400), then If-Match (428): a client missing both learns about the key first.
    const idempotencyKey = requireIdempotencyKey(headerValue(request.headers['idempotency-key']))
    const expectedVersion = requireIfMatch(headerValue(request.headers['if-match']))
    const result = await recordConsents(deps, {
      clientId: params.id,
      staff: auth.staff,
      idempotencyKey,
      expectedVersion,
      body
    })
    void reply.header('etag', `"${result.version}"`)
    return result
  })

  register(consentOperations.listConsentEvents, async ({ params, query }) =>
    listConsentEvents(deps, { clientId: params.id, ...query })
  )

  register(consentOperations.verifyConsents, async ({ params }) =>
    verifyClientChain(deps, params.id)
  )

  const checkPermission = createPermissionCheck(deps.db)
  register(consentOperations.checkPermission, async ({ query }) => checkPermission(query))

  register(consentOperations.checkPermissionsBatch, async ({ body }) => {
    const answers = await checkPermissions(deps.db, body.checks)
    return {
      results: body.checks.map((check, index) => ({
        client: check.client,
        purpose: check.purpose,
        ...(check.channel ? { channel: check.channel } : {}),
        ...answers[index]!
      }))
    }
  })

  register(consentOperations.consentFeed, async ({ query }) => readFeed(deps.db, query))
}
