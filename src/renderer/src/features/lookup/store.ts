import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ClientSearchItem } from '../../../../shared/domain/client'
import { classifyQuery } from '../../../../shared/identifiers/searchText'
import { toBridgeError, type IpcClient } from '../../lib/ipc-client'

export type LookupStatus = 'idle' | 'loading' | 'ready' | 'error'

/** What went wrong, with an i18n key chosen here so components stay free of branching rules. */
export interface LookupError {
  code: string
  messageKey: string
}

export interface LookupState {
  query: string
  status: LookupStatus
  items: ClientSearchItem[]
  error: LookupError | null
  /** Index into the visible rows (results, or recent clients when the field is empty); -1: none. */
  activeIndex: number
  recent: ClientSearchItem[]
  /** Bumped to ask the search field to take focus (Ctrl+K, coming back from a card). */
  focusToken: number
  setQuery(query: string): void
  retry(): void
  moveActive(delta: number): void
  setActive(index: number): void
  remember(item: ClientSearchItem): void
  requestFocus(): void
  reset(): void
}

export type LookupStore = StoreApi<LookupState>

export interface LookupDeps {
  ipc: IpcClient
  debounceMs?: number
  limit?: number
}

export const SEARCH_DEBOUNCE_MS = 150
const MAX_RECENT = 8

/** The rows the table shows: results for a query, recent clients for an empty field. */
export function visibleRows(
  state: Pick<LookupState, 'query' | 'items' | 'recent'>
): ClientSearchItem[] {
  return state.query.trim() === '' ? state.recent : state.items
}

/** Message key for a search error; an invalid identifier says which check failed. */
export function lookupErrorKey(code: string, query: string): string {
  if (code !== 'invalid_identifier') return `errors.${code}`
  const classified = classifyQuery(query)
  if (classified.kind !== 'invalidIdentifier') return 'lookup.invalid.generic'
  return `lookup.invalid.${classified.identifier}_${classified.reason}`
}

export function createLookupStore(deps: LookupDeps): LookupStore {
  const debounceMs = deps.debounceMs ?? SEARCH_DEBOUNCE_MS
  const limit = deps.limit ?? 20
  let timer: ReturnType<typeof setTimeout> | undefined
  // Every search gets a number; only the newest one may write results, so a slow answer to
  // "ber" can never overwrite the answer to "berzins".
  let sequence = 0

  return createStore<LookupState>()((set, get) => {
    async function run(query: string): Promise<void> {
      const mine = ++sequence
      const classified = classifyQuery(query)
      if (classified.kind === 'invalidIdentifier') {
        // Same shared check the API runs: answer at once instead of a round trip to a 400.
        set({
          status: 'error',
          items: [],
          activeIndex: -1,
          error: {
            code: 'invalid_identifier',
            messageKey: lookupErrorKey('invalid_identifier', query)
          }
        })
        return
      }
      try {
        const answer = await deps.ipc.invoke('clients:search', { q: query, limit })
        if (mine !== sequence) return
        set({ status: 'ready', items: answer.items, error: null, activeIndex: -1 })
      } catch (error) {
        if (mine !== sequence) return
        const code = toBridgeError(error).code
        set({
          status: 'error',
          items: [],
          activeIndex: -1,
          error: { code, messageKey: lookupErrorKey(code, query) }
        })
      }
    }

    function schedule(): void {
      clearTimeout(timer)
      const query = get().query.trim()
      if (query === '') {
        sequence++
        set({ status: 'idle', items: [], error: null, activeIndex: -1 })
        return
      }
      set({ status: 'loading' })
      timer = setTimeout(() => void run(query), debounceMs)
    }

    return {
      query: '',
      status: 'idle',
      items: [],
      error: null,
      activeIndex: -1,
      recent: [],
      focusToken: 0,

      setQuery(query) {
        if (query === get().query) return
        set({ query })
        schedule()
      },

      retry() {
        schedule()
      },

      moveActive(delta) {
        const rows = visibleRows(get())
        if (rows.length === 0) return
        const current = get().activeIndex
        const next = current < 0 ? (delta > 0 ? 0 : rows.length - 1) : current + delta
        set({ activeIndex: Math.max(0, Math.min(rows.length - 1, next)) })
      },

      setActive(index) {
        set({ activeIndex: index })
      },

      remember(item) {
        const recent = [item, ...get().recent.filter((r) => r.id !== item.id)].slice(0, MAX_RECENT)
        set({ recent })
      },

      requestFocus() {
        set({ focusToken: get().focusToken + 1 })
      },

      reset() {
        clearTimeout(timer)
        sequence++
        set({ query: '', status: 'idle', items: [], error: null, activeIndex: -1, recent: [] })
      }
    }
  })
}
