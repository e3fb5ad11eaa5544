import { useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  REVEAL_NOTE_MIN_LENGTH,
  REVEAL_REASONS,
  type RevealRequest,
  type RevealReason
} from '../../../../shared/domain/access-log'
import { ModalDialog } from '../../components/ModalDialog'

export interface RevealDialogProps {
  busy: boolean
  /** The last refusal's code (the API logs first: no log, no reveal). */
  errorCode: string | null
  onReveal(request: RevealRequest): void
  onClose(): void
}

/**
 * Why the full identifiers are needed: asked every time, because the API writes it into the
 * access log and the client may read it there (CJEU C-579/21). A reason from the list; "other"
 * wants a sentence. The identifiers themselves come only from the API's answer.
 */
export function RevealDialog(props: RevealDialogProps): React.JSX.Element {
  const { t } = useTranslation()
  const noteId = useId()
  const errorId = useId()
  const [reason, setReason] = useState<RevealReason | null>(null)
  const [note, setNote] = useState('')
  const [tried, setTried] = useState(false)
  const firstRef = useRef<HTMLInputElement>(null)
  const noteMissing = reason === 'other' && note.trim().length < REVEAL_NOTE_MIN_LENGTH
  const invalid = reason === null || noteMissing

  return (
    <ModalDialog
      title={t('client.revealDialog.title')}
      header={<p className="muted">{t('client.revealDialog.intro')}</p>}
      className="dialog--small reveal-dialog"
      initialFocus={firstRef}
      onEscape={() => {
        if (!props.busy) props.onClose()
      }}
    >
      <form
        className="dialog__form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          setTried(true)
          if (props.busy || invalid || reason === null) return
          const trimmed = note.trim()
          props.onReveal({ reason, ...(trimmed === '' ? {} : { note: trimmed }) })
        }}
      >
        <div className="dialog__body reveal-dialog__body">
          <fieldset
            className="reveal-dialog__reasons"
            aria-invalid={tried && reason === null ? true : undefined}
          >
            <legend>{t('client.revealDialog.reason')}</legend>
            {REVEAL_REASONS.map((code, index) => (
              <label key={code} className="reveal-dialog__reason">
                <input
                  ref={index === 0 ? firstRef : undefined}
                  type="radio"
                  name="reveal-reason"
                  value={code}
                  checked={reason === code}
                  onChange={() => setReason(code)}
                />{' '}
                {t(`accessLog.reason.${code}`)}
              </label>
            ))}
          </fieldset>
          {tried && reason === null && (
            <p className="field-error" role="alert">
              {t('client.revealDialog.reasonRequired')}
            </p>
          )}
          <label htmlFor={noteId} className="reveal-dialog__note-label">
            {reason === 'other'
              ? t('client.revealDialog.noteRequired', { count: REVEAL_NOTE_MIN_LENGTH })
              : t('client.revealDialog.noteOptional')}
          </label>
          <textarea
            id={noteId}
            className="reveal-dialog__note"
            rows={2}
            maxLength={500}
            value={note}
            aria-invalid={tried && noteMissing ? true : undefined}
            onChange={(event) => setNote(event.target.value)}
          />
          {tried && noteMissing && (
            <p className="field-error" role="alert">
              {t('client.revealDialog.noteTooShort', { count: REVEAL_NOTE_MIN_LENGTH })}
            </p>
          )}
          {props.errorCode && (
            <p id={errorId} className="client__reveal-error" role="alert">
              {t('client.revealFailed')}
            </p>
          )}
        </div>
        <footer className="dialog__footer">
          <button
            type="button"
            className="button button--ghost"
            disabled={props.busy}
            onClick={props.onClose}
          >
            {t('client.revealDialog.cancel')} <kbd aria-hidden="true">Esc</kbd>
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={props.busy}
            aria-describedby={props.errorCode ? errorId : undefined}
          >
            {props.busy && <span className="spinner" aria-hidden="true" />}
            {t('client.revealDialog.submit')}
          </button>
        </footer>
      </form>
    </ModalDialog>
  )
}
