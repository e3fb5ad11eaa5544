import { createStore, type StoreApi } from 'zustand/vanilla'
import type { Client, ClientSearchItem } from '../../../../shared/domain/client'
import { toBridgeError, type IpcClient } from '../../lib/ipc-client'

export type ClientStatus = 'idle' | 'loading' | 'ready' | 'error'

export interface ClientState {
  openId: string | null
  /** The search row the card was opened from: lets the header show at once, before the answer. */
  preview: ClientSearchItem | null
  status: ClientStatus
  client: Client | null
  errorCode: string | null
  /** Full personal code and phones shown; a deliberate, per-card action that resets on close. */
  revealed: boolean
  /** Why the last reveal was refused (it is logged first; no log, no reveal). */
  revealErrorCode: string | null
  open(id: string, preview?: ClientSearchItem): Promise<void>
  retry(): Promise<void>
  close(): void
  /** Revealing is logged by the API first; hiding needs no one's leave. */
  setRevealed(revealed: boolean): Promise<void>
  reset(): void
}

export type ClientStore = StoreApi<ClientState>

export interface ClientDeps {
  ipc: IpcClient
}

const CLOSED = {
  openId: null,
  preview: null,
  status: 'idle',
  client: null,
  errorCode: null,
  revealed: false,
  revealErrorCode: null
} as const satisfies Partial<ClientState>

export function createClientStore(deps: ClientDeps): ClientStore {
  let sequence = 0

  return createStore<ClientState>()((set, get) => ({
    ...CLOSED,

    async open(id, preview) {
      const mine = ++sequence
      set({
        openId: id,
        preview: preview ?? null,
        status: 'loading',
        client: null,
        errorCode: null,
        revealed: false,
        revealErrorCode: null
      })
      try {
        const client = await deps.ipc.invoke('clients:get', { id })
        if (mine !== sequence) return
        set({ status: 'ready', client })
      } catch (error) {
        if (mine !== sequence) return
        set({ status: 'error', errorCode: toBridgeError(error).code })
      }
    },

    async retry() {
      const { openId, preview } = get()
      if (openId !== null) await get().open(openId, preview ?? undefined)
    },

    close() {
      sequence++
      set(CLOSED)
    },

    async setRevealed(revealed) {
      const { openId } = get()
      if (!revealed || openId === null) {
        set({ revealed: false, revealErrorCode: null })
        return
      }
      const mine = sequence
      try {
        await deps.ipc.invoke('clients:reveal', { id: openId })
        if (mine === sequence) set({ revealed: true, revealErrorCode: null })
      } catch (error) {
        if (mine === sequence) set({ revealErrorCode: toBridgeError(error).code })
      }
    },

    reset() {
      get().close()
    }
  }))
}
