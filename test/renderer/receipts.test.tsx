import './support/setup'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { ReceiptSummary } from '../../src/shared/domain/receipt'
import type { ConfirmationBatchResult } from '../../src/shared/ipc/print-contract'
import type { IpcResult } from '../../src/shared/ipc/result'
import { buildReceipt, buildReport, receiptDocument } from '../support/print-fixtures'
import { fail, ok, STAFF_SESSION, type FakeHandlers } from './support/fakeBridge'
import { LV, renderApp, signIn, type RenderedApp } from './support/renderApp'

const FIRST = '6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b'
const SECOND = '7b2e1d3f-4c5e-4f60-9bac-1d2e3f4a5b6c'

function summary(id: string, overrides: Partial<ReceiptSummary> = {}): ReceiptSummary {
  return {
    id,
    receiptNumber: `LMT-20261201-${id.slice(0, 8).toUpperCase()}`,
    verificationCode: 'K7QM42MX',
    issuedAt: '2026-12-01T08:15:00.000Z',
    clientId: '0b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b',
    clientName: 'Ilze Bērziņa',
    clientMaskedCode: '120389-*****',
    agent: { id: 'staff-1', name: 'Anna Kalniņa' },
    centre: { id: 'c-1', name: 'Rīga, Ropažu iela 6' },
    language: 'ru',
    changes: 2,
    ...overrides
  }
}

async function openRegister(handlers: FakeHandlers = {}): Promise<RenderedApp> {
  const app = renderApp({
    handlers: {
      'receipts:list': () => ok({ items: [summary(FIRST), summary(SECOND)], nextCursor: null }),
      ...handlers
    }
  })
  await signIn(app)
  await app.user.click(screen.getByRole('button', { name: 'Kvītis' }))
  await screen.findByRole('heading', { level: 1, name: 'Kvītis' })
  return app
}

describe('the receipts register', () => {
  it("lists the API's receipts, newest first, and reprints one as a marked copy", async () => {
    const app = await openRegister()
    const table = screen.getByRole('table', { name: 'Izsniegtās kvītis' })
    const rows = await within(table).findAllByTestId('receipt-row')
    expect(rows).toHaveLength(2)
    expect(rows[0]).toHaveTextContent(`LMT-20261201-${FIRST.slice(0, 8).toUpperCase()}`)
    expect(rows[0]).toHaveTextContent('Ilze Bērziņa')
    expect(rows[0]).toHaveTextContent('01.12.2026. 10:15')
    expect(app.bridge.callsTo('receipts:list')).toEqual([{ limit: 50 }])

    await app.user.click(
      within(rows[1]!).getByRole('button', {
        name: `Drukāt kopiju: LMT-20261201-${SECOND.slice(0, 8).toUpperCase()}`
      })
    )
    const preview = await screen.findByRole('dialog', { name: 'Kvīts kopijas priekšskatījums' })
    // The copy is previewed in the language the client was shown (Russian).
    expect(await within(preview).findByText('Подтверждение согласий')).toBeInTheDocument()
    expect(app.bridge.callsTo('print:prepare')).toEqual([
      { document: { kind: 'receipt', receiptId: SECOND, copy: true }, language: 'ru' }
    ])

    await app.user.click(within(preview).getByRole('button', { name: /^Drukāt/ }))
    expect(await within(preview).findByText('Kvīts nosūtīta drukāšanai.')).toBeInTheDocument()
    expect(app.bridge.callsTo('print:output')).toEqual([
      {
        document: { kind: 'receipt', receiptId: SECOND, copy: true },
        language: 'ru',
        action: 'print'
      }
    ])
  })

  it('a supervisor narrows the register to any agent and centre; the API filters', async () => {
    const app = await openRegister()
    await within(screen.getByRole('table', { name: 'Izsniegtās kvītis' })).findAllByTestId(
      'receipt-row'
    )
    const agent = screen.getByRole('combobox', { name: 'Darbinieks' })
    // The directory: the supervisor themself, marked, and the other counter staff.
    await within(agent).findByRole('option', { name: 'Jānis Liepa' })
    expect(within(agent).getByRole('option', { name: 'Anna Kalniņa (es)' })).toBeInTheDocument()
    await app.user.selectOptions(agent, 'staff-2')
    await app.user.selectOptions(
      screen.getByRole('combobox', { name: 'Klientu centrs' }),
      'Liepāja, Lielā iela 13'
    )
    await waitFor(() => expect(app.bridge.callsTo('receipts:list')).toHaveLength(3))
    expect(app.bridge.callsTo('receipts:list').at(-1)).toEqual({
      agent: 'staff-2',
      centre: 'c-2',
      limit: 50
    })
    await app.user.selectOptions(agent, 'Visi darbinieki')
    await waitFor(() => expect(app.bridge.callsTo('receipts:list')).toHaveLength(4))
    expect(app.bridge.callsTo('receipts:list').at(-1)).toEqual({ centre: 'c-2', limit: 50 })
  })

  it('an agent is told the register holds only their own receipts, and has no such filters', async () => {
    const app = renderApp({
      handlers: {
        'auth:login': () =>
          ok({ ...STAFF_SESSION, staff: { ...STAFF_SESSION.staff, roles: ['agent'] } }),
        'receipts:list': () => ok({ items: [summary(FIRST)], nextCursor: null })
      }
    })
    await signIn(app)
    await app.user.click(screen.getByRole('button', { name: 'Kvītis' }))
    expect(await screen.findByText('Jūs redzat tikai kvītis, ko izsniedzāt paši.')).toBeVisible()
    expect(screen.queryByRole('combobox', { name: 'Darbinieks' })).toBeNull()
    expect(app.bridge.callsTo('staff:list')).toEqual([])
  })

  it('pages further on the cursor the API gave, keeping the rows on screen', async () => {
    const app = await openRegister({
      'receipts:list': (query) =>
        query.cursor === 'page-2'
          ? ok({ items: [summary(SECOND)], nextCursor: null })
          : ok({ items: [summary(FIRST)], nextCursor: 'page-2' })
    })
    const table = screen.getByRole('table', { name: 'Izsniegtās kvītis' })
    await within(table).findAllByTestId('receipt-row')
    await app.user.click(screen.getByRole('button', { name: 'Rādīt vēl' }))
    await waitFor(() => expect(within(table).getAllByTestId('receipt-row')).toHaveLength(2))
    expect(screen.queryByRole('button', { name: 'Rādīt vēl' })).toBeNull()
  })
})

