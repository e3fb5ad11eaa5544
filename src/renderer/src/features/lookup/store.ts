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
  /**
   * The trimmed text `items` answer. Rows whose text is not the text in the box now are stale:
   * shown dimmed while the new answer is on its way, and never opened by Enter.
   */
  resultsFor: string | null
  /** More clients matched than the rows shown: the count is a cap, not a total. */
  hasMore: boolean
  error: LookupError | null
  /** Index into the visible rows (results, or recent clients when the field is empty); -1: none. */
  activeIndex: number
  /** Enter was pressed while the answer for the text in the box was still on its way. */
  enterPending: boolean
  recent: ClientSearchItem[]
  /** Bumped to ask the search field to take focus (Ctrl+K, coming back from a card). */
  focusToken: number
  setQuery(query: string): void
  retry(): void
  moveActive(delta: number): void
  setActive(index: number): void
  /** Enter in the search field: acts only on rows that answer exactly the text in the box. */
  submit(): void
  /** Opens a visible, current row (click or Enter). Stale rows are refused. */
  openRow(index: number): void
  requestFocus(): void
  reset(): void
}

export type LookupStore = StoreApi<LookupState>

export interface LookupDeps {
  ipc: IpcClient
  /** Opens the client's card. The field is cleared first, so no full identifier stays behind. */
  onOpen?(item: ClientSearchItem): void
  debounceMs?: number
  limit?: number
}

/**
 * Names wait for a short pause in typing; identifiers are searched at once (a scanner or a
 * paste delivers them whole). 60 ms is below the gap between a fast typist's keystrokes' bursts
 * yet leaves the 150 ms keystroke-to-results budget for the request and the paint.
 */
export const SEARCH_DEBOUNCE_MS = 60
const MAX_RECENT = 8

/** A whole identifier (personal code, registration number, phone, account): searched at once. */
export function isIdentifierQuery(query: string): boolean {
  const kind = classifyQuery(query).kind
  return kind !== 'name' && kind !== 'invalidIdentifier'
}

/** The rows the table shows: results for a query, recent clients for an empty field. */
export function visibleRows(
  state: Pick<LookupState, 'query' | 'items' | 'recent'>
): ClientSearchItem[] {
  return state.query.trim() === '' ? state.recent : state.items
}

/** True when the rows on screen answer the text in the box now (recent clients always do). */
export function rowsAreCurrent(state: Pick<LookupState, 'query' | 'resultsFor' | 'status'>): boolean {
  const query = state.query.trim()
  return query === '' || (state.status === 'ready' && state.resultsFor === query)
}

/** Message key for a search error; an invalid identifier says which check failed. */
export function lookupErrorKey(code: string, query: string): string {
  if (code !== 'invalid_identifier') return `errors.${code}`
  const classified = classifyQuery(query)
  if (classified.kind !== 'invalidIdentifier') return 'lookup.invalid.generic'
  return `lookup.invalid.${classified.identifier}_${classified.reason}`
}

/**
 * Six to ten digits (a hyphen after the sixth allowed) that are not a phone number: somebody is
 * typing a personal code and has not finished. The search still runs (a name or account may hold
 * the digits); the hint says how long a personal code is.
 */
export function isPartialPersonalCode(query: string): boolean {
  const trimmed = query.trim()
  if (!/^\d{6}-?\d{0,4}$/.test(trimmed)) return false
  const digits = trimmed.replace('-', '')
  return digits.length < 11 && classifyQuery(trimmed).kind !== 'phone'
}

/** Nothing searched, nothing shown: the field is empty (recent clients show instead). */
const NO_SEARCH = {
  status: 'idle',
  items: [],
  resultsFor: null,
  hasMore: false,
  error: null,
  activeIndex: -1,
  enterPending: false
} as const satisfies Partial<LookupState>

