import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsentState, PurposeDefinition } from '../../../../shared/domain/consent'
import type { ClaimResponse, ReviewCase } from '../../../../shared/domain/review'
import type { Staff } from '../../../../shared/domain/staff'
import type { IpcError } from '../../../../shared/ipc/result'
import { toBridgeError, type IpcClient } from '../../lib/ipc-client'
import {
  decisionInput,
  draftProblems,
  EMPTY_DRAFT,
  isDraftDirty,
  type DecisionDraft
} from './model'

/** The claim this window holds: the fencing token, until when, and when it was handed over. */
export interface HeldClaim {
  token: string
  expiresAt: string
  /** `Date.now()` when the answer arrived: the lease's length is `expiresAt` minus this. */
  receivedAt: number
}

export type CaseAction =
  'claim' | 'release' | 'decide' | 'approve' | 'sendBack' | 'extend' | 'reassign'

export interface CaseActionError {
  action: CaseAction
  code: string
  fields?: IpcError['fields']
}

/** What just went well, said once in the case's status line. */
export type CaseNotice =
  | 'claimed'
  | 'released'
  | 'decidedClosed'
  | 'decidedAwaiting'
  | 'approved'
  | 'sentBack'
  | 'extended'
  | 'reassigned'

export interface ReviewCaseState {
  /** The case on screen (null: the queue). */
  openId: string | null
  status: 'idle' | 'loading' | 'ready' | 'error'
  reviewCase: ReviewCase | null
  errorCode: string | null
  /** The live claim on the open case, if this window holds one. */
  claim: HeldClaim | null
  /**
   * The claim was held and is gone (it ran out, or someone else has the case now): the draft is
   * kept, and claiming again carries on with it.
   */
  claimLost: boolean
  busy: CaseAction | null
  actionError: CaseActionError | null
  notice: CaseNotice | null
  draft: DecisionDraft
  /** The client's current consents, beside the case. */
  consents: { status: 'idle' | 'loading' | 'ready' | 'error'; state: ConsentState | null }
  /** The purposes catalogue, for the consents' titles. */
  definitions: PurposeDefinition[] | null
  /** Reviewers a supervisor may hand the case to; null until asked for. */
  reviewers: Staff[] | null
  /** Claim next: on its way, nothing left, or failed. */
  claimNext: { status: 'idle' | 'claiming' | 'empty' | 'error'; errorCode: string | null }

  open(id: string): Promise<void>
  /** The case again, quietly (what is on screen stays until the answer). */
  reload(): Promise<void>
  close(): void
  claimNextCase(): Promise<boolean>
  clearClaimNext(): void
  claimCase(): Promise<void>
  release(): Promise<void>
  /** Keeps the claim alive while the case is on screen: renews at a third of the lease left. */
  startRenewing(): void
  stopRenewing(): void
  setDraft(patch: Partial<DecisionDraft>): void
  discardDraft(): void
  draftDirty(): boolean
  decide(): Promise<boolean>
  approve(approve: boolean, note: string): Promise<boolean>
  extend(months: 1 | 2, reason: string): Promise<boolean>
  reassign(assignee: string | null): Promise<boolean>
  loadReviewers(): Promise<void>
  clearActionError(): void
  reset(): void
}

export type ReviewCaseStore = StoreApi<ReviewCaseState>

export interface ReviewCaseDeps {
  ipc: IpcClient
  /** The signed-in staff member's id: whose claim a case is. */
  staffId(): string | null
  /** A renewal that failed for want of the network is tried again this soon (ms). */
  renewRetryMs?: number
}

/** Codes after which the claim is not ours any more. */
const CLAIM_GONE = new Set(['stale_claim', 'case_closed', 'not_found', 'forbidden'])

const CLOSED_CASE = {
  openId: null,
  status: 'idle',
  reviewCase: null,
  errorCode: null,
  claim: null,
  claimLost: false,
  busy: null,
  actionError: null,
  notice: null,
  consents: { status: 'idle', state: null }
} as const satisfies Partial<ReviewCaseState>

