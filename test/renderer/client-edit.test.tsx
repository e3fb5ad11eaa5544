import './support/setup'
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { I18nextProvider } from 'react-i18next'
import { useStore } from 'zustand'
import { describe, expect, it } from 'vitest'
import type { Client } from '../../src/shared/domain/client'
import type { UpdateClientInput } from '../../src/shared/ipc/contract'
import { BridgeError, type IpcError } from '../../src/shared/ipc/result'
import { EditClientDialog } from '../../src/renderer/src/features/client/EditClientDialog'
import { createClientStore, type ClientStore } from '../../src/renderer/src/features/client/store'
import { createI18n } from '../../src/renderer/src/i18n'
import type { IpcClient } from '../../src/renderer/src/lib/ipc-client'
import {
  BERZINA,
  BERZINA_CLIENT,
  BERZINA_REVEALED,
  ok,
  STAFF_SESSION,
  type FakeHandlers
} from './support/fakeBridge'
import { LV, renderApp, signIn, type RenderedApp } from './support/renderApp'

// Issue 11: changing a client's data at the counter. The dialog with the real client store and
// a scripted IPC (English, to read as the sentences staff see), then the card's gate in the app.

type Answer = { value: unknown } | { error: IpcError }

function scriptedIpc(answers: { update?: Answer[]; get?: Client[] }) {
  const calls: { channel: string; input: unknown }[] = []
  const ipc = {
    async invoke(channel: string, input: unknown) {
      calls.push({ channel, input })
      if (channel === 'clients:get') return answers.get?.shift() ?? BERZINA_CLIENT
      if (channel === 'clients:update') {
        const answer = answers.update?.shift()
        if (!answer) throw new Error('no answer scripted')
        if ('error' in answer) throw new BridgeError(answer.error)
        return answer.value
      }
      throw new Error(`unexpected ${channel}`)
    }
  } as unknown as IpcClient
  const updates = () =>
    calls
      .filter((call) => call.channel === 'clients:update')
      .map((call) => call.input) as UpdateClientInput[]
  return { ipc, calls, updates }
}

function Harness(props: { store: ClientStore; canEditNames: boolean; onClose(): void }) {
  const client = useStore(props.store, (s) => s.client)
  if (!client) return null
  return (
    <EditClientDialog
      client={client}
      revealed={BERZINA_REVEALED}
      canEditNames={props.canEditNames}
      identity={{ method: 'id_card', documentLast4: '1234' }}
      onSave={(change) => props.store.getState().save(change)}
      onReload={() => props.store.getState().refresh()}
      onClose={props.onClose}
    />
  )
}

async function openDialog(
  answers: Parameters<typeof scriptedIpc>[0],
  options: { canEditNames?: boolean } = {}
) {
  const scripted = scriptedIpc(answers)
  const store = createClientStore({ ipc: scripted.ipc })
  await store.getState().open(BERZINA_CLIENT.id)
  let closed = 0
  const user = userEvent.setup()
  render(
    <I18nextProvider i18n={createI18n('en')}>
      <Harness
        store={store}
        canEditNames={options.canEditNames ?? false}
        onClose={() => closed++}
      />
    </I18nextProvider>
  )
  const dialog = screen.getByRole('dialog', { name: "Change the client's details" })
  return { ...scripted, store, user, dialog, closed: () => closed }
}

async function replace(
  user: ReturnType<typeof userEvent.setup>,
  field: HTMLElement,
  text: string
): Promise<void> {
  await user.clear(field)
  if (text !== '') {
    await user.click(field)
    await user.paste(text)
  }
}

const ID_CARD = { method: 'id_card', documentLast4: '1234' }

