import { expect, test } from '@playwright/test'
import { expectNoAxeViolations, layoutProblems } from '../support/e2e-layout'

/**
 * The checks the screen tests rely on (support/e2e-layout.ts) must themselves find what they look
 * for: without this, a check that could no longer fail would pass every screen.
 */
test.describe('the screen checks', () => {
  test('axe finds a button without a name, experimental rules included, and passes a clean page', async ({
    page
  }) => {
    await page.setContent(
      '<html lang="en"><title>t</title><main><h1>Card</h1><button></button></main></html>'
    )
    await expect(expectNoAxeViolations(page, 'a nameless button')).rejects.toThrow(/button-name/)

    // label-content-name-mismatch is experimental: off unless asked for.
    await page.setContent(
      '<html lang="en"><title>t</title><main><h1>Card</h1>' +
        '<button aria-label="Delete">Save</button></main></html>'
    )
    await expect(expectNoAxeViolations(page, 'a mismatched name')).rejects.toThrow(
      /label-content-name-mismatch/
    )

    await page.setContent(
      '<html lang="en"><title>t</title><main><h1>Card</h1><button>Save</button></main></html>'
    )
    await expectNoAxeViolations(page, 'a clean page')
  })

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
