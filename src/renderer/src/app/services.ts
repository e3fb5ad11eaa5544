import { reachesApi, type DesktopBridge } from '../../../shared/ipc/contract'
import { BRIDGE_ERROR_CODES } from '../../../shared/ipc/result'
import { createAccessLogStore, type AccessLogStore } from '../features/access-log/store'
import { createAuthStore, type AuthStore } from '../features/auth/store'
import { createClientStore, type ClientStore } from '../features/client/store'
import { createDecisionsStore, type DecisionsStore } from '../features/decisions/store'
import { createConsentsStore, type ConsentsStore } from '../features/consents/store'
import { createTimelineStore, type TimelineStore } from '../features/consents/timelineStore'
import { createLookupStore, type LookupStore } from '../features/lookup/store'
import {
  createConfirmationsStore,
  type ConfirmationsStore
} from '../features/receipts/confirmationsStore'
import { createPrintPreviewStore, type PrintPreviewStore } from '../features/receipts/previewStore'
import {
  createReceiptRegisterStore,
  type ReceiptRegisterStore
} from '../features/receipts/registerStore'
import { createReviewCaseStore, type ReviewCaseStore } from '../features/review/caseStore'
import { createReviewQueueStore, type ReviewQueueStore } from '../features/review/queueStore'
import { createStaffAdminStore, type StaffAdminStore } from '../features/staff/store'
import { createIpcClient, type IpcClient } from '../lib/ipc-client'
import { createConnectivityStore, type ConnectivityStore } from './connectivityStore'
import { createLeaveGuard, type LeaveGuardStore, type LeaveReason } from './leaveGuard'

export interface AppServices {
  ipc: IpcClient
  connectivity: ConnectivityStore
  auth: AuthStore
  lookup: LookupStore
  client: ClientStore
  consents: ConsentsStore
  timeline: TimelineStore
  /** The open client's automated decisions and review requests (the card's Decisions tab). */
  decisions: DecisionsStore
  /** The receipt on screen after a save (or a reprint), ready to print. */
  printPreview: PrintPreviewStore
  /** The receipts register and the check of a printed code. */
  receipts: ReceiptRegisterStore
  /** The open client's receipts (the card's Receipts tab). */
  clientReceipts: ReceiptRegisterStore
  /** Batch consent confirmations (supervisors). */
  confirmations: ConfirmationsStore
  /** The review queue (reviewers and supervisors). */
  reviewQueue: ReviewQueueStore
  /** The review case on screen, its claim and the decision being written. */
  reviewCase: ReviewCaseStore
  /** The admin's staff accounts (admins only). */
  staffAdmin: StaffAdminStore
  /** Supervisors: who looked at which client, and why. */
  accessLog: AccessLogStore
  /** Asks before any way off a card loses pending consent changes. */
  leave: LeaveGuardStore
  /**
   * The session is over (main said so, or a call came back "not signed in"). With pending
   * changes the agent is asked first and may sign in again to keep them.
   */
  endSession(reason: 'expired' | 'signed_out' | 'idle'): void
  /** Consent changes and a half-written decision not yet saved: what switching user loses. */
  unsavedCount(): number
}

export interface AppServiceOptions {
  searchDebounceMs?: number
  /** Makes the request ids of consent saves (tests pin them). */
  newId?: () => string
}

