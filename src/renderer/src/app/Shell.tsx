import { Suspense, useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import { LookupScreen } from '../features/lookup/LookupScreen'
import { isReviewer } from '../features/review/model'
import { LanguageSwitch } from '../i18n/LanguageSwitch'
import { LeaveDialog } from './LeaveDialog'
import type { AppServices } from './services'
import { AccountMenu } from './AccountMenu'
import {
  AccessLogScreen,
  ChangePasswordDialog,
  ClientCard,
  ConfirmationsScreen,
  PrintPreviewDialog,
  ReceiptsScreen,
  ReviewScreen,
  StaffScreen
} from './screens'
import { isShortcutsKey, ShortcutsOverlay } from './ShortcutsOverlay'

/** The workspace's sections, when no client card is open. */
type Section = 'lookup' | 'review' | 'receipts' | 'confirmations' | 'accessLog' | 'staff'

/** The sections a staff member's roles open, in the top bar's order. */
function sectionsFor(roles: readonly string[]): Section[] {
  const counter = roles.includes('agent') || roles.includes('supervisor')
  const review = roles.includes('reviewer') || roles.includes('supervisor')
  // An admin administers staff and reads no client data: no client search for admin alone.
  const clients = counter || review
  return [
    ...(clients ? (['lookup'] as const) : []),
    ...(review ? (['review'] as const) : []),
    // Receipts are the counter's (the API serves them to agents and supervisors only).
    ...(counter ? (['receipts'] as const) : []),
    // Batch confirmations and the access log are the supervisors' work (the API agrees).
    ...(roles.includes('supervisor') ? (['confirmations', 'accessLog'] as const) : []),
    ...(roles.includes('admin') ? (['staff'] as const) : [])
  ]
}

/** The signed-in workspace: top bar, then the lookup, the open client or the receipts register. */
export function Shell({ services }: { services: AppServices }): React.JSX.Element {
  const { t } = useTranslation()
  const {
    auth,
    lookup,
    client,
    consents,
    timeline,
    decisions,
    printPreview,
    receipts,
    clientReceipts,
    reviewQueue,
    reviewCase,
    accessLog,
    leave
  } = services
  const session = useStore(auth, (s) => s.session)
  const locked = useStore(auth, (s) => s.lock !== null)
  const openId = useStore(client, (s) => s.openId)
  const previewOpen = useStore(printPreview, (s) => s.target !== null)
  const [shortcutsOpen, setShortcutsOpen] = useState(false)
  // A reviewer and nothing else starts at the queue, an admin at the staff table: that is
  // their whole day.
  const [section, setSection] = useState<Section>(() => {
    const roles = auth.getState().session?.staff.roles ?? []
    if (roles.length === 1 && roles[0] === 'reviewer') return 'review'
    return sectionsFor(roles)[0] ?? 'lookup'
  })
  const [changingPassword, setChangingPassword] = useState(false)
  const canReview = session ? isReviewer(session.staff) : false

  const back = useCallback(() => {
    client.getState().close()
    consents.getState().reset()
    timeline.getState().reset()
    clientReceipts.getState().reset()
    lookup.getState().requestFocus()
  }, [client, consents, timeline, clientReceipts, lookup])

  /** The card's Back and Esc: asks first when changes are pending. */
  const leaveCard = useCallback(() => leave.getState().attempt('back', back), [leave, back])

  /**
   * A section from the top bar; leaving an open card, or a half-written review decision, asks
   * first, as Back does. The review queue's own tab, from a case, goes back to the queue.
   */
  const goTo = (next: Section): void => {
    const show = (): void => {
      if (client.getState().openId !== null) back()
      if (next === 'review' && section === 'review') reviewCase.getState().close()
      // Ask for the queue's page now, so the request overlaps the screen's mounting.
      if (next === 'review') void reviewQueue.getState().load()
      setSection(next)
      if (next === 'lookup') lookup.getState().requestFocus()
      // From the top bar the log opens unfiltered; from a card, for its client (below).
      if (next === 'accessLog') void accessLog.getState().clientCleared()
    }
    const leavingCase = section === 'review' && reviewCase.getState().openId !== null
    if (client.getState().openId !== null || leavingCase) leave.getState().attempt('back', show)
    else show()
  }

  useEffect(() => {
    function onKey(event: KeyboardEvent): void {
      // Ctrl+L from anywhere: lock the desk (stepping away from the counter). Nothing is lost.
      if (
        (event.ctrlKey || event.metaKey) &&
        !event.altKey &&
        !event.shiftKey &&
        event.key.toLowerCase() === 'l'
      ) {
        event.preventDefault()
        auth.getState().lockScreen('manual')
        return
      }
      // Ctrl+K from anywhere: leave the card if one is open and put the cursor in the search.
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault()
        leave.getState().attempt('search', () => {
          back()
          setSection('lookup')
        })
        return
      }
      // Ctrl+Shift+N from anywhere: the review queue's next case, claimed. Not under a dialog.
      if (
        canReview &&
        (event.ctrlKey || event.metaKey) &&
        event.shiftKey &&
        !event.altKey &&
        event.key.toLowerCase() === 'n'
      ) {
        event.preventDefault()
        const dialogOpen =
          shortcutsOpen ||
          leave.getState().request !== null ||
          printPreview.getState().target !== null
        if (dialogOpen) return
        leave.getState().attempt('back', () => {
          if (client.getState().openId !== null) back()
          setSection('review')
          void reviewCase.getState().claimNextCase()
        })
        return
      }
      if (isShortcutsKey(event) && leave.getState().request === null) {
        event.preventDefault()
        setShortcutsOpen(true)
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [auth, back, leave, canReview, shortcutsOpen, client, printPreview, reviewCase])

  const staff = session?.staff
  const sections: readonly Section[] = sectionsFor(staff?.roles ?? [])

  return (
    // Locked: the workspace stays mounted (nothing typed is lost) but can be neither seen nor
    // reached until the same person signs in again (features/auth/LockScreen).
    <div className={locked ? 'shell shell--locked' : 'shell'} inert={locked} aria-hidden={locked}>
      <header className="topbar">
        <p className="brand">{t('app.name')}</p>
        <nav className="topbar__nav" aria-label={t('app.nav.label')}>
          {sections.map((name) => (
            <button
              key={name}
              type="button"
              className="topbar__link"
              aria-current={openId === null && section === name ? 'page' : undefined}
              onClick={() => goTo(name)}
            >
              {t(`app.nav.${name}`)}
            </button>
          ))}
        </nav>
        {staff && (
          <AccountMenu
            staff={staff}
            services={services}
            onChangePassword={() => setChangingPassword(true)}
          />
        )}
        <div className="topbar__actions">
          <button
            type="button"
            className="button button--ghost"
            aria-haspopup="dialog"
            onClick={() => setShortcutsOpen(true)}
          >
            {t('shortcuts.button')} <kbd aria-hidden="true">?</kbd>
          </button>
          <LanguageSwitch
            beforeChange={(proceed) => leave.getState().attempt('language', proceed)}
          />
          <button
            type="button"
            className="button button--ghost"
            onClick={() =>
              leave.getState().attempt('signOut', () => void auth.getState().signOut())
            }
          >
            {t('app.signOut')}
          </button>
        </div>
      </header>
      {/* Every screen but the lookup is a chunk of its own (./screens), normally prefetched. */}
      <Suspense fallback={<main className="starting" aria-busy="true" />}>
        {openId === null ? (
          section === 'review' && staff && sections.includes('review') ? (
            <ReviewScreen
              queue={reviewQueue}
              reviewCase={reviewCase}
              preview={printPreview}
              leave={leave}
              staff={staff}
            />
          ) : section === 'receipts' && staff && sections.includes('receipts') ? (
            <ReceiptsScreen store={receipts} preview={printPreview} staff={staff} />
          ) : section === 'accessLog' && staff && sections.includes('accessLog') ? (
            <AccessLogScreen store={accessLog} preview={printPreview} />
          ) : section === 'confirmations' && staff && sections.includes('confirmations') ? (
            <ConfirmationsScreen store={services.confirmations} staff={staff} />
          ) : section === 'staff' && staff && sections.includes('staff') ? (
            <StaffScreen store={services.staffAdmin} self={staff} />
          ) : !sections.includes('lookup') ? (
            <main className="staff-screen" />
          ) : (
            <LookupScreen store={lookup} />
          )
        ) : (
          <ClientCard
            key={openId}
            store={client}
            consents={consents}
            timeline={timeline}
            decisions={decisions}
            printPreview={printPreview}
            clientReceipts={clientReceipts}
            leave={leave}
            onBack={leaveCard}
            canEdit={
              staff?.roles.some((role) => role === 'agent' || role === 'supervisor') ?? false
            }
            canEditNames={staff?.roles.includes('supervisor') ?? false}
            {...(sections.includes('accessLog')
              ? {
                  onOpenAccessLog: (target: { id: string; name: string }) =>
                    leave.getState().attempt('back', () => {
                      back()
                      setSection('accessLog')
                      void accessLog.getState().openedForClient(target)
                    })
                }
              : {})}
          />
        )}
      </Suspense>
      {previewOpen && (
        <Suspense fallback={null}>
          <PrintPreviewDialog store={printPreview} />
        </Suspense>
      )}
      <LeaveDialog guard={leave} auth={auth} />
      {shortcutsOpen && <ShortcutsOverlay onClose={() => setShortcutsOpen(false)} />}
      {changingPassword && (
        <Suspense fallback={null}>
          <ChangePasswordDialog store={auth} onClose={() => setChangingPassword(false)} />
        </Suspense>
      )}
    </div>
  )
}
