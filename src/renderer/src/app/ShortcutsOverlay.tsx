import { useId, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useDialogFocus } from '../lib/useDialogFocus'

/** Every shortcut of the desk, grouped by where it works; keys are the same in every language. */
export const SHORTCUTS: readonly {
  group: string
  items: readonly { keys: string; action: string }[]
}[] = [
  {
    group: 'anywhere',
    items: [
      { keys: 'Ctrl+K', action: 'search' },
      { keys: '?', action: 'help' }
    ]
  },
  {
    group: 'lookup',
    items: [
      { keys: '↑ ↓', action: 'select' },
      { keys: 'Enter', action: 'open' },
      { keys: 'Esc', action: 'clear' }
    ]
  },
  {
    group: 'card',
    items: [
      { keys: 'Alt+1…7', action: 'jump' },
      { keys: 'Ctrl+S', action: 'review' },
      { keys: '← →', action: 'tabs' },
      { keys: 'Esc', action: 'back' }
    ]
  },
  {
    group: 'review',
    items: [
      { keys: 'Ctrl+Shift+N', action: 'claimNext' },
      { keys: 'Enter', action: 'openCase' },
      { keys: 'Esc', action: 'backToQueue' }
    ]
  },
  {
    group: 'dialogs',
    items: [
      { keys: 'Tab', action: 'cycle' },
      { keys: 'Esc', action: 'close' }
    ]
  }
]

/** Is the key press a request for the overlay? Not while typing: "?" is a character there. */
export function isShortcutsKey(event: KeyboardEvent): boolean {
  if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey) return false
  const target = event.target
  if (!(target instanceof HTMLElement)) return true
  if (target.isContentEditable) return false
  const tag = target.tagName
  if (tag === 'TEXTAREA' || tag === 'SELECT') return false
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type
    return ['button', 'checkbox', 'radio', 'submit', 'reset'].includes(type)
  }
  return true
}

export function ShortcutsOverlay({ onClose }: { onClose(): void }): React.JSX.Element {
  const { t } = useTranslation()
  const titleId = useId()
  const closeRef = useRef<HTMLButtonElement>(null)
  const { dialogRef, onKeyDown } = useDialogFocus({ initialFocus: closeRef, onEscape: onClose })

  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        ref={dialogRef}
        className="dialog dialog--small shortcuts"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="shortcuts"
        onKeyDown={onKeyDown}
        onClick={(event) => event.stopPropagation()}
      >
        <div className="dialog__header">
          <h2 id={titleId}>{t('shortcuts.title')}</h2>
        </div>
        <div className="dialog__body shortcuts__groups">
          {SHORTCUTS.map((group) => (
            <section key={group.group} aria-labelledby={`${titleId}-${group.group}`}>
              <h3 id={`${titleId}-${group.group}`}>{t(`shortcuts.group.${group.group}`)}</h3>
              <dl>
                {group.items.map((item) => (
                  <div key={`${item.keys}-${item.action}`} className="shortcuts__item">
                    <dt>
                      <kbd>{item.keys}</kbd>
                    </dt>
                    <dd>{t(`shortcuts.action.${item.action}`)}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <div className="dialog__footer">
          <button ref={closeRef} type="button" className="button" onClick={onClose}>
            {t('shortcuts.close')} <kbd aria-hidden="true">Esc</kbd>
          </button>
        </div>
      </div>
    </div>
  )
}
