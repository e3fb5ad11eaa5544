import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ApiHealth } from '../../../shared/ipc/contract'

export interface ConnectivityState {
  /** null until the first answer: the banner must not flash before we know. */
  reachable: boolean | null
  checking: boolean
  check(): Promise<void>
  markReachable(): void
  markUnreachable(): void
}

export type ConnectivityStore = StoreApi<ConnectivityState>

export interface ConnectivityDeps {
  health(): Promise<ApiHealth>
}

export function createConnectivityStore(deps: ConnectivityDeps): ConnectivityStore {
  return createStore<ConnectivityState>()((set, get) => ({
    reachable: null,
    checking: false,
    async check() {
      if (get().checking) return
      set({ checking: true })
      try {
        const health = await deps.health()
        set({ reachable: health.reachable, checking: false })
      } catch {
        // If main itself cannot answer, the API is as good as unreachable for this window.
        set({ reachable: false, checking: false })
      }
    },
    markReachable() {
      if (get().reachable !== true) set({ reachable: true })
    },
    markUnreachable() {
      if (get().reachable !== false) set({ reachable: false })
    }
  }))
}
