import { useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import { PASSWORD_MIN_LENGTH } from '../../../../shared/domain/password-policy'
import { LanguageSwitch } from '../../i18n/LanguageSwitch'
import type { BridgeError } from '../../lib/ipc-client'
import {
  fieldErrorTexts,
  localPasswordProblems,
  passwordProblemTexts
} from '../../lib/passwordWords'
import { ModalDialog } from '../../components/ModalDialog'
import type { AuthStore } from './store'
import './auth.css'

interface FormProps {
  store: AuthStore
  /** The first field; focused when the form appears. */
  firstField: RefObject<HTMLInputElement | null>
  onDone(): void
  /** Beside the submit button: Cancel in the dialog, Sign out on the forced screen. */
  secondary: React.ReactNode
}

/**
 * Current password, new password, the new one again. The rules the desk can check are checked
 * before sending; the API checks them all (the common-password list is its own). A refusal keeps
 * every field, and each problem is named under its field in the user's language.
 */
function ChangePasswordForm({
  store,
  firstField,
  onDone,
  secondary
}: FormProps): React.JSX.Element {
  const { t } = useTranslation()
  const staff = useStore(store, (s) => s.session?.staff)
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [repeat, setRepeat] = useState('')
  const [busy, setBusy] = useState(false)
  const [localProblems, setLocalProblems] = useState<string[]>([])
  const [mismatch, setMismatch] = useState(false)
  const [missing, setMissing] = useState(false)
  const [error, setError] = useState<BridgeError | null>(null)
  const ids = { current: useId(), next: useId(), repeat: useId(), rules: useId(), error: useId() }

  const currentErrors = fieldErrorTexts(t, error, 'currentPassword')
  const nextErrors = [...localProblems, ...fieldErrorTexts(t, error, 'newPassword')]
  const generalError =
    error && currentErrors.length === 0 && nextErrors.length === 0
      ? t([`errors.${error.code}`, 'errors.generic'])
      : null

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    if (busy) return
    setError(null)
    if (current === '' || next === '') {
      setMissing(true)
      return
    }
    setMissing(false)
    const problems = passwordProblemTexts(
      t,
      localPasswordProblems(next, {
        ...(staff ? { username: staff.username, displayName: staff.displayName } : {})
      })
    )
    setLocalProblems(problems)
    setMismatch(next !== repeat)
    if (problems.length > 0 || next !== repeat) return
    setBusy(true)
    const failure = await store.getState().changePassword(current, next)
    setBusy(false)
    if (failure) setError(failure)
    else onDone()
  }

  return (
    <form className="change-password" noValidate onSubmit={(event) => void submit(event)}>
      <p id={ids.rules} className="muted">
        {t('password.rules', { min: PASSWORD_MIN_LENGTH })}
      </p>
      <div className="field">
        <label htmlFor={ids.current}>{t('password.current')}</label>
        <input
          id={ids.current}
          ref={firstField}
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(event) => setCurrent(event.target.value)}
          aria-invalid={currentErrors.length > 0 || undefined}
          aria-describedby={currentErrors.length > 0 ? `${ids.current}-error` : undefined}
        />
        {currentErrors.length > 0 && (
          <p id={`${ids.current}-error`} className="field__error">
            {currentErrors.join(' ')}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={ids.next}>{t('password.new')}</label>
        <input
          id={ids.next}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(event) => setNext(event.target.value)}
          aria-invalid={nextErrors.length > 0 || undefined}
          aria-describedby={`${ids.rules}${nextErrors.length > 0 ? ` ${ids.next}-error` : ''}`}
        />
        {nextErrors.length > 0 && (
          <ul id={`${ids.next}-error`} className="field__error change-password__problems">
            {nextErrors.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        )}
      </div>
      <div className="field">
        <label htmlFor={ids.repeat}>{t('password.repeat')}</label>
        <input
          id={ids.repeat}
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={(event) => setRepeat(event.target.value)}
          aria-invalid={mismatch || undefined}
          aria-describedby={mismatch ? `${ids.repeat}-error` : undefined}
        />
        {mismatch && (
          <p id={`${ids.repeat}-error`} className="field__error">
            {t('password.mismatch')}
          </p>
        )}
      </div>
      <div id={ids.error} className="form-error" role="alert" aria-live="assertive">
        {missing ? t('password.required') : generalError}
      </div>
      <div className="change-password__actions">
        {secondary}
        <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
          {busy ? t('password.saving') : t('password.save')}
        </button>
      </div>
    </form>
  )
}

/**
 * After signing in with an admin's one-time password: nothing else is reachable until the
 * person has chosen their own (the API refuses everything else too).
 */
export function ChangePasswordScreen({ store }: { store: AuthStore }): React.JSX.Element {
  const { t } = useTranslation()
  const firstField = useRef<HTMLInputElement>(null)
  const name = useStore(store, (s) => s.session?.staff.displayName)
  useEffect(() => {
    firstField.current?.focus()
  }, [])
  return (
    <main className="sign-in">
      <div className="sign-in__panel">
        <div className="sign-in__top">
          <p className="brand">{t('app.name')}</p>
          <LanguageSwitch />
        </div>
        <h1>{t('password.forcedHeading')}</h1>
        <p className="muted">{t('password.forcedIntro', { name })}</p>
        <ChangePasswordForm
          store={store}
          firstField={firstField}
          onDone={() => undefined}
          secondary={
            <button
              type="button"
              className="button button--ghost"
              onClick={() => void store.getState().signOut()}
            >
              {t('app.signOut')}
            </button>
          }
        />
      </div>
    </main>
  )
}

/** The user menu's "Change password": the same form in a dialog; Esc or Cancel closes it. */
export function ChangePasswordDialog({
  store,
  onClose
}: {
  store: AuthStore
  onClose(): void
}): React.JSX.Element {
  const { t } = useTranslation()
  const firstField = useRef<HTMLInputElement>(null)
  const [done, setDone] = useState(false)
  const closeRef = useRef<HTMLButtonElement>(null)

  return (
    <ModalDialog
      title={t('password.heading')}
      className="dialog--narrow"
      initialFocus={firstField}
      onEscape={onClose}
    >
      {done ? (
        <>
          <p role="status">{t('password.changed')}</p>
          <footer className="dialog__footer">
            <button
              ref={closeRef}
              type="button"
              className="button button--primary"
              onClick={onClose}
            >
              {t('password.close')}
            </button>
          </footer>
        </>
      ) : (
        <ChangePasswordForm
          store={store}
          firstField={firstField}
          onDone={() => {
            setDone(true)
            setTimeout(() => closeRef.current?.focus(), 0)
          }}
          secondary={
            <button type="button" className="button" onClick={onClose}>
              {t('password.cancel')}
            </button>
          }
        />
      )}
    </ModalDialog>
  )
}