describe('checking a printed code', () => {
  const genuine = buildReceipt({ clientName: 'Ilze Bērziņa', verificationCode: '7K3M9QXZ' })
  const handlers: FakeHandlers = {
    'receipts:verify': (body) =>
      'code' in body && body.code === '7K3M9QXZ'
        ? ok({ genuine: true, receipt: genuine })
        : ok({ genuine: false, reason: 'unknown_code' })
  }

  it('a genuine code shows what the signed receipt says', async () => {
    const app = await openRegister(handlers)
    // Typed as printed, in groups and lower case: the code is its letters and digits.
    await app.user.type(screen.getByLabelText('Pārbaudes kods vai nolasītais QR kods'), '7k3m-9qxz')
    await app.user.click(screen.getByRole('button', { name: 'Pārbaudīt' }))
    const result = await screen.findByTestId('verify-result')
    expect(await within(result).findByText(/Kvīts ir īsta/)).toBeInTheDocument()
    expect(result).toHaveTextContent(genuine.receiptNumber)
    expect(result).toHaveTextContent('Ilze Bērziņa')
    expect(result).toHaveTextContent(genuine.collectedBy.agent.name)
    expect(within(result).getAllByRole('listitem')).toHaveLength(genuine.changes.length)
    expect(app.bridge.callsTo('receipts:verify')).toEqual([{ code: '7K3M9QXZ' }])
  })

  it('a scanned verification address is checked by its code; an unknown one says why', async () => {
    const app = await openRegister(handlers)
    await app.user.type(
      screen.getByLabelText('Pārbaudes kods vai nolasītais QR kods'),
      'https://verify.example.lv/receipt?code=ABCD1234'
    )
    await app.user.keyboard('{Enter}')
    const result = await screen.findByTestId('verify-result')
    expect(await within(result).findByText(/Kods ABCD1234: kvīts nav apstiprināta/)).toBeVisible()
    expect(result).toHaveTextContent('Ar šādu kodu kvīts nav izsniegta')
    expect(app.bridge.callsTo('receipts:verify')).toEqual([{ code: 'ABCD1234' }])
  })
})

