import { RevealRequestSchema } from '../../src/shared/domain/access-log'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { operations } from '../../src/shared/api/operations'
import { INVOKE_CHANNELS } from '../../src/shared/ipc/channels'
import type { InvokeChannel } from '../../src/shared/ipc/channels'
import {
  CONTRACT_CHANNELS,
  ConsentEventFiltersSchema,
  RecordConsentsInputSchema,
  invokeContract,
  reachesApi
} from '../../src/shared/ipc/contract'
import type { InvokeInput } from '../../src/shared/ipc/contract'
import { createIpcDispatcher } from '../../src/main/ipc/register'
import type { IpcHandlers } from '../../src/main/ipc/register'
import { createMemoryLogger } from '../../src/main/logger'
import { createMainServices } from '../../src/main/services/create-services'
import { closedPortUrl } from './main-fake-api'

const CLIENT = '3f2b8c1e-6a4d-4e7b-9c2a-1d5e8f0a7b34'
const REQUEST = '9b1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f'

/** One valid input per channel; the mapped type makes a new channel add its own line here. */
const VALID: { [C in InvokeChannel]: InvokeInput<C> } = {
  'app:info': undefined,
  'api:health': undefined,
  'auth:login': { username: 'agent', password: 'right' },
  'auth:logout': undefined,
  'auth:session': undefined,
  'auth:lock': undefined,
  'auth:logout-all': undefined,
  'auth:change-password': {
    currentPassword: 'harbour-lantern-violet-29',
    newPassword: 'quiet river under amber sky'
  },
  'clients:search': { q: 'Bērziņš', limit: 20 },
  'clients:get': { id: CLIENT },
  'clients:card': { id: CLIENT },
  'clients:reveal': { id: CLIENT, reason: 'client_at_counter' },
  'clients:update': {
    clientId: CLIENT,
    expectedVersion: 2,
    change: { phones: ['29 123 456'], identityVerification: { method: 'smart_id' } }
  },
  'clients:history': { clientId: CLIENT, limit: 20 },
  'access-log:list': { clientId: CLIENT, limit: 50 },
  'purposes:list': undefined,
  'consents:get': { clientId: CLIENT },
  'consents:record': {
    clientId: CLIENT,
    requestId: REQUEST,
    expectedVersion: 7,
    changes: [{ purpose: 'location', action: 'withdrawn' }],
    identityVerification: { method: 'id_card', documentLast4: '1234' },
    source: 'customer_centre',
    language: 'lv'
  },
  'consents:events': { clientId: CLIENT, filters: {} },
  'consents:verify': { clientId: CLIENT },
  'staff:list': undefined,
  'staff:create': {
    username: 'zane.k',
    displayName: 'Zane Kļaviņa',
    roles: ['agent'],
    centreId: 'riga-ropazu',
    oneTimePassword: 'harbour-lantern-violet-29'
  },
  'staff:update': { id: REQUEST, expectedVersion: 3, change: { disabled: true } },
  'staff:unlock': { id: REQUEST },
  'receipts:get': { id: REQUEST },
  'receipts:list': { clientId: CLIENT, limit: 20 },
  'receipts:verify': { code: 'K7QM42MX' },
  'print:prepare': {
    document: { kind: 'receipt', receiptId: REQUEST, copy: false },
    language: 'en'
  },
  'print:output': {
    document: { kind: 'receipt', receiptId: REQUEST, copy: true },
    language: 'ru',
    action: 'pdf'
  },
  'confirmations:print': {
    jobId: REQUEST,
    selection: { kind: 'centreDay', centre: 'riga-ropazu', day: '2026-12-01' },
    language: 'lv'
  },
  'confirmations:cancel': { jobId: REQUEST },
  'decisions:list': { clientId: CLIENT },
  'reviews:create': {
    kind: 'decision_review',
    clientId: CLIENT,
    decisionId: REQUEST,
    clientStatement: 'My income rose last month; the model did not know it.',
    replyChannel: 'letter'
  },
  'reviews:client': { clientId: CLIENT },
  'reviews:list': { status: 'open', sort: '-dueAt', limit: 50 },
  'reviews:get': { id: REQUEST },
  'reviews:claim-next': undefined,
  'reviews:claim': { id: REQUEST },
  'reviews:renew': { id: REQUEST, token: '17' },
  'reviews:release': { id: REQUEST, token: '17' },
  'reviews:decide': {
    id: REQUEST,
    token: '17',
    outcome: 'overridden',
    newOutcome: { result: 'approved_with_limit', limitEur: 1500 },
    reasonCode: 'new_information',
    rationale: 'Your new employment contract shows an income that covers the payments.'
  },
  'reviews:approve': { id: REQUEST, approve: true, note: '' },
  'reviews:extend': { id: REQUEST, months: 2, reason: 'We are waiting for the bank statement.' },
  'reviews:reassign': { id: REQUEST, assignee: null },
  'app:unsaved-work': { unsaved: false },
  'app:close': undefined
}

