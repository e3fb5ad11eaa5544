import { createStore, type StoreApi } from 'zustand/vanilla'
import {
  PURPOSES,
  type ConsentState,
  type CurrentNotice,
  type IdentityMethod,
  type NoticeKey,
  type OfferChannel,
  type Purpose,
  type PurposeDefinition,
  type RecordConsentsResponse,
  type Representative,
  type RequestedAction,
  type RightsNotice
} from '../../../../shared/domain/consent'
import type { Language } from '../../../../shared/domain/staff'
import { toBridgeError, type IpcClient } from '../../lib/ipc-client'
import {
  cellKey,
  changesSomething,
  isOn,
  parseCellKey,
  stateAfter
} from '../../../../shared/domain/consent-rules'
import {
  baseStateOf,
  diffStates,
  signatureOf,
  toChanges,
  withNoticeVersions,
  type ChangeKey,
  type StateDifference
} from './model'

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

export interface Verification {
  method: IdentityMethod
  documentLast4?: string
  /**
   * For a business client: the person acting for it, whose document `method` and
   * `documentLast4` describe. The personal code is kept compact (11 digits) until the save.
   */
  representative?: Representative
  /** When the agent recorded it (ISO). */
  at: string
}

export type SaveError =
  | { kind: 'conflict'; current: ConsentState; differences: StateDifference[] }
  | { kind: 'unreachable' }
  /** The API is still working on this very request (same requestId); retrying is safe. */
  | { kind: 'busy' }
  | { kind: 'session' }
  | { kind: 'noop'; purposes: Purpose[] }
  /**
   * 409 `notice_outdated`: a notice the client was shown (a purpose's, or the rights statement)
   * has a newer published version. `notices` names them in the card's order, rights last; the
   * catalogue is reloaded, and the client must be shown the new text before confirming again.
   */
  | { kind: 'noticeOutdated'; notices: NoticeKey[]; current: CurrentNotice[] }
  | { kind: 'other'; code: string }

export interface SaveSuccess {
  response: RecordConsentsResponse
  count: number
  /** The language the client was shown the changes in: their receipt's first language. */
  language: Language
}

export interface ConsentsState {
  clientId: string | null
  status: LoadStatus
  errorCode: string | null
  /** The state as the API last gave it; the base every pending change is relative to. */
  consent: ConsentState | null
  definitions: PurposeDefinition[] | null
  /** The rights and controller statement the client confirms with every save (server-published). */
  rights: RightsNotice | null
  definitionsFailed: boolean
  /** The purposes and notices are being (re)loaded. */
  noticesLoading: boolean
  verification: Verification | null
  /** The identity form under the header chip is open. */
  verifyFormOpen: boolean
  pending: Record<ChangeKey, RequestedAction>
  reviewOpen: boolean
  saving: boolean
  saveError: SaveError | null
  saved: SaveSuccess | null
  /** Reused while the same pending set is retried, so the API records it once. */
  requestId: string | null
  requestSignature: string | null
  /** Changes dropped by a re-apply because the new version already has them. */
  dropped: { purpose: Purpose; channel?: OfferChannel }[]
  /**
   * Opens the consents of `clientId`. `pending` is the state as already asked for elsewhere (the
   * card's one request, which also brings the client); without it the store asks itself.
   */
  open(clientId: string, pending?: Promise<ConsentState>): Promise<void>
  reload(): Promise<void>
  /** Loads the purposes and the notice texts again (after a failure, or newer versions). */
  reloadNotices(): Promise<void>
  verify(verification: Omit<Verification, 'at'>): void
  clearVerification(): void
  setVerifyFormOpen(open: boolean): void
  /** The one control for giving and withdrawing: the same path both ways. */
  toggle(purpose: Purpose, channel?: OfferChannel): void
  /** Location's temporary refusal, and its end. */
  togglePause(purpose: Purpose): void
  undo(key: ChangeKey): void
  discard(): void
  openReview(): void
  closeReview(): void
  confirm(language: Language): Promise<void>
  /** After a 412: keep the agent's changes, rebased on the version the API has now. */
  reapply(): void
  dismissSaved(): void
  dismissDropped(): void
  reset(): void
}

export type ConsentsStore = StoreApi<ConsentsState>

export interface ConsentsDeps {
  ipc: IpcClient
  newId?: () => string
  now?: () => Date
}

const CLOSED = {
  clientId: null,
  status: 'idle',
  errorCode: null,
  consent: null,
  verification: null,
  verifyFormOpen: false,
  pending: {},
  reviewOpen: false,
  saving: false,
  saveError: null,
  saved: null,
  requestId: null,
  requestSignature: null,
  dropped: [] as ConsentsState['dropped']
} as const satisfies Partial<ConsentsState>

