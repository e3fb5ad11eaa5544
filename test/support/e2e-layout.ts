/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { expect } from '@playwright/test'
import type { Page } from '@playwright/test'
import axe from 'axe-core'

/**
 * axe-core on what is on screen now; any violation fails, listed by rule and element so the
 * failure says what to fix. axe is put into the page once (again after a navigation) and run
 * there: @axe-core/playwright injected its 550 kB into the page on every check and finished each
 * run in a new blank page, 1.7–2.3 s a check on these machines against about 0.13 s this way,
 * with the same rules and results. The desk has no frames, which is what that machinery is for.
 */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  const loaded = await page.evaluate(() => 'axe' in window)
  if (!loaded) await page.evaluate(axe.source)
  const found = await page.evaluate(
    async (options) => {
      const { violations } = await (window as unknown as { axe: typeof axe }).axe.run(
        document,
        options
      )
      return violations.flatMap((violation) =>
        violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`)
      )
    },
    // Experimental rules too: label-content-name-mismatch (a button whose accessible name does
    // not contain its visible words, so speech users cannot say it) is one of them.
    { rules: { 'label-content-name-mismatch': { enabled: true } } } satisfies axe.RunOptions
  )
  expect(found, `axe violations on ${screen}`).toEqual([])
}

export interface LayoutProblem {
  kind: 'overlap' | 'clipped'
  what: string
}

/**
 * Text that overlaps other text, and text cut off without a tooltip, among the visible elements
 * inside `root` (default: the whole page). Measured from element boxes in the browser.
 */
export async function layoutProblems(page: Page, root = 'body'): Promise<LayoutProblem[]> {
  return page.evaluate((rootSelector) => {
    const problems: { kind: 'overlap' | 'clipped'; what: string }[] = []
    const container = document.querySelector(rootSelector)
    if (!container) return [{ kind: 'clipped' as const, what: `no ${rootSelector}` }]
    const describe = (el: Element): string =>
      `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).trim().split(/\s+/).join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`
    const isVisible = (el: Element): boolean => {
      // checkVisibility also knows closed <details> and content-visibility.
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) return false
      if (el.closest('.visually-hidden, [aria-hidden="true"]:not(kbd)')) return false
      const box = el.getBoundingClientRect()
      return box.width > 0 && box.height > 0
    }
    const visiblePart = (el: Element, rect: DOMRect): DOMRect => {
      let { left, top, right, bottom } = rect
      for (let node: Element | null = el; node; node = node.parentElement) {
        if (getComputedStyle(node).overflow === 'visible') continue
        const clip = node.getBoundingClientRect()
        left = Math.max(left, clip.left)
        top = Math.max(top, clip.top)
        right = Math.min(right, clip.right)
        bottom = Math.min(bottom, clip.bottom)
      }
      return new DOMRect(left, top, Math.max(0, right - left), Math.max(0, bottom - top))
    }
    // Elements that carry their own text (a text node child that is not blank).
    const texts: { el: Element; box: DOMRect }[] = []
    for (const el of container.querySelectorAll('*')) {
      const ownText = [...el.childNodes].some(
        (node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== ''
      )
      if (!ownText || !isVisible(el)) continue
      // The box of the text itself, not of a wide block that holds it.
      const range = document.createRange()
      range.selectNodeContents(el)
      // What the eye sees: the text's box cut to every scrolling ancestor it sits in.
      const box = visiblePart(el, range.getBoundingClientRect())
      if (box.width > 0 && box.height > 0) texts.push({ el, box })
      const style = getComputedStyle(el)
      const cuts = style.overflow !== 'visible' || style.textOverflow === 'ellipsis'
      if (cuts && el.scrollWidth > el.clientWidth + 1 && !el.closest('[title]')) {
        problems.push({ kind: 'clipped', what: describe(el) })
      }
    }
    // Text in a dialog or a popover (anything positioned out of the flow) sits above the page by
    // design; compare like with like. Worked out once per element: the pairs are many.
    const layer = (el: Element): Element | null => {
      for (let node: Element | null = el; node; node = node.parentElement) {
        const position = getComputedStyle(node).position
        if (position === 'absolute' || position === 'fixed') return node
      }
      return null
    }
    const layers = texts.map((text) => layer(text.el))
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i]!
        const b = texts[j]!
        const overlapX = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left)
        const overlapY = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top)
        // One pixel of shared edge is line-height rounding, not overlap.
        if (overlapX <= 1 || overlapY <= 1) continue
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue
        if (layers[i] !== layers[j]) continue
        problems.push({ kind: 'overlap', what: `${describe(a.el)} × ${describe(b.el)}` })
      }
    }
    return problems
  }, root)
}

export async function expectCleanLayout(page: Page, screen: string, root?: string): Promise<void> {
  expect(await layoutProblems(page, root), `layout problems on ${screen}`).toEqual([])
}