/** Handlers that record what they were handed and answer nothing useful. */
function spyHandlers(): { handlers: IpcHandlers; received: Map<InvokeChannel, unknown> } {
  const received = new Map<InvokeChannel, unknown>()
  const handlers = Object.fromEntries(
    CONTRACT_CHANNELS.map((channel) => [
      channel,
      async (input: unknown) => {
        received.set(channel, input)
        throw new Error('not under test')
      }
    ])
  ) as unknown as IpcHandlers
  return { handlers, received }
}

const accepts = (schema: z.ZodType, value: unknown): boolean => schema.safeParse(value).success

describe('IPC channel inputs are the REST operations’ schemas', () => {
  it('uses the very schemas of the operations main calls, so a REST change is an IPC change', () => {
    expect(invokeContract['auth:login'].input).toBe(operations.login.body)
    expect(invokeContract['clients:get'].input).toBe(operations.getClient.params)
    expect(invokeContract['clients:card'].input).toBe(operations.getClientCard.params)
    // The reveal: the path's id and the body's reason, each with the REST schema.
    const reveal = invokeContract['clients:reveal'].input.shape
    expect(reveal.id).toBe(operations.revealClient.params.shape.id)
    expect(reveal.reason).toBe(RevealRequestSchema.shape.reason)
    expect(invokeContract['access-log:list'].input.shape.clientId).toBe(
      operations.getAccessLog.query.shape.clientId
    )
    const search = invokeContract['clients:search'].input.shape
    expect(search.q).toBe(operations.searchClients.query.shape.q)
    expect(invokeContract['consents:get'].input.shape.clientId).toBe(
      operations.getConsents.params.shape.id
    )
    expect(invokeContract['consents:get'].input.shape.at).toBe(
      operations.getConsents.query.shape.at
    )
    const record = RecordConsentsInputSchema.shape
    expect(record.clientId).toBe(operations.recordConsents.params.shape.id)
    for (const field of Object.keys(operations.recordConsents.body.shape)) {
      expect(record[field as keyof typeof record]).toBe(
        operations.recordConsents.body.shape[
          field as keyof typeof operations.recordConsents.body.shape
        ]
      )
    }
    const events = invokeContract['consents:events'].input.shape
    expect(events.clientId).toBe(operations.listConsentEvents.params.shape.id)
    expect(events.cursor).toBe(operations.listConsentEvents.query.shape.cursor)
    // Every filter of the REST query but its paging, field by field.
    const { cursor: _cursor, limit: _limit, ...filters } = operations.listConsentEvents.query.shape
    expect(ConsentEventFiltersSchema.shape).toEqual(filters)
    expect(invokeContract['consents:verify'].input.shape.clientId).toBe(
      operations.verifyConsents.params.shape.id
    )
  })

  it('accepts and refuses client ids exactly as the REST path parameter does (uuid)', () => {
    const ids = [CLIENT, CLIENT.toUpperCase(), 'd4e5f6', '', ' ', 'x'.repeat(64), `${CLIENT}0`, 42]
    const rest = operations.getClient.params
    for (const id of ids) {
      const expected = accepts(rest, { id })
      expect(accepts(invokeContract['clients:get'].input, { id }), String(id)).toBe(expected)
      expect(
        accepts(invokeContract['clients:reveal'].input, { id, reason: 'client_at_counter' }),
        String(id)
      ).toBe(expected)
      expect(accepts(invokeContract['consents:get'].input, { clientId: id })).toBe(expected)
      expect(accepts(invokeContract['consents:verify'].input, { clientId: id })).toBe(expected)
      expect(accepts(invokeContract['consents:events'].input, { clientId: id, filters: {} })).toBe(
        expected
      )
      expect(
        accepts(RecordConsentsInputSchema, { ...VALID['consents:record'], clientId: id })
      ).toBe(expected)
    }
    expect(accepts(rest, { id: 'd4e5f6' })).toBe(false)
  })

  it('takes the search text with the REST trimming and limits', () => {
    const rest = operations.searchClients.query
    const ipc = invokeContract['clients:search'].input
    for (const q of [
      '',
      '   ',
      'a',
      ' Bērziņš ',
      'x'.repeat(100),
      'x'.repeat(101),
      ` ${'x'.repeat(100)} `
    ]) {
      expect(accepts(ipc, { q }), JSON.stringify(q)).toBe(accepts(rest, { q }))
    }
    expect(ipc.parse({ q: '  Bērziņš ' })).toEqual({ q: 'Bērziņš' })
    // The limit: the same range and integer rule; over IPC a number, and the API's default
    // applies when it is left out.
    for (const limit of [0, 1, 20, 100, 101, 1.5, -1]) {
      expect(accepts(ipc, { q: 'a', limit }), String(limit)).toBe(accepts(rest, { q: 'a', limit }))
    }
    expect(accepts(ipc, { q: 'a', limit: '5' })).toBe(false)
  })

  it('takes the timeline query with the REST limits', () => {
    const rest = operations.listConsentEvents.query
    const ipc = invokeContract['consents:events'].input
    const input = (extra: object) => ({ clientId: CLIENT, filters: {}, ...extra })
    for (const cursor of ['c', 'x'.repeat(200), 'x'.repeat(201)]) {
      expect(accepts(ipc, input({ cursor }))).toBe(accepts(rest, { cursor }))
    }
    for (const limit of [0, 1, 500, 501]) {
      expect(accepts(ipc, input({ limit }))).toBe(accepts(rest, { limit }))
    }
    const filters = [
      { purpose: 'location' },
      { purpose: 'nope' },
      { from: '2026-01-01T00:00:00Z' },
      { from: '2026-01-01' }
    ]
    for (const filter of filters) {
      expect(accepts(ipc, input({ filters: filter })), JSON.stringify(filter)).toBe(
        accepts(rest, filter)
      )
    }
  })

  it('takes a consent write as the REST body, plus the two values main turns into headers', () => {
    const body = operations.recordConsents.body
    const { clientId: _c, requestId: _r, expectedVersion: _v, ...valid } = VALID['consents:record']
    const variants = [
      valid,
      { ...valid, changes: [] },
      { ...valid, changes: Array.from({ length: 51 }, () => valid.changes[0]) },
      { ...valid, source: 'fax' },
      {
        ...valid,
        identityVerification: {
          method: 'id_card',
          documentLast4: '1234',
          representative: { name: ' ', personalCode: '120389-12345', basis: 'board_member' }
        }
      }
    ]
    for (const variant of variants) {
      expect(
        accepts(RecordConsentsInputSchema, {
          ...variant,
          clientId: CLIENT,
          requestId: REQUEST,
          expectedVersion: 7
        })
      ).toBe(accepts(body, variant))
    }
    expect(
      accepts(RecordConsentsInputSchema, { ...VALID['consents:record'], requestId: 'r1' })
    ).toBe(false)
    expect(
      accepts(RecordConsentsInputSchema, { ...VALID['consents:record'], expectedVersion: -1 })
    ).toBe(false)
  })
})

