import { createStore, type StoreApi } from 'zustand/vanilla'
import type { AccessLogEntry } from '../../../../shared/domain/access-log'
import type { Staff } from '../../../../shared/domain/staff'
import { toBridgeError, type IpcClient } from '../../lib/ipc-client'

/** The filters as the API takes them (instants for the dates, ids for the rest). */
export interface AccessLogFilters {
  clientId?: string
  staffId?: string
  from?: string
  to?: string
}

export interface AccessLogState {
  filters: AccessLogFilters
  /** The client the screen was opened for (from the card): its name for the heading. */
  client: { id: string; name: string } | null
  status: 'idle' | 'loading' | 'ready' | 'error'
  items: AccessLogEntry[]
  nextCursor: string | null
  loadingMore: boolean
  errorCode: string | null
  /** Staff for the "who" filter; null until loaded (the filter then offers "all" only). */
  staff: Staff[] | null
  /** From a client card: that client's rows only. */
  openedForClient(client: { id: string; name: string }): Promise<void>
  filtersChanged(filters: Omit<AccessLogFilters, 'clientId'>): Promise<void>
  clientCleared(): Promise<void>
  load(): Promise<void>
  loadMore(): Promise<void>
  loadStaff(): Promise<void>
  reset(): void
}

export type AccessLogStore = StoreApi<AccessLogState>

export const ACCESS_LOG_PAGE_SIZE = 50

const INITIAL = {
  filters: {},
  client: null,
  status: 'idle',
  items: [],
  nextCursor: null,
  loadingMore: false,
  errorCode: null,
  staff: null
} as const satisfies Partial<AccessLogState>

/**
 * "Who looked at this client, and why": the access log, newest first, keyset-paged by the API
 * (supervisors only; the API checks). Every page read is itself logged by the API.
 */
export function createAccessLogStore({ ipc }: { ipc: IpcClient }): AccessLogStore {
  // An answer for filters that have changed since is dropped.
  let sequence = 0

  return createStore<AccessLogState>()((set, get) => ({
    ...INITIAL,

    async openedForClient(client) {
      set({ client, filters: { clientId: client.id } })
      await get().load()
    },

    async filtersChanged(filters) {
      const clientId = get().filters.clientId
      set({ filters: { ...filters, ...(clientId ? { clientId } : {}) } })
      await get().load()
    },

    async clientCleared() {
      const { clientId: _, ...rest } = get().filters
      set({ client: null, filters: rest })
      await get().load()
    },

    async load() {
      const mine = ++sequence
      set({ status: 'loading', errorCode: null, loadingMore: false })
      try {
        const page = await ipc.invoke('access-log:list', {
          ...get().filters,
          limit: ACCESS_LOG_PAGE_SIZE
        })
        if (mine === sequence) {
          set({ status: 'ready', items: page.items, nextCursor: page.nextCursor })
        }
      } catch (error) {
        if (mine === sequence) set({ status: 'error', errorCode: toBridgeError(error).code })
      }
    },

    async loadMore() {
      const { nextCursor, loadingMore, filters } = get()
      if (!nextCursor || loadingMore) return
      const mine = sequence
      set({ loadingMore: true })
      try {
        const page = await ipc.invoke('access-log:list', {
          ...filters,
          cursor: nextCursor,
          limit: ACCESS_LOG_PAGE_SIZE
        })
        if (mine === sequence) {
          set({
            items: [...get().items, ...page.items],
            nextCursor: page.nextCursor,
            loadingMore: false
          })
        }
      } catch (error) {
        if (mine === sequence) set({ loadingMore: false, errorCode: toBridgeError(error).code })
      }
    },

    async loadStaff() {
      if (get().staff) return
      try {
        // Everyone who may read client data: the counter, then the reviewers.
        const [counter, reviewers] = await Promise.all([
          ipc.invoke('staff:list'),
          ipc.invoke('staff:list', { role: 'reviewer' }).catch(() => ({ items: [] }))
        ])
        const byId = new Map([...counter.items, ...reviewers.items].map((s) => [s.id, s]))
        set({ staff: [...byId.values()] })
      } catch {
        // The screen works without the directory: its staff filter then offers "all" only.
      }
    },

    reset() {
      sequence++
      set(INITIAL)
    }
  }))
}
