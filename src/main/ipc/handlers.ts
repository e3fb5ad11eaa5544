import { BRIDGE_ERROR_CODES } from '../../shared/ipc/result'
import type { ApiClient } from '../api/api-client'
import { BridgeError } from '../../shared/ipc/result'
import type { Logger } from '../ports'
import type { CloseGuard } from '../services/close-guard'
import type { ConfirmationBatches } from '../services/confirmations'
import type { PrintService } from '../services/print'
import type { SessionStore } from '../services/session'
import type { AppInfo } from '../../shared/ipc/contract'
import type { IpcHandlers } from './register'

export interface HandlerServices {
  appInfo: AppInfo
  api: ApiClient
  session: SessionStore
  closeGuard: CloseGuard
  print: PrintService
  /** Null in a process started without a printer. */
  confirmations: ConfirmationBatches | null
  logger: Logger
}

/** One function per invoke channel; inputs arrive already parsed by the contract. */
export function createHandlers({
  appInfo,
  api,
  session,
  closeGuard,
  print,
  confirmations,
  logger
}: HandlerServices): IpcHandlers {
  // Fails fast without a request: the renderer should not be asking, and the API would say 401.
  const requireSession = (): void => {
    if (!session.token()) {
      throw new BridgeError({ code: BRIDGE_ERROR_CODES.notSignedIn, message: 'Not signed in' })
    }
  }

  // One search at a time: a new one cancels the request still on its way, so a fast typist or
  // a scanner never queues answers for texts that are no longer in the box.
  let searchInFlight: AbortController | undefined

  return {
    'app:info': async () => appInfo,

    'api:health': async () => {
      try {
        // No retries and a short timeout: this drives the "service unavailable" banner.
        const health = await api.call('health', {}, { retries: 0, timeoutMs: 3_000 })
        return { reachable: true, database: health.database, version: health.version }
      } catch {
        return { reachable: false }
      }
    },

    'auth:login': async (credentials) => {
      const answer = await api.call('login', { body: credentials })
      return session.start(answer)
    },

    'auth:logout': async () => {
      if (session.token()) {
        try {
          await api.call('logout', {})
        } catch (error) {
          // Signing out locally must work even when the API cannot hear it; the token expires.
          logger.warn('API logout failed; session forgotten locally', {
            code: error instanceof BridgeError ? error.code : 'unknown'
          })
        }
      }
      session.end('signed_out')
      return null
    },

    'auth:session': async () => session.current(),

    'auth:lock': async () => {
      if (session.token()) {
        try {
          // The locked desk's session must be useless to anyone: end it at the API too.
          await api.call('logout', {})
        } catch (error) {
          logger.warn('API logout on lock failed; token forgotten locally', {
            code: error instanceof BridgeError ? error.code : 'unknown'
          })
        }
      }
      session.forget()
      return null
    },

    'auth:logout-all': async () => {
      requireSession()
      // Unlike a plain sign-out this must reach the API (its point is the other sessions), so a
      // failure is the answer and this session stays.
      await api.call('logoutAll', {})
      session.end('signed_out')
      return null
    },

    'auth:change-password': async (body) => {
      requireSession()
      await api.call('changePassword', { body })
      session.passwordChanged()
      return null
    },

    // The channel's input is the REST query (see the contract), so it goes on as it is.
    'clients:search': async (query) => {
      requireSession()
      searchInFlight?.abort()
      const mine = new AbortController()
      searchInFlight = mine
      try {
        return await api.call('searchClients', { query }, { signal: mine.signal })
      } finally {
        if (searchInFlight === mine) searchInFlight = undefined
      }
    },

    'clients:get': async (params) => {
      requireSession()
      return api.call('getClient', { params })
    },

    'clients:card': async (params) => {
      requireSession()
      return api.call('getClientCard', { params })
    },

    'clients:reveal': async ({ id, ...body }) => {
      requireSession()
      return api.call('revealClient', { params: { id }, body })
    },

    'clients:update': async ({ clientId, expectedVersion, change }) => {
      requireSession()
      // If-Match refuses a change based on a stale read (412), like a consent write.
      return api.call('updateClient', {
        params: { id: clientId },
        headers: { 'if-match': `"${expectedVersion}"` },
        body: change
      })
    },

    'clients:history': async ({ clientId, cursor, limit }) => {
      requireSession()
      return api.call('getClientHistory', {
        params: { id: clientId },
        query: {
          ...(cursor === undefined ? {} : { cursor }),
          ...(limit === undefined ? {} : { limit })
        }
      })
    },

    'access-log:list': async ({ limit, ...query }) => {
      requireSession()
      return api.call('getAccessLog', {
        query: { ...query, ...(limit === undefined ? {} : { limit }) }
      })
    },

    'purposes:list': async () => {
      requireSession()
      // The purposes and the rights statement: the desk shows (and the save names) both.
      return api.call('listPurposes', {})
    },

    'consents:get': async ({ clientId, ...query }) => {
      requireSession()
      return api.call('getConsents', { params: { id: clientId }, query })
    },

    'consents:record': async ({ clientId, requestId, expectedVersion, ...body }) => {
      requireSession()
      // The renderer's requestId names one logical save, so a retry after a timeout is
      // recognised by the API instead of recording twice; If-Match refuses a stale view (412).
      return api.call(
        'recordConsents',
        {
          params: { id: clientId },
          headers: { 'idempotency-key': requestId, 'if-match': `"${expectedVersion}"` },
          body
        },
        { timeoutMs: 15_000 }
      )
    },

    'consents:events': async ({ clientId, filters, cursor, limit }) => {
      requireSession()
      return api.call('listConsentEvents', {
        params: { id: clientId },
        query: {
          ...filters,
          ...(cursor === undefined ? {} : { cursor }),
          ...(limit === undefined ? {} : { limit })
        }
      })
    },

    'consents:verify': async ({ clientId }) => {
      requireSession()
      return api.call('verifyConsents', { params: { id: clientId } })
    },

    'staff:list': async (query) => {
      requireSession()
      return api.call('listStaff', { query: query ?? {} })
    },

    'staff:create': async (body) => {
      requireSession()
      return api.call('createStaff', { body })
    },

    'staff:update': async ({ id, expectedVersion, change }) => {
      requireSession()
      // If-Match refuses an edit based on a stale read (412), like a consent write.
      return api.call('updateStaff', {
        params: { id },
        headers: { 'if-match': `"${expectedVersion}"` },
        body: change
      })
    },

    'staff:unlock': async (params) => {
      requireSession()
      await api.call('unlockStaff', { params })
      return null
    },

    'receipts:get': async (params) => {
      requireSession()
      return api.call('getReceipt', { params })
    },

    'receipts:list': async ({ limit, ...query }) => {
      requireSession()
      return api.call('listReceipts', {
        query: { ...query, ...(limit === undefined ? {} : { limit }) }
      })
    },

    'receipts:verify': async (body) => {
      requireSession()
      return api.call('verifyReceipt', { body })
    },

    'decisions:list': async ({ clientId }) => {
      requireSession()
      return api.call('listClientDecisions', { params: { id: clientId } })
    },

    'reviews:create': async (body) => {
      requireSession()
      return api.call('createReviewCase', { body })
    },

    'reviews:client': async ({ clientId }) => {
      requireSession()
      return api.call('listClientReviewCases', { params: { id: clientId } })
    },

    'reviews:list': async ({ limit, sort, ...query }) => {
      requireSession()
      return api.call('listReviewCases', {
        query: {
          ...query,
          ...(limit === undefined ? {} : { limit }),
          ...(sort === undefined ? {} : { sort })
        }
      })
    },

    'reviews:get': async (params) => {
      requireSession()
      return api.call('getReviewCase', { params })
    },

    // The API's 204 (nothing left to claim) crosses the bridge as null.
    'reviews:claim-next': async () => {
      requireSession()
      return (await api.call('claimNextReviewCase', {})) ?? null
    },

    'reviews:claim': async (params) => {
      requireSession()
      return api.call('claimReviewCase', { params })
    },

    'reviews:renew': async ({ id, ...body }) => {
      requireSession()
      return api.call('renewReviewClaim', { params: { id }, body })
    },

    'reviews:release': async ({ id, ...body }) => {
      requireSession()
      return api.call('releaseReviewClaim', { params: { id }, body })
    },

    'reviews:decide': async ({ id, ...body }) => {
      requireSession()
      return api.call('decideReviewCase', { params: { id }, body })
    },

    'reviews:approve': async ({ id, ...body }) => {
      requireSession()
      return api.call('approveReviewCase', { params: { id }, body })
    },

    'reviews:extend': async ({ id, ...body }) => {
      requireSession()
      return api.call('extendReviewCase', { params: { id }, body })
    },

    'reviews:reassign': async ({ id, ...body }) => {
      requireSession()
      return api.call('reassignReviewCase', { params: { id }, body })
    },

    'print:prepare': async (input) => {
      requireSession()
      return print.prepare(input)
    },

    'print:output': async (input) => {
      requireSession()
      return print.output(input)
    },

    'confirmations:print': async (input) => {
      requireSession()
      // The desk offers batches to supervisors; what each holds, the API decides per call.
      if (!confirmations) {
        throw new BridgeError({
          code: BRIDGE_ERROR_CODES.printingUnavailable,
          message: 'Printing is not available in this process'
        })
      }
      return confirmations.print(input)
    },

    'confirmations:cancel': async ({ jobId }) => {
      confirmations?.cancel(jobId)
      return null
    },

    // No session needed: unsaved work and closing the window matter signed in or not.
    'app:unsaved-work': async ({ unsaved }) => {
      closeGuard.setUnsavedWork(unsaved)
      return null
    },

    'app:close': async () => {
      closeGuard.closeWithoutAsking()
      return null
    }
  }
}
