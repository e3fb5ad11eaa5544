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
import type { StaffAccount } from '../../../src/shared/domain/staff-admin'
import type { Client, ClientSearchItem } from '../../../src/shared/domain/client'
import type { RevealResponse } from '../../../src/shared/domain/access-log'
import { stateAfter } from '../../../src/shared/domain/consent-rules'
import {
  OFFER_CHANNELS,
  PURPOSES,
  type ConsentAction,
  type ConsentStateValue,
  type ConsentEvent,
  type ConsentState,
  type CurrentNotice,
  type NoticeKey,
  type PurposeDefinition,
  type RecordConsentsResponse,
  type RightsNotice
} from '../../../src/shared/domain/consent'
import en from '../../../src/renderer/src/i18n/locales/en.json'
import lv from '../../../src/renderer/src/i18n/locales/lv.json'
import ru from '../../../src/renderer/src/i18n/locales/ru.json'
import { receiptDocument } from '../../support/print-fixtures'

type Answer<C extends InvokeChannel> =
  IpcResult<InvokeOutput<C>> | Promise<IpcResult<InvokeOutput<C>>>

/** One handler per channel, typed by the contract, so a fake can only answer what main may. */
export type FakeHandlers = {
  [C in InvokeChannel]?: (input: InvokeInput<C>) => Answer<C>
}

