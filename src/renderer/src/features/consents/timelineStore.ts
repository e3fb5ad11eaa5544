import { createStore, type StoreApi } from 'zustand/vanilla'
import type {
  ChainVerification,
  ConsentEvent,
  ConsentState
} from '../../../../shared/domain/consent'
import type { ClientHistoryEntry } from '../../../../shared/domain/client-change'
import { rigaEndOfDay, rigaInstant, type WallTime } from '../../../../shared/domain/dates'
import type { ConsentEventFilters } from '../../../../shared/ipc/contract'
import { toBridgeError, type IpcClient } from '../../lib/ipc-client'
import type { LoadStatus } from './store'

/** `/consents/verify`: the chain, the stored state against the events, the signed receipts. */
export type ChainResult = ChainVerification

/**
 * The moment whose state is shown: what the agent typed (a Riga date, and a time if typed) and the
 * instant asked of the API. A date without a time means the end of that day, so that the state
 * includes everything recorded on it.
 */
export interface StateMoment {
  wall: WallTime
  instant: string
}

export function stateMoment(wall: WallTime): StateMoment {
  return {
    wall,
    instant: wall.time === null ? rigaEndOfDay(wall.date) : rigaInstant(wall.date, wall.time)
  }
}

export interface TimelineState {
  clientId: string | null
  filters: ConsentEventFilters
  status: LoadStatus
  /** True while further pages are still being fetched behind the rows already shown. */
  loadingMore: boolean
  errorCode: string | null
  events: ConsentEvent[]
  chain: ChainResult | null
  chainStatus: LoadStatus
  stateAt: StateMoment | null
  stateAtStatus: LoadStatus
  stateAtResult: ConsentState | null
  /** Changes of the client's data (phones, e-mail, address, language, names), newest first. */
  dataChanges: ClientHistoryEntry[]
  dataChangesStatus: LoadStatus
  open(clientId: string): void
  setFilters(filters: ConsentEventFilters): void
  reload(): void
  /** Shows the state at a typed Riga date (and time); null goes back to now. */
  showStateAt(at: WallTime | null): Promise<void>
  reset(): void
}

export type TimelineStore = StoreApi<TimelineState>

export interface TimelineDeps {
  ipc: IpcClient
  pageSize?: number
  /** A smaller first page puts the newest events on screen sooner (default 100). */
  firstPageSize?: number
}

const CLOSED = {
  clientId: null,
  filters: {},
  status: 'idle',
  loadingMore: false,
  errorCode: null,
  events: [],
  chain: null,
  chainStatus: 'idle',
  stateAt: null,
  stateAtStatus: 'idle',
  stateAtResult: null,
  dataChanges: [],
  dataChangesStatus: 'idle'
} as const satisfies Partial<TimelineState>

/** The data changes shown beside the events: the newest this many pages of 100. */
const DATA_CHANGE_PAGES = 5

/**
 * The consent timeline: every page is fetched, the first shown at once and the rest appended as
 * they arrive, so a long history scrolls without waiting for the last page. The chain check
 * starts only after the first page: it reads every event, and on the embedded database (one
 * connection) it would otherwise hold the first page back.
 */
export function createTimelineStore(deps: TimelineDeps): TimelineStore {
  const pageSize = deps.pageSize ?? 500
  const firstPageSize = Math.min(deps.firstPageSize ?? 100, pageSize)
  let sequence = 0
  let stateSequence = 0

  return createStore<TimelineState>()((set, get) => {
    async function load(onFirstAnswer?: () => void): Promise<void> {
      const { clientId, filters } = get()
      if (!clientId) return
      let answered = false
      const afterFirstPage = (): void => {
        if (!answered) onFirstAnswer?.()
        answered = true
      }
      const mine = ++sequence
      set({ status: 'loading', loadingMore: false, errorCode: null, events: [] })
      let cursor: string | undefined
      try {
        for (;;) {
          const page = await deps.ipc.invoke('consents:events', {
            clientId,
            filters,
            limit: cursor === undefined ? firstPageSize : pageSize,
            ...(cursor === undefined ? {} : { cursor })
          })
          if (mine !== sequence) return
          const first = cursor === undefined
          const events = first ? page.items : [...get().events, ...page.items]
          cursor = page.nextCursor ?? undefined
          set({ status: 'ready', events, loadingMore: cursor !== undefined })
          if (first) afterFirstPage()
          if (cursor === undefined) return
        }
      } catch (error) {
        if (mine !== sequence) return
        set({ status: 'error', loadingMore: false, errorCode: toBridgeError(error).code })
        afterFirstPage()
      }
    }

    async function verify(): Promise<void> {
      const { clientId } = get()
      if (!clientId) return
      set({ chainStatus: 'loading' })
      try {
        const chain = await deps.ipc.invoke('consents:verify', { clientId })
        if (get().clientId === clientId) set({ chain, chainStatus: 'ready' })
      } catch {
        if (get().clientId === clientId) set({ chainStatus: 'error' })
      }
    }

    async function loadDataChanges(): Promise<void> {
      const { clientId } = get()
      if (!clientId) return
      set({ dataChangesStatus: 'loading' })
      try {
        let cursor: string | undefined
        let entries: ClientHistoryEntry[] = []
        for (let page = 0; page < DATA_CHANGE_PAGES; page++) {
          const answer = await deps.ipc.invoke('clients:history', {
            clientId,
            limit: 100,
            ...(cursor === undefined ? {} : { cursor })
          })
          if (get().clientId !== clientId) return
          entries = [...entries, ...answer.items]
          cursor = answer.nextCursor ?? undefined
          if (cursor === undefined) break
        }
        set({ dataChanges: entries, dataChangesStatus: 'ready' })
      } catch {
        if (get().clientId === clientId) set({ dataChangesStatus: 'error' })
      }
    }

    /** After the first page of events: the chain check and the data changes. */
    function afterFirstPage(): void {
      void verify()
      void loadDataChanges()
    }

    return {
      ...CLOSED,

      open(clientId) {
        sequence++
        stateSequence++
        set({ ...CLOSED, clientId })
        void load(afterFirstPage)
      },

      setFilters(filters) {
        set({ filters })
        void load()
      },

      reload() {
        void load(afterFirstPage)
      },

      async showStateAt(at) {
        const { clientId } = get()
        const mine = ++stateSequence
        if (!clientId || at === null) {
          set({ stateAt: null, stateAtStatus: 'idle', stateAtResult: null })
          return
        }
        const moment = stateMoment(at)
        set({ stateAt: moment, stateAtStatus: 'loading', stateAtResult: null })
        try {
          const state = await deps.ipc.invoke('consents:get', { clientId, at: moment.instant })
          if (mine === stateSequence) set({ stateAtStatus: 'ready', stateAtResult: state })
        } catch {
          if (mine === stateSequence) set({ stateAtStatus: 'error' })
        }
      },

      reset() {
        sequence++
        stateSequence++
        set({ ...CLOSED })
      }
    }
  })
}
