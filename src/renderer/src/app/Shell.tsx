import { useCallback, useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import type { ClientSearchItem } from '../../../shared/domain/client'
import { ClientCard } from '../features/client'
import { LookupScreen } from '../features/lookup'
import { LanguageSwitch } from '../i18n/LanguageSwitch'
import type { AppServices } from './services'

/** The signed-in workspace: top bar, then the lookup or the open client. */
export function Shell({ services }: { services: AppServices }): React.JSX.Element {
  const { t } = useTranslation()
  const { auth, lookup, client, consents, timeline } = services
  const session = useStore(auth, (s) => s.session)
  const openId = useStore(client, (s) => s.openId)

  const back = useCallback(() => {
    client.getState().close()
    consents.getState().reset()
    timeline.getState().reset()
  }, [client, consents, timeline])

  useEffect(() => {
    function onKey(event: KeyboardEvent): void {
      // Ctrl+K from anywhere: leave the card if one is open and put the cursor in the search.
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault()
        back()
        lookup.getState().requestFocus()
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [back, lookup])

  const openClient = useCallback(
    (item: ClientSearchItem) => void client.getState().open(item.id, item),
    [client]
  )

  const staff = session?.staff

  return (
    <div className="shell">
      <header className="topbar">
        <p className="brand">{t('app.name')}</p>
        {staff && (
          <div className="topbar__who" aria-label={t('app.signedInAs')}>
            <span className="topbar__name">{staff.displayName}</span>
            <span className="topbar__meta">
              {staff.roles.map((role) => t(`app.roles.${role}`)).join(', ')} · {staff.centre.name}
            </span>
          </div>
        )}
        <div className="topbar__actions">
          <LanguageSwitch />
          <button
            type="button"
            className="button button--ghost"
            onClick={() => void auth.getState().signOut()}
          >
            {t('app.signOut')}
          </button>
        </div>
      </header>
      {openId === null ? (
        <LookupScreen store={lookup} onOpen={openClient} />
      ) : (
        <ClientCard
          key={openId}
          store={client}
          consents={consents}
          timeline={timeline}
          onBack={back}
        />
      )}
    </div>
  )
}