export interface FakeBridge extends DesktopBridge {
  calls: Array<{ channel: InvokeChannel; input: unknown }>
  callsTo(channel: InvokeChannel): unknown[]
  emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void
  handlers: FakeHandlers
  /** The flag as the page last reported it through `app:unsaved-work` (false until then). */
  unsavedWork(): boolean
  /**
   * The user clicks the window's close button. Like main: with unsaved work flagged the window
   * stays and the page gets `app:close-requested` ('asked'); otherwise it would close ('closed').
   */
  tryToCloseWindow(): 'asked' | 'closed'
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

/** An admin's session: staff administration only, no client data. */
export const ADMIN_SESSION: Session = {
  staff: {
    id: '5c0e3b19-7a2d-4e49-8b6c-1d0a9e8f7b60',
    username: 'admin',
    displayName: 'Andris Liepa',
    roles: ['admin'],
    centre: { id: 'c-1', name: 'Rīga, Ropažu iela 6' }
  },
  expiresAt: '2026-01-05T18:00:00Z'
}

export const STAFF_CENTRES = [
  { id: 'c-2', name: 'Liepāja, Lielā iela 13' },
  { id: 'c-1', name: 'Rīga, Ropažu iela 6' }
]

/** What `staff:list` answers an admin: every account with its state. */
export const STAFF_ACCOUNTS: StaffAccount[] = [
  {
    ...ADMIN_SESSION.staff,
    account: {
      disabled: false,
      lockedUntil: null,
      mustChangePassword: false,
      createdAt: '2026-11-25T08:00:00Z',
      updatedAt: null,
      version: 1
    }
  },
  {
    id: '6d1f4c2a-8b3e-4f5a-9c7d-2e1b0a9f8c71',
    username: 'liga.k',
    displayName: 'Līga Kalniņa',
    roles: ['agent'],
    centre: { id: 'c-1', name: 'Rīga, Ropažu iela 6' },
    account: {
      disabled: false,
      lockedUntil: '2026-01-05T12:15:00Z',
      mustChangePassword: true,
      createdAt: '2026-11-26T09:30:00Z',
      updatedAt: '2026-11-27T10:00:00Z',
      version: 3
    }
  },
  {
    id: '7e2a5d3b-9c4f-4a6b-8d8e-3f2c1b0a9d82',
    username: 'janis.o',
    displayName: 'Jānis Ozols',
    roles: ['reviewer'],
    centre: { id: 'c-2', name: 'Liepāja, Lielā iela 13' },
    account: {
      disabled: true,
      lockedUntil: null,
      mustChangePassword: false,
      createdAt: '2026-11-20T09:30:00Z',
      updatedAt: '2026-11-28T10:00:00Z',
      version: 2
    }
  }
]

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

// Client ids are uuids, as the API's and therefore the IPC contract's params require.
export const BERZINS: ClientSearchItem = {
  id: 'a1b2c300-0000-4000-8000-000000000001',
  kind: 'private',
  displayName: 'Jānis Bērziņš',
  personalCodeMasked: '120389-*****',
  phonesMasked: ['+371 29 *** 456'],
  contracts: 2,
  score: 0.9
}

export const BERZINA: ClientSearchItem = {
  id: 'd4e5f600-0000-4000-8000-000000000002',
  kind: 'private',
  displayName: 'Ilze Bērziņa',
  personalCodeMasked: '050190-*****',
  phonesMasked: ['+371 26 *** 444', '+371 67 *** 111'],
  contracts: 1,
  score: 0.8
}

export const BERZINI_SIA: ClientSearchItem = {
  id: 'e7f8a900-0000-4000-8000-000000000003',
  kind: 'business',
  displayName: 'Bērziņi SIA',
  registrationNumber: '40003032949',
  phonesMasked: [],
  contracts: 5,
  score: 0.5
}

export const BERZINA_CLIENT: Client = {
  id: BERZINA.id,
  kind: 'private',
  personalCodeMasked: '050190-*****',
  firstName: 'Ilze',
  lastName: 'Bērziņa',
  phonesMasked: ['+371 26 *** 444', '+371 67 *** 111'],
  emailMasked: 'i***@example.lv',
  language: 'ru',
  contracts: [
    { number: 'K00012345', status: 'active', startDate: '2026-01-05', endDate: null },
    { number: 'K00054321', status: 'ended', startDate: '2019-03-01', endDate: '2024-12-31' }
  ],
  version: 3
}

/** What the reveal answers for Ilze Bērziņa: the only place her identifiers are whole. */
export const BERZINA_REVEALED: RevealResponse = {
  personalCode: '05019012347',
  phones: ['+37126555444', '+37167000111'],
  email: 'ilze@example.lv'
}

export function manyItems(count: number): ClientSearchItem[] {
  return Array.from({ length: count }, (_, i) => ({
    ...BERZINS,
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    displayName: `Klients ${i + 1}`
  }))
}

/**
 * The seven purposes with a current notice (version 2) in every language. The titles are the
 * catalogue's words (test/unit/purpose-titles.test.ts keeps the locale copies equal to the API's
 * catalogue), so the card, the summary and the timeline are checked against the words the
 * product uses; version 1 is an old wording that must not show.
 */
const CATALOGUE_TITLES = { lv, en, ru }
export const DEFINITIONS: PurposeDefinition[] = PURPOSES.map((purpose, index) => ({
  purpose,
  number: index + 1,
  ...(purpose === 'offers' ? { channels: [...OFFER_CHANNELS] } : {}),
  currentVersion: 2,
  notices: (['lv', 'en', 'ru'] as const).flatMap((language) => [
    { version: 1, language, title: `old ${purpose}`, text: `old text ${purpose}` },
    {
      version: 2,
      language,
      title: CATALOGUE_TITLES[language].consents.purpose[purpose],
      text: `Notice ${purpose} in ${language}, v2`
    }
  ])
}))

/** The rights and controller statement, published like a notice: version 2 is current. */
export const RIGHTS: RightsNotice = {
  currentVersion: 2,
  notices: [
    ...(['lv', 'en', 'ru'] as const).map((language) => ({
      version: 1,
      language,
      title: 'old rights',
      text: `old rights text in ${language}`
    })),
    {
      version: 2,
      language: 'lv',
      title: 'Jūsu tiesības',
      text: 'Piekrišana ir brīvi sniegta. Jūs to varat atsaukt jebkurā laikā tikpat viegli, kā to devāt.\n\nPārzinis: "Latvijas Mobilais Telefons" SIA, Ropažu iela 6, Rīga.'
    },
    {
      version: 2,
      language: 'en',
      title: 'Your rights',
      text: 'Consent is freely given. You may withdraw it at any time, as easily as you gave it.\n\nController: "Latvijas Mobilais Telefons" SIA, Ropažu iela 6, Rīga.'
    },
    {
      version: 2,
      language: 'ru',
      title: 'Ваши права',
      text: 'Согласие даётся добровольно. Вы можете отозвать его в любое время так же легко, как дали.\n\nКонтролёр: SIA "Latvijas Mobilais Telefons", Ropažu iela 6, Рига.'
    }
  ]
}

/** What `purposes:list` answers: the purposes and the rights statement. */
export const CATALOGUE: InvokeOutput<'purposes:list'> = { items: DEFINITIONS, rights: RIGHTS }

/**
 * The catalogue after a new wording of one notice (a purpose's, or `rights`) was published as
 * `version` in every language: `New text <key> in <language>, v<version>`.
 */
export function publishNotice(
  catalogue: InvokeOutput<'purposes:list'>,
  key: NoticeKey,
  version: number
): InvokeOutput<'purposes:list'> {
  const add = <T extends { currentVersion: number; notices: RightsNotice['notices'] }>(
    entry: T,
    title: (language: 'lv' | 'en' | 'ru') => string
  ): T => ({
    ...entry,
    currentVersion: version,
    notices: [
      ...entry.notices,
      ...(['lv', 'en', 'ru'] as const).map((language) => ({
        version,
        language,
        title: title(language),
        text: `New text ${key} in ${language}, v${version}`
      }))
    ]
  })
  if (key === 'rights') {
    const latest = (language: 'lv' | 'en' | 'ru'): string =>
      catalogue.rights.notices.find(
        (n) => n.language === language && n.version === catalogue.rights.currentVersion
      )?.title ?? 'rights'
    return { ...catalogue, rights: add(catalogue.rights, latest) }
  }
  return {
    ...catalogue,
    items: catalogue.items.map((definition) =>
      definition.purpose === key
        ? add(definition, (language) => CATALOGUE_TITLES[language].consents.purpose[key])
        : definition
    )
  }
}

/** The API's 409 when a save names a notice version that is no longer the published one. */
export function noticeOutdated(current: CurrentNotice[]): IpcResult<never> {
  return {
    ok: false,
    error: {
      code: 'notice_outdated',
      message: 'A newer version of a notice has been published',
      status: 409,
      details: { current }
    }
  }
}

/** Ilze: offers given by e-mail and SMS, location given, loyalty clock running. */
export function consentState(overrides: Partial<ConsentState> = {}): ConsentState {
  return {
    clientId: BERZINA_CLIENT.id,
    version: 7,
    asOf: '2026-11-25T10:00:00Z',
    purposes: PURPOSES.map((purpose) => ({
      purpose,
      state:
        purpose === 'offers' || purpose === 'location'
          ? 'given'
          : purpose === 'credit_information'
            ? 'withdrawn'
            : purpose === 'research_metadata'
              ? 'expired'
              : 'never_given',
      since: purpose === 'usage_metadata' ? null : '2026-03-14T09:15:00Z',
      eventId: null,
      source: purpose === 'usage_metadata' ? null : 'customer_centre',
      noticeVersion: 2,
      ...(purpose === 'offers'
        ? {
            channels: OFFER_CHANNELS.map((channel) => ({
              channel,
              state: channel === 'email' || channel === 'sms' ? 'given' : 'never_given',
              since: channel === 'email' || channel === 'sms' ? '2026-03-14T09:15:00Z' : null,
              eventId: null
            }))
          }
        : {})
    })),
    loyalty: { endsOn: '2027-01-15', daysLeft: 51 },
    ...overrides
  }
}

export function consentEvent(i: number, overrides: Partial<ConsentEvent> = {}): ConsentEvent {
  return {
    id: `ev-${i}`,
    seq: i,
    clientId: BERZINA_CLIENT.id,
    purpose: PURPOSES[i % PURPOSES.length]!,
    channel: null,
    action: i % 2 === 0 ? 'given' : 'withdrawn',
    at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    source: 'customer_centre',
    actor: { kind: 'staff', id: 'staff-1', displayName: 'Anna Kalniņa' },
    centre: 'riga-ropazu',
    centreName: 'Rīga, Ropažu iela 6',
    identityVerification: { method: 'id_card', documentLast4: '1234' },
    noticeVersion: 2,
    language: 'lv',
    receiptId: null,
    hash: `h${i}`,
    prevHash: i === 0 ? null : `h${i - 1}`,
    ...overrides
  }
}

/** What the API would answer to a save: the state with the changes applied, version + 1. */
export function recorded(
  before: ConsentState,
  changes: { purpose: string; channel?: string; action: string }[]
): RecordConsentsResponse {
  // The same rule the API applies (resumed → given; the rest name their state).
  const after = (action: string): ConsentStateValue => stateAfter(action as ConsentAction)
  const state: ConsentState = {
    ...before,
    version: before.version + 1,
    purposes: before.purposes.map((p) => {
      const mine = changes.filter((c) => c.purpose === p.purpose)
      if (mine.length === 0) return p
      const whole = mine.find((c) => !c.channel)
      return {
        ...p,
        ...(whole ? { state: after(whole.action), since: '2026-11-25T10:42:00Z' } : {}),
        ...(p.channels
          ? {
              channels: p.channels.map((c) => {
                const change = mine.find((m) => m.channel === c.channel)
                return change ? { ...c, state: after(change.action) } : c
              })
            }
          : {})
      }
    })
  }
  return {
    version: state.version,
    state,
    events: [],
    receipt: { id: '5c2e9a41-7d3b-4f8e-a1c6-2b9d0e4f7a13', verificationCode: 'K7Q-42M' }
  }
}

/**
 * A bridge that answers like main: signed out, reachable API, embedded mode. Tests override
 * single handlers; an unhandled channel answers `internal_error` so gaps show up as failures.
 */
export function createFakeBridge(overrides: FakeHandlers = {}): FakeBridge {
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>()
  let unsavedWork = false
  const emit: FakeBridge['emit'] = (channel, payload) => {
    for (const listener of listeners.get(channel) ?? []) listener(payload)
  }
  const handlers: FakeHandlers = {
    'app:info': () => ok(EMBEDDED_INFO),
    'api:health': () => ok({ reachable: true, database: 'pglite', version: '0.1.0' }),
    'auth:session': () => ok(null),
    'auth:login': () => ok(STAFF_SESSION),
    'auth:logout': () => ok(null),
    'auth:lock': () => ok(null),
    'auth:logout-all': () => ok(null),
    'auth:change-password': () => ok(null),
    'staff:create': (input) =>
      ok({
        id: 'staff-new',
        username: input.username,
        displayName: input.displayName,
        roles: input.roles,
        centre: STAFF_CENTRES.find((centre) => centre.id === input.centreId) ?? STAFF_CENTRES[0]!,
        account: {
          disabled: false,
          lockedUntil: null,
          mustChangePassword: true,
          createdAt: '2026-12-01T08:00:00Z',
          updatedAt: null,
          version: 1
        }
      }),
    'staff:unlock': () => ok(null),
    'staff:update': ({ id, change }) => {
      const account = STAFF_ACCOUNTS.find((item) => item.id === id) ?? STAFF_ACCOUNTS[0]!
      return ok({
        ...account,
        ...(change.displayName === undefined ? {} : { displayName: change.displayName }),
        ...(change.roles === undefined ? {} : { roles: change.roles }),
        account: {
          ...account.account,
          ...(change.disabled === undefined ? {} : { disabled: change.disabled }),
          ...(change.oneTimePassword === undefined ? {} : { mustChangePassword: true }),
          version: account.account.version + 1
        }
      })
    },
    'clients:search': () => ok({ items: [BERZINS, BERZINA, BERZINI_SIA], hasMore: false }),
    'clients:get': () => ok(BERZINA_CLIENT),
    'clients:reveal': () => ok(BERZINA_REVEALED),
    'clients:update': ({ expectedVersion }) =>
      ok({ ...BERZINA_CLIENT, version: expectedVersion + 1 }),
    'clients:history': () => ok({ items: [], nextCursor: null }),
    'access-log:list': () => ok({ items: [], nextCursor: null }),
    'purposes:list': () => ok(CATALOGUE),
    'consents:get': () => ok(consentState()),
    'consents:record': (input) => ok(recorded(consentState(), input.changes)),
    'consents:events': () => ok({ items: [consentEvent(1), consentEvent(2)], nextCursor: null }),
    'consents:verify': () =>
      ok({
        intact: true,
        events: 2,
        projectionIntact: true,
        mismatches: [],
        receiptsChecked: 0,
        receiptsIntact: true,
        receiptMismatches: []
      }),
    'receipts:get': ({ id }) => {
      const { data } = receiptDocument('lv')
      return ok({
        id,
        verificationCode: data.receipt.verificationCode,
        issuedAt: data.receipt.issuedAt,
        clientId: data.receipt.piiPrincipalId,
        jws: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln',
        receipt: data.receipt
      })
    },
    'receipts:list': () => ok({ items: [], nextCursor: null }),
    'staff:list': () =>
      ok({
        items: [
          STAFF_SESSION.staff,
          {
            id: 'staff-2',
            username: 'agent2',
            displayName: 'Jānis Liepa',
            roles: ['agent'],
            centre: { id: 'c-2', name: 'Liepāja, Lielā iela 13' }
          }
        ]
      }),
    'receipts:verify': () => ok({ genuine: false, reason: 'unknown_code' }),
    // The receipt as main assembles it, in the language asked for.
    'print:prepare': ({ language }) => ok(receiptDocument(language)),
    'print:output': () => ok({ outcome: 'printed' }),
    'confirmations:print': () =>
      ok({ outcome: 'saved', path: '/tmp/c.pdf', printed: 1, notFound: [] }),
    'confirmations:cancel': () => ok(null),
    'decisions:list': () => ok({ items: [] }),
    'reviews:create': () => fail('not_found', 'No such client', 404),
    'reviews:client': () => ok({ items: [], total: 0, nextCursor: null }),
    'reviews:list': () => ok({ items: [], total: 0, nextCursor: null }),
    'reviews:get': () => fail('not_found', 'No such case', 404),
    'reviews:claim-next': () => ok(null),
    'reviews:claim': () => fail('not_found', 'No such case', 404),
    'reviews:renew': () => fail('stale_claim', 'The claim has moved on', 409),
    'reviews:release': () => fail('stale_claim', 'The claim has moved on', 409),
    'reviews:decide': () => fail('stale_claim', 'The claim has moved on', 409),
    'reviews:approve': () => fail('not_found', 'No such case', 404),
    'reviews:extend': () => fail('not_found', 'No such case', 404),
    'reviews:reassign': () => fail('not_found', 'No such case', 404),
    'app:unsaved-work': ({ unsaved }) => {
      unsavedWork = unsaved
      return ok(null)
    },
    'app:close': () => ok(null),
    // Like the API, the card answers the client's read and the consents' read together: composed
    // here from whichever of the two a test overrides.
    'clients:card': async ({ id }) => {
      const [client, consents] = await Promise.all([
        handlers['clients:get']!({ id }),
        handlers['consents:get']!({ clientId: id })
      ])
      if (!client.ok) return client
      if (!consents.ok) return consents
      return ok({ client: client.value, consents: consents.value })
    },
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
    emit,
    unsavedWork: () => unsavedWork,
    tryToCloseWindow() {
      if (!unsavedWork) return 'closed'
      emit('app:close-requested', {})
      return 'asked'
    }
  }
}
