import { randomUUID } from 'node:crypto'
import type { Page } from '@playwright/test'
import { createApiClient } from '../../src/main/api/api-client'
import { createLogger } from '../../src/main/logger'
import { FIXTURES } from '../../src/server/seed/generator'
import { DEMO_CENTRE } from '../../src/server/seed/seed-database'
import type { ConsentChange, IdentityVerification } from '../../src/shared/domain/consent'
import { formatDateText, rigaDate } from '../../src/shared/domain/dates'
import { searchBox } from '../support/e2e-actions'
import { otherCounter } from '../support/e2e-consents'
import { expect, test, E2E_DEMO_PASSWORD } from '../support/e2e-fixtures'
import { t, type Language } from '../support/e2e-i18n'

const CLIENT = FIXTURES.emilsEglitis
const CLIENT_NAME = `${CLIENT.firstName} ${CLIENT.lastName}`

/**
 * A varied history (sources, identity methods, channels), recorded at another counter. Each
 * change flips what is there now, so tests sharing the worker's API can each add to it.
 */
async function recordHistory(apiUrl: string, rounds = 2): Promise<void> {
  const other = await otherCounter(apiUrl)
  const id = await other.clientId(CLIENT.personalCode)
  const session: { token?: string } = {}
  const api = createApiClient({
    baseUrl: apiUrl,
    logger: createLogger(() => {}),
    tokens: { token: () => session.token, rejected: () => {} }
  })
  session.token = (
    await api.call('login', { body: { username: 'agent', password: E2E_DEMO_PASSWORD } })
  ).token
  const identities: IdentityVerification[] = [
    { method: 'residence_permit', documentLast4: '4321' },
    { method: 'sms_code' },
    { method: 'id_card', documentLast4: '1234' }
  ]
  const sources = ['self_service', 'customer_centre', 'app', 'phone'] as const
  const batches: Array<Array<Omit<ConsentChange, 'action'>>> = [
    [{ purpose: 'offers', channel: 'app' }, { purpose: 'automated_profiling' }],
    [{ purpose: 'offers', channel: 'phone_call' }, { purpose: 'research_metadata' }],
    [{ purpose: 'usage_metadata' }, { purpose: 'credit_information' }]
  ]
  for (let round = 0; round < rounds; round++) {
    for (const [index, batch] of batches.entries()) {
      const state = await other.state(id)
      const now = (change: Omit<ConsentChange, 'action'>): string => {
        const row = state.purposes.find((p) => p.purpose === change.purpose)!
        return change.channel
          ? row.channels!.find((c) => c.channel === change.channel)!.state
          : row.state
      }
      await api.call('recordConsents', {
        params: { id },
        headers: { 'idempotency-key': randomUUID(), 'if-match': `"${state.version}"` },
        body: {
          changes: batch.map((change) => ({
            ...change,
            action: now(change) === 'given' ? ('withdrawn' as const) : ('given' as const)
          })),
          identityVerification: identities[(index + round) % identities.length]!,
          source: sources[(index + round) % sources.length]!,
          language: 'ru'
        }
      })
    }
  }
  // Location given now, for the state-on-a-date test.
  const state = await other.state(id)
  if (state.purposes.find((p) => p.purpose === 'location')!.state !== 'given') {
    await other.record(id, [{ purpose: 'location', action: 'given' }])
  }
}

async function openTimeline(page: Page, language: Language): Promise<void> {
  await page.goto('/')
  await page.getByLabel(t('lv', 'app.language')).selectOption(language)
  await page.getByLabel(t(language, 'auth.username')).fill('agent')
  await page.getByLabel(t(language, 'auth.password')).fill(E2E_DEMO_PASSWORD)
  await page.getByRole('button', { name: t(language, 'auth.submit'), exact: true }).click()
  await searchBox(page, language).fill(CLIENT.personalCode)
  await page.getByRole('row', { name: new RegExp(CLIENT_NAME) }).click()
  await expect(page.getByRole('heading', { level: 1, name: CLIENT_NAME })).toBeVisible()
  await page.getByRole('tab', { name: t(language, 'consents.tab.timeline') }).click()
  await expect(page.getByTestId('timeline-row').first()).toBeVisible()
  await expect(page.getByTestId('chain')).toContainText(t(language, 'timeline.chainIntact'))
}

/** What a reader of the timeline cannot see: cut headers or cells without a tooltip, hidden columns. */
async function clippingProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    const scroller = document.querySelector<HTMLElement>('.timeline__scroll')
    const table = scroller?.querySelector('table')
    if (!scroller || !table) return ['no timeline table']
    if (!table.classList.contains('timeline__table--fitted')) problems.push('columns not fitted yet')
    if (scroller.scrollWidth > scroller.clientWidth) {
      problems.push(`scrolls sideways: ${scroller.scrollWidth} > ${scroller.clientWidth}`)
    }
    for (const th of table.querySelectorAll<HTMLElement>('thead th')) {
      const text = (th.textContent ?? '').trim()
      if (!/\p{L}{2,}/u.test(text)) problems.push(`header "${text}" is not a word`)
      if (th.scrollWidth > th.clientWidth && !th.closest('[title]')) {
        problems.push(`header "${text}" cut: ${th.scrollWidth} > ${th.clientWidth}`)
      }
    }
    for (const cell of table.querySelectorAll<HTMLElement>('tbody .cell, tbody .cell__shrink')) {
      if (cell.scrollWidth > cell.clientWidth && !cell.closest('[title]')) {
        problems.push(`cell "${cell.textContent}" cut without a tooltip`)
      }
    }
    return problems
  })
}

