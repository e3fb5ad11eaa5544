import { createStore, type StoreApi } from 'zustand/vanilla'
import type { AppInfo, EventPayload, Session } from '../../../../shared/ipc/contract'
import { toBridgeError, type BridgeError, type IpcClient } from '../../lib/ipc-client'

export type AuthStatus = 'starting' | 'signedOut' | 'signingIn' | 'signedIn'
export type SignedOutNotice = EventPayload<'session:ended'>['reason']

export interface AuthState {
  status: AuthStatus
  session: Session | null
  appInfo: AppInfo | null
  /** The last failed sign-in; cleared when the user tries again. */
  error: BridgeError | null
  /** Why the user is back on the sign-in screen, shown once above the form. */
  notice: SignedOutNotice | null
  start(): Promise<void>
  signIn(username: string, password: string): Promise<boolean>
  signOut(): Promise<void>
  sessionEnded(reason: SignedOutNotice): void
  /**
   * Signs the same person in again without leaving the screen they are on (an expired session
   * with unsaved work): no status change, so nothing on screen is torn down. Answers the error.
   */
  reauthenticate(password: string): Promise<BridgeError | null>
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
      set({ status: 'signedOut', session: null, notice, error: null })
      deps.onSignedOut?.()
    }

    return {
      status: 'starting',
      session: null,
      appInfo: null,
      error: null,
      notice: null,

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
