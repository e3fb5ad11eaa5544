import { createStore, type StoreApi } from 'zustand/vanilla'
import type { Language } from '../../../../shared/domain/staff'
import type {
  PreparedDocument,
  PrintOutcome,
  PrintOutputInput,
  PrintRequest
} from '../../../../shared/ipc/print-contract'
import { toBridgeError, type IpcClient } from '../../lib/ipc-client'

export type PrintAction = PrintOutputInput['action']

export interface PrintPreviewState {
  /**
   * The document on screen: a receipt (a copy when reprinted), a client's consent report, or one
   * of a review case's letters to the client.
   */
  target: PrintRequest | null
  /** The print's language: the client's at first; the agent may switch it before printing. */
  language: Language
  status: 'idle' | 'loading' | 'ready' | 'error'
  document: PreparedDocument | null
  errorCode: string | null
  /** A print or a file on its way; the buttons wait for it. */
  busy: PrintAction | null
  /** How the last print or save ended; its failure is `outputError`. */
  outcome: PrintOutcome | null
  outputError: string | null
  open(target: PrintRequest, language: Language): Promise<void>
  /** Loads the document again (after a failure). */
  reload(): Promise<void>
  setLanguage(language: Language): Promise<void>
  output(action: PrintAction): Promise<void>
  close(): void
}

export type PrintPreviewStore = StoreApi<PrintPreviewState>

const CLOSED = {
  target: null,
  status: 'idle',
  document: null,
  errorCode: null,
  busy: null,
  outcome: null,
  outputError: null
} as const satisfies Partial<PrintPreviewState>

/**
 * The print preview: main assembles the document (a signed receipt, or a client's report, with
 * its texts in the print's language) and the preview renders the same template the paper gets.
 * Printing and saving go back to main with the same request, so what is shown is what prints.
 */
export function createPrintPreviewStore({ ipc }: { ipc: IpcClient }): PrintPreviewStore {
  // Every load gets a number; an answer for an earlier one (another language) is dropped.
  let sequence = 0

  return createStore<PrintPreviewState>()((set, get) => {
    async function load(): Promise<void> {
      const { target, language } = get()
      if (!target) return
      const mine = ++sequence
      set({ status: 'loading', errorCode: null, outcome: null, outputError: null })
      try {
        const document = await ipc.invoke('print:prepare', { document: target, language })
        if (mine === sequence) set({ status: 'ready', document })
      } catch (error) {
        if (mine === sequence) set({ status: 'error', errorCode: toBridgeError(error).code })
      }
    }

    return {
      ...CLOSED,
      language: 'lv',

      async open(target, language) {
        set({ ...CLOSED, target, language })
        await load()
      },

      reload: load,

      async setLanguage(language) {
        if (language === get().language) return
        set({ language })
        await load()
      },

      async output(action) {
        const { target, language, busy, status } = get()
        if (!target || busy || status !== 'ready') return
        set({ busy: action, outcome: null, outputError: null })
        try {
          const outcome = await ipc.invoke('print:output', { document: target, language, action })
          if (get().target === target) set({ busy: null, outcome })
        } catch (error) {
          if (get().target === target) {
            set({ busy: null, outputError: toBridgeError(error).code })
          }
        }
      },

      close() {
        sequence++
        set({ ...CLOSED })
      }
    }
  })
}
