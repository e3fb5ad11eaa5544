/** What counts as somebody at the desk. */
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const

/**
 * Calls `onIdle` once nobody has used the keyboard, mouse or screen for `idleMs`. Input only
 * notes the time (no timer is reset per mouse move); one timer wakes when the idle time could
 * have run out and sleeps again for whatever is left. Returns the uninstaller.
 */
export function installIdleLock({
  idleMs,
  onIdle,
  now = () => Date.now()
}: {
  idleMs: number
  onIdle(): void
  now?: () => number
}): () => void {
  let lastActivity = now()
  let timer: ReturnType<typeof setTimeout> | undefined
  const noteActivity = (): void => {
    lastActivity = now()
  }
  const wake = (): void => {
    const left = lastActivity + idleMs - now()
    if (left > 0) {
      timer = setTimeout(wake, left)
      return
    }
    timer = undefined
    onIdle()
  }
  for (const name of ACTIVITY_EVENTS) {
    window.addEventListener(name, noteActivity, { capture: true, passive: true })
  }
  timer = setTimeout(wake, idleMs)
  return () => {
    if (timer !== undefined) clearTimeout(timer)
    for (const name of ACTIVITY_EVENTS) {
      window.removeEventListener(name, noteActivity, { capture: true })
    }
  }
}

/**
 * While the screen is locked no key reaches the workspace under it: its shortcuts listen on the
 * document (Ctrl+K, Esc, Ctrl+S, …) and would act on the hidden screen. Installed once on the
 * window's capture phase, before any of them, it stops the key's propagation there; typing and
 * Enter in the lock screen's own form still work, being the browser's default actions.
 */
export function installLockKeyboardGate(isLocked: () => boolean): () => void {
  const gate = (event: KeyboardEvent): void => {
    if (isLocked()) event.stopPropagation()
  }
  window.addEventListener('keydown', gate, true)
  return () => window.removeEventListener('keydown', gate, true)
}
