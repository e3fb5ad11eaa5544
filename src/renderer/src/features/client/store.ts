import { createStore, type StoreApi } from 'zustand/vanilla'
import type { RevealRequest, RevealResponse } from '../../../../shared/domain/access-log'
import type { Client, ClientSearchItem } from '../../../../shared/domain/client'
import type { UpdateClientInput } from '../../../../shared/ipc/contract'
import type { BridgeError } from '../../../../shared/ipc/result'
import { toBridgeError, type IpcClient } from '../../lib/ipc-client'

/** How a change of the client's data ended: the new client, or why not. */
export type SaveClientOutcome = { ok: true; client: Client } | { ok: false; error: BridgeError }

export type ClientStatus = 'idle' | 'loading' | 'ready' | 'error'

export interface ClientState {
  openId: string | null
  /** The search row the card was opened from: lets the header show at once, before the answer. */
  preview: ClientSearchItem | null
  status: ClientStatus
  client: Client | null
  errorCode: string | null
  /**
   * The full personal code, phones and e-mail, as the reveal answered: the card holds nothing
   * whole before it (the API masks every read). A deliberate, per-card action that is forgotten
   * on hide and on close.
   */
  revealed: RevealResponse | null
  revealBusy: boolean
  /** Why the last reveal was refused (it is logged first; no log, no reveal). */
  revealErrorCode: string | null
  /**
   * Opens the card of client `id`. `pending` is the client as already asked for elsewhere (the
   * card's one request, which also brings the consents); without it the store asks itself.
   */
  open(id: string, preview?: ClientSearchItem, pending?: Promise<Client>): Promise<void>
  retry(): Promise<void>
  close(): void
  /** Asks the API for the full identifiers, giving the reason it logs; true when shown. */
  reveal(request: RevealRequest): Promise<boolean>
  /** Forgets the full identifiers; needs no one's leave. */
  hide(): void
  /**
   * Changes the client's data (PATCH with If-Match = the version on the card). On success the
   * card shows the new client; the full identifiers shown are taken from the change's own values.
   */
  save(change: UpdateClientInput['change']): Promise<SaveClientOutcome>
  /** Reads the client again (after a 412), keeping what is revealed; true when it worked. */
  refresh(): Promise<boolean>
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
  revealed: null,
  revealBusy: false,
  revealErrorCode: null
} as const satisfies Partial<ClientState>

export function createClientStore(deps: ClientDeps): ClientStore {
  let sequence = 0

  return createStore<ClientState>()((set, get) => ({
    ...CLOSED,

    async open(id, preview, pending) {
      const mine = ++sequence
      set({
        openId: id,
        preview: preview ?? null,
        status: 'loading',
        client: null,
        errorCode: null,
        revealed: null,
        revealBusy: false,
        revealErrorCode: null
      })
      try {
        const client = await (pending ?? deps.ipc.invoke('clients:get', { id }))
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

    async reveal(request) {
      const { openId } = get()
      if (openId === null) return false
      const mine = sequence
      set({ revealBusy: true, revealErrorCode: null })
      try {
        const revealed = await deps.ipc.invoke('clients:reveal', { id: openId, ...request })
        if (mine !== sequence) return false
        set({ revealed, revealBusy: false })
        return true
      } catch (error) {
        if (mine === sequence) {
          set({ revealBusy: false, revealErrorCode: toBridgeError(error).code })
        }
        return false
      }
    },

    hide() {
      set({ revealed: null, revealErrorCode: null })
    },

    async save(change) {
      const { client, revealed } = get()
      if (client === null) {
        return {
          ok: false,
          error: toBridgeError(new Error('no client open'))
        }
      }
      const mine = sequence
      try {
        const updated = await deps.ipc.invoke('clients:update', {
          clientId: client.id,
          expectedVersion: client.version,
          change
        })
        if (mine === sequence) {
          set({
            client: updated,
            // The full values shown stay right: the API stored exactly what was sent (phones
            // normalised), so the card forgets only what it can no longer show truthfully.
            revealed:
              revealed && change.phones === undefined && change.email === undefined
                ? revealed
                : null
          })
        }
        return { ok: true, client: updated }
      } catch (error) {
        return { ok: false, error: toBridgeError(error) }
      }
    },

    async refresh() {
      const { openId } = get()
      if (openId === null) return false
      const mine = sequence
      try {
        const client = await deps.ipc.invoke('clients:get', { id: openId })
        if (mine === sequence) set({ client, status: 'ready' })
        return true
      } catch {
        return false
      }
    },

    reset() {
      get().close()
    }
  }))
}
