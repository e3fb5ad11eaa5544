import { createStore, type StoreApi } from 'zustand/vanilla'

/**
 * Every way off a card that would lose pending consent changes. `discard` is the pending bar's
 * own Discard: it leaves nothing but the changes, and is asked about the same way.
 */
export type LeaveReason = 'search' | 'back' | 'signOut' | 'language' | 'expired' | 'close' | 'discard'

export interface LeaveRequest {
  reason: LeaveReason
  /** How many changes would be lost, counted when the agent tried to leave. */
  count: number
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
  /** Changes the agent has made and not saved (0: nothing to lose). */
  pendingCount(): number
  discard(): void
}

export function createLeaveGuard(deps: LeaveGuardDeps): LeaveGuardStore {
  return createStore<LeaveGuardState>()((set, get) => ({
    request: null,

    attempt(reason, proceed) {
      const count = deps.pendingCount()
      if (count === 0) {
        set({ request: null })
        proceed()
        return
      }
      // An expired session outranks anything already being asked: it is the one way off the
      // card the agent did not choose.
      const current = get().request
      if (current && current.reason === 'expired') return
      set({ request: { reason, count, proceed } })
    },

    stay() {
      set({ request: null })
    },

    discardAndLeave() {
      const request = get().request
      if (!request) return
      deps.discard()
      set({ request: null })
      request.proceed()
    }
  }))
}