test.describe('the timeline', () => {
  test('state on a Latvian date; a wrong date changes nothing; centres by name; one Tab stop per date', async ({
    page,
    desk
  }) => {
    await recordHistory(desk.api.url, 1)
    await openTimeline(page, 'lv')
    const region = page.getByRole('region', { name: t('lv', 'timeline.label') })

    // The centre's name, not its id.
    const firstRow = region.getByTestId('timeline-row').first()
    await expect(firstRow.locator('td.col-centre')).toHaveText(DEMO_CENTRE.name)
    await expect(region).not.toContainText(DEMO_CENTRE.id)

    // State on 15.03.2026, before any of this client's events: nothing given then.
    const stateOn = page.getByLabel(t('lv', 'timeline.stateOn'))
    await expect(stateOn).toHaveAttribute('placeholder', t('lv', 'dateField.format.datetime'))
    await stateOn.fill('15.03.2026')
    await stateOn.press('Enter')
    const stateAt = page.getByTestId('state-at')
    await expect(stateAt.getByRole('heading')).toHaveText(
      t('lv', 'timeline.stateAtEndOfDay', { date: '15.03.2026.' })
    )
    const location = stateAt.locator('li[data-purpose="location"]')
    await expect(location).toContainText(t('lv', 'consents.state.never_given'))

    // A date that does not exist: the message, tied to the field, and the state shown stays.
    await stateOn.fill('31.02.2026')
    await stateOn.press('Enter')
    const message = t('lv', 'dateField.error.no_such_date', { text: '31.02.2026' })
    await expect(page.getByRole('alert').filter({ hasText: message })).toBeVisible()
    await expect(stateOn).toHaveAttribute('aria-invalid', 'true')
    await expect(stateOn).toHaveAccessibleDescription(new RegExp(`^${message.replace(/\./g, '\\.')}`))
    await expect(stateAt.getByRole('heading')).toHaveText(
      t('lv', 'timeline.stateAtEndOfDay', { date: '15.03.2026.' })
    )

    // Today (in Riga), location is given: the state follows the date typed.
    const today = formatDateText(rigaDate(new Date().toISOString()), 'lv')
    await stateOn.fill(today)
    await stateOn.press('Enter')
    await expect(stateAt.getByRole('heading')).toHaveText(
      t('lv', 'timeline.stateAtEndOfDay', { date: `${today}.` })
    )
    await expect(location).toContainText(t('lv', 'consents.state.given'))
    await expect(stateOn).not.toHaveAttribute('aria-invalid')

    // "Back to now" goes away; focus stays in the field, not on the page.
    await page.getByRole('button', { name: t('lv', 'timeline.clearState') }).click()
    await expect(stateAt).toHaveCount(0)
    await expect(stateOn).toBeFocused()

    // Tab through the controls: each date field is one stop, and no stop is the page itself.
    await page.getByLabel(t('lv', 'timeline.purpose'), { exact: true }).focus()
    const stops: string[] = []
    for (let i = 0; i < 8; i++) {
      stops.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null
          if (!el || el === document.body) return 'BODY'
          const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null
          return `${el.tagName.toLowerCase()}:${label ?? el.getAttribute('aria-label') ?? el.textContent ?? ''}`
        })
      )
      await page.keyboard.press('Tab')
    }
    expect(stops).toEqual([
      `select:${t('lv', 'timeline.purpose')}`,
      `select:${t('lv', 'timeline.actionFilter')}`,
      `select:${t('lv', 'timeline.sourceFilter')}`,
      `input:${t('lv', 'timeline.from')}`,
      `input:${t('lv', 'timeline.to')}`,
      // "Clear filters" is disabled with no filter set, so it is no stop.
      `input:${t('lv', 'timeline.stateOn')}`,
      `button:${t('lv', 'timeline.show')}`,
      `div:${t('lv', 'timeline.label')}`
    ])

    // A filter date typed in Latvian form filters; clearing puts focus on the first filter.
    await page.getByLabel(t('lv', 'timeline.from'), { exact: true }).fill(today)
    await expect(region.getByTestId('timeline-row').first()).toBeVisible()
    const clear = page.getByRole('button', { name: t('lv', 'timeline.clear') })
    await clear.click()
    await expect(clear).toBeDisabled()
    await expect(page.getByLabel(t('lv', 'timeline.purpose'), { exact: true })).toBeFocused()
  })

  for (const language of ['lv', 'en', 'ru'] as const) {
    test(`every column shown, nothing cut without a tooltip, at 1366 and 1920 (${language})`, async ({
      page,
      desk
    }) => {
      await recordHistory(desk.api.url)
      await page.setViewportSize({ width: 1366, height: 768 })
      await openTimeline(page, language)
      for (const size of [
        { width: 1366, height: 768 },
        { width: 1920, height: 1080 }
      ]) {
        await page.setViewportSize(size)
        // The widths follow the window once it has been measured: wait for that, not for time.
        await expect.poll(() => clippingProblems(page), { message: `${language} ${size.width}` }).toEqual([])
      }
    })
  }
})
