import { createStore, type StoreApi } from 'zustand/vanilla'
import type { CalendarDate } from '../../../../shared/domain/dates'
import type { Language } from '../../../../shared/domain/staff'
import type {
  ConfirmationBatchResult,
  ConfirmationProgress
} from '../../../../shared/ipc/print-contract'
import { toBridgeError, type IpcClient } from '../../lib/ipc-client'

export type ConfirmationMode = 'clients' | 'centreDay'

export interface ConfirmationsState {
  mode: ConfirmationMode
  /** The pasted identifiers, one per line, as typed. */
  identifiersText: string
  day: CalendarDate | null
  language: Language
  status: 'idle' | 'running' | 'cancelling' | 'done' | 'error'
  jobId: string | null
  progress: ConfirmationProgress | null
  result: ConfirmationBatchResult | null
  errorCode: string | null
  setMode(mode: ConfirmationMode): void
  setIdentifiersText(text: string): void
  setDay(day: CalendarDate | null): void
  setLanguage(language: Language): void
  /** The identifiers the list holds: trimmed, blank lines and repeats left out. */
  identifiers(): string[]
  /** Starts the batch for the supervisor's centre (the day mode). */
  start(centre: string): Promise<void>
  cancel(): void
}

export type ConfirmationsStore = StoreApi<ConfirmationsState>

export interface ConfirmationsDeps {
  ipc: IpcClient
  newId?: () => string
}

/**
 * Batch consent confirmations (supervisors): the selection, the batch's progress as main
 * reports it, and its end (saved, cancelled with nothing left behind, or failed).
 */
export function createConfirmationsStore({
  ipc,
  newId = () => crypto.randomUUID()
}: ConfirmationsDeps): ConfirmationsStore {
  const store = createStore<ConfirmationsState>()((set, get) => ({
    mode: 'clients',
    identifiersText: '',
    day: null,
    language: 'lv',
    status: 'idle',
    jobId: null,
    progress: null,
    result: null,
    errorCode: null,

    setMode: (mode) => set({ mode }),
    setIdentifiersText: (identifiersText) => set({ identifiersText }),
    setDay: (day) => set({ day }),
    setLanguage: (language) => set({ language }),

    identifiers() {
      const lines = get()
        .identifiersText.split(/[\n,;]/)
        .map((line) => line.trim())
        .filter((line) => line !== '')
      return [...new Set(lines)]
    },

    async start(centre) {
      const state = get()
      if (state.status === 'running' || state.status === 'cancelling') return
      const selection =
        state.mode === 'clients'
          ? { kind: 'clients' as const, identifiers: state.identifiers() }
          : state.day
            ? { kind: 'centreDay' as const, centre, day: state.day }
            : null
      if (!selection || (selection.kind === 'clients' && selection.identifiers.length === 0)) {
        return
      }
      const jobId = newId()
      set({ status: 'running', jobId, progress: null, result: null, errorCode: null })
      try {
        const result = await ipc.invoke('confirmations:print', {
          jobId,
          selection,
          language: state.language
        })
        if (get().jobId === jobId) set({ status: 'done', result })
      } catch (error) {
        if (get().jobId === jobId) set({ status: 'error', errorCode: toBridgeError(error).code })
      }
    },

    cancel() {
      const { jobId, status } = get()
      if (!jobId || status !== 'running') return
      set({ status: 'cancelling' })
      ipc.invoke('confirmations:cancel', { jobId }).catch(() => {
        // Main is local; the batch ends by itself and says how.
      })
    }
  }))

  ipc.on('confirmations:progress', (progress) => {
    if (progress.jobId === store.getState().jobId) store.setState({ progress })
  })
  return store
}
