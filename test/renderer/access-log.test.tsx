import './support/setup'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { AccessLogEntry, AccessLogPage } from '../../src/shared/domain/access-log'
import { BERZINA_CLIENT, ok, STAFF_SESSION } from './support/fakeBridge'
import { LV, renderApp, signIn, type RenderedApp } from './support/renderApp'

const LIEPA_ID = '0a1b2c3d-0000-4000-8000-000000000002'

function entry(id: number, overrides: Partial<AccessLogEntry> = {}): AccessLogEntry {
  return {
    id: String(id),
    at: `2026-11-25T${String(8 + (id % 10)).padStart(2, '0')}:15:00Z`,
    client: { id: BERZINA_CLIENT.id, displayName: 'Ilze Bērziņa' },
    staff: { id: 'staff-2', name: 'Jānis Liepa' },
    role: 'agent',
    action: 'view',
    actionText: 'Client card opened',
    reason: null,
    reasonNote: null,
    requestId: `req-${id}`,
    ...overrides
  }
}

const FIRST_PAGE: AccessLogPage = {
  items: [
    entry(3, {
      action: 'reveal',
      reason: 'other',
      reasonNote: 'Klients lūdza pārbaudīt numuru'
    }),
    entry(2, {
      action: 'consents',
      role: 'supervisor',
      staff: { id: 'staff-1', name: 'Anna Kalniņa' }
    })
  ],
  nextCursor: 'next-page'
}
const SECOND_PAGE: AccessLogPage = { items: [entry(1, { action: 'search' })], nextCursor: null }

async function openLogFromCard(app: RenderedApp): Promise<void> {
  await signIn(app)
  await app.user.type(screen.getByRole('combobox', { name: LV.search }), 'berz')
  await app.user.click(await screen.findByText('Ilze Bērziņa'))
  await screen.findByRole('heading', { level: 1, name: 'Ilze Bērziņa' })
  await app.user.click(await screen.findByRole('button', { name: 'Kas skatīja datus' }))
  await screen.findByRole('heading', { level: 1, name: 'Piekļuves žurnāls: Ilze Bērziņa' })
}

describe('access log screen', () => {
  it('answers who looked at the client and why, from the card, page by page', async () => {
    const app = renderApp({
      handlers: {
        'access-log:list': (input) => ok(input.cursor ? SECOND_PAGE : FIRST_PAGE)
      }
    })
    await openLogFromCard(app)
    const table = screen.getByRole('table', { name: 'Piekļuves žurnāla ieraksti' })
    const rows = await within(table).findAllByTestId('access-log-row')
    expect(rows).toHaveLength(2)
    expect(rows[0]).toHaveTextContent('Jānis Liepa')
    expect(rows[0]).toHaveTextContent('Konsultants')
    expect(rows[0]).toHaveTextContent('Parādīts pilns personas kods, tālruņi un e-pasts')
    expect(rows[0]).toHaveTextContent('Cits norādīts iemesls')
    expect(rows[0]).toHaveTextContent('Klients lūdza pārbaudīt numuru')
    expect(rows[0]).toHaveTextContent('25.11.2026.')
    expect(rows[1]).toHaveTextContent('Vadītājs')
    // The client is the heading's: no client column on a client's own log.
    expect(within(table).queryByRole('columnheader', { name: 'Klients' })).toBeNull()
    expect(app.bridge.callsTo('access-log:list')).toEqual([
      { clientId: BERZINA_CLIENT.id, limit: 50 }
    ])

    await app.user.click(screen.getByRole('button', { name: 'Rādīt vairāk' }))
    await waitFor(() => expect(within(table).getAllByTestId('access-log-row')).toHaveLength(3))
    expect(app.bridge.callsTo('access-log:list').at(-1)).toEqual({
      clientId: BERZINA_CLIENT.id,
      cursor: 'next-page',
      limit: 50
    })
    expect(screen.getByText('Parādīti 3 ieraksti')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Rādīt vairāk' })).toBeNull()
  })

  it('filters by staff member, and prints the extract for the client through main', async () => {
    // The API's staff ids are uuids, and the IPC contract checks them as the API does.
    const liepa = { ...STAFF_SESSION.staff, id: LIEPA_ID, displayName: 'Jānis Liepa' }
    const app = renderApp({
      handlers: {
        'access-log:list': () => ok(FIRST_PAGE),
        'staff:list': () => ok({ items: [STAFF_SESSION.staff, liepa] })
      }
    })
    await openLogFromCard(app)
    await screen.findAllByTestId('access-log-row')
    const staff = screen.getByRole('combobox', { name: 'Darbinieks' })
    await within(staff).findByRole('option', { name: 'Jānis Liepa' })
    await app.user.selectOptions(staff, LIEPA_ID)
    await waitFor(() => expect(app.bridge.callsTo('access-log:list')).toHaveLength(2))
    expect(app.bridge.callsTo('access-log:list').at(-1)).toEqual({
      clientId: BERZINA_CLIENT.id,
      staffId: LIEPA_ID,
      limit: 50
    })

    await app.user.click(screen.getByRole('button', { name: 'Drukāt klientam' }))
    await waitFor(() => expect(app.bridge.callsTo('print:prepare')).toHaveLength(1))
    expect(app.bridge.callsTo('print:prepare')[0]).toEqual({
      document: { kind: 'access-log', clientId: BERZINA_CLIENT.id },
      language: 'lv'
    })
  })

  it('is in the top bar for supervisors, over every client, with a client column', async () => {
    const app = renderApp({ handlers: { 'access-log:list': () => ok(FIRST_PAGE) } })
    await signIn(app)
    await app.user.click(screen.getByRole('button', { name: 'Piekļuves žurnāls' }))
    const table = await screen.findByRole('table', { name: 'Piekļuves žurnāla ieraksti' })
    await within(table).findAllByTestId('access-log-row')
    expect(within(table).getByRole('columnheader', { name: 'Klients' })).toBeInTheDocument()
    expect(app.bridge.callsTo('access-log:list').at(-1)).toEqual({ limit: 50 })
  })
})
