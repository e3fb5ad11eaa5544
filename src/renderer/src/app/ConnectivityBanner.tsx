import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import type { ConnectivityStore } from './connectivityStore'

export function ConnectivityBanner({ store }: { store: ConnectivityStore }): React.JSX.Element {
  const { t } = useTranslation()
  const reachable = useStore(store, (s) => s.reachable)
  const checking = useStore(store, (s) => s.checking)
  // The live region stays in the DOM so that its appearance is announced.
  return (
    <div className="banner-region" role="alert">
      {reachable === false && (
        <div className="banner banner--error">
          <span className="banner__icon" aria-hidden="true">
            !
          </span>
          <p>{t('banner.apiUnreachable')}</p>
          <button
            type="button"
            className="button button--small"
            disabled={checking}
            onClick={() => void store.getState().check()}
          >
            {checking ? t('banner.checking') : t('banner.retry')}
          </button>
        </div>
      )}
    </div>
  )
}