describe('the receipt preview', () => {
  it('switches the print language on request, and a failed print keeps the preview open', async () => {
    const app = await openRegister({
      'print:output': () => fail('internal_error', 'printer on fire')
    })
    const table = screen.getByRole('table', { name: 'Izsniegtās kvītis' })
    const [row] = await within(table).findAllByTestId('receipt-row')
    await app.user.click(within(row!).getByRole('button', { name: /^Drukāt kopiju/ }))
    const preview = await screen.findByRole('dialog', { name: 'Kvīts kopijas priekšskatījums' })
    await within(preview).findByText('Подтверждение согласий')

    await app.user.click(within(preview).getByRole('radio', { name: 'Angļu' }))
    expect(await within(preview).findByText('Consent receipt')).toBeInTheDocument()
    expect(app.bridge.callsTo('print:prepare').at(-1)).toMatchObject({ language: 'en' })

    await app.user.click(within(preview).getByRole('button', { name: 'Saglabāt PDF' }))
    expect(
      await within(preview).findByText('Neizdevās izdrukāt vai saglabāt kvīti. Mēģiniet vēlreiz.')
    ).toBeVisible()
    expect(screen.getByRole('dialog', { name: 'Kvīts kopijas priekšskatījums' })).toBe(preview)
    expect(within(preview).getByRole('button', { name: 'Saglabāt PDF' })).toBeEnabled()
  })

  it("a client's card lists that client's receipts on its Receipts tab", async () => {
    const app = renderApp({
      handlers: {
        'receipts:list': (query) =>
          ok({ items: [summary(FIRST, { clientId: query.clientId ?? '' })], nextCursor: null }),
        'print:prepare': ({ language }) => ok(receiptDocument(language))
      }
    })
    await signIn(app)
    await app.user.type(screen.getByRole('combobox', { name: LV.search }), 'berz')
    await app.user.click(await screen.findByText('Ilze Bērziņa'))
    await app.user.click(await screen.findByRole('tab', { name: 'Kvītis' }))
    const rows = await screen.findAllByTestId('receipt-row')
    expect(rows).toHaveLength(1)
    const [query] = app.bridge.callsTo('receipts:list')
    expect(query).toMatchObject({ clientId: expect.stringMatching(/^[0-9a-f-]{36}$/) })
  })
})

