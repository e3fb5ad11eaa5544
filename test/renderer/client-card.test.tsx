import './support/setup'
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { BERZINA_CLIENT, fail, ok } from './support/fakeBridge'
import { EN, LV, renderApp, signIn, type RenderedApp } from './support/renderApp'

async function openIlze(app: RenderedApp): Promise<void> {
  await signIn(app)
  await app.user.type(screen.getByRole('combobox', { name: LV.search }), 'berz')
  await app.user.click(await screen.findByText('Ilze Bērziņa'))
  await screen.findByRole('heading', { level: 1, name: 'Ilze Bērziņa' })
}

describe('client card', () => {
  it('shows the header masked, with language, e-mail and contracts', async () => {
    const app = renderApp()
    await openIlze(app)
    const main = screen.getByRole('main')
    expect(await within(main).findByText('i***@example.lv')).toBeInTheDocument()
    expect(main).not.toHaveTextContent('ilze@example.lv')
    expect(screen.getByTestId('client-identifier')).toHaveTextContent('050190-*****')
    expect(main).toHaveTextContent('+371 26 *** 444')
    expect(main).not.toHaveTextContent('26555444')
    expect(main).toHaveTextContent('Krievu')

    const contracts = screen.getByRole('region', { name: '2 līgumi' })
    const rows = within(contracts).getAllByRole('listitem')
    expect(rows[0]).toHaveTextContent('K00012345')
    expect(rows[0]).toHaveTextContent('Aktīvs')
    expect(rows[0]).toHaveTextContent('05.01.2026.')
    expect(rows[0]).toHaveTextContent('Beztermiņa')
    expect(rows[1]).toHaveTextContent('Beidzies')
    expect(rows[1]).toHaveTextContent('31.12.2024.')
    expect(document.title).toBe('Piekrišanu pults')
  })

  it('reveal asks why, then shows what the API answered; hide masks them again', async () => {
    const app = renderApp()
    await openIlze(app)
    const reveal = await screen.findByRole('button', { name: 'Atklāt kodu' })
    expect(reveal).toHaveAccessibleDescription('Rādīt pilnu personas kodu un tālruņus')
    await app.user.click(reveal)
    const dialog = await screen.findByRole('dialog', {
      name: 'Kāpēc vajadzīgi pilnie identifikatori?'
    })
    // No reason, no reveal: the API is not asked.
    await app.user.click(within(dialog).getByRole('button', { name: 'Rādīt' }))
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Izvēlieties iemeslu.')
    expect(app.bridge.callsTo('clients:reveal')).toHaveLength(0)

    await app.user.click(within(dialog).getByRole('radio', { name: 'Apkalpošana pa tālruni' }))
    await app.user.click(within(dialog).getByRole('button', { name: 'Rādīt' }))
    expect(await screen.findByTestId('client-identifier')).toHaveTextContent('050190-12347')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(app.bridge.callsTo('clients:reveal')).toEqual([
      { id: BERZINA_CLIENT.id, reason: 'client_on_phone' }
    ])
    const main = screen.getByRole('main')
    expect(main).toHaveTextContent('+371 26 555 444')
    expect(main).toHaveTextContent('ilze@example.lv')
    await app.user.click(screen.getByRole('button', { name: 'Maskēt kodu' }))
    expect(screen.getByTestId('client-identifier')).toHaveTextContent('050190-*****')
    expect(main).not.toHaveTextContent('ilze@example.lv')
  })

  it('"other" needs a note of at least ten characters before the API is asked', async () => {
    const app = renderApp()
    await openIlze(app)
    await app.user.click(await screen.findByRole('button', { name: 'Atklāt kodu' }))
    const dialog = await screen.findByRole('dialog')
    await app.user.click(within(dialog).getByRole('radio', { name: 'Cits norādīts iemesls' }))
    const note = within(dialog).getByRole('textbox', {
      name: 'Paskaidrojiet iemeslu (vismaz 10 rakstzīmju)'
    })
    await app.user.type(note, 'īsi')
    await app.user.click(within(dialog).getByRole('button', { name: 'Rādīt' }))
    expect(note).toHaveAttribute('aria-invalid', 'true')
    expect(app.bridge.callsTo('clients:reveal')).toHaveLength(0)
    await app.user.type(note, ' — klients lūdz pārbaudīt datus')
    await app.user.click(within(dialog).getByRole('button', { name: 'Rādīt' }))
    expect(await screen.findByTestId('client-identifier')).toHaveTextContent('050190-12347')
    expect(app.bridge.callsTo('clients:reveal')).toEqual([
      { id: BERZINA_CLIENT.id, reason: 'other', note: 'īsi — klients lūdz pārbaudīt datus' }
    ])
  })

  it('keeps the identifiers masked when the reveal cannot be logged', async () => {
    const app = renderApp({
      handlers: { 'clients:reveal': () => fail('api_unreachable', 'down') }
    })
    await openIlze(app)
    await app.user.click(await screen.findByRole('button', { name: 'Atklāt kodu' }))
    await app.user.click(await screen.findByRole('radio', { name: 'Apkalpošana klientu centrā' }))
    await app.user.click(screen.getByRole('button', { name: 'Rādīt' }))
    // Unreachable also raises the connection banner; the card says what it means for the reveal.
    const refusal = await screen.findByText(/Nav parādīts: atklāšanu neizdevās reģistrēt/, {
      selector: '[role=alert]'
    })
    expect(refusal).toBeVisible()
    expect(screen.getByTestId('client-identifier')).toHaveTextContent('050190-*****')
  })

  it('Esc goes back to an empty search field, the client among the recent ones, masked', async () => {
    const app = renderApp()
    await openIlze(app)
    await app.user.keyboard('{Escape}')
    const field = await screen.findByRole('combobox', { name: LV.search })
    // The field never keeps what was typed for the last client (a full code, say).
    expect(field).toHaveValue('')
    expect(field).toHaveFocus()
    const recent = screen.getByRole('grid', { name: 'Nesen atvērtie klienti' })
    expect(recent).toHaveTextContent('Ilze Bērziņa')
    expect(recent).toHaveTextContent('050190-*****')
    expect(recent).not.toHaveTextContent('Jānis Bērziņš')
    expect(app.bridge.callsTo('clients:search')).toHaveLength(1)
  })

  it('more than two contracts fold into one line with counts, until asked for', async () => {
    const contracts = [
      ...BERZINA_CLIENT.contracts,
      { number: 'K00099999', status: 'active' as const, startDate: '2025-05-05', endDate: null }
    ]
    const app = renderApp({
      handlers: { 'clients:get': () => ok({ ...BERZINA_CLIENT, contracts }) }
    })
    await openIlze(app)
    const region = await screen.findByRole('region', { name: '3 līgumi' })
    expect(region).toHaveTextContent('2 aktīvi')
    expect(region).toHaveTextContent('1 beidzies')
    expect(within(region).queryAllByRole('listitem')).toHaveLength(0)
    await app.user.click(within(region).getByRole('button', { name: /Rādīt līgumus/ }))
    expect(within(region).getAllByRole('listitem')).toHaveLength(3)
  })

  it('a failed load keeps the preview and offers a retry', async () => {
    let failures = 1
    const app = renderApp({
      handlers: {
        'clients:get': () => (failures-- > 0 ? fail('not_found', 'gone', 404) : ok(BERZINA_CLIENT))
      }
    })
    await openIlze(app)
    // The card's one request failed: the details say so under the preview's name.
    const details = screen.getByRole('complementary', { name: 'Klienta dati' })
    expect(await within(details).findByText('Ieraksts nav atrasts.')).toBeInTheDocument()
    expect(screen.getByRole('heading', { level: 1, name: 'Ilze Bērziņa' })).toBeVisible()
    await app.user.click(within(details).getByRole('button', { name: 'Mēģināt vēlreiz' }))
    expect(await within(details).findByText('i***@example.lv')).toBeInTheDocument()
    expect(app.bridge.callsTo('clients:get')).toEqual([{ id: BERZINA_CLIENT.id }])
  })

  it('dates follow the UI language', async () => {
    const app = renderApp({ language: 'en' })
    await signIn(app, EN)
    await app.user.type(screen.getByRole('combobox', { name: EN.search }), 'berz')
    await app.user.click(await screen.findByText('Ilze Bērziņa'))
    expect(await screen.findByText(/05\/01\/2026/)).toBeInTheDocument()
    expect(screen.getByText('Active')).toBeInTheDocument()
    expect(screen.getByText('Russian')).toBeInTheDocument()
  })
})
