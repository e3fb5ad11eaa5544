import type { EventSink, WindowControl } from '../ports'

/** What the shell does with one attempt to close the window. */
export type CloseDecision = 'allow' | 'prevent'

/**
 * Keeps the window open while the renderer holds unsaved changes, and asks the renderer instead.
 * Main cannot see the page's state, so the renderer reports it (`app:unsaved-work`); when the user
 * tries to close with work flagged, the close is prevented and `app:close-requested` sent, the
 * renderer asks the user, and a "discard" comes back as `app:close`, which closes for real.
 */
export interface CloseGuard {
  /** The renderer's pending-changes state, each time it flips. */
  setUnsavedWork(unsaved: boolean): void
  /** Called on every attempt to close the window (the window's `close` event in the shell). */
  onCloseAttempt(): CloseDecision
  /** The user chose to discard: close now and do not ask again. */
  closeWithoutAsking(): void
  /**
   * The page was replaced (reload, crash): its unsaved work is gone with it, and a dead page
   * could never answer `app:close-requested`, which would leave a window nobody can close.
   */
  forgetPage(): void
}

export function createCloseGuard({
  events,
  window
}: {
  events: EventSink
  window: WindowControl
}): CloseGuard {
  let unsavedWork = false
  // Set between the user's "discard" and the close it causes, so that close is not asked again.
  let discardConfirmed = false

  return {
    setUnsavedWork(unsaved) {
      unsavedWork = unsaved
      // New changes after a "discard" that did not end in a close must be protected again.
      if (unsaved) discardConfirmed = false
    },

    onCloseAttempt() {
      if (!unsavedWork || discardConfirmed) {
        // The window goes, and its page with it; a next window starts with nothing to guard.
        unsavedWork = false
        discardConfirmed = false
        return 'allow'
      }
      events.emit('app:close-requested', {})
      return 'prevent'
    },

    closeWithoutAsking() {
      discardConfirmed = true
      window.close()
    },

    forgetPage() {
      unsavedWork = false
      discardConfirmed = false
    }
  }
}
