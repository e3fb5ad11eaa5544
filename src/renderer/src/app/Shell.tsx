import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import { ClientCard } from '../features/client'
import { LookupScreen } from '../features/lookup'
import { ConfirmationsScreen, PrintPreviewDialog, ReceiptsScreen } from '../features/receipts'
import { LanguageSwitch } from '../i18n/LanguageSwitch'
import { LeaveDialog } from './LeaveDialog'
import type { AppServices } from './services'
import { isShortcutsKey, ShortcutsOverlay } from './ShortcutsOverlay'

/** The workspace's sections, when no client card is open. */
type Section = 'lookup' | 'receipts' | 'confirmations'

/** The signed-in workspace: top bar, then the lookup, the open client or the receipts register. */
export function Shell({ services }: { services: AppServices }): React.JSX.Element {
  const { t } = useTranslation()
  const {
    auth,
    lookup,
    client,
    consents,
    timeline,
    printPreview,
    receipts,
    clientReceipts,
    leave
  } = services
  const session = useStore(auth, (s) => s.session)
  const openId = useStore(client, (s) => s.openId)
  const previewOpen = useStore(printPreview, (s) => s.target !== null)
  const [shortcutsOpen, setShortcutsOpen] = useState(false)
  const [section, setSection] = useState<Section>('lookup')

  const back = useCallback(() => {
    client.getState().close()
    consents.getState().reset()
    timeline.getState().reset()
    clientReceipts.getState().reset()
    lookup.getState().requestFocus()
  }, [client, consents, timeline, clientReceipts, lookup])

  /** The card's Back and Esc: asks first when changes are pending. */
  const leaveCard = useCallback(() => leave.getState().attempt('back', back), [leave, back])

  /** A section from the top bar; leaving an open card asks first, as Back does. */
  const goTo = (next: Section): void => {
    const show = (): void => {
      if (client.getState().openId !== null) back()
      setSection(next)
      if (next === 'lookup') lookup.getState().requestFocus()
    }
    if (client.getState().openId !== null) leave.getState().attempt('back', show)
    else show()
  }

  useEffect(() => {
    function onKey(event: KeyboardEvent): void {
      // Ctrl+K from anywhere: leave the card if one is open and put the cursor in the search.
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault()
        leave.getState().attempt('search', () => {
          back()
          setSection('lookup')
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
  }, [back, leave])

  const staff = session?.staff
  // Batch confirmations are the supervisors' work.
  const sections: readonly Section[] = staff?.roles.includes('supervisor')
    ? ['lookup', 'receipts', 'confirmations']
    : ['lookup', 'receipts']

  return (
    <div className="shell">
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
          <div className="topbar__who" aria-label={t('app.signedInAs')}>
            <span className="topbar__name">{staff.displayName}</span>
            <span className="topbar__meta">
              {staff.roles.map((role) => t(`app.roles.${role}`)).join(', ')} · {staff.centre.name}
            </span>
          </div>
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
      {openId === null ? (
        section === 'receipts' && staff ? (
          <ReceiptsScreen store={receipts} preview={printPreview} staff={staff} />
        ) : section === 'confirmations' && staff && sections.includes('confirmations') ? (
          <ConfirmationsScreen store={services.confirmations} staff={staff} />
        ) : (
          <LookupScreen store={lookup} />
        )
      ) : (
        <ClientCard
          key={openId}
          store={client}
          consents={consents}
          timeline={timeline}
          printPreview={printPreview}
          clientReceipts={clientReceipts}
          leave={leave}
          onBack={leaveCard}
        />
      )}
      {previewOpen && <PrintPreviewDialog store={printPreview} />}
      <LeaveDialog guard={leave} auth={auth} />
      {shortcutsOpen && <ShortcutsOverlay onClose={() => setShortcutsOpen(false)} />}
    </div>
  )
}