describe('the dialog that changes a client’s details', { timeout: 20_000 }, () => {
  it('starts from the full current details, the personal code shown but not editable', async () => {
    const { dialog } = await openDialog({})
    expect(within(dialog).getByLabelText('Phones')).toHaveValue('+371 26 555 444\n+371 67 000 111')
    expect(within(dialog).getByLabelText('E-mail')).toHaveValue('ilze@example.lv')
    expect(within(dialog).getByLabelText('Contact language')).toHaveValue('ru')
    expect(within(dialog).getByText('050190-12347')).toBeInTheDocument()
    expect(within(dialog).queryByLabelText('Personal code')).toBeNull()
    // An agent sees the names, and that only a supervisor may change them.
    expect(within(dialog).getByLabelText('Surname')).toHaveAttribute('readonly')
    expect(within(dialog).getByLabelText('Surname')).toHaveAccessibleDescription(
      'Only a supervisor may change a name.'
    )
  })

  it('saves only what changed, with the version read and the identity verified', async () => {
    const { dialog, user, updates, store, closed } = await openDialog({
      update: [
        { value: { ...BERZINA_CLIENT, language: 'en', address: 'Rīgas iela 5', version: 4 } }
      ]
    })
    await replace(user, within(dialog).getByLabelText('Postal address'), 'Rīgas iela 5')
    await user.selectOptions(within(dialog).getByLabelText('Contact language'), 'English')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))

    expect(updates()).toEqual([
      {
        clientId: BERZINA_CLIENT.id,
        expectedVersion: 3,
        change: { address: 'Rīgas iela 5', language: 'en', identityVerification: ID_CARD }
      }
    ])
    expect(closed()).toBe(1)
    expect(store.getState().client).toMatchObject({ version: 4, address: 'Rīgas iela 5' })
  })

  it('a refused save keeps everything typed and names the wrong phone', async () => {
    const { dialog, user, closed } = await openDialog({
      update: [
        {
          error: {
            code: 'validation_failed',
            message: 'Invalid request: phones.1 is not a Latvian phone number',
            status: 400,
            fields: [{ path: 'phones.1', message: 'is not a Latvian phone number' }]
          }
        }
      ]
    })
    const phones = within(dialog).getByLabelText('Phones')
    await replace(user, phones, '29 123 456\n1234 5678')
    await replace(user, within(dialog).getByLabelText('E-mail'), 'ilze.new@example.lv')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))

    const alert = await within(dialog).findByRole('alert')
    expect(alert).toHaveTextContent('Some entries are not valid, and nothing was saved:')
    expect(alert).toHaveTextContent('Phone 1234 5678 is not a Latvian phone number.')
    expect(closed()).toBe(0)
    expect(phones).toHaveValue('29 123 456\n1234 5678')
    expect(within(dialog).getByLabelText('E-mail')).toHaveValue('ilze.new@example.lv')
  })

  it('on a 412 says someone else changed the client, reloads on request and keeps the form', async () => {
    const theirs = { ...BERZINA_CLIENT, address: 'Brīvības iela 1', version: 4 }
    const { dialog, user, updates, calls } = await openDialog({
      update: [
        {
          error: {
            code: 'version_mismatch',
            message: 'Someone changed this client',
            status: 412
          }
        },
        { value: { ...theirs, emailMasked: 'i***@example.com', version: 5 } }
      ],
      get: [BERZINA_CLIENT, theirs]
    })
    await replace(user, within(dialog).getByLabelText('E-mail'), 'ilze@example.com')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      "Someone else changed this client's details while you were editing."
    )
    await user.click(within(dialog).getByRole('button', { name: 'Reload the client' }))
    expect(calls.filter((call) => call.channel === 'clients:get')).toHaveLength(2)
    expect(await within(dialog).findByRole('status')).toHaveTextContent(
      'Reloaded. Check the form and save again.'
    )
    // Their address is shown now; what the agent typed is still there.
    expect(within(dialog).getByLabelText('Postal address')).toHaveValue('Brīvības iela 1')
    expect(within(dialog).getByLabelText('E-mail')).toHaveValue('ilze@example.com')

    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    expect(updates().map((update) => [update.expectedVersion, update.change])).toEqual([
      [3, { email: 'ilze@example.com', identityVerification: ID_CARD }],
      [4, { email: 'ilze@example.com', identityVerification: ID_CARD }]
    ])
  })

  it('a supervisor changes a surname', async () => {
    const { dialog, user, updates } = await openDialog(
      { update: [{ value: { ...BERZINA_CLIENT, lastName: 'Kalniņa', version: 4 } }] },
      { canEditNames: true }
    )
    await replace(user, within(dialog).getByLabelText('Surname'), 'Kalniņa')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    expect(updates()[0]!.change).toEqual({ lastName: 'Kalniņa', identityVerification: ID_CARD })
  })

  it('sends nothing when nothing was changed, and says so', async () => {
    const { dialog, user, updates, closed } = await openDialog({})
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    expect(within(dialog).getByRole('status')).toHaveTextContent('Nothing has been changed yet.')
    expect(updates()).toEqual([])
    expect(closed()).toBe(0)
  })
})

