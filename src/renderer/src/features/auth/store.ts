import { createStore, type StoreApi } from 'zustand/vanilla'
import type { AppInfo, EventPayload, Session } from '../../../../shared/ipc/contract'
import { toBridgeError, type BridgeError, type IpcClient } from '../../lib/ipc-client'

export type AuthStatus = 'starting' | 'signedOut' | 'signingIn' | 'signedIn'
export type SignedOutNotice = Exclude<EventPayload<'session:ended'>['reason'], 'idle'>
/** Why the screen is locked: nobody touched the desk for the idle time, or its user locked it. */
export type LockReason = 'idle' | 'manual'

export interface AuthState {
  status: AuthStatus
  session: Session | null
  appInfo: AppInfo | null
  /** The last failed sign-in; cleared when the user tries again. */
  error: BridgeError | null
  /** Why the user is back on the sign-in screen, shown once above the form. */
  notice: SignedOutNotice | null
  /**
   * The screen is locked (status stays `signedIn`, so nothing on screen is torn down): main has
   * forgotten the token and only the same person's password opens it again.
   */
  lock: LockReason | null
  start(): Promise<void>
  signIn(username: string, password: string): Promise<boolean>
  signOut(): Promise<void>
  sessionEnded(reason: SignedOutNotice): void
  /**
   * Signs the same person in again without leaving the screen they are on (an expired session
   * with unsaved work): no status change, so nothing on screen is torn down. Answers the error.
   */
  reauthenticate(password: string): Promise<BridgeError | null>
  /** Locks the screen and ends the session in main (and at the API). */
  lockScreen(reason: LockReason): void
  /** Signs the locked-out person in again and shows the screen as it was. Answers the error. */
  unlock(password: string): Promise<BridgeError | null>
  /**
   * From the lock screen: somebody else takes the desk. Everything of the locked person's,
   * unsaved work included, is dropped (onSignedOut), then the sign-in form.
   */
  switchUser(): void
  /** Ends every session of this person at the API, then here. Answers the error. */
  signOutEverywhere(): Promise<BridgeError | null>
  /**
   * The signed-in person changes their own password; on success a one-time password's hold
   * (`session.mustChangePassword`) ends. Answers the error, and changes nothing on screen then.
   */
  changePassword(currentPassword: string, newPassword: string): Promise<BridgeError | null>
}

export type AuthStore = StoreApi<AuthState>

export interface AuthDeps {
  ipc: IpcClient
  /** Lets the other stores drop client data the moment nobody is signed in. */
  onSignedOut?(): void
}

export function createAuthStore(deps: AuthDeps): AuthStore {
  const { ipc } = deps
  return createStore<AuthState>()((set, get) => {
    function toSignedOut(notice: SignedOutNotice | null): void {
      set({ status: 'signedOut', session: null, notice, error: null, lock: null })
      deps.onSignedOut?.()
    }

    return {
      status: 'starting',
      session: null,
      appInfo: null,
      error: null,
      notice: null,
      lock: null,

      async start() {
        // Both are local to main, so neither waits on the API; a failure leaves the sign-in form.
        const [info, session] = await Promise.allSettled([
          ipc.invoke('app:info'),
          ipc.invoke('auth:session')
        ])
        const appInfo = info.status === 'fulfilled' ? info.value : null
        const current = session.status === 'fulfilled' ? session.value : null
        if (get().status !== 'starting') {
          set({ appInfo })
          return
        }
        set(
          current
            ? { appInfo, session: current, status: 'signedIn' }
            : { appInfo, session: null, status: 'signedOut' }
        )
      },

      async signIn(username, password) {
        if (get().status === 'signingIn') return false
        set({ status: 'signingIn', error: null, notice: null })
        try {
          const session = await ipc.invoke('auth:login', { username: username.trim(), password })
          set({ status: 'signedIn', session, error: null })
          return true
        } catch (error) {
          set({ status: 'signedOut', error: toBridgeError(error) })
          return false
        }
      },

      async signOut() {
        try {
          await ipc.invoke('auth:logout')
        } catch {
          // Signing out locally still matters when main or the API cannot confirm it.
        }
        toSignedOut('signed_out')
      },

      async reauthenticate(password) {
        const username = get().session?.staff.username
        if (!username) return toBridgeError(new Error('No session to renew'))
        try {
          const session = await ipc.invoke('auth:login', { username, password })
          set({ session })
          return null
        } catch (error) {
          return toBridgeError(error)
        }
      },

      lockScreen(reason) {
        if (get().status !== 'signedIn' || get().lock !== null) return
        set({ lock: reason })
        ipc.invoke('auth:lock').catch(() => {
          // Main is local; it forgets the token even when the API cannot hear the sign-out.
        })
      },

      async unlock(password) {
        const error = await get().reauthenticate(password)
        if (!error) set({ lock: null })
        return error
      },

      switchUser() {
        ipc.invoke('auth:logout').catch(() => undefined)
        toSignedOut(null)
      },

      async signOutEverywhere() {
        try {
          await ipc.invoke('auth:logout-all')
        } catch (error) {
          return toBridgeError(error)
        }
        toSignedOut('signed_out')
        return null
      },

      async changePassword(currentPassword, newPassword) {
        try {
          await ipc.invoke('auth:change-password', { currentPassword, newPassword })
          const session = get().session
          if (session) {
            const { mustChangePassword: _done, ...rest } = session
            set({ session: rest })
          }
          return null
        } catch (error) {
          return toBridgeError(error)
        }
      },

      sessionEnded(reason) {
        const { status } = get()
        // Our own sign-out also ends the session in main, which then tells us; say it once.
        if (status === 'signedOut' || status === 'starting') return
        toSignedOut(reason)
      }
    }
  })
}
