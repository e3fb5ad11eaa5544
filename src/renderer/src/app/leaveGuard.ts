import { createStore, type StoreApi } from 'zustand/vanilla'

/**
 * Every way off a card that would lose pending consent changes. `discard` is the pending bar's
 * own Discard: it leaves nothing but the changes, and is asked about the same way.
 */
export type LeaveReason =
  'search' | 'back' | 'signOut' | 'language' | 'expired' | 'close' | 'discard'

/**
 * What would be lost: pending consent changes on a card, or a reviewer's half-written decision
 * on a review case (the two are never on screen together).
 */
export type LeaveSubject = 'consents' | 'decision'

export interface LeaveRequest {
  reason: LeaveReason
  /** How many changes would be lost, counted when the agent tried to leave. */
  count: number
  subject: LeaveSubject
  proceed(): void
}

export interface LeaveGuardState {
  request: LeaveRequest | null
  /**
   * Leaves at once when nothing is pending; otherwise holds `proceed` and asks. Discarding is
   * always a second, explicit step: `discardAndLeave`.
   */
  attempt(reason: LeaveReason, proceed: () => void): void
  /** Back to the changes, untouched. */
  stay(): void
  discardAndLeave(): void
}

export type LeaveGuardStore = StoreApi<LeaveGuardState>

export interface LeaveGuardDeps {
  /**
   * Changes the agent has made and not saved (0: nothing to lose). `reason` lets work that a
   * given way out does not touch stay out of the count (a language switch keeps a draft).
   */
  pendingCount(reason: LeaveReason): number
  /** Throws away what `pendingCount(reason)` counted. */
  discard(reason: LeaveReason): void
  /** What is pending; consent changes unless said otherwise. */
  subject?(reason: LeaveReason): LeaveSubject
}

export function createLeaveGuard(deps: LeaveGuardDeps): LeaveGuardStore {
  return createStore<LeaveGuardState>()((set, get) => ({
    request: null,

    attempt(reason, proceed) {
      const count = deps.pendingCount(reason)
      if (count === 0) {
        set({ request: null })
        proceed()
        return
      }
      // An expired session outranks anything already being asked: it is the one way off the
      // card the agent did not choose.
      const current = get().request
      if (current && current.reason === 'expired') return
      set({ request: { reason, count, subject: deps.subject?.(reason) ?? 'consents', proceed } })
    },

    stay() {
      set({ request: null })
    },

    discardAndLeave() {
      const request = get().request
      if (!request) return
      deps.discard(request.reason)
      set({ request: null })
      request.proceed()
    }
  }))
}
