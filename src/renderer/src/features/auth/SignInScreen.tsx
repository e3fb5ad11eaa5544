import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { currentLanguage } from '../../i18n'
import { LanguageSwitch } from '../../i18n/LanguageSwitch'
import { formatTime } from '../../lib/format'
import type { AuthStore } from './store'
import './auth.css'

export interface SignInScreenProps {
  store: AuthStore
}

export function SignInScreen({ store }: SignInScreenProps): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const { status, error, notice, appInfo, signIn } = useStore(
    store,
    useShallow((s) => ({
      status: s.status,
      error: s.error,
      notice: s.notice,
      appInfo: s.appInfo,
      signIn: s.signIn
    }))
  )
  // Local state survives a failed attempt: what the user typed is never lost.
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [missing, setMissing] = useState(false)
  const usernameRef = useRef<HTMLInputElement>(null)
  const passwordRef = useRef<HTMLInputElement>(null)
  const errorId = useId()
  const busy = status === 'signingIn'

  useEffect(() => {
    usernameRef.current?.focus()
  }, [])

  useEffect(() => {
    // After a refused password, put the cursor where the fix is: the password, selected.
    if (error?.code === 'invalid_credentials') {
      passwordRef.current?.focus()
      passwordRef.current?.select()
    }
  }, [error])

  const demoAccounts = appInfo?.mode === 'embedded' ? appInfo.demoAccounts : []

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    if (username.trim() === '' || password === '') {
      setMissing(true)
      ;(username.trim() === '' ? usernameRef : passwordRef).current?.focus()
      return
    }
    setMissing(false)
    await signIn(username, password)
  }

  // api_unreachable is reported by the banner above; repeating it here would shout twice.
  const lockedUntil = error?.code === 'account_locked' ? error.details?.lockedUntil : undefined
  const errorText = missing
    ? t('auth.required')
    : lockedUntil
      ? t('errors.account_locked_until', {
          time: formatTime(lockedUntil, currentLanguage(i18n))
        })
      : error && error.code !== 'api_unreachable'
        ? t([`errors.${error.code}`, 'errors.generic'])
        : null

  return (
    <main className="sign-in">
      <div className="sign-in__panel">
        <div className="sign-in__top">
          <p className="brand">{t('app.name')}</p>
          <LanguageSwitch />
        </div>
        <h1>{t('auth.heading')}</h1>
        <p className="muted">{t('auth.intro')}</p>
        {notice && (
          <p className="notice" role="status">
            {t(notice === 'expired' ? 'auth.sessionExpired' : 'auth.signedOut')}
          </p>
        )}
        <form
          onSubmit={(event) => void submit(event)}
          noValidate
          aria-describedby={errorText ? errorId : undefined}
        >
          <div className="field">
            <label htmlFor="sign-in-username">{t('auth.username')}</label>
            <input
              id="sign-in-username"
              ref={usernameRef}
              name="username"
              autoComplete="username"
              spellCheck={false}
              autoCapitalize="off"
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              aria-invalid={error?.code === 'invalid_credentials' || undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="sign-in-password">{t('auth.password')}</label>
            <input
              id="sign-in-password"
              ref={passwordRef}
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={error?.code === 'invalid_credentials' || undefined}
            />
          </div>
          <div id={errorId} className="form-error" role="alert" aria-live="assertive">
            {errorText}
          </div>
          <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
            {busy ? t('auth.submitting') : t('auth.submit')}
          </button>
        </form>
        {demoAccounts.length > 0 && (
          <section className="demo" aria-labelledby="demo-heading">
            <h2 id="demo-heading">{t('auth.demoHeading')}</h2>
            <p className="muted">{t('auth.demoHint')}</p>
            <ul>
              {demoAccounts.map((account) => (
                <li key={account.username}>
                  <button
                    type="button"
                    className="demo__account"
                    onClick={() => {
                      setUsername(account.username)
                      passwordRef.current?.focus()
                    }}
                  >
                    {/* The name is what is seen, with the action before it for screen readers:
                        speech users can say the visible words. */}
                    <span className="visually-hidden">{t('auth.demoUse')}</span>{' '}
                    <span className="demo__username">{account.username}</span>{' '}
                    <span className="demo__roles">
                      {account.roles.map((role) => t([`app.roles.${role}`, role])).join(', ')}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        {appInfo && <p className="version muted">v{appInfo.version}</p>}
      </div>
    </main>
  )
}
