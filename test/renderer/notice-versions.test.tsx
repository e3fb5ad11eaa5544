/**
 * Issue 7, part 8 — the notice the client saw: every save names the version of each purpose's
 * notice and of the rights statement the client was shown; when a newer one has been published
 * meanwhile (409 `notice_outdated`) nothing is lost, the new text is shown, and a re-confirm
 * names it.
 */
import './support/setup'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { RecordConsentsInput } from '../../src/shared/ipc/contract'
import { createI18n } from '../../src/renderer/src/i18n'
import {
  CATALOGUE,
  consentState,
  fail,
  noticeOutdated,
  ok,
  publishNotice,
  recorded,
  type FakeHandlers
} from './support/fakeBridge'
import { LV, renderApp, signIn, type RenderedApp } from './support/renderApp'

/** Ilze Bērziņa's card (her language is Russian), identity verified. */
async function openIlze(handlers: FakeHandlers = {}): Promise<RenderedApp> {
  const app = renderApp({ handlers })
  await signIn(app)
  await app.user.type(screen.getByRole('combobox', { name: LV.search }), 'berz')
  await app.user.click(await screen.findByText('Ilze Bērziņa'))
  await screen.findByRole('table', { name: 'Piekrišanas pa mērķiem' })
  await screen.findByText('i***@example.lv')
  await app.user.click(screen.getByTestId('identity-chip'))
  const form = screen.getByRole('form', { name: 'Identitātes pārbaude' })
  await app.user.type(
    within(form).getByLabelText('Dokumenta numura pēdējās 4 rakstzīmes'),
    '1234'
  )
  await app.user.click(within(form).getByRole('button', { name: 'Atzīmēt kā pārbaudītu' }))
  return app
}

const LOCATION = 'Atrašanās vietas dati individuālai sadarbībai'
const USAGE = 'Elektronisko sakaru metadati individuālai sadarbībai'
const SMS = 'LMT piedāvājumi: Īsziņa'

function row(name: string): HTMLElement {
  return screen.getByRole('rowheader', { name: new RegExp(`^${name}`) }).closest('tr')!
}

function recordCalls(app: RenderedApp): RecordConsentsInput[] {
  return app.bridge.callsTo('consents:record') as RecordConsentsInput[]
}

async function review(app: RenderedApp): Promise<void> {
  await app.user.keyboard('{Control>}s{/Control}')
  await app.user.click(await screen.findByRole('button', { name: 'Apstiprināt' }))
}