export function createLookupStore(deps: LookupDeps): LookupStore {
  const debounceMs = deps.debounceMs ?? SEARCH_DEBOUNCE_MS
  const limit = deps.limit ?? 20
  let timer: ReturnType<typeof setTimeout> | undefined
  // Every search gets a number; only the newest one may write results, so a slow answer to
  // "ber" can never overwrite the answer to "berzins".
  let sequence = 0

  return createStore<LookupState>()((set, get) => {
    function open(item: ClientSearchItem): void {
      clearTimeout(timer)
      sequence++
      const recent = [item, ...get().recent.filter((r) => r.id !== item.id)].slice(0, MAX_RECENT)
      // The box is emptied before the card opens: going back shows recent clients (masked),
      // never the full personal code that was typed or scanned.
      set({ ...NO_SEARCH, query: '', recent })
      deps.onOpen?.(item)
    }

    async function run(query: string): Promise<void> {
      const mine = ++sequence
      try {
        const answer = await deps.ipc.invoke('clients:search', { q: query, limit })
        if (mine !== sequence) return
        const opensAtOnce =
          get().enterPending && isIdentifierQuery(query) && answer.items.length === 1
        set({
          status: 'ready',
          items: answer.items,
          resultsFor: query,
          hasMore: answer.hasMore,
          error: null,
          activeIndex: -1,
          enterPending: false
        })
        if (opensAtOnce) open(answer.items[0]!)
      } catch (error) {
        if (mine !== sequence) return
        const code = toBridgeError(error).code
        set({
          status: 'error',
          items: [],
          resultsFor: query,
          hasMore: false,
          activeIndex: -1,
          enterPending: false,
          error: { code, messageKey: lookupErrorKey(code, query) }
        })
      }
    }

    function schedule(): void {
      clearTimeout(timer)
      // Whatever was on its way answers an older text now.
      sequence++
      const query = get().query.trim()
      if (query === '') {
        set(NO_SEARCH)
        return
      }
      const classified = classifyQuery(query)
      if (classified.kind === 'invalidIdentifier') {
        // Same shared check the API runs: answer at once instead of a round trip to a 400.
        set({
          status: 'error',
          items: [],
          resultsFor: query,
          hasMore: false,
          activeIndex: -1,
          enterPending: false,
          error: {
            code: 'invalid_identifier',
            messageKey: lookupErrorKey('invalid_identifier', query)
          }
        })
        return
      }
      set({ status: 'loading', activeIndex: -1, enterPending: false })
      if (classified.kind !== 'name' || debounceMs === 0) void run(query)
      else timer = setTimeout(() => void run(query), debounceMs)
    }

    return {
      ...NO_SEARCH,
      query: '',
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
        const state = get()
        if (!rowsAreCurrent(state)) return
        const rows = visibleRows(state)
        if (rows.length === 0) return
        const current = state.activeIndex
        const next = current < 0 ? (delta > 0 ? 0 : rows.length - 1) : current + delta
        set({ activeIndex: Math.max(0, Math.min(rows.length - 1, next)) })
      },

      setActive(index) {
        if (rowsAreCurrent(get())) set({ activeIndex: index })
      },

      submit() {
        const state = get()
        if (rowsAreCurrent(state)) {
          const rows = visibleRows(state)
          // With a single match (a full personal code, say) Enter opens it without arrowing.
          const index = state.activeIndex >= 0 ? state.activeIndex : rows.length === 1 ? 0 : -1
          const item = rows[index]
          if (item) open(item)
          return
        }
        // The answer for this very text is on its way: an identifier opens its single match
        // when it arrives; a name only shows that the desk is busy.
        if (state.status === 'loading') set({ enterPending: true })
      },

      openRow(index) {
        const state = get()
        if (!rowsAreCurrent(state)) return
        const item = visibleRows(state)[index]
        if (item) open(item)
      },

      requestFocus() {
        set({ focusToken: get().focusToken + 1 })
      },

      reset() {
        clearTimeout(timer)
        sequence++
        set({ ...NO_SEARCH, query: '', recent: [] })
      }
    }
  })
}
