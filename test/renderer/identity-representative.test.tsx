import './support/setup'
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Client } from '../../src/shared/domain/client'
import type { RecordConsentsInput } from '../../src/shared/ipc/contract'
import { BERZINA, BERZINI_SIA, ok, type FakeHandlers } from './support/fakeBridge'
import { LV, renderApp, signIn, type RenderedApp } from './support/renderApp'

const BERZINI_SIA_CLIENT: Client = {
  id: BERZINI_SIA.id,
  kind: 'business',
  registrationNumber: '40003032949',
  name: 'Bērziņi SIA',
  phonesMasked: [],
  emailMasked: 'b***@berzini.lv',
  language: 'lv',
  contracts: [{ number: 'K00077777', status: 'active', startDate: '2018-02-01', endDate: null }],
  version: 1
}

const FORM = 'Identitātes pārbaude'
const NAME = 'Pārstāvja vārds, uzvārds'
const PERSONAL_CODE = 'Pārstāvja personas kods'
const BASIS = 'Pārstāvības pamats'
const LAST4 = 'Dokumenta numura pēdējās 4 rakstzīmes'
const CONFIRM = 'Atzīmēt kā pārbaudītu'

async function openClient(
  displayName: string,
  email: string,
  handlers: FakeHandlers = {}
): Promise<RenderedApp> {
  const app = renderApp({
    handlers: {
      'clients:search': () => ok({ items: [BERZINA, BERZINI_SIA], hasMore: false }),
      ...handlers
    }
  })
  await signIn(app)
  await app.user.type(screen.getByRole('combobox', { name: LV.search }), 'berz')
  await app.user.click(await screen.findByText(displayName))
  await screen.findByRole('table', { name: 'Piekrišanas pa mērķiem' })
  await screen.findByText(email)
  return app
}

function openCompany(): Promise<RenderedApp> {
  return openClient('Bērziņi SIA', 'b***@berzini.lv', {
    'clients:get': () => ok(BERZINI_SIA_CLIENT)
  })
}

async function openForm(app: RenderedApp): Promise<HTMLElement> {
  await app.user.click(screen.getByTestId('identity-chip'))
  return screen.getByRole('form', { name: FORM })
}

/** Pastes rather than types: the same events for the form, a fraction of the time on CI. */
async function fill(app: RenderedApp, field: HTMLElement, text: string): Promise<void> {
  await app.user.clear(field)
  await app.user.click(field)
  await app.user.paste(text)
}

/** One pending change (pausing location), reviewed and confirmed. */
async function saveOneChange(app: RenderedApp): Promise<void> {
  await app.user.click(screen.getByRole('button', { name: 'Apturēt' }))
  await app.user.click(screen.getByRole('button', { name: /1 izmaiņa — / }))
  await app.user.click(screen.getByRole('button', { name: 'Apstiprināt' }))
  await screen.findByTestId('save-success')
}

function recordCalls(app: RenderedApp): RecordConsentsInput[] {
  return app.bridge.callsTo('consents:record') as RecordConsentsInput[]
}

