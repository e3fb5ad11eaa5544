import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import { currentLanguage } from '../../i18n'
import { formatTime } from '../../lib/format'
import type { BridgeError } from '../../lib/ipc-client'
import type { AuthStore } from './store'
import './auth.css'

export interface LockScreenProps {
  store: AuthStore
  /** What signing in as someone else would throw away (unsaved changes, a decision draft). */
  unsavedCount(): number
}

/**
 * The locked desk: who is signed in, and their password to go on. It covers the workspace, which
 * stays mounted underneath (inert and hidden), so unlocking shows the screen exactly as it was,
 * half-filled forms included. Signing in as someone else discards the locked person's work: it
 * was theirs, about their client, and the next person must not see it (the same as a sign-out).
 */
export function LockScreen({ store, unsavedCount }: LockScreenProps): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const session = useStore(store, (s) => s.session)
  const reason = useStore(store, (s) => s.lock)
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<BridgeError | null>(null)
  // Signing in as someone else with unsaved work asks once more, naming what is lost.
  const [confirmingSwitch, setConfirmingSwitch] = useState<number | null>(null)
  const titleId = useId()
  const errorId = useId()
  const passwordRef = useRef<HTMLInputElement>(null)

  useEffect(() => {
    passwordRef.current?.focus()
  }, [])

  useEffect(() => {
    if (error?.code === 'invalid_credentials') passwordRef.current?.select()
  }, [error])

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    if (busy) return
    if (password === '') {
      passwordRef.current?.focus()
      return
    }
    setBusy(true)
    const failure = await store.getState().unlock(password)
    setBusy(false)
    if (failure) {
      setError(failure)
      return
    }
    setPassword('')
  }

  function switchUser(): void {
    const unsaved = unsavedCount()
    if (unsaved > 0 && confirmingSwitch === null) {
      setConfirmingSwitch(unsaved)
      return
    }
    store.getState().switchUser()
  }

  const staff = session?.staff
  const lockedUntil = error?.code === 'account_locked' ? error.details?.lockedUntil : undefined
  const errorText = lockedUntil
    ? t('errors.account_locked_until', { time: formatTime(lockedUntil, currentLanguage(i18n)) })
    : error
      ? t([`errors.${error.code}`, 'errors.generic'])
      : null

  return (
    <div className="lock-screen" role="dialog" aria-modal="true" aria-labelledby={titleId}>
      <div className="sign-in__panel">
        <p className="brand">{t('app.name')}</p>
        <h1 id={titleId}>{t('lock.heading')}</h1>
        <p className="muted">{t(reason === 'idle' ? 'lock.idleText' : 'lock.manualText')}</p>
        {staff && (
          <div className="lock-screen__who">
            <span className="lock-screen__name">{staff.displayName}</span>
            <span className="muted">
              {staff.username} · {staff.roles.map((role) => t(`app.roles.${role}`)).join(', ')} ·{' '}
              {staff.centre.name}
            </span>
          </div>
        )}
        <form onSubmit={(event) => void submit(event)} noValidate>
          <div className="field">
            <label htmlFor="lock-password">{t('auth.password')}</label>
            <input
              id="lock-password"
              ref={passwordRef}
              type="password"
              autoComplete="current-password"
              value={password}
              aria-invalid={error !== null || undefined}
              aria-describedby={errorText ? errorId : undefined}
              onChange={(event) => {
                setPassword(event.target.value)
                setError(null)
              }}
            />
          </div>
          <div id={errorId} className="form-error" role="alert" aria-live="assertive">
            {errorText}
          </div>
          <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
            {busy ? t('lock.unlocking') : t('lock.unlock')}
          </button>
        </form>
        <p className="muted">{t('lock.kept')}</p>
        <div className="lock-screen__switch">
          {confirmingSwitch !== null && (
            <p className="notice" role="alert">
              {t('lock.switchWarning', { count: confirmingSwitch, name: staff?.displayName ?? '' })}
            </p>
          )}
          <button
            type="button"
            className={confirmingSwitch !== null ? 'button button--danger' : 'button button--ghost'}
            onClick={switchUser}
          >
            {confirmingSwitch !== null
              ? t('lock.switchConfirm', { count: confirmingSwitch })
              : t('lock.switchUser')}
          </button>
          {confirmingSwitch !== null && (
            <button
              type="button"
              className="button button--ghost"
              onClick={() => {
                setConfirmingSwitch(null)
                passwordRef.current?.focus()
              }}
            >
              {t('lock.switchCancel')}
            </button>
          )}
        </div>
      </div>
    </div>
  )
}
