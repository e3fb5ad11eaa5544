import { expect, test } from '@playwright/test'
import { layoutProblems } from '../support/e2e-layout'

/**
 * The layout check the screen tests rely on (support/e2e-layout.ts) must itself find what it
 * looks for: without this, a check that could no longer fail would pass every screen.
 */
test.describe('the layout check', () => {
  test('finds overlapping text and text cut without a tooltip, and nothing on a clean page', async ({
    page
  }) => {
    await page.setContent(`
      <style>
        body { font: 16px sans-serif; margin: 0 }
        p { margin: 0 }
        .over { position: relative; top: -10px }
        .cut { width: 40px; overflow: hidden; white-space: nowrap }
        dialog { position: fixed; top: 0; margin: 0 }
      </style>
      <p>First line of the card</p>
      <p class="over">Second line drawn on it</p>
      <div class="cut">A long name cut off</div>
      <div class="cut" title="A long name cut off">A long name cut off</div>
      <dialog open>Dialog over the page</dialog>`)

    const problems = await layoutProblems(page)

    expect(problems).toEqual([
      { kind: 'clipped', what: 'div.cut "A long name cut off"' },
      { kind: 'overlap', what: 'p "First line of the card" × p.over "Second line drawn on it"' }
    ])

    await page.setContent('<p>One line</p><p>Another line, below it</p>')
    expect(await layoutProblems(page)).toEqual([])
  })
})
