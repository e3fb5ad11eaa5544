import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Staff } from '../../../../shared/domain/staff'
import './auth.css'

/**
 * The signed-in person's name in the top bar opens their menu: Change password (and whatever
 * else concerns their own account). Arrow keys move, Esc closes and returns to the button.
 */
export function UserMenu(props: { staff: Staff; onChangePassword(): void }): React.JSX.Element {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const menuId = useId()
  const buttonRef = useRef<HTMLButtonElement>(null)
  const listRef = useRef<HTMLUListElement>(null)

  useEffect(() => {
    if (!open) return
    listRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
    function onPointer(event: PointerEvent): void {
      if (!listRef.current?.parentElement?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointer)
    return () => document.removeEventListener('pointerdown', onPointer)
  }, [open])

  function close(): void {
    setOpen(false)
    buttonRef.current?.focus()
  }

  return (
    <div className="user-menu topbar__who" aria-label={t('app.signedInAs')}>
      <button
        ref={buttonRef}
        type="button"
        className="button button--ghost user-menu__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="topbar__name">{props.staff.displayName}</span>
        <span className="topbar__meta">
          {props.staff.roles.map((role) => t(`app.roles.${role}`)).join(', ')} ·{' '}
          {props.staff.centre.name}
        </span>
      </button>
      {open && (
        <ul
          ref={listRef}
          id={menuId}
          role="menu"
          className="user-menu__list"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault()
              event.stopPropagation()
              close()
            }
          }}
        >
          <li role="none">
            <button
              type="button"
              role="menuitem"
              className="user-menu__item"
              onClick={() => {
                setOpen(false)
                props.onChangePassword()
              }}
            >
              {t('password.menuItem')}
            </button>
          </li>
        </ul>
      )}
    </div>
  )
}
