import type { i18n as I18n } from 'i18next'
import { Suspense, useEffect, useState } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import type { DesktopBridge } from '../../../shared/ipc/contract'
import { installIdleLock, installLockKeyboardGate } from '../features/auth/idleLock'
import { LockScreen } from '../features/auth/LockScreen'
import { SignInScreen } from '../features/auth/SignInScreen'
import { currentLanguage, preloadLanguages, readStoredLanguage, switchLanguage } from '../i18n'
import { installTabWrap } from '../lib/tabWrap'
import { ConnectivityBanner } from './ConnectivityBanner'
import { ErrorBoundary } from './ErrorBoundary'
import { createAppServices, type AppServices } from './services'
import { ChangePasswordScreen, prefetchCounterScreens, prefetchScreens, Shell } from './screens'
import './app.css'

export interface AppProps {
  bridge: DesktopBridge
  i18n: I18n
  /** API health is polled this often (ms); tests shorten it. */
  healthIntervalMs?: number
  searchDebounceMs?: number
  /** The desk locks after this long without input (ms); default: the session's idle timeout. */
  idleLockMs?: number
}

export const HEALTH_INTERVAL_MS = 10_000

/** The API's default idle timeout, for a session that did not say its own. */
export const DEFAULT_IDLE_LOCK_MINUTES = 30

export function App(props: AppProps): React.JSX.Element {
  const [services] = useState(() =>
    createAppServices(props.bridge, { searchDebounceMs: props.searchDebounceMs })
  )
  const interval = props.healthIntervalMs ?? HEALTH_INTERVAL_MS

  useEffect(() => installTabWrap(), [])
  useEffect(() => installLockKeyboardGate(() => services.auth.getState().lock !== null), [services])

  useEffect(() => {
    void services.auth.getState().start()
    const unsubscribe = services.ipc.on('session:ended', ({ reason }) =>
      services.endSession(reason)
    )
    void services.connectivity.getState().check()
    const timer = setInterval(() => void services.connectivity.getState().check(), interval)
    return () => {
      unsubscribe()
      clearInterval(timer)
    }
  }, [services, interval])

  return (
    <I18nextProvider i18n={props.i18n}>
      <ErrorBoundary>
        <Root services={services} idleLockMs={props.idleLockMs} />
      </ErrorBoundary>
    </I18nextProvider>
  )
}

function Root({
  services,
  idleLockMs
}: {
  services: AppServices
  idleLockMs: number | undefined
}): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const status = useStore(services.auth, (s) => s.status)
  const locked = useStore(services.auth, (s) => s.lock !== null)
  const idleMinutes = useStore(services.auth, (s) => s.session?.idleTimeoutMinutes)

  // The desk's own idle timer: nobody at the keyboard for the session's idle time locks the
  // screen, as the API would refuse the session then anyway (and says so: `session_idle`).
  useEffect(() => {
    if (status !== 'signedIn' || locked) return
    return installIdleLock({
      idleMs: idleLockMs ?? (idleMinutes ?? DEFAULT_IDLE_LOCK_MINUTES) * 60_000,
      onIdle: () => services.auth.getState().lockScreen('idle')
    })
  }, [services, status, locked, idleMinutes, idleLockMs])
  // The sign-in screen is the entry chunk's; the counter's workspace and card are fetched while
  // it is up, and once someone is signed in every other screen and language (nothing waits then).
  useEffect(() => {
    if (status === 'starting') return
    const prefetch = status === 'signedIn' ? prefetchAll : prefetchCounterScreens
    const handle = requestIdle(() => void prefetch(i18n).catch(() => undefined))
    return () => cancelIdle(handle)
  }, [status, i18n])
  const mustChangePassword = useStore(services.auth, (s) => s.session?.mustChangePassword === true)
  const defaultLanguage = useStore(services.auth, (s) => s.appInfo?.defaultLanguage)

  // The window title names the product only: it shows in the taskbar and in screen shares.
  useEffect(() => {
    document.title = t('app.name')
  }, [t])

  // The deployment's default applies until this person picks a language themselves.
  useEffect(() => {
    if (
      defaultLanguage &&
      readStoredLanguage() === null &&
      currentLanguage(i18n) !== defaultLanguage
    ) {
      void switchLanguage(i18n, defaultLanguage)
    }
  }, [defaultLanguage, i18n])

  return (
    <>
      <ConnectivityBanner store={services.connectivity} />
      {/* The workspace and the change-password screen are chunks of their own (./screens). */}
      <Suspense fallback={<Starting label={t('auth.checking')} />}>
        {status === 'starting' ? (
          <Starting label={t('auth.checking')} />
        ) : status === 'signedIn' && mustChangePassword ? (
          <ChangePasswordScreen store={services.auth} />
        ) : status === 'signedIn' ? (
          <>
            <Shell services={services} />
            {locked && <LockScreen store={services.auth} unsavedCount={services.unsavedCount} />}
          </>
        ) : (
          <SignInScreen store={services.auth} />
        )}
      </Suspense>
    </>
  )
}

function Starting({ label }: { label: string }): React.JSX.Element {
  return (
    <main className="starting" aria-busy="true">
      <p role="status">{label}</p>
    </main>
  )
}

function prefetchAll(i18n: I18n): Promise<void> {
  return Promise.all([prefetchScreens(), preloadLanguages(i18n)]).then(() => undefined)
}

// requestIdleCallback where there is one (Chromium); a short timeout elsewhere (jsdom).
function requestIdle(run: () => void): number {
  return typeof window.requestIdleCallback === 'function'
    ? window.requestIdleCallback(run, { timeout: 500 })
    : window.setTimeout(run, 0)
}

function cancelIdle(handle: number): void {
  if (typeof window.cancelIdleCallback === 'function') window.cancelIdleCallback(handle)
  else window.clearTimeout(handle)
}
