import { createStore, type StoreApi } from 'zustand/vanilla'
import type {
  CreateReviewCaseRequest,
  Decision,
  ReviewCase,
  ReviewCaseSummary
} from '../../../../shared/domain/review'
import { toBridgeError, type IpcClient } from '../../lib/ipc-client'

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

/** One list the tab shows: what the API last gave, and how the latest load of it went. */
export interface ListState<T> {
  status: LoadStatus
  items: T[]
  /** The latest load failed. With items already on screen they stay (they are then stale). */
  errorCode: string | null
  /** Loading again with the old items still on screen (after a request was filed, a retry). */
  refreshing: boolean
}

export interface CreateError {
  code: string
  /** The API's own words, for a code the app has no words of its own for. */
  message: string
}

export interface DecisionsState {
  clientId: string | null
  decisions: ListState<Decision>
  cases: ListState<ReviewCaseSummary> & {
    /** Every case the client has; the list holds the newest page of them. */
    total: number
  }
  /** A request is on its way to the API; the dialog's button waits for it. */
  creating: boolean
  createError: CreateError | null
  /** The case filed last at this card: its number is confirmed on screen. */
  created: ReviewCase | null
  /** Loads the client's decisions and review cases, side by side. */
  open(clientId: string): Promise<void>
  reloadDecisions(): Promise<void>
  reloadCases(): Promise<void>
  /**
   * Files a review request or a manual assessment. The case on success (both lists then load
   * again); null on failure, with `createError` set and nothing else touched.
   */
  create(request: CreateReviewCaseRequest): Promise<ReviewCase | null>
  clearCreateError(): void
  dismissCreated(): void
  reset(): void
}

export type DecisionsStore = StoreApi<DecisionsState>

export interface DecisionsDeps {
  ipc: IpcClient
}

function emptyList<T>(): ListState<T> {
  return { status: 'idle', items: [], errorCode: null, refreshing: false }
}

function closed(): Pick<
  DecisionsState,
  'clientId' | 'decisions' | 'cases' | 'creating' | 'createError' | 'created'
> {
  return {
    clientId: null,
    decisions: emptyList<Decision>(),
    cases: { ...emptyList<ReviewCaseSummary>(), total: 0 },
    creating: false,
    createError: null,
    created: null
  }
}

/**
 * The card's Decisions tab: the client's automated decisions (each with its latest review case)
 * and the client's review cases, and filing a new one at the counter. Everything shown is what
 * the API answered; after a filing both lists are asked for again rather than patched locally.
 */
export function createDecisionsStore({ ipc }: DecisionsDeps): DecisionsStore {
  // Answers for an earlier client (or an earlier load) are dropped.
  let decisionsSequence = 0
  let casesSequence = 0
  let clientSequence = 0

  return createStore<DecisionsState>()((set, get) => {
    async function loadDecisions(): Promise<void> {
      const { clientId, decisions } = get()
      if (clientId === null) return
      const mine = ++decisionsSequence
      const keep = decisions.status === 'ready' || decisions.items.length > 0
      set({
        decisions: {
          ...decisions,
          status: keep ? decisions.status : 'loading',
          refreshing: keep,
          errorCode: null
        }
      })
      try {
        const { items } = await ipc.invoke('decisions:list', { clientId })
        if (mine !== decisionsSequence) return
        set({ decisions: { status: 'ready', items, errorCode: null, refreshing: false } })
      } catch (error) {
        if (mine !== decisionsSequence) return
        const errorCode = toBridgeError(error).code
        const current = get().decisions
        set({
          decisions: {
            ...current,
            status: current.items.length > 0 ? 'ready' : 'error',
            errorCode,
            refreshing: false
          }
        })
      }
    }

    async function loadCases(): Promise<void> {
      const { clientId, cases } = get()
      if (clientId === null) return
      const mine = ++casesSequence
      const keep = cases.status === 'ready' || cases.items.length > 0
      set({
        cases: {
          ...cases,
          status: keep ? cases.status : 'loading',
          refreshing: keep,
          errorCode: null
        }
      })
      try {
        const { items, total } = await ipc.invoke('reviews:client', { clientId })
        if (mine !== casesSequence) return
        set({ cases: { status: 'ready', items, total, errorCode: null, refreshing: false } })
      } catch (error) {
        if (mine !== casesSequence) return
        const errorCode = toBridgeError(error).code
        const current = get().cases
        set({
          cases: {
            ...current,
            status: current.items.length > 0 ? 'ready' : 'error',
            errorCode,
            refreshing: false
          }
        })
      }
    }

    return {
      ...closed(),

      async open(clientId) {
        // The same client again (the tab shown once more): what is on screen stays while both
        // lists are asked for again, since a reviewer may have moved a case in the meantime.
        if (get().clientId !== clientId) {
          clientSequence++
          set({ ...closed(), clientId })
        }
        await Promise.all([loadDecisions(), loadCases()])
      },

      reloadDecisions: loadDecisions,
      reloadCases: loadCases,

      async create(request) {
        const { clientId, creating } = get()
        if (clientId === null || creating) return null
        const mine = clientSequence
        set({ creating: true, createError: null })
        try {
          const created = await ipc.invoke('reviews:create', request)
          if (mine !== clientSequence) return null
          set({ creating: false, created })
          void loadDecisions()
          void loadCases()
          return created
        } catch (error) {
          if (mine !== clientSequence) return null
          const { code, message } = toBridgeError(error)
          set({ creating: false, createError: { code, message } })
          return null
        }
      },

      clearCreateError() {
        set({ createError: null })
      },

      dismissCreated() {
        set({ created: null })
      },

      reset() {
        clientSequence++
        decisionsSequence++
        casesSequence++
        set(closed())
      }
    }
  })
}
