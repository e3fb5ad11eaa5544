import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import type { AuthStore } from '../features/auth'
import { useDialogFocus } from '../lib/useDialogFocus'
import type { LeaveGuardStore, LeaveRequest } from './leaveGuard'

export interface LeaveDialogProps {
  guard: LeaveGuardStore
  auth: AuthStore
}

/**
 * "3 changes are not saved": shown before any way off a card would lose them. The safe choice,
 * back to the changes, has the focus; discarding is the second, deliberate step. An expired
 * session offers to sign the same person in again so that nothing is lost.
 */
export function LeaveDialog({ guard, auth }: LeaveDialogProps): React.JSX.Element | null {
  const request = useStore(guard, (s) => s.request)
  if (!request) return null
  return request.reason === 'expired' ? (
    <ExpiredDialog guard={guard} auth={auth} request={request} />
  ) : (
    <UnsavedDialog guard={guard} request={request} />
  )
}

function UnsavedDialog({
  guard,
  request
}: {
  guard: LeaveGuardStore
  request: LeaveRequest
}): React.JSX.Element {
  const { t } = useTranslation()
  const titleId = useId()
  const textId = useId()
  const stayRef = useRef<HTMLButtonElement>(null)
  // A reviewer's half-written decision is named as such, not as consent changes.
  const decision = request.subject === 'decision'
  const { dialogRef, onKeyDown } = useDialogFocus({
    initialFocus: stayRef,
    onEscape: () => guard.getState().stay()
  })

  return (
    <AlertFrame ref={dialogRef} onKeyDown={onKeyDown} titleId={titleId} textId={textId}>
      <div className="dialog__header">
        <h2 id={titleId}>
          {decision ? t('review.leave.title') : t('leave.title', { count: request.count })}
        </h2>
      </div>
      <p id={textId} className="dialog__body">
        {decision
          ? t(`review.leave.question.${request.reason}`)
          : t(`leave.question.${request.reason}`)}
      </p>
      <div className="dialog__footer">
        <button
          type="button"
          className="button button--danger"
          onClick={() => guard.getState().discardAndLeave()}
        >
          {decision
            ? t(`review.leave.discard.${request.reason}`)
            : t(`leave.discard.${request.reason}`, { count: request.count })}
        </button>
        <button
          ref={stayRef}
          type="button"
          className="button button--primary"
          onClick={() => guard.getState().stay()}
        >
          {decision ? t('review.leave.stay') : t('leave.stay')} <kbd aria-hidden="true">Esc</kbd>
        </button>
      </div>
    </AlertFrame>
  )
}

function ExpiredDialog({
  guard,
  auth,
  request
}: {
  guard: LeaveGuardStore
  auth: AuthStore
  request: LeaveRequest
}): React.JSX.Element {
  const { t } = useTranslation()
  const username = useStore(auth, (s) => s.session?.staff.displayName ?? '')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [errorCode, setErrorCode] = useState<string | null>(null)
  const titleId = useId()
  const textId = useId()
  const errorId = useId()
  const passwordRef = useRef<HTMLInputElement>(null)
  // Esc does nothing here: the session is gone, so "back to the changes" needs a sign-in.
  const { dialogRef, onKeyDown } = useDialogFocus({ initialFocus: passwordRef })

  useEffect(() => {
    if (errorCode) passwordRef.current?.select()
  }, [errorCode])

  async function submit(event: React.FormEvent): Promise<void> {
    event.preventDefault()
    if (busy || password === '') return
    setBusy(true)
    const error = await auth.getState().reauthenticate(password)
    setBusy(false)
    if (error) {
      setErrorCode(error.code)
      return
    }
    setPassword('')
    guard.getState().stay()
  }

  return (
    <AlertFrame ref={dialogRef} onKeyDown={onKeyDown} titleId={titleId} textId={textId}>
      <form className="dialog__form" onSubmit={(event) => void submit(event)}>
        <div className="dialog__header">
          <h2 id={titleId}>{t('leave.expiredTitle')}</h2>
        </div>
        <div className="dialog__body">
          <p id={textId}>
            {request.subject === 'decision'
              ? t('review.leave.expiredText', { name: username })
              : t('leave.expiredText', { count: request.count, name: username })}
          </p>
          <label className="field">
            <span>{t('auth.password')}</span>
            <input
              ref={passwordRef}
              type="password"
              autoComplete="current-password"
              value={password}
              aria-invalid={errorCode !== null || undefined}
              aria-describedby={errorCode ? errorId : undefined}
              onChange={(event) => {
                setPassword(event.target.value)
                setErrorCode(null)
              }}
            />
          </label>
          {errorCode && (
            <p id={errorId} className="field__error" role="alert">
              {t([`errors.${errorCode}`, 'errors.generic'])}
            </p>
          )}
        </div>
        <div className="dialog__footer">
          <button
            type="button"
            className="button button--danger"
            disabled={busy}
            onClick={() => guard.getState().discardAndLeave()}
          >
            {request.subject === 'decision'
              ? t('review.leave.discard.expired')
              : t('leave.discard.expired', { count: request.count })}
          </button>
          <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
            {t('leave.signInAgain')}
          </button>
        </div>
      </form>
    </AlertFrame>
  )
}

/** The modal frame both questions share: backdrop, alertdialog, its title and text. */
function AlertFrame({
  ref,
  onKeyDown,
  titleId,
  textId,
  children
}: {
  ref: React.Ref<HTMLDivElement>
  onKeyDown(event: React.KeyboardEvent): void
  titleId: string
  textId: string
  children: React.ReactNode
}): React.JSX.Element {
  return (
    <div className="dialog-backdrop">
      <div
        ref={ref}
        className="dialog dialog--small"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={textId}
        data-testid="leave-dialog"
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>
  )
}