describe('"Edit details" on the client card', { timeout: 30_000 }, () => {
  async function openIlze(handlers: FakeHandlers = {}): Promise<RenderedApp> {
    const app = renderApp({
      handlers: {
        'auth:login': () =>
          ok({ ...STAFF_SESSION, staff: { ...STAFF_SESSION.staff, roles: ['agent'] } }),
        ...handlers
      }
    })
    await signIn(app)
    await app.user.type(screen.getByRole('combobox', { name: LV.search }), 'berz')
    await app.user.click(await screen.findByText(BERZINA.displayName))
    await screen.findByText('i***@example.lv')
    return app
  }

  it('waits for the identity check, then opens with the full details, the reveal logged', async () => {
    const app = await openIlze()
    const edit = screen.getByRole('button', { name: 'Labot datus' })
    expect(edit).toBeDisabled()
    expect(edit).toHaveAccessibleDescription(
      'Vispirms pārbaudiet klienta identitāti: datus maina tikai identificētam klientam.'
    )

    await app.user.click(screen.getByTestId('identity-chip'))
    const form = screen.getByRole('form', { name: 'Identitātes pārbaude' })
    await app.user.type(
      within(form).getByLabelText('Dokumenta numura pēdējās 4 rakstzīmes'),
      '1234'
    )
    await app.user.click(within(form).getByRole('button', { name: 'Atzīmēt kā pārbaudītu' }))
    await app.user.click(screen.getByRole('button', { name: 'Labot datus' }))

    const dialog = await screen.findByRole('dialog', { name: 'Klienta datu maiņa' })
    expect(app.bridge.callsTo('clients:reveal')).toEqual([
      { id: BERZINA_CLIENT.id, reason: 'client_at_counter' }
    ])
    expect(within(dialog).getByLabelText('E-pasts')).toHaveValue('ilze@example.lv')
    await app.user.selectOptions(within(dialog).getByLabelText('Saziņas valoda'), 'Angļu')
    await app.user.click(within(dialog).getByRole('button', { name: 'Saglabāt' }))
    expect(app.bridge.callsTo('clients:update')).toEqual([
      {
        clientId: BERZINA_CLIENT.id,
        expectedVersion: 3,
        change: { language: 'en', identityVerification: ID_CARD }
      }
    ])
    expect(await screen.findByText('Klienta dati ir saglabāti.')).toBeInTheDocument()
  })

  it('the timeline shows the changes of the client’s details beside the consent events', async () => {
    const app = await openIlze({
      'clients:history': () =>
        ok({
          items: [
            {
              at: '2026-12-02T09:15:00Z',
              actor: { id: 'staff-2', username: 'supervisor', displayName: 'Daina Ozola' },
              version: 4,
              identityVerification: { method: 'passport', documentLast4: '9876' },
              changes: [
                { field: 'lastName', before: 'Liepiņa', after: 'Bērziņa' },
                { field: 'phones', before: ['+371 26 *** 444'], after: [] }
              ]
            }
          ],
          nextCursor: null
        })
    })
    await app.user.click(screen.getByRole('tab', { name: 'Vēsture' }))
    const changes = await screen.findByTestId('data-changes')
    await app.user.click(within(changes).getByText('1 klienta datu izmaiņa'))
    const rows = within(changes).getAllByRole('row').slice(1)
    // Who, how identity was verified, and each field before → after (masked as the API sent it).
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringMatching(/Daina OzolaPase …9876UzvārdsLiepiņa → , Bērziņa$/),
      'Tālruņi+371 26 *** 444 → , nav norādīts'
    ])
  })
})
