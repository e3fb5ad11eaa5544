import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react'

const FOCUSABLE =
  'button:not(:disabled), summary, [href], input:not(:disabled), select:not(:disabled), textarea, [tabindex="0"]'

export interface DialogFocusOptions {
  /** Takes the focus when the dialog opens: the safe or the expected next action. */
  initialFocus: RefObject<HTMLElement | null>
  /** Esc, wherever the focus is; omitted: Esc does nothing while the dialog is open. */
  onEscape?: () => void
}

/**
 * A modal's keyboard contract: focus moves in on open and back where it was on close, Tab
 * cycles inside, and Esc belongs to the dialog (captured first, so the card's own Esc, back to
 * the search, never sees it).
 */
export function useDialogFocus<T extends HTMLElement = HTMLDivElement>(
  options: DialogFocusOptions
): {
  dialogRef: RefObject<T | null>
  onKeyDown(event: KeyboardEvent): void
} {
  const dialogRef = useRef<T | null>(null)
  const { initialFocus } = options
  const onEscapeRef = useRef(options.onEscape)
  useEffect(() => {
    onEscapeRef.current = options.onEscape
  })

  useEffect(() => {
    const previous = document.activeElement
    initialFocus.current?.focus()
    return () => {
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus()
    }
  }, [initialFocus])

  useEffect(() => {
    function onEscape(event: globalThis.KeyboardEvent): void {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      event.preventDefault()
      event.stopPropagation()
      onEscapeRef.current?.()
    }
    document.addEventListener('keydown', onEscape, true)
    return () => document.removeEventListener('keydown', onEscape, true)
  }, [])

  function onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Tab') return
    const focusable = dialogRef.current?.querySelectorAll<HTMLElement>(FOCUSABLE)
    if (!focusable || focusable.length === 0) return
    const first = focusable[0]!
    const last = focusable[focusable.length - 1]!
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault()
      first.focus()
    }
  }

  return { dialogRef, onKeyDown }
}