// Every test signs in, searches and opens a card before it starts: on a shared, loaded machine
// that alone can take the default 5 s.
describe('identity verification of a business client', { timeout: 20_000 }, () => {
  it('asks for the representative first, and names every missing or wrong field', async () => {
    const app = await openCompany()
    const form = await openForm(app)
    expect(within(form).getByRole('group', { name: 'Uzņēmuma pārstāvis' })).toBeInTheDocument()
    expect(within(form).getByLabelText(NAME)).toHaveFocus()

    await app.user.click(within(form).getByRole('button', { name: CONFIRM }))
    const messages = within(form)
      .getAllByRole('alert')
      .map((alert) => alert.textContent)
    expect(messages).toEqual([
      'Ievadiet pārstāvja vārdu un uzvārdu.',
      'Nederīgs personas kods. Pārbaudiet personas kodu.',
      'Izvēlieties pārstāvības pamatu.',
      'Ievadiet dokumenta numura pēdējos 4 burtus vai ciparus.'
    ])
    expect(within(form).getByLabelText(NAME)).toHaveFocus()
    expect(within(form).getByLabelText(NAME)).toHaveAccessibleDescription(
      'Ievadiet pārstāvja vārdu un uzvārdu.'
    )
    expect(screen.getByTestId('identity-chip')).toHaveTextContent('Identitāte nav pārbaudīta')
  })

  it('checks the personal code as the search does, with the same specific message', async () => {
    const app = await openCompany()
    const form = await openForm(app)
    await fill(app, within(form).getByLabelText(NAME), 'Jānis Bērziņš')
    await fill(app, within(form).getByLabelText(PERSONAL_CODE), '120389-12345')
    await app.user.selectOptions(within(form).getByLabelText(BASIS), 'Valdes loceklis')
    await fill(app, within(form).getByLabelText(LAST4), '1234')
    await app.user.click(within(form).getByRole('button', { name: CONFIRM }))
    expect(within(form).getByRole('alert')).toHaveTextContent(
      'Personas kods neatbilst kontrolciparam. Pārbaudiet personas kodu.'
    )
    expect(within(form).getByLabelText(PERSONAL_CODE)).toHaveFocus()
    expect(within(form).getByLabelText(PERSONAL_CODE)).toHaveAttribute('aria-invalid', 'true')

    await fill(app, within(form).getByLabelText(PERSONAL_CODE), '310289-12340')
    await app.user.click(within(form).getByRole('button', { name: CONFIRM }))
    expect(within(form).getByRole('alert')).toHaveTextContent(
      'Personas koda pirmie seši cipari nav derīgs datums.'
    )
    expect(screen.getByTestId('identity-chip')).toHaveTextContent('Identitāte nav pārbaudīta')
  })

  it('reads "verified: representative …" and sends the representative with the save', async () => {
    const app = await openCompany()
    const form = await openForm(app)
    await fill(app, within(form).getByLabelText(NAME), '  Jānis   Bērziņš ')
    await fill(app, within(form).getByLabelText(PERSONAL_CODE), '120389-12346')
    await app.user.selectOptions(within(form).getByLabelText(BASIS), 'Valdes loceklis')
    await fill(app, within(form).getByLabelText(LAST4), '12ab')
    await app.user.click(within(form).getByRole('button', { name: CONFIRM }))

    expect(screen.queryByRole('form', { name: FORM })).toBeNull()
    expect(screen.getByTestId('identity-chip')).toHaveTextContent(
      /Pārbaudīts: pārstāvis Jānis Bērziņš \(valdes loceklis\), ID karte …12AB, \d{2}:\d{2}/
    )

    await saveOneChange(app)
    const [call] = recordCalls(app)
    expect(call?.identityVerification).toEqual({
      method: 'id_card',
      documentLast4: '12AB',
      representative: { name: 'Jānis Bērziņš', personalCode: '12038912346', basis: 'board_member' }
    })
  })

  it('a method without a document still needs the representative; a power of attorney reads so', async () => {
    const app = await openCompany()
    const form = await openForm(app)
    await app.user.selectOptions(within(form).getByLabelText('Veids'), 'Smart-ID')
    expect(within(form).queryByLabelText(LAST4)).toBeNull()
    await fill(app, within(form).getByLabelText(NAME), 'Anna Ozoliņa')
    await fill(app, within(form).getByLabelText(PERSONAL_CODE), '05079214565')
    await app.user.selectOptions(within(form).getByLabelText(BASIS), 'Pilnvara')
    await app.user.click(within(form).getByRole('button', { name: CONFIRM }))
    expect(screen.getByTestId('identity-chip')).toHaveTextContent(
      /Pārbaudīts: pārstāvis Anna Ozoliņa \(pilnvara\), Smart-ID, \d{2}:\d{2}/
    )
  })

  it('does not keep a representative typed and cancelled for the next attempt', async () => {
    const app = await openCompany()
    let form = await openForm(app)
    await fill(app, within(form).getByLabelText(NAME), 'Jānis Bērziņš')
    await fill(app, within(form).getByLabelText(PERSONAL_CODE), '120389-12346')
    await app.user.click(within(form).getByRole('button', { name: 'Atcelt' }))
    form = await openForm(app)
    expect(within(form).getByLabelText(NAME)).toHaveValue('')
    expect(within(form).getByLabelText(PERSONAL_CODE)).toHaveValue('')
  })

  it('a private person is verified without a representative', async () => {
    const app = await openClient('Ilze Bērziņa', 'i***@example.lv')
    const form = await openForm(app)
    expect(within(form).queryByRole('group', { name: 'Uzņēmuma pārstāvis' })).toBeNull()
    expect(within(form).queryByLabelText(PERSONAL_CODE)).toBeNull()
    await fill(app, within(form).getByLabelText(LAST4), '1234')
    await app.user.click(within(form).getByRole('button', { name: CONFIRM }))
    await saveOneChange(app)
    expect(recordCalls(app)[0]?.identityVerification).toEqual({
      method: 'id_card',
      documentLast4: '1234'
    })
  })
})
