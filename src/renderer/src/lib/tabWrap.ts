const TABBABLE =
  'a[href], button:not(:disabled), input:not(:disabled):not([type="hidden"]), select:not(:disabled), textarea:not(:disabled), summary, [tabindex]:not([tabindex="-1"])'

/** The elements Tab visits, in order (tabindex > 0 is not used in this app). */
export function tabbables(root: ParentNode = document): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) =>
      el.tabIndex >= 0 &&
      !el.closest('[inert], [aria-hidden="true"]') &&
      (typeof el.checkVisibility !== 'function' || el.checkVisibility())
  )
}

/**
 * The window is the whole app: Tab past the last control comes back to the first (and Shift+Tab
 * the other way) instead of leaving focus on the page body, where no key does anything. Dialogs
 * keep their own cycle; this runs only when nothing handled the key.
 */
export function installTabWrap(doc: Document = document): () => void {
  function onKey(event: KeyboardEvent): void {
    if (event.key !== 'Tab' || event.defaultPrevented || event.ctrlKey || event.altKey) return
    const order = tabbables(doc)
    if (order.length === 0) return
    const first = order[0]!
    const last = order[order.length - 1]!
    const active = doc.activeElement
    const atBody = active === null || active === doc.body || active === doc.documentElement
    if (!event.shiftKey && (active === last || atBody)) {
      event.preventDefault()
      first.focus()
    } else if (event.shiftKey && (active === first || atBody)) {
      event.preventDefault()
      last.focus()
    }
  }
  doc.addEventListener('keydown', onKey)
  return () => doc.removeEventListener('keydown', onKey)
}
