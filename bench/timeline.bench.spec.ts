/**
 * Timeline figures for a client with 10,000 consent events: time from opening the Timeline tab
 * to the first row, to every event loaded, and frame times while scrolling the virtualised table
 * from top to bottom. Printed, never asserted: timings depend on the machine.
 */
import type { ConsentChange } from '../src/shared/domain/consent'
import { FIXTURES } from '../src/server/seed/generator'
import { openSignIn, signIn } from '../test/support/e2e-actions'
import { openClient, otherCounter } from '../test/support/e2e-consents'
import { expect, test } from '../test/support/e2e-fixtures'
import { t } from '../test/support/e2e-i18n'
import { reportFigures } from './figures'

const EVENTS = 10_000

/** Eleven switches per request: every offer channel and the six other purposes. */
const SWITCHES: Array<Omit<ConsentChange, 'action'>> = [
  ...(['email', 'sms', 'phone_call', 'post', 'app'] as const).map((channel) => ({
    purpose: 'offers' as const,
    channel
  })),
  ...(
    [
      'usage_metadata',
      'automated_profiling',
      'credit_information',
      'location',
      'loyalty',
      'research_metadata'
    ] as const
  ).map((purpose) => ({ purpose }))
]

test.use({ ownApi: true })

test('timeline with 10,000 events', async ({ page, desk }) => {
  const client = FIXTURES.annaOzolina
  const other = await otherCounter(desk.api.url)
  const id = await other.clientId(client.personalCode)
  const seeding = performance.now()
  for (let recorded = 0, round = 0; recorded < EVENTS; round++) {
    const action = round % 2 === 0 ? 'given' : 'withdrawn'
    const batch = SWITCHES.slice(0, Math.min(SWITCHES.length, EVENTS - recorded))
    await other.record(
      id,
      batch.map((change) => ({ ...change, action }))
    )
    recorded += batch.length
  }
  console.log(`seeded ${EVENTS} events in ${((performance.now() - seeding) / 1000).toFixed(1)} s`)

  await openSignIn(page)
  await signIn(page, 'agent')
  await openClient(page, client.personalCode, `${client.firstName} ${client.lastName}`)

  // Timed inside the page, checked every animation frame: Playwright's own retries back off to
  // hundreds of milliseconds and would measure themselves.
  const tab = page.getByRole('tab', { name: t('lv', 'consents.tab.timeline') })
  await tab.focus()
  const opened = performance.now()
  const firstRow = await tab.evaluate(async (button) => {
    const nextFrame = (globalThis as unknown as { requestAnimationFrame(cb: () => void): number })
      .requestAnimationFrame
    const started = performance.now()
    ;(button as HTMLElement).click()
    for (;;) {
      if (button.ownerDocument.querySelector('.timeline__scroll tbody tr')) break
      await new Promise<void>((resolve) => nextFrame(() => resolve()))
    }
    return performance.now() - started
  })
  const region = page.getByRole('region', { name: t('lv', 'timeline.label') })
  await expect(region.getByRole('row').nth(1)).toBeVisible()
  // 10,000 is in Latvian's `zero` plural category (it ends in 0).
  const loadedText = t('lv', 'timeline.count_zero', { count: String(EVENTS) })
  await expect(page.getByText(loadedText, { exact: true })).toBeVisible({ timeout: 120_000 })
  const allLoaded = performance.now() - opened

  // Scroll from top to bottom in 200 steps, one per animation frame, and record frame times.
  const frames = await region.evaluate(async (element) => {
    // Runs in the page; this Node program's types have no DOM.
    const nextFrame = (globalThis as unknown as { requestAnimationFrame(cb: () => void): number })
      .requestAnimationFrame
    const steps = 200
    const intervals: number[] = []
    element.scrollTop = 0
    let last = performance.now()
    for (let step = 1; step <= steps; step++) {
      element.scrollTop = (element.scrollHeight * step) / steps
      await new Promise<void>((resolve) => nextFrame(() => resolve()))
      const now = performance.now()
      intervals.push(now - last)
      last = now
    }
    const renderedRows = element.querySelectorAll('tbody tr').length
    return { intervals, renderedRows }
  })
  const sorted = [...frames.intervals].sort((a, b) => a - b)
  const at = (p: number): string => sorted[Math.floor((p / 100) * (sorted.length - 1))]!.toFixed(1)
  console.log(`timeline, ${EVENTS} events (Chromium headless, software rendering):`)
  console.log(`  first row after opening the tab  ${firstRow.toFixed(0)} ms`)
  console.log(`  all events loaded                ${allLoaded.toFixed(0)} ms`)
  console.log(
    `  scrolling top to bottom, frame time p50 ${at(50)} ms, p95 ${at(95)} ms, max ${at(100)} ms`
  )
  console.log(`  rows in the DOM while scrolling  ${frames.renderedRows} (virtualised)`)
  await reportFigures([
    {
      id: 'timeline.first_row',
      label: `timeline of ${EVENTS} events: first row after opening the tab`,
      value: firstRow,
      unit: 'ms',
      better: 'lower'
    },
    {
      id: 'timeline.all_loaded',
      label: `timeline of ${EVENTS} events: all loaded`,
      value: allLoaded,
      unit: 'ms',
      better: 'lower'
    },
    {
      id: 'timeline.scroll_frame.p95',
      label: 'timeline scrolling: frame time p95',
      value: sorted[Math.floor(0.95 * (sorted.length - 1))]!,
      unit: 'ms',
      better: 'lower'
    }
  ])
  await expect(region.getByRole('row').last()).toBeVisible()
})