/**
 * The case on screen and the reviewer's work on it: the claim (a lease with a fencing token,
 * renewed while the case is on screen), the decision being written, and the supervisor's
 * approval, extension and reassignment. After every change the case shown is the one the API
 * returned.
 */
export function createReviewCaseStore(deps: ReviewCaseDeps): ReviewCaseStore {
  const { ipc } = deps
  const retryMs = deps.renewRetryMs ?? 15_000
  // Claims outlive the case on screen: a case closed and opened again carries on with its token
  // (renewing stops while it is not on screen, so an abandoned lease runs out as it should).
  const claims = new Map<string, HeldClaim>()
  let renewTimer: ReturnType<typeof setTimeout> | undefined
  let renewing = false
  // Every open gets a number; answers for a case no longer on screen are dropped.
  let opening = 0
  let consentsAsked = 0
  // The case the draft was written for (it survives closing the case and opening it again).
  let draftFor: string | null = null

  return createStore<ReviewCaseState>()((set, get) => {
    function hold(id: string, response: ClaimResponse): HeldClaim {
      const held: HeldClaim = {
        token: response.claim.token,
        expiresAt: response.claim.expiresAt,
        receivedAt: Date.now()
      }
      claims.set(id, held)
      return held
    }

    function stillHeld(id: string, token: string): boolean {
      return get().openId === id && get().claim?.token === token
    }

    /** The claim is gone; what was typed stays. */
    function loseClaim(id: string): void {
      clearTimeout(renewTimer)
      claims.delete(id)
      if (get().openId === id) set({ claim: null, claimLost: true })
    }

    function scheduleRenewal(): void {
      clearTimeout(renewTimer)
      const { claim, openId } = get()
      if (!renewing || !claim || !openId) return
      const expires = Date.parse(claim.expiresAt)
      const left = expires - Date.now()
      if (left <= 0) {
        loseClaim(openId)
        return
      }
      const lease = Math.max(expires - claim.receivedAt, 1_000)
      renewTimer = setTimeout(() => void renew(), Math.max(0, left - lease / 3))
    }

    async function renew(): Promise<void> {
      const { claim, openId } = get()
      if (!claim || !openId || !renewing) return
      try {
        const response = await ipc.invoke('reviews:renew', { id: openId, token: claim.token })
        if (!stillHeld(openId, claim.token)) return
        set({ claim: hold(openId, response), reviewCase: response.case })
        scheduleRenewal()
      } catch (error) {
        if (!stillHeld(openId, claim.token)) return
        const code = toBridgeError(error).code
        const left = Date.parse(claim.expiresAt) - Date.now()
        if (CLAIM_GONE.has(code) || left <= 0) {
          loseClaim(openId)
          void get().reload()
          return
        }
        // Not an answer about the claim (the network, a busy API): try again while it runs.
        clearTimeout(renewTimer)
        renewTimer = setTimeout(() => void renew(), Math.min(retryMs, left / 2))
      }
    }

    async function loadSurroundings(reviewCase: ReviewCase): Promise<void> {
      const asked = ++consentsAsked
      set({ consents: { status: 'loading', state: null } })
      const [consents, purposes] = await Promise.allSettled([
        ipc.invoke('consents:get', { clientId: reviewCase.client.id }),
        get().definitions ? Promise.resolve(null) : ipc.invoke('purposes:list')
      ])
      if (asked !== consentsAsked) return
      set({
        consents:
          consents.status === 'fulfilled'
            ? { status: 'ready', state: consents.value }
            : { status: 'error', state: null },
        ...(purposes.status === 'fulfilled' && purposes.value
          ? { definitions: purposes.value.items }
          : {})
      })
    }

    /** Puts a case on screen: the same case keeps its draft; another starts a clean one. */
    function show(id: string, patch: Partial<ReviewCaseState>): void {
      const sameCase = get().openId === id || draftFor === id
      draftFor = id
      set({
        ...CLOSED_CASE,
        openId: id,
        claim: liveClaim(id),
        ...(sameCase ? {} : { draft: EMPTY_DRAFT }),
        ...patch
      })
    }

    function liveClaim(id: string): HeldClaim | null {
      const held = claims.get(id)
      if (held && Date.parse(held.expiresAt) > Date.now()) return held
      claims.delete(id)
      return null
    }

    /** The API's view of a case decides whether a token we hold can still be good. */
    function reconcile(reviewCase: ReviewCase): void {
      const held = get().claim
      if (!held) return
      const mine = reviewCase.status === 'claimed' && reviewCase.assignee?.id === deps.staffId()
      if (!mine) loseClaim(reviewCase.id)
    }

    async function caseAction(
      action: CaseAction,
      call: (id: string) => Promise<ReviewCase>,
      after: (updated: ReviewCase) => Partial<ReviewCaseState>
    ): Promise<boolean> {
      const { openId, busy } = get()
      if (!openId || busy) return false
      set({ busy: action, actionError: null, notice: null })
      try {
        const updated = await call(openId)
        if (get().openId !== openId) return false
        set({ busy: null, reviewCase: updated, ...after(updated) })
        return true
      } catch (error) {
        if (get().openId !== openId) return false
        const bridgeError = toBridgeError(error)
        if (bridgeError.code === 'stale_claim') {
          set({ busy: null })
          loseClaim(openId)
          void get().reload()
          return false
        }
        set({
          busy: null,
          actionError: {
            action,
            code: bridgeError.code,
            ...(bridgeError.fields ? { fields: bridgeError.fields } : {})
          }
        })
        // The case moved on under us (claimed, closed, changed): show it as it is now.
        if (
          ['case_claimed', 'case_closed', 'invalid_transition', 'extension_not_allowed'].includes(
            bridgeError.code
          )
        ) {
          void get().reload()
        }
        return false
      }
    }

    return {
      ...CLOSED_CASE,
      draft: EMPTY_DRAFT,
      definitions: null,
      reviewers: null,
      claimNext: { status: 'idle', errorCode: null },

      async open(id) {
        const mine = ++opening
        show(id, { status: 'loading' })
        try {
          const reviewCase = await ipc.invoke('reviews:get', { id })
          if (mine !== opening) return
          set({ status: 'ready', reviewCase })
          reconcile(reviewCase)
          void loadSurroundings(reviewCase)
        } catch (error) {
          if (mine === opening) set({ status: 'error', errorCode: toBridgeError(error).code })
        }
      },

      async reload() {
        const { openId } = get()
        if (!openId) return
        if (get().status !== 'ready') {
          await get().open(openId)
          return
        }
        const mine = ++opening
        try {
          const reviewCase = await ipc.invoke('reviews:get', { id: openId })
          if (mine !== opening || get().openId !== openId) return
          set({ reviewCase })
          reconcile(reviewCase)
        } catch {
          // What is on screen stays; the next action says what is wrong.
        }
      },

      close() {
        opening++
        consentsAsked++
        clearTimeout(renewTimer)
        renewing = false
        set({ ...CLOSED_CASE })
      },

      async claimNextCase() {
        if (get().claimNext.status === 'claiming') return false
        set({ claimNext: { status: 'claiming', errorCode: null } })
        try {
          const response = await ipc.invoke('reviews:claim-next')
          if (response === null) {
            set({ claimNext: { status: 'empty', errorCode: null } })
            return false
          }
          opening++
          const id = response.case.id
          const claim = hold(id, response)
          show(id, { status: 'ready', reviewCase: response.case, claim, notice: 'claimed' })
          set({ claimNext: { status: 'idle', errorCode: null } })
          scheduleRenewal()
          void loadSurroundings(response.case)
          return true
        } catch (error) {
          set({ claimNext: { status: 'error', errorCode: toBridgeError(error).code } })
          return false
        }
      },

      clearClaimNext() {
        set({ claimNext: { status: 'idle', errorCode: null } })
      },

      async claimCase() {
        const { openId, busy } = get()
        if (!openId || busy) return
        set({ busy: 'claim', actionError: null, notice: null })
        try {
          const response = await ipc.invoke('reviews:claim', { id: openId })
          if (get().openId !== openId) return
          set({
            busy: null,
            claim: hold(openId, response),
            claimLost: false,
            reviewCase: response.case,
            notice: 'claimed'
          })
          scheduleRenewal()
        } catch (error) {
          if (get().openId !== openId) return
          set({ busy: null, actionError: { action: 'claim', code: toBridgeError(error).code } })
          void get().reload()
        }
      },

      async release() {
        const { claim } = get()
        if (!claim) return
        const token = claim.token
        await caseAction(
          'release',
          (id) => ipc.invoke('reviews:release', { id, token }),
          (updated) => {
            clearTimeout(renewTimer)
            claims.delete(updated.id)
            return { claim: null, claimLost: false, notice: 'released' }
          }
        )
      },

      startRenewing() {
        renewing = true
        scheduleRenewal()
      },

      stopRenewing() {
        renewing = false
        clearTimeout(renewTimer)
      },

      setDraft(patch) {
        set({ draft: { ...get().draft, ...patch } })
      },

      discardDraft() {
        set({ draft: EMPTY_DRAFT })
      },

      draftDirty() {
        return get().openId !== null && isDraftDirty(get().draft)
      },

      async decide() {
        const { reviewCase, claim, draft } = get()
        if (!reviewCase || !claim) return false
        if (Object.keys(draftProblems(draft, reviewCase)).length > 0) return false
        const input = decisionInput(draft, reviewCase, claim.token)
        return caseAction(
          'decide',
          () => ipc.invoke('reviews:decide', input),
          (updated) => {
            clearTimeout(renewTimer)
            claims.delete(updated.id)
            return {
              claim: null,
              claimLost: false,
              draft: EMPTY_DRAFT,
              notice: updated.status === 'closed' ? 'decidedClosed' : 'decidedAwaiting'
            }
          }
        )
      },

      approve(approve, note) {
        return caseAction(
          approve ? 'approve' : 'sendBack',
          (id) => ipc.invoke('reviews:approve', { id, approve, note: note.trim() }),
          () => ({ notice: approve ? 'approved' : 'sentBack' })
        )
      },

      extend(months, reason) {
        return caseAction(
          'extend',
          (id) => ipc.invoke('reviews:extend', { id, months, reason: reason.trim() }),
          () => ({ notice: 'extended' })
        )
      },

      reassign(assignee) {
        return caseAction(
          'reassign',
          (id) => ipc.invoke('reviews:reassign', { id, assignee }),
          (updated) => {
            const { claim } = get()
            if (claim && updated.assignee?.id !== deps.staffId()) {
              clearTimeout(renewTimer)
              claims.delete(updated.id)
              return { claim: null, notice: 'reassigned' }
            }
            return { notice: 'reassigned' }
          }
        )
      },

      async loadReviewers() {
        if (get().reviewers) return
        try {
          const { items } = await ipc.invoke('staff:list', { role: 'reviewer' })
          set({ reviewers: items })
        } catch {
          // Reassigning then offers only "back to the queue".
        }
      },

      clearActionError() {
        set({ actionError: null })
      },

      reset() {
        opening++
        consentsAsked++
        clearTimeout(renewTimer)
        renewing = false
        claims.clear()
        draftFor = null
        set({
          ...CLOSED_CASE,
          draft: EMPTY_DRAFT,
          definitions: null,
          reviewers: null,
          claimNext: { status: 'idle', errorCode: null }
        })
      }
    }
  })
}