describe('the IPC boundary refuses what the API would refuse', () => {
  it.each([
    ['clients:get', { id: 'd4e5f6' }, 'id'],
    ['clients:reveal', { id: '../../auth/logout', reason: 'complaint' }, 'id'],
    ['clients:reveal', { id: CLIENT }, 'reason'],
    [
      'clients:update',
      {
        clientId: CLIENT,
        expectedVersion: 2,
        change: { personalCode: '32000000000', identityVerification: { method: 'smart_id' } }
      },
      'change'
    ],
    [
      'clients:update',
      { clientId: CLIENT, change: { identityVerification: { method: 'smart_id' } } },
      'expectedVersion'
    ],
    ['clients:reveal', { id: CLIENT, reason: 'other', note: 'why' }, 'note'],
    ['access-log:list', { staffId: 'staff-2' }, 'staffId'],
    ['consents:get', { clientId: 'not-a-uuid' }, 'clientId'],
    ['consents:verify', { clientId: 'x'.repeat(64) }, 'clientId'],
    ['consents:events', { clientId: '', filters: {} }, 'clientId'],
    ['consents:record', { ...VALID['consents:record'], clientId: 'c1' }, 'clientId'],
    ['clients:search', { q: 'x'.repeat(101) }, 'q'],
    ['clients:search', { q: '   ' }, 'q'],
    ['clients:search', { q: 'a', limit: 101 }, 'limit'],
    ['consents:events', { clientId: CLIENT, filters: {}, cursor: 'x'.repeat(201) }, 'cursor'],
    ['consents:events', { clientId: CLIENT, filters: {}, limit: 501 }, 'limit']
  ] as const)(
    '%s %j: invalid_input on %s, the handler never runs',
    async (channel, input, path) => {
      const { handlers, received } = spyHandlers()
      const dispatch = createIpcDispatcher(handlers, createMemoryLogger())
      const result = await dispatch(channel, input)
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', fields: [expect.objectContaining({ path })] }
      })
      expect(received.has(channel)).toBe(false)
    }
  )

  it('hands every valid input on, trimmed as the API would trim it', async () => {
    const { handlers, received } = spyHandlers()
    const dispatch = createIpcDispatcher(handlers, createMemoryLogger())
    for (const channel of CONTRACT_CHANNELS) await dispatch(channel, VALID[channel])
    expect([...received.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort())
    await dispatch('clients:search', { q: '  Bērziņš  ' })
    // Left out, the limit stays out: main does not send one and the API's default applies.
    expect(received.get('clients:search')).toEqual({ q: 'Bērziņš' })
  })
})

