import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ReceiptSummary, VerifyReceiptResponse } from '../../../../shared/domain/receipt'
import type { Staff } from '../../../../shared/domain/staff'
import { toBridgeError, type IpcClient } from '../../lib/ipc-client'

/** The register's filters, as the API takes them (instants for the dates, ids for the rest). */
export interface ReceiptFilters {
  clientId?: string
  from?: string
  to?: string
  agent?: string
  centre?: string
}

export interface ReceiptRegisterState {
  filters: ReceiptFilters
  status: 'idle' | 'loading' | 'ready' | 'error'
  items: ReceiptSummary[]
  nextCursor: string | null
  /** A further page on its way (the rows on screen stay). */
  loadingMore: boolean
  errorCode: string | null
  /** The counter staff, for a supervisor's agent and centre filters; null until loaded. */
  staff: Staff[] | null
  /** The code check: what was asked, and the API's answer from the signed payload. */
  verification: {
    code: string
    status: 'checking' | 'done' | 'error'
    answer: VerifyReceiptResponse | null
    errorCode: string | null
  } | null
  setFilters(filters: ReceiptFilters): Promise<void>
  load(): Promise<void>
  loadMore(): Promise<void>
  /** Loads the staff directory once (supervisors); without it the filters offer only "all". */
  loadStaff(): Promise<void>
  verifyCode(code: string): Promise<void>
  clearVerification(): void
  reset(): void
}

export type ReceiptRegisterStore = StoreApi<ReceiptRegisterState>

export const RECEIPT_PAGE_SIZE = 50

const INITIAL = {
  filters: {},
  status: 'idle',
  items: [],
  nextCursor: null,
  loadingMore: false,
  errorCode: null,
  staff: null,
  verification: null
} as const satisfies Partial<ReceiptRegisterState>

/**
 * The receipts register: newest first, filtered and paged by the API (an agent gets only their
 * own receipts whatever the filters say; the API decides), and the check of a printed code.
 */
export function createReceiptRegisterStore({ ipc }: { ipc: IpcClient }): ReceiptRegisterStore {
  // An answer for filters that have changed since is dropped.
  let sequence = 0

  return createStore<ReceiptRegisterState>()((set, get) => ({
    ...INITIAL,

    async setFilters(filters) {
      set({ filters })
      await get().load()
    },

    async load() {
      const mine = ++sequence
      set({ status: 'loading', errorCode: null, loadingMore: false })
      try {
        const page = await ipc.invoke('receipts:list', {
          ...get().filters,
          limit: RECEIPT_PAGE_SIZE
        })
        if (mine === sequence) {
          set({ status: 'ready', items: page.items, nextCursor: page.nextCursor })
        }
      } catch (error) {
        if (mine === sequence) set({ status: 'error', errorCode: toBridgeError(error).code })
      }
    },

    async loadMore() {
      const { nextCursor, loadingMore, filters } = get()
      if (!nextCursor || loadingMore) return
      const mine = sequence
      set({ loadingMore: true })
      try {
        const page = await ipc.invoke('receipts:list', {
          ...filters,
          cursor: nextCursor,
          limit: RECEIPT_PAGE_SIZE
        })
        if (mine === sequence) {
          set({
            items: [...get().items, ...page.items],
            nextCursor: page.nextCursor,
            loadingMore: false
          })
        }
      } catch (error) {
        if (mine === sequence) {
          set({ loadingMore: false, errorCode: toBridgeError(error).code })
        }
      }
    },

    async loadStaff() {
      if (get().staff) return
      try {
        const { items } = await ipc.invoke('staff:list')
        set({ staff: items })
      } catch {
        // The register works without the directory: its filters then offer "all" only.
      }
    },

    async verifyCode(input) {
      // A scanned QR code may be the verification page's address (`…?code=XXXX`); a typed code
      // may be in lower case or in groups. The code is its letters and digits.
      const fromUrl = /[?&]code=([A-Za-z0-9-]+)/.exec(input)?.[1]
      const code = (fromUrl ?? input).replace(/[\s-]/g, '').toUpperCase()
      if (!code) return
      set({ verification: { code, status: 'checking', answer: null, errorCode: null } })
      try {
        const answer = await ipc.invoke('receipts:verify', { code })
        if (get().verification?.code === code) {
          set({ verification: { code, status: 'done', answer, errorCode: null } })
        }
      } catch (error) {
        if (get().verification?.code === code) {
          set({
            verification: {
              code,
              status: 'error',
              answer: null,
              errorCode: toBridgeError(error).code
            }
          })
        }
      }
    },

    clearVerification() {
      set({ verification: null })
    },

    reset() {
      sequence++
      set({ ...INITIAL })
    }
  }))
}
