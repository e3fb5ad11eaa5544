import './support/setup'
import { act, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { ReviewCase } from '../../src/shared/domain/review'
import type { Language, Staff } from '../../src/shared/domain/staff'
import { createI18n } from '../../src/renderer/src/i18n'
import { fail, ok, type FakeHandlers } from './support/fakeBridge'
import { advanceClock, restoreRealClock, useFakeClock } from './support/fakeClock'
import { EN, LV, renderApp, RU, type RenderedApp } from './support/renderApp'
import {
  caseId,
  createFakeQueue,
  manualCase,
  person,
  REVIEWER,
  reviewCase,
  rigaDay,
  sessionOf,
  SUPERVISOR,
  type FakeQueue
} from './support/review-fixtures'

afterEach(restoreRealClock)

const QUEUE_TITLE = { lv: 'Pārskatīšanas rinda', en: 'Review queue', ru: 'Очередь пересмотра' }
const QUEUE_NAV = { lv: 'Pārskatīšana', en: 'Review queue', ru: 'Пересмотр' }
const LABELS = { lv: LV, en: EN, ru: RU }

interface Opened {
  app: RenderedApp
  queue: FakeQueue
}

/**
 * Signs `staff` in through the form. A reviewer and nothing else lands on the queue; anyone else
 * goes there through the top bar.
 */
async function openQueue(
  cases: ReviewCase[],
  options: { staff?: Staff; handlers?: FakeHandlers; language?: Language } = {}
): Promise<Opened> {
  const staff = options.staff ?? REVIEWER
  const language = options.language ?? 'lv'
  const queue = createFakeQueue(cases, { me: staff })
  const app = renderApp({
    language,
    handlers: {
      'auth:login': () => ok(sessionOf(staff)),
      ...queue.handlers,
      ...options.handlers
    }
  })
  const labels = LABELS[language]
  await app.user.type(await screen.findByLabelText(labels.username), staff.username)
  await app.user.type(screen.getByLabelText(labels.password), 'secret')
  await app.user.click(screen.getByRole('button', { name: labels.submit }))
  if (!(staff.roles.length === 1 && staff.roles[0] === 'reviewer')) {
    await screen.findByRole('combobox', { name: labels.search })
    await app.user.click(screen.getByRole('button', { name: QUEUE_NAV[language] }))
  }
  await screen.findByRole('heading', { level: 1, name: QUEUE_TITLE[language] })
  return { app, queue }
}

function table(): HTMLElement {
  return screen.getByRole('table', { name: 'Pārskatāmās lietas' })
}

async function rows(): Promise<HTMLElement[]> {
  return within(table()).findAllByTestId('review-row')
}

function lastList(app: RenderedApp): unknown {
  return app.bridge.callsTo('reviews:list').at(-1)
}

/** Cases with these due days, numbered in the order given. */
function dueIn(days: number[]): ReviewCase[] {
  return days.map((d, i) => reviewCase(i + 1, { dueAt: rigaDay(d) }))
}

describe('the review queue', () => {
  it("a reviewer lands on the queue and sees the API's rows: number, kind, client, dates, status, reviewer", async () => {
    const cases = [
      reviewCase(1, { dueAt: rigaDay(12) }),
      manualCase(2, {
        dueAt: rigaDay(3),
        status: 'claimed',
        assignee: person(REVIEWER),
        claimExpiresAt: new Date(Date.now() + 60_000).toISOString()
      })
    ]
    const { app } = await openQueue(cases)
    const [first, second] = await rows()
    // The API sorts by due date: the assessment due in 3 days comes first.
    expect(first).toHaveTextContent('P-000102')
    expect(first).toHaveTextContent('Kredītspējas novērtēšana')
    expect(first).toHaveTextContent('Ilze Bērziņa')
    expect(first).toHaveTextContent('050190-*****')
    expect(first).toHaveTextContent('Tiek izskatīta')
    expect(first).toHaveTextContent('Rita Ozola')
    expect(second).toHaveTextContent('P-000101')
    expect(second).toHaveTextContent('Lēmuma pārskatīšana')
    expect(second).toHaveTextContent('Gaida izskatīšanu')
    expect(second).toHaveTextContent('Nav paņemta')
    expect(app.bridge.callsTo('reviews:list')).toEqual([{ sort: 'dueAt', limit: 50 }])
    // Only the counter's sections are hidden from a reviewer: receipts are the counter's.
    const nav = screen.getByRole('navigation', { name: 'Darba vietas sadaļas' })
    expect(within(nav).queryByRole('button', { name: 'Kvītis' })).not.toBeInTheDocument()
    expect(within(nav).getByRole('button', { name: 'Pārskatīšana' })).toHaveAttribute(
      'aria-current',
      'page'
    )
    expect(screen.getByTestId('review-range')).toHaveTextContent('1–2 no 2')
  })

  it('sorting is the API’s: a header click sends the sort and shows the rows as answered', async () => {
    const cases = [
      reviewCase(1, { dueAt: rigaDay(20) }),
      reviewCase(2, { dueAt: rigaDay(2) }),
      reviewCase(3, { dueAt: rigaDay(9) })
    ]
    const { app } = await openQueue(cases)
    expect((await rows()).map((row) => row.dataset.caseId)).toEqual([
      caseId(2),
      caseId(3),
      caseId(1)
    ])
    const dueHeader = screen.getByRole('columnheader', { name: /Termiņš/ })
    expect(dueHeader).toHaveAttribute('aria-sort', 'ascending')

    await app.user.click(within(dueHeader).getByRole('button'))
    await waitFor(() => expect(lastList(app)).toEqual({ sort: '-dueAt', limit: 50 }))
    await waitFor(async () =>
      expect((await rows()).map((row) => row.dataset.caseId)).toEqual([
        caseId(1),
        caseId(3),
        caseId(2)
      ])
    )
    expect(dueHeader).toHaveAttribute('aria-sort', 'descending')

    await app.user.click(
      within(screen.getByRole('columnheader', { name: /Lieta/ })).getByRole('button')
    )
    await waitFor(() => expect(lastList(app)).toEqual({ sort: 'number', limit: 50 }))
    await app.user.click(
      within(screen.getByRole('columnheader', { name: /Pieprasīts/ })).getByRole('button')
    )
    await waitFor(() => expect(lastList(app)).toEqual({ sort: 'requestedAt', limit: 50 }))
    // Client, kind, status and reviewer are not sortable: plain headers.
    expect(
      within(screen.getByRole('columnheader', { name: 'Klients' })).queryByRole('button')
    ).not.toBeInTheDocument()
  })

  it('filters go to the API: kind, status, due before, mine / unclaimed', async () => {
    const cases = [
      reviewCase(1, { dueAt: rigaDay(20) }),
      manualCase(2, { dueAt: rigaDay(2) }),
      reviewCase(3, {
        dueAt: rigaDay(9),
        status: 'claimed',
        assignee: person(REVIEWER),
        claimExpiresAt: new Date(Date.now() + 60_000).toISOString()
      })
    ]
    const { app } = await openQueue(cases)
    await rows()
    const filters = screen.getByRole('complementary', { name: 'Filtri' })

    await app.user.selectOptions(within(filters).getByLabelText('Veids'), 'manual_credit')
    await waitFor(() =>
      expect(lastList(app)).toEqual({ kind: 'manual_credit', sort: 'dueAt', limit: 50 })
    )
    await waitFor(async () => expect(await rows()).toHaveLength(1))
    expect((await rows())[0]).toHaveTextContent('P-000102')

    await app.user.selectOptions(within(filters).getByLabelText('Veids'), '')
    await app.user.selectOptions(within(filters).getByLabelText('Statuss'), 'claimed')
    await waitFor(() =>
      expect(lastList(app)).toEqual({ status: 'claimed', sort: 'dueAt', limit: 50 })
    )
    await app.user.selectOptions(within(filters).getByLabelText('Statuss'), '')

    await app.user.click(within(filters).getByRole('radio', { name: 'Manas lietas' }))
    await waitFor(() => expect(lastList(app)).toEqual({ assignee: 'me', sort: 'dueAt', limit: 50 }))
    await waitFor(async () => expect(await rows()).toHaveLength(1))
    await app.user.click(within(filters).getByRole('radio', { name: 'Brīvās lietas' }))
    await waitFor(() =>
      expect(lastList(app)).toEqual({ assignee: 'none', sort: 'dueAt', limit: 50 })
    )
    await waitFor(async () => expect(await rows()).toHaveLength(2))

    // The date is typed in the app's language and sent as a Riga calendar date.
    await app.user.type(within(filters).getByLabelText('Termiņš pirms'), '01.03.2027')
    await waitFor(() =>
      expect(lastList(app)).toEqual({
        assignee: 'none',
        dueBefore: '2027-03-01',
        sort: 'dueAt',
        limit: 50
      })
    )

    await app.user.click(within(filters).getByRole('button', { name: 'Notīrīt filtrus' }))
    await waitFor(() => expect(lastList(app)).toEqual({ sort: 'dueAt', limit: 50 }))
  })

  it('the search waits for a pause in typing, then asks once; Enter asks at once', async () => {
    useFakeClock()
    const cases = [
      reviewCase(1, { dueAt: rigaDay(20) }),
      reviewCase(2, {
        dueAt: rigaDay(2),
        client: { id: caseId(99), displayName: 'Jānis Bērziņš', maskedIdentifier: '120389-*****' }
      })
    ]
    const { app } = await openQueue(cases)
    await rows()
    const box = screen.getByRole('searchbox', {
      name: 'Meklēt pēc lietas numura vai klienta vārda'
    })
    await app.user.type(box, 'P-000101')
    // Nothing is asked while the reviewer is typing.
    expect(app.bridge.callsTo('reviews:list')).toHaveLength(1)
    await advanceClock(150)
    expect(app.bridge.callsTo('reviews:list')).toEqual([
      { sort: 'dueAt', limit: 50 },
      { q: 'P-000101', sort: 'dueAt', limit: 50 }
    ])
    await waitFor(async () => expect(await rows()).toHaveLength(1))
    expect((await rows())[0]).toHaveTextContent('P-000101')

    await app.user.clear(box)
    await app.user.type(box, 'jānis{Enter}')
    expect(lastList(app)).toEqual({ q: 'jānis', sort: 'dueAt', limit: 50 })
    await waitFor(async () => expect((await rows())[0]).toHaveTextContent('Jānis Bērziņš'))
    await advanceClock(500)
    // Enter already asked for this text: the pause does not ask again.
    expect(
      app.bridge.callsTo('reviews:list').filter((q) => JSON.stringify(q).includes('jānis'))
    ).toHaveLength(1)
  })

  it('pages forward by the API’s cursor and back by the cursors it keeps: "1–50 of 1 234"', async () => {
    const cases = Array.from({ length: 1234 }, (_, i) =>
      reviewCase(i + 1, { dueAt: rigaDay(1 + (i % 60)) })
    )
    const { app } = await openQueue(cases)
    expect(await rows()).toHaveLength(50)
    const range = screen.getByTestId('review-range')
    expect(range.textContent).toMatch(/^1–50 no 1\s234$/)
    const previous = screen.getByRole('button', { name: /Iepriekšējā/ })
    const next = screen.getByRole('button', { name: /Nākamā/ })
    expect(previous).toBeDisabled()

    await app.user.click(next)
    await waitFor(() => expect(range.textContent).toMatch(/^51–100 no 1\s234$/))
    expect(lastList(app)).toEqual({ sort: 'dueAt', cursor: '50', limit: 50 })
    await app.user.click(next)
    await waitFor(() => expect(range.textContent).toMatch(/^101–150 no 1\s234$/))
    expect(lastList(app)).toEqual({ sort: 'dueAt', cursor: '100', limit: 50 })

    await app.user.click(previous)
    await waitFor(() => expect(range.textContent).toMatch(/^51–100 no 1\s234$/))
    expect(lastList(app)).toEqual({ sort: 'dueAt', cursor: '50', limit: 50 })
    await app.user.click(previous)
    await waitFor(() => expect(range.textContent).toMatch(/^1–50 no 1\s234$/))
    expect(lastList(app)).toEqual({ sort: 'dueAt', limit: 50 })
    expect(previous).toBeDisabled()

    // A new sort starts again from the first page.
    await app.user.click(next)
    await waitFor(() => expect(range.textContent).toMatch(/^51–100/))
    await app.user.click(
      within(screen.getByRole('columnheader', { name: /Lieta/ })).getByRole('button')
    )
    await waitFor(() => expect(lastList(app)).toEqual({ sort: 'number', limit: 50 }))
    await waitFor(() => expect(range.textContent).toMatch(/^1–50/))
  })

  it('due chips: green from 10 days, amber under 10, red under 5, overdue with its own label', async () => {
    await openQueue(dueIn([-3, -1, 0, 1, 4, 5, 9, 10, 12, 21]))
    const chips = (await rows()).map((row) => within(row).getByTestId('due-chip'))
    const seen = chips.map((chip) => [chip.textContent, chip.dataset.urgency, chip.className])
    expect(seen).toEqual([
      ['nokavēts par 3 dienām', 'overdue', 'due-chip due-chip--overdue'],
      ['nokavēts par 1 dienu', 'overdue', 'due-chip due-chip--overdue'],
      ['termiņš šodien', 'urgent', 'due-chip due-chip--urgent'],
      ['vēl 1 diena', 'urgent', 'due-chip due-chip--urgent'],
      ['vēl 4 dienas', 'urgent', 'due-chip due-chip--urgent'],
      ['vēl 5 dienas', 'soon', 'due-chip due-chip--soon'],
      ['vēl 9 dienas', 'soon', 'due-chip due-chip--soon'],
      ['vēl 10 dienu', 'ok', 'due-chip due-chip--ok'],
      ['vēl 12 dienu', 'ok', 'due-chip due-chip--ok'],
      ['vēl 21 diena', 'ok', 'due-chip due-chip--ok']
    ])
  })

  it('due chips in Russian and English use the right plural forms', async () => {
    await openQueue(dueIn([-5, -2, 1, 3, 12, 22]), { language: 'ru' })
    const chips = (
      await within(screen.getByRole('table', { name: 'Дела на пересмотр' })).findAllByTestId(
        'due-chip'
      )
    ).map((chip) => chip.textContent)
    expect(chips).toEqual([
      'просрочено на 5 дней',
      'просрочено на 2 дня',
      'остался 1 день',
      'осталось 3 дня',
      'осталось 12 дней',
      'осталось 22 дня'
    ])
    const en = createI18n('en')
    expect(en.t('review.due.daysLeft', { count: 1 })).toBe('1 day left')
    expect(en.t('review.due.daysLeft', { count: 12 })).toBe('12 days left')
    expect(en.t('review.due.overdue', { count: 3 })).toBe('overdue by 3 days')
    expect(en.t('review.due.overdue', { count: 1 })).toBe('overdue by 1 day')
    const lv = createI18n('lv')
    expect(lv.t('review.due.daysLeft', { count: 11 })).toBe('vēl 11 dienu')
    expect(lv.t('review.due.daysLeft', { count: 31 })).toBe('vēl 31 diena')
  })

  it('Claim next opens the claimed case; with nothing left it says so', async () => {
    const cases = [reviewCase(1, { dueAt: rigaDay(20) }), reviewCase(2, { dueAt: rigaDay(4) })]
    const { app } = await openQueue(cases)
    await rows()
    await app.user.click(screen.getByRole('button', { name: /Paņemt nākamo/ }))
    // The case due soonest, claimed, with the claim's time left in the header.
    expect(await screen.findByRole('heading', { level: 1, name: 'P-000102' })).toBeInTheDocument()
    expect(screen.getByTestId('claim-timer')).toHaveTextContent(/Lieta ir jūsu:\s*vēl [45]:\d\d/)
    expect(app.bridge.callsTo('reviews:claim-next')).toHaveLength(1)

    // Back in the queue the page is fetched again: the case is now the reviewer's.
    await app.user.click(screen.getByRole('button', { name: 'Rinda' }))
    await screen.findByRole('heading', { level: 1, name: 'Pārskatīšanas rinda' })
    await waitFor(async () =>
      expect((await rows()).find((row) => row.dataset.caseId === caseId(2))).toHaveTextContent(
        'Rita Ozola'
      )
    )
    await app.user.click(screen.getByRole('button', { name: /Paņemt nākamo/ }))
    expect(await screen.findByRole('heading', { level: 1, name: 'P-000101' })).toBeInTheDocument()

    await app.user.click(screen.getByRole('button', { name: 'Rinda' }))
    await screen.findByRole('heading', { level: 1, name: 'Pārskatīšanas rinda' })
    await app.user.click(screen.getByRole('button', { name: /Paņemt nākamo/ }))
    expect(await screen.findByTestId('claim-next-status')).toHaveTextContent(
      'Nav ko paņemt: visas atvērtās lietas jau tiek izskatītas.'
    )
    expect(
      screen.getByRole('heading', { level: 1, name: 'Pārskatīšanas rinda' })
    ).toBeInTheDocument()
  })

  it('Ctrl+Shift+N claims the next case from anywhere, and is in the shortcuts list', async () => {
    const { app } = await openQueue([reviewCase(1, { dueAt: rigaDay(6) })], { staff: SUPERVISOR })
    await app.user.click(screen.getByRole('button', { name: 'Klienti' }))
    await screen.findByRole('combobox', { name: LV.search })
    await app.user.keyboard('{Control>}{Shift>}n{/Shift}{/Control}')
    expect(await screen.findByRole('heading', { level: 1, name: 'P-000101' })).toBeInTheDocument()
    expect(app.bridge.callsTo('reviews:claim-next')).toHaveLength(1)

    await app.user.click(screen.getByRole('button', { name: /Saīsnes/ }))
    const overlay = screen.getByTestId('shortcuts')
    expect(within(overlay).getByText('Ctrl+Shift+N')).toBeInTheDocument()
    expect(
      within(overlay).getByText('Paņemt nākamo lietu ar tuvāko termiņu (pārskatītājiem)')
    ).toBeInTheDocument()
  })

  it('a row opens with a click or with Enter', async () => {
    const cases = [reviewCase(1, { dueAt: rigaDay(6) }), reviewCase(2, { dueAt: rigaDay(8) })]
    const { app } = await openQueue(cases)
    const [, second] = await rows()
    act(() => second!.focus())
    await app.user.keyboard('{ArrowUp}')
    expect((await rows())[0]).toHaveFocus()
    await app.user.keyboard('{Enter}')
    expect(await screen.findByRole('heading', { level: 1, name: 'P-000101' })).toBeInTheDocument()
    expect(app.bridge.callsTo('reviews:get')).toEqual([{ id: caseId(1) }])

    await app.user.keyboard('{Escape}')
    await screen.findByRole('heading', { level: 1, name: 'Pārskatīšanas rinda' })
    await app.user.click(within((await rows())[1]!).getByText('P-000102'))
    expect(await screen.findByRole('heading', { level: 1, name: 'P-000102' })).toBeInTheDocument()
  })

  it('says when the queue is empty, and offers a retry when the list fails', async () => {
    let failing = true
    const { app, queue } = await openQueue([], {
      handlers: {
        'reviews:list': (input) =>
          failing ? fail('internal_error', 'boom', 500) : queue.handlers['reviews:list']!(input)
      }
    })
    const list = screen.getByRole('region', { name: 'Pārskatāmās lietas' })
    expect(await within(list).findByRole('alert')).toHaveTextContent(/Radās iekšēja kļūda/)
    failing = false
    await app.user.click(screen.getByRole('button', { name: 'Mēģināt vēlreiz' }))
    expect(await screen.findByText('Rinda ir tukša: nav lietu, ko izskatīt.')).toBeInTheDocument()

    await app.user.click(screen.getByRole('radio', { name: 'Manas lietas' }))
    expect(await screen.findByText('Šiem filtriem neatbilst neviena lieta.')).toBeInTheDocument()
  })

  it('a supervisor has the "awaiting approval" shortcut', async () => {
    const cases = [
      reviewCase(1, { dueAt: rigaDay(6) }),
      reviewCase(2, { dueAt: rigaDay(8), status: 'awaiting_approval' })
    ]
    const { app } = await openQueue(cases, { staff: SUPERVISOR })
    expect(await rows()).toHaveLength(2)
    const shortcut = screen.getByRole('button', { name: 'Gaida apstiprinājumu' })
    await app.user.click(shortcut)
    expect(shortcut).toHaveAttribute('aria-pressed', 'true')
    await waitFor(() =>
      expect(lastList(app)).toEqual({ status: 'awaiting_approval', sort: 'dueAt', limit: 50 })
    )
    await waitFor(async () => expect(await rows()).toHaveLength(1))
  })

  it('English: the whole queue in English', async () => {
    await openQueue(dueIn([2]), { language: 'en' })
    const grid = screen.getByRole('table', { name: 'Review cases' })
    const [row] = await within(grid).findAllByTestId('review-row')
    expect(row).toHaveTextContent('Decision review')
    expect(row).toHaveTextContent('Waiting for a reviewer')
    expect(row).toHaveTextContent('2 days left')
    expect(screen.getByRole('button', { name: /Claim next/ })).toBeInTheDocument()
    expect(screen.getByTestId('review-range')).toHaveTextContent('1–1 of 1')
  })
})
