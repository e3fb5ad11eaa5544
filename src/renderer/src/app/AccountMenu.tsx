import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppServices } from './services'

/**
 * The top bar's account menu: lock the desk (Ctrl+L), and sign out everywhere (every session of
 * this person at the API, e.g. a desk left signed in at another counter). Both ask nothing when
 * nothing is pending; signing out everywhere asks first, like a sign-out, when work is unsaved.
 */
export function AccountMenu({ services }: { services: AppServices }): React.JSX.Element {
  const { t } = useTranslation()
  const { auth, leave } = services
  const [open, setOpen] = useState(false)
  const [errorCode, setErrorCode] = useState<string | null>(null)
  const menuId = useId()
  const containerRef = useRef<HTMLDivElement>(null)
  const firstItemRef = useRef<HTMLButtonElement>(null)
  const toggleRef = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (open) firstItemRef.current?.focus()
  }, [open])

  const close = (): void => {
    setOpen(false)
    toggleRef.current?.focus()
  }

  return (
    <div
      ref={containerRef}
      className="account-menu"
      onBlur={(event) => {
        if (!containerRef.current?.contains(event.relatedTarget as Node | null)) setOpen(false)
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation()
          close()
        }
      }}
    >
      <button
        ref={toggleRef}
        type="button"
        className="button button--ghost"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => {
          setErrorCode(null)
          setOpen(!open)
        }}
      >
        {t('account.menu')} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div id={menuId} role="menu" className="account-menu__list">
          <button
            ref={firstItemRef}
            type="button"
            role="menuitem"
            className="account-menu__item"
            onClick={() => {
              setOpen(false)
              auth.getState().lockScreen('manual')
            }}
          >
            {t('account.lock')} <kbd aria-hidden="true">Ctrl+L</kbd>
          </button>
          <button
            type="button"
            role="menuitem"
            className="account-menu__item"
            onClick={() => {
              setOpen(false)
              leave.getState().attempt('signOut', () => {
                void auth
                  .getState()
                  .signOutEverywhere()
                  .then((error) => setErrorCode(error ? error.code : null))
              })
            }}
          >
            {t('account.signOutEverywhere')}
          </button>
        </div>
      )}
      {errorCode && (
        <p className="account-menu__error" role="alert">
          {t('account.signOutEverywhereFailed')} {t([`errors.${errorCode}`, 'errors.generic'])}
        </p>
      )}
    </div>
  )
}