describe('the notice the client saw', () => {
  it('every change names the version of its notice shown to the client, and the rights version', async () => {
    const app = await openIlze()
    await app.user.click(screen.getByRole('switch', { name: LOCATION }))
    await app.user.click(screen.getByRole('switch', { name: USAGE }))
    await app.user.click(within(row('LMT piedāvājumi')).getByRole('button', { name: /^Kanāli/ }))
    await app.user.click(screen.getByRole('switch', { name: SMS }))
    await review(app)
    await screen.findByTestId('save-success')

    const [call] = recordCalls(app)
    expect(call?.language).toBe('ru')
    expect(call?.changes).toEqual([
      { purpose: 'offers', channel: 'sms', action: 'withdrawn', noticeVersion: 2 },
      { purpose: 'usage_metadata', action: 'given', noticeVersion: 2 },
      { purpose: 'location', action: 'withdrawn', noticeVersion: 2 }
    ])
    expect(call?.rightsNoticeVersion).toBe(2)
  })

  it('notice_outdated keeps the changes, names the notice, shows its new text, and a re-confirm sends the new version', async () => {
    let catalogue = CATALOGUE
    let saves = 0
    const app = await openIlze({
      'purposes:list': () => ok(catalogue),
      'consents:record': (input) => {
        saves++
        if (saves === 1) {
          // Published while the client was reading: location's notice is now version 3.
          catalogue = publishNotice(CATALOGUE, 'location', 3)
          // Like the API: the current version of every notice the request named.
          return noticeOutdated([
            { purpose: 'usage_metadata', language: 'ru', version: 2 },
            { purpose: 'location', language: 'ru', version: 3 },
            { purpose: 'rights', language: 'ru', version: 2 }
          ])
        }
        return ok(recorded(consentState(), input.changes))
      }
    })
    await app.user.click(screen.getByRole('switch', { name: LOCATION }))
    await app.user.click(screen.getByRole('switch', { name: USAGE }))
    await review(app)

    // The agent is told which text changed (only the one that did), and what to do.
    const message = await screen.findByTestId('notice-outdated')
    expect(message).toHaveAttribute('role', 'alert')
    expect(message).toHaveTextContent('Nav saglabāts: mainījies šī paziņojuma teksts')
    expect(within(message).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      `${LOCATION} — jaunā versija 3`
    ])
    expect(message).toHaveTextContent(
      'Jaunais teksts ir atvērts un iezīmēts klienta kopsavilkumā: parādiet to klientam un apstipriniet vēlreiz.'
    )

    // The client's summary: both changes still there; location's new text open and marked.
    const dialog = screen.getByRole('dialog')
    const summary = within(dialog).getByTestId('client-summary')
    expect(within(summary).getAllByTestId('summary-row')).toHaveLength(2)
    const [usageNotice, locationNotice] = within(summary).getAllByTestId('notice')
    expect(locationNotice).toHaveAttribute('data-purpose', 'location')
    await waitFor(() => expect(locationNotice).toHaveTextContent('Текст уведомления (версия 3)'))
    expect(locationNotice).toHaveAttribute('open')
    expect(locationNotice).toHaveTextContent('Новый текст')
    expect(within(locationNotice!).getByText('New text location in ru, v3')).toBeVisible()
    expect(usageNotice).not.toHaveAttribute('open')
    expect(usageNotice).not.toHaveTextContent('Новый текст')
    expect(app.bridge.callsTo('purposes:list')).toHaveLength(2)

    // Nothing lost: Back shows the edits and the verification; the message waits in the review.
    await app.user.click(within(dialog).getByRole('button', { name: 'Atpakaļ' }))
    expect(row(LOCATION)).toHaveTextContent('Būs: Atsaukta')
    expect(row(USAGE)).toHaveTextContent('Būs: Dota')
    expect(screen.getByTestId('identity-chip')).toHaveTextContent('Pārbaudīts')
    await review(app)
    await screen.findByTestId('save-success')

    const [first, second] = recordCalls(app)
    expect(first?.changes).toEqual([
      { purpose: 'usage_metadata', action: 'given', noticeVersion: 2 },
      { purpose: 'location', action: 'withdrawn', noticeVersion: 2 }
    ])
    expect(second?.changes).toEqual([
      { purpose: 'usage_metadata', action: 'given', noticeVersion: 2 },
      { purpose: 'location', action: 'withdrawn', noticeVersion: 3 }
    ])
    expect(second?.rightsNoticeVersion).toBe(2)
    expect(second?.expectedVersion).toBe(7)
    // Another body, so another request: the API must not take it for a replay of the first.
    expect(second?.requestId).not.toBe(first?.requestId)
  })

  it('a changed rights statement is named and marked too, and sent with its new version', async () => {
    let catalogue = CATALOGUE
    let saves = 0
    const app = await openIlze({
      'purposes:list': () => ok(catalogue),
      'consents:record': (input) => {
        saves++
        if (saves === 1) {
          catalogue = publishNotice(publishNotice(CATALOGUE, 'location', 3), 'rights', 3)
          return noticeOutdated([
            { purpose: 'rights', language: 'ru', version: 3 },
            { purpose: 'location', language: 'ru', version: 3 }
          ])
        }
        return ok(recorded(consentState(), input.changes))
      }
    })
    await app.user.click(screen.getByRole('switch', { name: LOCATION }))
    await review(app)

    const message = await screen.findByTestId('notice-outdated')
    expect(message).toHaveTextContent('Nav saglabāts: mainījušies šo paziņojumu teksti')
    const rights = screen.getByTestId('rights')
    await waitFor(() => expect(rights).toHaveTextContent('New text rights in ru, v3'))
    // In the card's order, the rights statement last, by its title in the agent's language.
    expect(within(message).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      `${LOCATION} — jaunā versija 3`,
      'Jūsu tiesības — jaunā versija 3'
    ])
    expect(message).toHaveTextContent('Jaunie teksti ir atvērti un iezīmēti')
    expect(rights).toHaveClass('rights--updated')
    expect(within(rights).getByRole('heading', { level: 4 })).toHaveTextContent(
      'Ваши права · версия 3 Новый текст'
    )

    await app.user.click(screen.getByRole('button', { name: 'Apstiprināt' }))
    await screen.findByTestId('save-success')
    const second = recordCalls(app)[1]
    expect(second?.rightsNoticeVersion).toBe(3)
    expect(second?.changes).toEqual([
      { purpose: 'location', action: 'withdrawn', noticeVersion: 3 }
    ])
  })

  it('while the new texts cannot be loaded, nothing can be confirmed', async () => {
    let catalogue = CATALOGUE
    let listing: 'works' | 'fails' = 'works'
    let saves = 0
    const app = await openIlze({
      'purposes:list': () => (listing === 'works' ? ok(catalogue) : fail('api_unreachable')),
      'consents:record': (input) => {
        saves++
        if (saves === 1) {
          catalogue = publishNotice(CATALOGUE, 'location', 3)
          listing = 'fails'
          return noticeOutdated([{ purpose: 'location', language: 'ru', version: 3 }])
        }
        return ok(recorded(consentState(), input.changes))
      }
    })
    await app.user.click(screen.getByRole('switch', { name: LOCATION }))
    await review(app)

    const missing = await screen.findByTestId('notices-missing')
    expect(missing).toHaveTextContent('Paziņojumu tekstus neizdevās ielādēt')
    expect(screen.getByRole('button', { name: 'Apstiprināt' })).toBeDisabled()
    expect(screen.getByTestId('notice-outdated')).toBeInTheDocument()

    listing = 'works'
    await app.user.click(
      within(missing).getByRole('button', { name: 'Ielādēt tekstus vēlreiz' })
    )
    await waitFor(() => expect(screen.queryByTestId('notices-missing')).toBeNull())
    expect(screen.getByText('New text location in ru, v3')).toBeVisible()
    await app.user.click(screen.getByRole('button', { name: 'Apstiprināt' }))
    await screen.findByTestId('save-success')
    expect(recordCalls(app)).toHaveLength(2)
    expect(recordCalls(app)[1]?.changes).toEqual([
      { purpose: 'location', action: 'withdrawn', noticeVersion: 3 }
    ])
  })

  it('the message agrees in number: Latvian zero/one/other, Russian one/few/many', () => {
    const lv = createI18n('lv').t
    expect(lv('review.noticeOutdatedTitle', { count: 1 })).toBe(
      'Nav saglabāts: mainījies šī paziņojuma teksts'
    )
    expect(lv('review.noticeOutdatedTitle', { count: 2 })).toBe(
      'Nav saglabāts: mainījušies šo paziņojumu teksti'
    )
    expect(lv('review.noticeOutdatedTitle', { count: 0 })).toBe(
      'Nav saglabāts: mainījušies šo paziņojumu teksti'
    )
    expect(lv('review.noticeOutdatedText', { count: 21 })).toMatch(/^Klientam parādītais teksts/)
    const ru = createI18n('ru').t
    expect(ru('review.noticeOutdatedTitle', { count: 1 })).toBe(
      'Не сохранено: текст этого уведомления изменился'
    )
    expect(ru('review.noticeOutdatedTitle', { count: 3 })).toBe(
      'Не сохранено: тексты этих уведомлений изменились'
    )
    expect(ru('review.noticeOutdatedText', { count: 5 })).toMatch(/^Тексты, показанные клиенту/)
    expect(ru('review.noticeOutdatedText', { count: 21 })).toMatch(/^Текст, показанный клиенту/)
    const en = createI18n('en').t
    expect(en('review.noticeOutdatedTitle', { count: 2 })).toBe(
      'Not saved: the texts of these notices have changed'
    )
  })
})
