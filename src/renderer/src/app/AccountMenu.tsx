import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Staff } from '../../../shared/domain/staff'
import type { AppServices } from './services'

/**
 * The signed-in person's name in the top bar opens the one menu about them: change the password,
 * lock the desk (Ctrl+L), and sign out everywhere (every session of this person at the API, e.g.
 * a desk left signed in at another counter; asked first, like a sign-out, when work is unsaved).
 * Arrow keys, Home and End move between the items; Esc closes and returns to the name.
 */
export function AccountMenu(props: {
  staff: Staff
  services: AppServices
  onChangePassword(): void
}): React.JSX.Element {
  const { t } = useTranslation()
  const { auth, leave } = props.services
  const [open, setOpen] = useState(false)
  const [errorCode, setErrorCode] = useState<string | null>(null)
  const menuId = useId()
  const containerRef = useRef<HTMLDivElement>(null)
  const toggleRef = useRef<HTMLButtonElement>(null)
  const listRef = useRef<HTMLDivElement>(null)

  const items = (): HTMLElement[] => [
    ...(listRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])
  ]

  useEffect(() => {
    if (open) listRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
  }, [open])

  const close = (): void => {
    setOpen(false)
    toggleRef.current?.focus()
  }

  /** Closes the menu, then does what the item says. */
  const choose = (action: () => void) => () => {
    setOpen(false)
    action()
  }

  const moveFocus = (key: string): boolean => {
    const all = items()
    const at = all.indexOf(document.activeElement as HTMLElement)
    const next =
      key === 'ArrowDown'
        ? (at + 1) % all.length
        : key === 'ArrowUp'
          ? (at - 1 + all.length) % all.length
          : key === 'Home'
            ? 0
            : key === 'End'
              ? all.length - 1
              : -1
    if (next < 0) return false
    all[next]?.focus()
    return true
  }

  const { staff } = props
  return (
    <div
      ref={containerRef}
      className="account-menu topbar__who"
      aria-label={t('app.signedInAs')}
      onBlur={(event) => {
        if (!containerRef.current?.contains(event.relatedTarget as Node | null)) setOpen(false)
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault()
          event.stopPropagation()
          close()
        } else if (open && moveFocus(event.key)) {
          event.preventDefault()
        }
      }}
    >
      <button
        ref={toggleRef}
        type="button"
        className="button button--ghost account-menu__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => {
          setErrorCode(null)
          setOpen(!open)
        }}
      >
        <span className="topbar__name">{staff.displayName}</span>
        <span className="topbar__meta">
          {staff.roles.map((role) => t(`app.roles.${role}`)).join(', ')} · {staff.centre.name}
        </span>
      </button>
      {open && (
        <div ref={listRef} id={menuId} role="menu" className="account-menu__list">
          <button
            type="button"
            role="menuitem"
            className="account-menu__item"
            onClick={choose(props.onChangePassword)}
          >
            {t('password.menuItem')}
          </button>
          <button
            type="button"
            role="menuitem"
            className="account-menu__item"
            onClick={choose(() => auth.getState().lockScreen('manual'))}
          >
            {t('account.lock')} <kbd aria-hidden="true">Ctrl+L</kbd>
          </button>
          <button
            type="button"
            role="menuitem"
            className="account-menu__item"
            onClick={choose(() =>
              leave.getState().attempt('signOut', () => {
                void auth
                  .getState()
                  .signOutEverywhere()
                  .then((error) => setErrorCode(error ? error.code : null))
              })
            )}
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
