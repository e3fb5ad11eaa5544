import { createStore, type StoreApi } from 'zustand/vanilla'
import type { Centre } from '../../../../shared/domain/staff'
import type {
  CreateStaffRequest,
  StaffAccount,
  UpdateStaffRequest
} from '../../../../shared/domain/staff-admin'
import { toBridgeError, type BridgeError, type IpcClient } from '../../lib/ipc-client'

export type StaffListStatus = 'idle' | 'loading' | 'ready' | 'error'

/** What a save answers: the account as the API now holds it, or the error (the form stays). */
export type SaveOutcome = { ok: true; account: StaffAccount } | { ok: false; error: BridgeError }

export interface StaffAdminState {
  status: StaffListStatus
  items: StaffAccount[]
  centres: Centre[]
  errorCode: string | null
  load(): Promise<void>
  create(request: CreateStaffRequest): Promise<SaveOutcome>
  /** `expectedVersion` is the account version the edit started from (If-Match). */
  update(id: string, expectedVersion: number, change: UpdateStaffRequest): Promise<SaveOutcome>
  /** Lifts the account's sign-in lock, then reloads the table to show it gone. */
  unlock(id: string): Promise<BridgeError | null>
  reset(): void
}

export type StaffAdminStore = StoreApi<StaffAdminState>

/**
 * The admin's staff table. After every save the row shows what the API returned; a save refused
 * because someone else changed the account first (412) reloads the table, so the admin sees the
 * current account before trying again.
 */
export function createStaffAdminStore(deps: { ipc: IpcClient }): StaffAdminStore {
  const { ipc } = deps
  let loadSeq = 0
  return createStore<StaffAdminState>()((set, get) => {
    const replace = (account: StaffAccount): void => {
      const items = get().items
      const known = items.some((item) => item.id === account.id)
      set({
        items: known
          ? items.map((item) => (item.id === account.id ? account : item))
          : [...items, account].sort(byCentreAndName)
      })
    }

    return {
      status: 'idle',
      items: [],
      centres: [],
      errorCode: null,

      async load() {
        const seq = ++loadSeq
        set({ status: 'loading', errorCode: null })
        try {
          const { items, centres } = await ipc.invoke('staff:list')
          if (seq !== loadSeq) return
          // An admin's answer has the account state on every row; anything else is not ours.
          const accounts = items.filter((item): item is StaffAccount => item.account !== undefined)
          set({ status: 'ready', items: accounts, centres: centres ?? [] })
        } catch (error) {
          if (seq !== loadSeq) return
          set({ status: 'error', errorCode: toBridgeError(error).code })
        }
      },

      async create(request) {
        try {
          const account = await ipc.invoke('staff:create', request)
          replace(account)
          return { ok: true, account }
        } catch (error) {
          return { ok: false, error: toBridgeError(error) }
        }
      },

      async update(id, expectedVersion, change) {
        try {
          const account = await ipc.invoke('staff:update', { id, expectedVersion, change })
          replace(account)
          return { ok: true, account }
        } catch (error) {
          const failure = toBridgeError(error)
          if (failure.code === 'version_mismatch') void get().load()
          return { ok: false, error: failure }
        }
      },

      async unlock(id) {
        try {
          await ipc.invoke('staff:unlock', { id })
        } catch (error) {
          return toBridgeError(error)
        }
        await get().load()
        return null
      },

      reset() {
        loadSeq += 1
        set({ status: 'idle', items: [], centres: [], errorCode: null })
      }
    }
  })
}

function byCentreAndName(a: StaffAccount, b: StaffAccount): number {
  return (
    a.centre.name.localeCompare(b.centre.name, 'lv') ||
    a.displayName.localeCompare(b.displayName, 'lv')
  )
}
