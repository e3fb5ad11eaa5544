import { Suspense, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import type { Language } from '../../../../shared/domain/staff'
import type { LeaveGuardStore } from '../../app/leaveGuard'
// The timeline, decisions and receipts tabs are chunks of their own (app/screens.ts).
import { ClientReceipts, DecisionsTab, TimelineTab } from '../../app/screens'
import type { DecisionsStore } from '../decisions'
import type { PrintPreviewStore, ReceiptRegisterStore } from '../receipts'
import { ConsentsTab } from './ConsentsTab'
import { useChangeNames } from './usePurposeTitle'
import { ReviewDialog } from './ReviewDialog'
import type { ConsentsStore } from './store'
import './consents.css'
import type { TimelineStore } from './timelineStore'

export interface ConsentsPanelProps {
  store: ConsentsStore
  timeline: TimelineStore
  /** The Decisions tab: the client's automated decisions and review requests. */
  decisions: DecisionsStore
  printPreview: PrintPreviewStore
  clientReceipts: ReceiptRegisterStore
  leave: LeaveGuardStore
  clientId: string
  /** Null until the client's details have loaded; saving waits for it. */
  clientLanguage: Language | null
  onVerify(): void
}

type Tab = 'consents' | 'timeline' | 'decisions' | 'receipts'
const TABS: readonly Tab[] = ['consents', 'timeline', 'decisions', 'receipts']

/** The card's tabs and the confirm dialog; the pending bar sits below the card's body. */
export function ConsentsPanel(props: ConsentsPanelProps): React.JSX.Element {
  const { t } = useTranslation()
  const { store } = props
  const [tab, setTab] = useState<Tab>('consents')
  const id = useId()
  const gateId = `${id}-gate`
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({
    consents: null,
    timeline: null,
    decisions: null,
    receipts: null
  })
  const pendingCount = useStore(store, (s) => Object.keys(s.pending).length)
  const reviewOpen = useStore(store, (s) => s.reviewOpen)
  const verified = useStore(store, (s) => s.verification !== null)
  const saved = useStore(store, (s) => s.saved)
  const ready = props.clientLanguage !== null

  // A save ends in its receipt: the preview opens in the language the client was shown.
  const { printPreview } = props
  const showReceipt = (): void => {
    const receiptId = saved?.response.receipt.id
    if (saved && receiptId) {
      void printPreview.getState().open({ kind: 'receipt', receiptId, copy: false }, saved.language)
    }
  }
  useEffect(() => {
    const receiptId = saved?.response.receipt.id
    if (saved && receiptId) {
      void printPreview.getState().open({ kind: 'receipt', receiptId, copy: false }, saved.language)
    }
  }, [saved, printPreview])

  // Ctrl+S: review the pending changes from anywhere on the card.
  useEffect(() => {
    function onKey(event: KeyboardEvent): void {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
        event.preventDefault()
        if (ready) store.getState().openReview()
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [store, ready])

  function onTabKey(event: React.KeyboardEvent): void {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return
    event.preventDefault()
    const step = event.key === 'ArrowRight' ? 1 : TABS.length - 1
    const next = TABS[(TABS.indexOf(tab) + step) % TABS.length]!
    setTab(next)
    tabRefs.current[next]?.focus()
  }

  return (
    <section className="cpanel">
      <div className="cpanel__bar">
        <div
          role="tablist"
          aria-label={t('consents.tabsLabel')}
          className="tabs"
          onKeyDown={onTabKey}
        >
          {TABS.map((name) => (
            <button
              key={name}
              ref={(el) => {
                tabRefs.current[name] = el
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${name}`}
              aria-selected={tab === name}
              aria-controls={`${id}-panel-${name}`}
              tabIndex={tab === name ? 0 : -1}
              className="tabs__tab"
              onClick={() => setTab(name)}
            >
              {t(`consents.tab.${name}`)}
              {name === 'consents' && pendingCount > 0 && (
                <span className="tabs__badge">{pendingCount}</span>
              )}
            </button>
          ))}
        </div>
        <div className="cpanel__actions">
          {/* The client's right to information (GDPR Art. 15): their consents and history, handed
              to the person at the counter only once they are identified. */}
          <button
            type="button"
            className="button button--small button--ghost"
            disabled={!ready || !verified}
            title={verified ? undefined : t('reports.needsIdentity')}
            onClick={() => {
              if (props.clientLanguage) {
                void printPreview
                  .getState()
                  .open({ kind: 'report', clientId: props.clientId }, props.clientLanguage)
              }
            }}
          >
            {t('reports.open')}
          </button>
        </div>
      </div>
      <div
        role="tabpanel"
        id={`${id}-panel-${tab}`}
        aria-labelledby={`${id}-tab-${tab}`}
        className="tabs__panel"
      >
        <Suspense fallback={<p className="muted" aria-busy="true" />}>
          {tab === 'consents' ? (
            <ConsentsTab
              store={store}
              gateId={gateId}
              onVerify={props.onVerify}
              onShowReceipt={showReceipt}
            />
          ) : tab === 'timeline' ? (
            <TimelineTab store={props.timeline} clientId={props.clientId} consents={store} />
          ) : tab === 'decisions' ? (
            <DecisionsTab
              store={props.decisions}
              consents={store}
              printPreview={printPreview}
              clientId={props.clientId}
              clientLanguage={props.clientLanguage}
              onVerify={props.onVerify}
            />
          ) : (
            <ClientReceipts
              store={props.clientReceipts}
              preview={printPreview}
              clientId={props.clientId}
            />
          )}
        </Suspense>
      </div>

      <AlreadyInEffect store={store} />

      {reviewOpen && props.clientLanguage && (
        <ReviewDialog store={store} clientLanguage={props.clientLanguage} />
      )}
    </section>
  )
}

/**
 * "3 changes — Review and confirm (Ctrl+S)", at the foot of the card, in the flow (it never
 * covers a purpose row). Discard asks first: throwing work away is a second, explicit step.
 */
export function PendingBar(props: {
  store: ConsentsStore
  leave: LeaveGuardStore
  /** The client's details (and so their language) have loaded. */
  ready: boolean
}): React.JSX.Element | null {
  const { t } = useTranslation()
  const { store, leave } = props
  const pendingCount = useStore(store, (s) => Object.keys(s.pending).length)
  const reviewOpen = useStore(store, (s) => s.reviewOpen)
  const canReview = useStore(store, (s) => s.verification !== null && !s.saving)
  if (pendingCount === 0 || reviewOpen) return null
  return (
    <div className="pending-bar" role="region" aria-label={t('consents.pendingRegion')}>
      <span className="pending-bar__dot" aria-hidden="true" />
      <button
        type="button"
        className="button button--primary"
        disabled={!canReview || !props.ready}
        onClick={() => store.getState().openReview()}
      >
        {t('consents.pendingCount', { count: pendingCount })} — {t('consents.review')}{' '}
        <kbd aria-hidden="true">Ctrl+S</kbd>
      </button>
      <button
        type="button"
        className="button button--ghost"
        onClick={() => leave.getState().attempt('discard', () => undefined)}
      >
        {t('consents.discard')}
      </button>
    </div>
  )
}

/**
 * After a conflict's re-apply, the changes the other counter had already made are gone from the
 * pending set. Say which, even when nothing is left to confirm and the dialog has closed.
 */
function AlreadyInEffect({ store }: { store: ConsentsStore }): React.JSX.Element | null {
  const { t } = useTranslation()
  const dropped = useStore(store, (s) => s.dropped)
  const reviewOpen = useStore(store, (s) => s.reviewOpen)
  const changeNames = useChangeNames(store)
  if (dropped.length === 0 || reviewOpen) return null
  return (
    <div className="consents__note" role="status" data-testid="already-in-effect">
      <p>
        {t('consents.dropped', { count: dropped.length })} {changeNames(dropped)}
      </p>
      <button
        type="button"
        className="button button--ghost button--small"
        onClick={() => store.getState().dismissDropped()}
      >
        {t('consents.dismiss')}
      </button>
    </div>
  )
}
