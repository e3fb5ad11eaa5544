import { afterEach, describe, expect, it } from 'vitest'
import type { InvokeChannel } from '../../src/shared/ipc/channels'
import { CONTRACT_CHANNELS, invokeContract, reachesApi } from '../../src/shared/ipc/contract'
import type { InvokeInput } from '../../src/shared/ipc/contract'
import { createAppServices, type AppServices } from '../../src/renderer/src/app/services'
import { BERZINA_CLIENT, createFakeBridge, fail, type FakeHandlers } from './support/fakeBridge'

const REQUEST = '9b1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f'

/** One valid input per channel; the mapped type makes a new channel add its own line here. */
const VALID: { [C in InvokeChannel]: InvokeInput<C> } = {
  'app:info': undefined,
  'api:health': undefined,
  'auth:login': { username: 'agent', password: 'secret' },
  'auth:logout': undefined,
  'auth:session': undefined,
  'auth:lock': undefined,
  'auth:logout-all': undefined,
  'auth:change-password': {
    currentPassword: 'harbour-lantern-violet-29',
    newPassword: 'quiet river under amber sky'
  },
  'clients:search': { q: 'Bērziņš' },
  'clients:get': { id: BERZINA_CLIENT.id },
  'clients:card': { id: BERZINA_CLIENT.id },
  'clients:reveal': { id: BERZINA_CLIENT.id, reason: 'client_at_counter' },
  'clients:update': {
    clientId: BERZINA_CLIENT.id,
    expectedVersion: 3,
    change: { language: 'en', identityVerification: { method: 'smart_id' } }
  },
  'clients:history': { clientId: BERZINA_CLIENT.id },
  'access-log:list': { clientId: BERZINA_CLIENT.id },
  'purposes:list': undefined,
  'consents:get': { clientId: BERZINA_CLIENT.id },
  'consents:record': {
    clientId: BERZINA_CLIENT.id,
    requestId: REQUEST,
    expectedVersion: 7,
    changes: [{ purpose: 'location', action: 'withdrawn' }],
    identityVerification: { method: 'id_card', documentLast4: '1234' },
    source: 'customer_centre',
    language: 'lv'
  },
  'consents:events': { clientId: BERZINA_CLIENT.id, filters: {} },
  'consents:verify': { clientId: BERZINA_CLIENT.id },
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
  'receipts:list': { clientId: BERZINA_CLIENT.id },
  'receipts:verify': { code: 'K7QM42MX' },
  'print:prepare': {
    document: { kind: 'receipt', receiptId: REQUEST, copy: false },
    language: 'lv'
  },
  'print:output': {
    document: { kind: 'receipt', receiptId: REQUEST, copy: false },
    language: 'lv',
    action: 'print'
  },
  'confirmations:print': {
    jobId: REQUEST,
    selection: { kind: 'clients', identifiers: ['120389-10001'] },
    language: 'lv'
  },
  'confirmations:cancel': { jobId: REQUEST },
  'decisions:list': { clientId: BERZINA_CLIENT.id },
  'reviews:create': {
    kind: 'decision_review',
    clientId: BERZINA_CLIENT.id,
    decisionId: REQUEST,
    clientStatement: 'My income rose last month; the model did not know it.',
    replyChannel: 'letter'
  },
  'reviews:client': { clientId: BERZINA_CLIENT.id },
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

/** Calls any channel with its sample input; the connectivity marking is what is under test. */
async function call(services: AppServices, channel: InvokeChannel): Promise<void> {
  const invoke = services.ipc.invoke as (
    channel: InvokeChannel,
    input?: unknown
  ) => Promise<unknown>
  await invoke(channel, VALID[channel]).catch(() => undefined)
}

/** Services over a fake bridge, with the API believed unreachable (or reachable) to start. */
function servicesWith(handlers: FakeHandlers, reachable: boolean): AppServices {
  const services = createAppServices(createFakeBridge(handlers))
  if (reachable) services.connectivity.getState().markReachable()
  else services.connectivity.getState().markUnreachable()
  return services
}

describe('connectivity marking follows the contract’s reachesApi', () => {
  it.each(CONTRACT_CHANNELS)(
    'a success on %s marks the API reachable iff it reaches the API',
    async (channel) => {
      const services = servicesWith({}, false)
      await call(services, channel)
      expect(services.connectivity.getState().reachable).toBe(reachesApi(channel))
    }
  )

  it.each(CONTRACT_CHANNELS)(
    'an HTTP error on %s marks the API reachable iff it reaches the API',
    async (channel) => {
      const services = servicesWith(
        { [channel]: () => fail('not_found', 'No such client', 404) },
        false
      )
      await call(services, channel)
      expect(services.connectivity.getState().reachable).toBe(reachesApi(channel))
    }
  )

  it.each(CONTRACT_CHANNELS)('api_unreachable on %s marks the API unreachable', async (channel) => {
    const services = servicesWith({ [channel]: () => fail('api_unreachable', 'down') }, true)
    await call(services, channel)
    expect(services.connectivity.getState().reachable).toBe(false)
  })

  it('an invalid input never reaches main, so it says nothing about the API', async () => {
    const services = servicesWith({}, false)
    await services.ipc.invoke('clients:get', { id: 'd4e5f6' }).catch(() => undefined)
    expect(services.connectivity.getState().reachable).toBe(false)
  })

  it('the reveal counts as an API answer; a sign-out, which succeeds offline too, does not', async () => {
    expect(reachesApi('clients:reveal')).toBe(true)
    expect(reachesApi('auth:logout')).toBe(false)
    const services = servicesWith({}, false)
    await services.ipc.invoke('auth:logout')
    expect(services.connectivity.getState().reachable).toBe(false)
    await services.ipc.invoke('clients:reveal', {
      id: BERZINA_CLIENT.id,
      reason: 'client_at_counter'
    })
    expect(services.connectivity.getState().reachable).toBe(true)
  })

  describe('with a flag flipped in the contract', () => {
    const entry = invokeContract['app:info'] as { reachesApi: boolean }
    afterEach(() => {
      entry.reachesApi = false
    })

    it('the services follow it: no list of API channels of their own', async () => {
      entry.reachesApi = true
      const services = servicesWith({}, false)
      await services.ipc.invoke('app:info')
      expect(services.connectivity.getState().reachable).toBe(true)
    })
  })
})
