import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import type { Language } from '../../../../shared/domain/staff'
import { ModalDialog } from '../../components/ModalDialog'
import type { CreateError } from './store'

export interface FormDialogProps {
  title: string
  /** What the request is about, under the title (the decision reviewed). */
  intro?: ReactNode
  /** Something has been typed or chosen: closing asks first. */
  dirty: boolean
  busy: boolean
  error: CreateError | null
  submitLabel: string
  /** The letter that confirms the request prints in this language. */
  clientLanguage: Language
  /** The first field: it has the focus when the dialog opens. */
  initialFocus: RefObject<HTMLElement | null>
  onSubmit(): void
  onClose(): void
  children: ReactNode
}

/** The words for a failed filing: the tab's own for the codes it knows, then the app's. */
export function createErrorKeys(code: string): string[] {
  return [`decisions.errors.${code}`, `errors.${code}`, 'errors.generic']
}

/**
 * A filing form at the counter. Esc, Cancel and Ctrl+K never throw typed text away silently:
 * with something typed they ask first, and the safe answer (keep editing) has the focus. A
 * failed request leaves every field as it was, with the error in words above the buttons.
 */
export function FormDialog(props: FormDialogProps): React.JSX.Element {
  const { t } = useTranslation()
  const errorId = useId()
  const askId = useId()
  const [asking, setAsking] = useState(false)
  const keepRef = useRef<HTMLButtonElement>(null)
  const { dirty, busy, onClose, initialFocus } = props

  const requestClose = (): void => {
    if (busy) return
    if (dirty) setAsking(true)
    else onClose()
  }
  const keepEditing = (): void => {
    setAsking(false)
    initialFocus.current?.focus()
  }
  const escape = (): void => {
    if (asking) keepEditing()
    else requestClose()
  }

  // The shortcuts that act behind the dialog: Ctrl+K (to the search) asks first when something
  // is typed; Ctrl+S would open the consents summary under this dialog, so it does nothing here.
  const latest = useRef({ dirty, requestClose })
  useEffect(() => {
    latest.current = { dirty, requestClose }
  })
  useEffect(() => {
    function onKey(event: KeyboardEvent): void {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return
      const key = event.key.toLowerCase()
      if (key === 's' || (key === 'k' && latest.current.dirty)) {
        event.preventDefault()
        event.stopPropagation()
        if (key === 'k') latest.current.requestClose()
      }
    }
    document.addEventListener('keydown', onKey, true)
    return () => document.removeEventListener('keydown', onKey, true)
  }, [])

  useEffect(() => {
    if (asking) keepRef.current?.focus()
  }, [asking])

  return (
    <ModalDialog
      title={props.title}
      header={props.intro}
      className="dialog--small decision-form"
      initialFocus={initialFocus}
      onEscape={escape}
    >
      <form
        className="dialog__form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          if (!busy && !asking) props.onSubmit()
        }}
      >
        <div className="dialog__body decision-form__body">
          {props.children}
          {props.error && (
            <div id={errorId} className="decision-form__error" role="alert">
              <p>{t(createErrorKeys(props.error.code))}</p>
              <p>{t('decisions.dialog.kept')}</p>
            </div>
          )}
        </div>
        {asking ? (
          <div className="dialog__footer decision-form__ask" role="group" aria-labelledby={askId}>
            <p id={askId} role="alert">
              {t('decisions.dialog.discardQuestion')}
            </p>
            <button
              type="button"
              className="button button--danger"
              onClick={() => {
                setAsking(false)
                onClose()
              }}
            >
              {t('decisions.dialog.discard')}
            </button>
            <button
              ref={keepRef}
              type="button"
              className="button button--primary"
              onClick={keepEditing}
            >
              {t('decisions.dialog.keepEditing')} <kbd aria-hidden="true">Esc</kbd>
            </button>
          </div>
        ) : (
          <footer className="dialog__footer decision-form__footer">
            <p className="decision-form__language muted">
              {t('decisions.dialog.letterLanguage', {
                language: t(`client.languages.${props.clientLanguage}`)
              })}
            </p>
            <button
              type="button"
              className="button button--ghost"
              disabled={busy}
              onClick={requestClose}
            >
              {t('decisions.dialog.cancel')} <kbd aria-hidden="true">Esc</kbd>
            </button>
            <button
              type="submit"
              className="button button--primary"
              disabled={busy}
              aria-describedby={props.error ? errorId : undefined}
            >
              {busy && <span className="spinner" aria-hidden="true" />}
              {busy ? t('decisions.dialog.creating') : props.submitLabel}
            </button>
          </footer>
        )}
      </form>
    </ModalDialog>
  )
}