describe('batch confirmations', () => {
  it('a supervisor pastes a list, follows the progress, may cancel, and sees how it ended', async () => {
    let finish: (value: IpcResult<ConfirmationBatchResult>) => void = () => {}
    const app = renderApp({
      handlers: {
        'confirmations:print': () => new Promise((resolve) => (finish = resolve))
      }
    })
    await signIn(app)
    await app.user.click(screen.getByRole('button', { name: 'Apliecinājumi' }))
    await screen.findByRole('heading', { level: 1, name: 'Piekrišanu apliecinājumi' })
    const list = screen.getByLabelText('Personas kodi vai reģistrācijas numuri, katrs savā rindā')
    // Pasted with a blank line and a repeat: two clients.
    await app.user.type(list, '120389-10001{Enter}{Enter}40003032949{Enter}120389-10001')
    expect(screen.getByText('2 klienti sarakstā')).toBeVisible()
    await app.user.selectOptions(screen.getByLabelText('Apliecinājumu valoda'), 'ru')
    await app.user.click(screen.getByRole('button', { name: 'Izveidot PDF' }))

    const [input] = app.bridge.callsTo('confirmations:print')
    expect(input).toMatchObject({
      selection: { kind: 'clients', identifiers: ['120389-10001', '40003032949'] },
      language: 'ru'
    })
    const { jobId } = input as { jobId: string }
    app.bridge.emit('confirmations:progress', { jobId, phase: 'collecting', done: 1, total: 2 })
    expect(await screen.findByText('Sagatavo 1 no 2…')).toBeVisible()
    // Another batch's progress is not this one's.
    app.bridge.emit('confirmations:progress', {
      jobId: '00000000-0000-4000-8000-000000000000',
      phase: 'collecting',
      done: 7,
      total: 9
    })
    expect(screen.getByText('Sagatavo 1 no 2…')).toBeVisible()

    await app.user.click(screen.getByRole('button', { name: 'Atcelt' }))
    expect(app.bridge.callsTo('confirmations:cancel')).toEqual([{ jobId }])
    expect(await screen.findByText('Atceļ…')).toBeVisible()
    finish({ ok: true, value: { outcome: 'cancelled', printed: 0, notFound: [] } })
    expect(await screen.findByText('Atcelts — fails netika saglabāts.')).toBeVisible()
    expect(screen.getByRole('button', { name: 'Izveidot PDF' })).toBeEnabled()
  })

  it('a finished batch says how many were saved where, and names identifiers that found no one', async () => {
    const app = renderApp({
      handlers: {
        'confirmations:print': () =>
          ok({
            outcome: 'saved',
            path: '/home/u/apliecinajumi.pdf',
            printed: 1,
            notFound: ['010101-00000']
          })
      }
    })
    await signIn(app)
    await app.user.click(screen.getByRole('button', { name: 'Apliecinājumi' }))
    await app.user.type(
      await screen.findByLabelText('Personas kodi vai reģistrācijas numuri, katrs savā rindā'),
      '120389-10001{Enter}010101-00000'
    )
    await app.user.click(screen.getByRole('button', { name: 'Izveidot PDF' }))
    expect(
      await screen.findByText('Saglabāts 1 apliecinājums: /home/u/apliecinajumi.pdf')
    ).toBeVisible()
    expect(screen.getByText('1 identifikators neatbilda nevienam klientam:')).toBeVisible()
    expect(screen.getByText('010101-00000')).toBeVisible()
  })

  it('is not offered to an agent', async () => {
    const app = renderApp({
      handlers: {
        'auth:login': () =>
          ok({ ...STAFF_SESSION, staff: { ...STAFF_SESSION.staff, roles: ['agent'] } })
      }
    })
    await signIn(app)
    expect(screen.getByRole('button', { name: 'Kvītis' })).toBeVisible()
    expect(screen.queryByRole('button', { name: 'Apliecinājumi' })).toBeNull()
  })
})

describe("the client's consent report", () => {
  it('is issued only to an identified client, previewed in their language, and exported as JSON', async () => {
    const app = renderApp({
      handlers: {
        'print:prepare': ({ document, language }) =>
          document.kind === 'report'
            ? ok({ kind: 'report' as const, data: buildReport(language) })
            : ok(receiptDocument(language)),
        'print:output': () => ok({ outcome: 'saved', path: '/home/u/report.json' })
      }
    })
    await signIn(app)
    await app.user.type(screen.getByRole('combobox', { name: LV.search }), 'berz')
    await app.user.click(await screen.findByText('Ilze Bērziņa'))
    await screen.findByText('i***@example.lv')
    const open = screen.getByRole('button', { name: 'Piekrišanu pārskats' })
    expect(open).toBeDisabled()
    expect(open).toHaveAttribute('title', 'Vispirms pārbaudiet klienta identitāti.')

    await app.user.click(screen.getByTestId('identity-chip'))
    const form = screen.getByRole('form', { name: 'Identitātes pārbaude' })
    await app.user.type(
      within(form).getByLabelText('Dokumenta numura pēdējās 4 rakstzīmes'),
      '1234'
    )
    await app.user.click(within(form).getByRole('button', { name: 'Atzīmēt kā pārbaudītu' }))
    await app.user.click(open)

    const preview = await screen.findByRole('dialog', { name: 'Klienta piekrišanu pārskats' })
    const [request] = app.bridge.callsTo('print:prepare')
    // Ilze reads in Russian: the report is in her language.
    expect(request).toMatchObject({ document: { kind: 'report' }, language: 'ru' })
    expect(await within(preview).findByText('Отчёт о согласиях')).toBeInTheDocument()
    await app.user.click(within(preview).getByRole('button', { name: 'Saglabāt JSON' }))
    expect(await within(preview).findByText('Saglabāts: /home/u/report.json')).toBeVisible()
    expect(app.bridge.callsTo('print:output').at(-1)).toMatchObject({ action: 'json' })
  })
})