function noopPurposes(
  fields: { path: string }[] | undefined,
  pending: Record<ChangeKey, RequestedAction>
): Purpose[] {
  const changes = toChanges(pending)
  const named = (fields ?? [])
    .map((field) => /changes\.(\d+)/.exec(field.path)?.[1])
    .filter((index): index is string => index !== undefined)
    .map((index) => changes[Number(index)]?.purpose)
    .filter((purpose): purpose is Purpose => purpose !== undefined)
  const purposes = named.length > 0 ? named : changes.map((change) => change.purpose)
  return [...new Set(purposes)]
}

const NOTICE_ORDER: readonly NoticeKey[] = [...PURPOSES, 'rights']

/**
 * The notices whose text changed, from a 409 `notice_outdated` (which gives the current version
 * of every notice the request named): those whose version is not the one sent. Once each, in the
 * card's order, the rights statement last.
 */
function outdatedNotices(
  current: readonly CurrentNotice[],
  sent: {
    changes: readonly { purpose: Purpose; noticeVersion?: number }[]
    rightsNoticeVersion: number
  }
): NoticeKey[] {
  const versionSent = new Map<NoticeKey, number | undefined>([
    ...sent.changes.map((change) => [change.purpose, change.noticeVersion] as const),
    ['rights', sent.rightsNoticeVersion] as const
  ])
  const changed = new Set(
    current
      .filter((notice) => versionSent.get(notice.purpose) !== notice.version)
      .map((notice) => notice.purpose)
  )
  return NOTICE_ORDER.filter((key) => changed.has(key))
}

/** A v4 UUID; `randomUUID` exists only in secure contexts, `getRandomValues` everywhere. */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  const parts = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20)]
  return `${parts.join('-')}-${hex.slice(20)}`
}

