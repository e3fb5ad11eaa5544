import type { Session } from '../../shared/ipc/contract'
import type { Staff } from '../../shared/domain/staff'
import type { Clock, EventSink } from '../ports'

interface StoredSession {
  readonly token: string
  readonly staff: Staff
  readonly expiresAt: string
  readonly idleTimeoutMinutes?: number | undefined
  /** The API said the password is a one-time password (`LoginResponse.mustChangePassword`). */
  readonly mustChangePassword?: boolean | undefined
}

/** The renderer's view of a stored session: everything but the token. */
function viewOf(session: StoredSession): Session {
  return {
    staff: session.staff,
    expiresAt: session.expiresAt,
    ...(session.idleTimeoutMinutes === undefined
      ? {}
      : { idleTimeoutMinutes: session.idleTimeoutMinutes }),
    ...(session.mustChangePassword ? { mustChangePassword: true as const } : {})
  }
}

/**
 * Holds the staff session in main's memory only. The token is read by the API client and never
 * leaves main: `current()` returns the renderer's view (`{ staff, expiresAt }`) without it.
 * Nothing is written to disk, so quitting the app signs out.
 */
export interface SessionStore {
  /** The renderer's view of the session, or null when signed out or expired. */
  current(): Session | null
  /** The bearer token for the API client; undefined when signed out or expired. */
  token(): string | undefined
  start(session: StoredSession): Session
  /** Forgets the session and tells the renderer why. Does nothing when already signed out. */
  end(reason: 'expired' | 'signed_out' | 'idle'): void
  /**
   * Forgets the token without telling the renderer: the renderer locked its screen itself and
   * keeps who was signed in; it comes back through `start` when they sign in again.
   */
  forget(): void
  /** The person changed their password: the one-time password's hold on the session ends. */
  passwordChanged(): Session | null
}

export function createSessionStore({
  events,
  clock
}: {
  events: EventSink
  clock: Clock
}): SessionStore {
  let stored: StoredSession | undefined

  const live = (): StoredSession | undefined => {
    if (stored && Date.parse(stored.expiresAt) <= clock.now().getTime()) {
      stored = undefined
      events.emit('session:ended', { reason: 'expired' })
    }
    return stored
  }

  return {
    current() {
      const session = live()
      return session ? viewOf(session) : null
    },
    token() {
      return live()?.token
    },
    start(session) {
      stored = session
      return viewOf(session)
    },
    forget() {
      stored = undefined
    },
    passwordChanged() {
      const session = live()
      if (!session) return null
      stored = { ...session, mustChangePassword: false }
      return viewOf(stored)
    },
    end(reason) {
      if (!stored) return
      stored = undefined
      events.emit('session:ended', { reason })
    }
  }
}
