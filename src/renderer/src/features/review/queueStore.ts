import { createStore, type StoreApi } from 'zustand/vanilla'
import type {
  ReviewCaseKind,
  ReviewCaseSort,
  ReviewCaseStatus,
  ReviewCaseSummary
} from '../../../../shared/domain/review'
import type { InvokeInput } from '../../../../shared/ipc/contract'
import { toBridgeError, type IpcClient } from '../../lib/ipc-client'
import { REVIEW_PAGE_SIZE } from './model'

/** The queue's filters as the API takes them. */
export interface QueueFilters {
  status?: ReviewCaseStatus
  kind?: ReviewCaseKind
  /** `me`: my cases; `none`: unclaimed; left out: anyone. */
  assignee?: 'me' | 'none'
  /** A Riga calendar date, `YYYY-MM-DD`. */
  dueBefore?: string
}

export interface ReviewQueueState {
  filters: QueueFilters
  /** The search box as typed; searched after a short pause, or at once on Enter. */
  query: string
  sort: ReviewCaseSort
  /** The page on screen, from 0. */
  pageIndex: number
  /**
   * The cursor each page was asked with: `cursors[0]` is null (the first page), `cursors[i]` the
   * `nextCursor` page i − 1 answered. Previous goes back down this stack; the API pages forward only.
   */
  cursors: (string | null)[]
  status: 'idle' | 'loading' | 'ready' | 'error'
  items: ReviewCaseSummary[]
  total: number
  nextCursor: string | null
  errorCode: string | null
  /** The trimmed text the rows on screen answer. */
  resultsFor: string
  setFilters(filters: QueueFilters): void
  setQuery(query: string): void
  /** Enter in the search box: the text in it now, without waiting. */
  searchNow(): void
  setSort(sort: ReviewCaseSort): void
  nextPage(): void
  previousPage(): void
  /** The page on screen, again (retry, or back from a case). */
  load(): Promise<void>
  reset(): void
}

export type ReviewQueueStore = StoreApi<ReviewQueueState>

/** A pause in typing this long sends the search (case numbers and names are short). */
export const QUEUE_SEARCH_DEBOUNCE_MS = 150

const INITIAL = {
  filters: {},
  query: '',
  sort: 'dueAt',
  pageIndex: 0,
  cursors: [null],
  status: 'idle',
  items: [],
  total: 0,
  nextCursor: null,
  errorCode: null,
  resultsFor: ''
} as const satisfies Partial<ReviewQueueState>

/**
 * The review queue: filtered, searched, sorted and paged by the API (a reviewer gets the open
 * cases and their own whatever the filters say; a supervisor gets all). The table only shows the
 * page it is given.
 */
export function createReviewQueueStore({
  ipc,
  debounceMs = QUEUE_SEARCH_DEBOUNCE_MS
}: {
  ipc: IpcClient
  debounceMs?: number
}): ReviewQueueStore {
  // Only the newest request may write rows: a slow answer to an older query is dropped.
  let sequence = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  return createStore<ReviewQueueState>()((set, get) => {
    function query(): InvokeInput<'reviews:list'> {
      const { filters, query: text, sort, cursors, pageIndex } = get()
      const q = text.trim()
      const cursor = cursors[pageIndex] ?? null
      return {
        ...filters,
        ...(q === '' ? {} : { q: q.slice(0, 100) }),
        sort,
        ...(cursor === null ? {} : { cursor }),
        limit: REVIEW_PAGE_SIZE
      }
    }

    async function load(): Promise<void> {
      clearTimeout(timer)
      const mine = ++sequence
      const input = query()
      set({ status: 'loading', errorCode: null })
      try {
        const page = await ipc.invoke('reviews:list', input)
        if (mine !== sequence) return
        set({
          status: 'ready',
          items: page.items,
          total: page.total,
          nextCursor: page.nextCursor,
          resultsFor: input.q ?? ''
        })
      } catch (error) {
        if (mine === sequence) set({ status: 'error', errorCode: toBridgeError(error).code })
      }
    }

    /** Anything but a page move starts again at the first page. */
    function firstPage(): Partial<ReviewQueueState> {
      return { pageIndex: 0, cursors: [null] }
    }

    return {
      ...INITIAL,

      setFilters(filters) {
        set({ filters, ...firstPage() })
        void load()
      },

      setQuery(text) {
        set({ query: text })
        clearTimeout(timer)
        // Back to what is on screen (a space typed and deleted): nothing to ask.
        if (get().status === 'ready' && text.trim() === get().resultsFor) return
        timer = setTimeout(() => {
          set(firstPage())
          void load()
        }, debounceMs)
      },

      searchNow() {
        set(firstPage())
        void load()
      },

      setSort(sort) {
        if (sort === get().sort) return
        set({ sort, ...firstPage() })
        void load()
      },

      nextPage() {
        const { nextCursor, pageIndex, cursors, status } = get()
        if (!nextCursor || status === 'loading') return
        set({ pageIndex: pageIndex + 1, cursors: [...cursors.slice(0, pageIndex + 1), nextCursor] })
        void load()
      },

      previousPage() {
        const { pageIndex, status } = get()
        if (pageIndex === 0 || status === 'loading') return
        set({ pageIndex: pageIndex - 1 })
        void load()
      },

      load,

      reset() {
        clearTimeout(timer)
        sequence++
        set({ ...INITIAL })
      }
    }
  })
}
