import type { EventChannel, InvokeChannel } from '../../../src/shared/ipc/channels'
import type {
  AppInfo,
  DesktopBridge,
  EventPayload,
  InvokeInput,
  InvokeOutput,
  Session
} from '../../../src/shared/ipc/contract'
import type { IpcResult } from '../../../src/shared/ipc/result'
import type { Client, ClientSearchItem } from '../../../src/shared/domain/client'

type Answer<C extends InvokeChannel> =
  | IpcResult<InvokeOutput<C>>
  | Promise<IpcResult<InvokeOutput<C>>>

/** One handler per channel, typed by the contract, so a fake can only answer what main may. */
export type FakeHandlers = {
  [C in InvokeChannel]?: (input: InvokeInput<C>) => Answer<C>
}

export interface FakeBridge extends DesktopBridge {
  calls: Array<{ channel: InvokeChannel; input: unknown }>
  callsTo(channel: InvokeChannel): unknown[]
  emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void
  handlers: FakeHandlers
}

export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value }
}

export function fail(code: string, message = code, status?: number): IpcResult<never> {
  return { ok: false, error: { code, message, ...(status === undefined ? {} : { status }) } }
}

export const STAFF_SESSION: Session = {
  staff: {
    id: 'staff-1',
    username: 'agent',
    displayName: 'Anna Kalniņa',
    roles: ['agent', 'supervisor'],
    centre: { id: 'c-1', name: 'Rīga, Ropažu iela 6' }
  },
  expiresAt: '2026-01-05T18:00:00Z'
}

export const EMBEDDED_INFO: AppInfo = {
  version: '0.1.0',
  mode: 'embedded',
  demoAccounts: [
    { username: 'agent', roles: ['agent'] },
    { username: 'reviewer', roles: ['reviewer'] }
  ],
  defaultLanguage: 'lv'
}

export const REMOTE_INFO: AppInfo = { ...EMBEDDED_INFO, mode: 'remote', demoAccounts: [] }

export const BERZINS: ClientSearchItem = {
  id: 'a1b2c3',
  kind: 'private',
  displayName: 'Jānis Bērziņš',
  personalCodeMasked: '120389-*****',
  phones: ['+37129123456'],
  contracts: 2,
  score: 0.9
}

export const BERZINA: ClientSearchItem = {
  id: 'd4e5f6',
  kind: 'private',
  displayName: 'Ilze Bērziņa',
  personalCodeMasked: '050190-*****',
  phones: ['+37126555444', '+37167000111'],
  contracts: 1,
  score: 0.8
}

export const BERZINI_SIA: ClientSearchItem = {
  id: 'g7h8i9',
  kind: 'business',
  displayName: 'Bērziņi SIA',
  registrationNumber: '40003032949',
  phones: [],
  contracts: 5,
  score: 0.5
}

export const BERZINA_CLIENT: Client = {
  id: 'd4e5f6',
  kind: 'private',
  personalCode: '05019012347',
  firstName: 'Ilze',
  lastName: 'Bērziņa',
  phones: ['+37126555444', '+37167000111'],
  email: 'ilze@example.lv',
  language: 'ru',
  contracts: [
    { number: 'K00012345', status: 'active', startDate: '2026-01-05', endDate: null },
    { number: 'K00054321', status: 'ended', startDate: '2019-03-01', endDate: '2024-12-31' }
  ]
}

export function manyItems(count: number): ClientSearchItem[] {
  return Array.from({ length: count }, (_, i) => ({
    ...BERZINS,
    id: `id-${i}`,
    displayName: `Klients ${i + 1}`
  }))
}

/**
 * A bridge that answers like main: signed out, reachable API, embedded mode. Tests override
 * single handlers; an unhandled channel answers `internal_error` so gaps show up as failures.
 */
export function createFakeBridge(overrides: FakeHandlers = {}): FakeBridge {
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>()
  const handlers: FakeHandlers = {
    'app:info': () => ok(EMBEDDED_INFO),
    'api:health': () => ok({ reachable: true, database: 'pglite', version: '0.1.0' }),
    'auth:session': () => ok(null),
    'auth:login': () => ok(STAFF_SESSION),
    'auth:logout': () => ok(null),
    'clients:search': () => ok({ items: [BERZINS, BERZINA, BERZINI_SIA] }),
    'clients:get': () => ok(BERZINA_CLIENT),
    ...overrides
  }
  const calls: FakeBridge['calls'] = []
  return {
    calls,
    handlers,
    callsTo(channel) {
      return calls.filter((call) => call.channel === channel).map((call) => call.input)
    },
    async invoke(channel, input) {
      calls.push({ channel, input })
      const handler = handlers[channel] as ((input: unknown) => unknown) | undefined
      if (!handler) return fail('internal_error', `no fake for ${channel}`)
      return handler(input)
    },
    on(channel, listener) {
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
    emit(channel, payload) {
      for (const listener of listeners.get(channel) ?? []) listener(payload)
    }
  }
}