export function createConsentsStore(deps: ConsentsDeps): ConsentsStore {
  const newId = deps.newId ?? uuid
  const now = deps.now ?? (() => new Date())
  let sequence = 0

  return createStore<ConsentsState>()((set, get) => {
    function setPending(key: ChangeKey, action: RequestedAction | null): void {
      const pending = { ...get().pending }
      if (action === null) delete pending[key]
      else pending[key] = action
      // An edit after a failure is a new save: the old error no longer describes it.
      set({ pending, saveError: null, saved: null })
    }

    let catalogueSequence = 0
    async function loadDefinitions(force = false): Promise<void> {
      if (!force && (get().definitions || get().noticesLoading)) return
      const mine = ++catalogueSequence
      set({ noticesLoading: true })
      try {
        const { items, rights } = await deps.ipc.invoke('purposes:list')
        if (mine !== catalogueSequence) return
        set({ definitions: items, rights, definitionsFailed: false, noticesLoading: false })
      } catch {
        if (mine !== catalogueSequence) return
        set({ definitionsFailed: true, noticesLoading: false })
      }
    }

    return {
      ...CLOSED,
      definitions: null,
      rights: null,
      definitionsFailed: false,
      noticesLoading: false,

      async open(clientId, pending) {
        const mine = ++sequence
        set({ ...CLOSED, clientId, status: 'loading' })
        void loadDefinitions()
        try {
          const consent = await (pending ?? deps.ipc.invoke('consents:get', { clientId }))
          if (mine !== sequence) return
          set({ status: 'ready', consent })
        } catch (error) {
          if (mine !== sequence) return
          set({ status: 'error', errorCode: toBridgeError(error).code })
        }
      },

      async reload() {
        const { clientId } = get()
        if (!clientId) return
        const mine = ++sequence
        set({ status: get().consent ? 'ready' : 'loading', errorCode: null })
        try {
          const consent = await deps.ipc.invoke('consents:get', { clientId })
          if (mine !== sequence) return
          set({ status: 'ready', consent })
        } catch (error) {
          if (mine !== sequence) return
          set({ status: 'error', errorCode: toBridgeError(error).code })
        }
      },

      reloadNotices: () => loadDefinitions(true),

      verify(verification) {
        set({ verification: { ...verification, at: now().toISOString() } })
      },

      clearVerification() {
        set({ verification: null, reviewOpen: false })
      },

      setVerifyFormOpen(open) {
        set({ verifyFormOpen: open })
      },

      toggle(purpose, channel) {
        const { consent, pending, verification } = get()
        if (!verification) return
        const key = cellKey(purpose, channel)
        const base = baseStateOf(consent, purpose, channel)
        const effective = pending[key] ? stateAfter(pending[key]) : base
        const action: RequestedAction = isOn(effective) ? 'withdrawn' : 'given'
        setPending(key, changesSomething(purpose, base, action) ? action : null)
      },

      togglePause(purpose) {
        const { consent, pending, verification } = get()
        if (!verification) return
        const key = cellKey(purpose)
        const base = baseStateOf(consent, purpose)
        const effective = pending[key] ? stateAfter(pending[key]) : base
        if (effective === 'paused') {
          setPending(key, base === 'paused' ? 'resumed' : null)
        } else if (effective === 'given') {
          setPending(key, base === 'paused' ? null : 'paused')
        }
      },

      undo(key) {
        setPending(key, null)
      },

      discard() {
        set({ pending: {}, saveError: null, reviewOpen: false, dropped: [] })
      },

      openReview() {
        const { pending, verification, saving } = get()
        if (!verification || saving || Object.keys(pending).length === 0) return
        set({ reviewOpen: true, saved: null })
      },

      closeReview() {
        if (get().saving) return
        set({ reviewOpen: false })
      },

      async confirm(language) {
        const state = get()
        const { clientId, consent, pending, verification } = state
        if (!clientId || !consent || !verification || state.saving || state.noticesLoading) return
        // Every change names the notice version the client is shown, and the rights statement's:
        // without the texts there is nothing the client could have confirmed.
        const shown = withNoticeVersions(
          toChanges(pending),
          state.definitions,
          state.rights,
          language
        )
        if (!shown || shown.changes.length === 0) return
        const changes = shown.changes
        const body = {
          changes,
          identityVerification: {
            method: verification.method,
            ...(verification.documentLast4 ? { documentLast4: verification.documentLast4 } : {}),
            ...(verification.representative ? { representative: verification.representative } : {})
          },
          source: 'customer_centre' as const,
          language,
          rightsNoticeVersion: shown.rightsNoticeVersion
        }
        // The same body again (a retry) keeps its requestId; anything else is a new save.
        const signature = signatureOf(consent.version, body)
        const requestId =
          state.requestId && state.requestSignature === signature ? state.requestId : newId()
        set({ saving: true, saveError: null, requestId, requestSignature: signature })
        const mine = sequence
        try {
          const response = await deps.ipc.invoke('consents:record', {
            clientId,
            requestId,
            expectedVersion: consent.version,
            ...body
          })
          if (mine !== sequence) return
          // The API's answer is the truth now, not what the agent's toggles predicted.
          set({
            saving: false,
            consent: response.state,
            pending: {},
            reviewOpen: false,
            saved: { response, count: changes.length, language },
            requestId: null,
            requestSignature: null,
            dropped: []
          })
        } catch (error) {
          if (mine !== sequence) return
          const bridgeError = toBridgeError(error)
          let saveError: SaveError
          const current = bridgeError.details?.state
          if (bridgeError.status === 412 && current) {
            saveError = { kind: 'conflict', current, differences: diffStates(consent, current) }
          } else if (bridgeError.code === 'api_unreachable') {
            saveError = { kind: 'unreachable' }
          } else if (bridgeError.code === 'unauthenticated') {
            saveError = { kind: 'session' }
          } else if (bridgeError.code === 'idempotency_key_in_flight') {
            saveError = { kind: 'busy' }
          } else if (bridgeError.code === 'notice_outdated') {
            const notices = bridgeError.details?.current ?? []
            saveError = {
              kind: 'noticeOutdated',
              notices: outdatedNotices(notices, body),
              current: notices
            }
          } else if (bridgeError.status === 409) {
            saveError = { kind: 'noop', purposes: noopPurposes(bridgeError.fields, pending) }
          } else {
            saveError = { kind: 'other', code: bridgeError.code }
          }
          if (saveError.kind === 'noticeOutdated') {
            // Nothing was recorded; the next confirm sends other versions, so it is a new request.
            set({ saving: false, saveError, requestId: null, requestSignature: null })
            void loadDefinitions(true)
            return
          }
          set({ saving: false, saveError })
        }
      },

      reapply() {
        const { saveError, pending } = get()
        if (saveError?.kind !== 'conflict') return
        const current = saveError.current
        const kept: Record<ChangeKey, RequestedAction> = {}
        const dropped: ConsentsState['dropped'] = []
        for (const [key, action] of Object.entries(pending)) {
          const { purpose, channel } = parseCellKey(key)
          const base = baseStateOf(current, purpose, channel)
          if (changesSomething(purpose, base, action)) kept[key] = action
          else dropped.push(channel ? { purpose, channel } : { purpose })
        }
        set({
          consent: current,
          pending: kept,
          saveError: null,
          dropped,
          requestId: null,
          requestSignature: null,
          reviewOpen: Object.keys(kept).length > 0
        })
      },

      dismissSaved() {
        set({ saved: null })
      },

      dismissDropped() {
        set({ dropped: [] })
      },

      reset() {
        sequence++
        set({ ...CLOSED })
      }
    }
  })
}