/** Wires the stores together; one set per window (and per test). */
export function createAppServices(
  bridge: DesktopBridge,
  options: AppServiceOptions = {}
): AppServices {
  // The observer refers to stores created below; it only runs once a call settles, by which
  // time they all exist.
  const ipc = createIpcClient(bridge, {
    // Which calls reach the API is the contract's `reachesApi`: their success proves the API
    // is reachable again.
    onSuccess(channel) {
      if (reachesApi(channel)) connectivity.getState().markReachable()
    },
    onError(channel, error) {
      if (error.code === BRIDGE_ERROR_CODES.apiUnreachable) {
        connectivity.getState().markUnreachable()
      } else if (reachesApi(channel) && error.status !== undefined) {
        // An HTTP status means the API answered, even if the answer was "no".
        connectivity.getState().markReachable()
      }
      // A session that main or the API no longer knows: back to sign-in, whatever the screen.
      if (error.code === BRIDGE_ERROR_CODES.notSignedIn && channel !== 'auth:login') {
        endSession('expired')
      }
    }
  })

  const connectivity = createConnectivityStore({ health: () => ipc.invoke('api:health') })
  const client = createClientStore({ ipc })
  const lookup = createLookupStore({
    ipc,
    debounceMs: options.searchDebounceMs,
    // The client's details and consents come in one request (the card's), not one after the
    // other; each store takes its half.
    onOpen: (item) => {
      const card = ipc.invoke('clients:card', { id: item.id })
      void client.getState().open(
        item.id,
        item,
        card.then((answer) => answer.client)
      )
      void consents.getState().open(
        item.id,
        card.then((answer) => answer.consents)
      )
    }
  })
  const consents = createConsentsStore({
    ipc,
    ...(options.newId === undefined ? {} : { newId: options.newId })
  })
  const timeline = createTimelineStore({ ipc })
  const printPreview = createPrintPreviewStore({ ipc })
  const decisions = createDecisionsStore({ ipc })
  // Another client, or none (back to the search, signed out): nothing of the last one stays.
  consents.subscribe((state, previous) => {
    if (state.clientId !== previous.clientId) decisions.getState().reset()
  })
  const receipts = createReceiptRegisterStore({ ipc })
  const clientReceipts = createReceiptRegisterStore({ ipc })
  const confirmations = createConfirmationsStore({
    ipc,
    ...(options.newId === undefined ? {} : { newId: options.newId })
  })
  const reviewQueue = createReviewQueueStore({ ipc })
  const staffAdmin = createStaffAdminStore({ ipc })
  const accessLog = createAccessLogStore({ ipc })
  const reviewCase = createReviewCaseStore({
    ipc,
    staffId: () => auth.getState().session?.staff.id ?? null
  })
  const auth = createAuthStore({
    ipc,
    onSignedOut() {
      reviewCase.getState().reset()
      reviewQueue.getState().reset()
      // Nothing about the last client may stay on screen or in memory for the next person.
      client.getState().reset()
      consents.getState().reset()
      timeline.getState().reset()
      printPreview.getState().close()
      receipts.getState().reset()
      clientReceipts.getState().reset()
      accessLog.getState().reset()
      lookup.getState().reset()
      staffAdmin.getState().reset()
    }
  })

  const pendingCount = (): number => Object.keys(consents.getState().pending).length
  // A half-written review decision counts as one thing to lose; a language switch keeps it (and
  // the pending bar's own Discard is about consent changes only).
  const draftAt = (reason: LeaveReason): boolean =>
    reason !== 'language' && reason !== 'discard' && reviewCase.getState().draftDirty()
  const leave = createLeaveGuard({
    pendingCount: (reason) => pendingCount() + (draftAt(reason) ? 1 : 0),
    discard: (reason) => {
      consents.getState().discard()
      if (draftAt(reason)) reviewCase.getState().discardDraft()
    },
    subject: (reason) => (pendingCount() === 0 && draftAt(reason) ? 'decision' : 'consents')
  })

  function endSession(reason: 'expired' | 'signed_out' | 'idle'): void {
    if (auth.getState().status !== 'signedIn') return
    // The API found the session idle: lock the screen, keep everything on it.
    if (reason === 'idle') {
      auth.getState().lockScreen('idle')
      return
    }
    // Locked already: main has no token on purpose, so calls that still arrive (a debounced
    // search, a poll) answer "not signed in"; that is no reason to leave the locked screen.
    if (auth.getState().lock !== null) return
    if (reason === 'expired')
      leave.getState().attempt('expired', () => auth.getState().sessionEnded(reason))
    else auth.getState().sessionEnded(reason)
  }

  // Main asks before the window closes only while there is something to lose.
  let unsaved = false
  const reportUnsaved = (): void => {
    const now = pendingCount() > 0 || reviewCase.getState().draftDirty()
    if (now === unsaved) return
    unsaved = now
    ipc.invoke('app:unsaved-work', { unsaved: now }).catch(() => {
      // Main is local; if it cannot hear this, closing simply does not ask.
    })
  }
  consents.subscribe(reportUnsaved)
  reviewCase.subscribe(reportUnsaved)
  ipc.on('app:close-requested', () =>
    leave.getState().attempt('close', () => void ipc.invoke('app:close').catch(() => undefined))
  )

  return {
    ipc,
    connectivity,
    auth,
    lookup,
    client,
    consents,
    timeline,
    decisions,
    printPreview,
    receipts,
    clientReceipts,
    confirmations,
    reviewQueue,
    reviewCase,
    staffAdmin,
    accessLog,
    leave,
    endSession,
    unsavedCount: () => pendingCount() + (reviewCase.getState().draftDirty() ? 1 : 0)
  }
}