describe('reachesApi', () => {
  it('is set on every channel of the contract, and the contract has every channel', () => {
    expect([...CONTRACT_CHANNELS].sort()).toEqual([...INVOKE_CHANNELS].sort())
    for (const channel of CONTRACT_CHANNELS) {
      expect(typeof invokeContract[channel].reachesApi, channel).toBe('boolean')
      expect(reachesApi(channel)).toBe(invokeContract[channel].reachesApi)
    }
  })

  it('is true exactly for the channels whose answer is the API’s: with the API down they fail', async () => {
    const logger = createMemoryLogger()
    const services = createMainServices({
      apiUrl: await closedPortUrl(),
      mode: 'embedded',
      demoAccounts: [],
      version: '0.1.0',
      events: { emit: () => {} },
      logger,
      // Printing set up as in the app; what is printed must come from the API, so it fails first.
      printing: {
        printer: {
          toPdf: () => Promise.reject(new Error('nothing to print without the API')),
          print: () => Promise.reject(new Error('nothing to print without the API'))
        },
        // A place to save is chosen; the API's failure comes before anything is written there.
        saveDialog: { choosePath: async () => '/nonexistent/never-written.pdf' },
        assets: () => Promise.reject(new Error('no assets needed without the API'))
      }
    })
    const dispatch = createIpcDispatcher(services.handlers, logger)
    const staff = {
      id: 's1',
      username: 'agent',
      displayName: 'Agnese Agente',
      roles: ['agent' as const],
      centre: { id: 'c1', name: 'Rīga' }
    }
    const outcomes: Record<string, string> = {}
    for (const channel of CONTRACT_CHANNELS) {
      // Signed in for each call: sign-out ends the session, the others need one.
      services.session.start({ token: 'tok', staff, expiresAt: '2099-01-01T00:00:00.000Z' })
      const result = await dispatch(channel, VALID[channel])
      outcomes[channel] = result.ok ? 'ok' : result.error.code
    }
    const expected = Object.fromEntries(
      CONTRACT_CHANNELS.map((channel) => [channel, reachesApi(channel) ? 'api_unreachable' : 'ok'])
    )
    expect(outcomes).toEqual(expected)
  }, 20_000)
})
