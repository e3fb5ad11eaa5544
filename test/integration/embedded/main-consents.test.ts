import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedServer } from '../../../src/server/embedded'
import { FIXTURES } from '../../../src/server/seed/generator'
import type { FixtureName } from '../../../src/server/seed/generator'
import type { ConsentState, RecordConsentsResponse } from '../../../src/shared/domain/consent'
import type { IpcResult } from '../../../src/shared/ipc/result'
import { createIpcDispatcher } from '../../../src/main/ipc/register'
import type { IpcDispatcher } from '../../../src/main/ipc/register'
import { createMemoryLogger } from '../../../src/main/logger'
import { createMainServices } from '../../../src/main/services/create-services'
import { startFakeApi } from '../../unit/main-fake-api'

// main's consent channels against the real consent API on in-memory PGlite.
const PASSWORD = 'unit-demo-password'
let server: Awaited<ReturnType<typeof startEmbeddedServer>> | undefined

beforeAll(async () => {
  server = await startEmbeddedServer({
    demoPassword: PASSWORD,
    demoClients: 20,
    host: '127.0.0.1',
    port: 0
  })
}, 120_000)

afterAll(async () => {
  await server?.close()
})

/** Main's real services and IPC dispatcher, talking to `apiUrl`; nobody signed in yet. */
function dispatcherFor(
  apiUrl = server?.url ?? 'http://127.0.0.1:1',
  mode: 'embedded' | 'remote' = 'embedded'
): IpcDispatcher {
  const services = createMainServices({
    apiUrl,
    mode,
    demoAccounts: [],
    version: '0.1.0',
    events: { emit: () => {} },
    logger: createMemoryLogger()
  })
  return createIpcDispatcher(services.handlers, createMemoryLogger())
}

async function signedIn(username = 'agent'): Promise<IpcDispatcher> {
  const dispatch = dispatcherFor()
  expect(await dispatch('auth:login', { username, password: PASSWORD })).toMatchObject({ ok: true })
  return dispatch
}

function value<T>(result: IpcResult<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`)
  return result.value as T
}

async function clientId(dispatch: IpcDispatcher, name: FixtureName): Promise<string> {
  const fixture = FIXTURES[name]
  const q = 'personalCode' in fixture ? fixture.personalCode : fixture.registrationNumber
  const found = value<{ items: { id: string }[] }>(await dispatch('clients:search', { q }))
  return found.items[0]!.id
}

const ID_CARD = { method: 'id_card', documentLast4: '1234' } as const

describe('consent channels against the real API', () => {
  it('lists the seven purposes and the rights statement with their texts in every language', async () => {
    const dispatch = await signedIn()
    type Notices = { currentVersion: number; notices: { language: string; version: number }[] }
    const { items: purposes, rights } = value<{
      items: ({ purpose: string } & Notices)[]
      rights: Notices
    }>(await dispatch('purposes:list', undefined))
    const currentRights = rights.notices.filter((n) => n.version === rights.currentVersion)
    expect(new Set(currentRights.map((n) => n.language))).toEqual(new Set(['lv', 'en', 'ru']))
    expect(purposes.map((p) => p.purpose)).toEqual([
      'offers',
      'usage_metadata',
      'automated_profiling',
      'credit_information',
      'location',
      'loyalty',
      'research_metadata'
    ])
    for (const p of purposes) {
      expect(new Set(p.notices.map((n) => n.language))).toEqual(new Set(['lv', 'en', 'ru']))
    }
  })

  it('records once per requestId: a retry of the same save is a replay, not a second event', async () => {
    const dispatch = await signedIn()
    const id = await clientId(dispatch, 'janisBerzins')
    const before = value<ConsentState>(await dispatch('consents:get', { clientId: id }))
    const save = {
      clientId: id,
      requestId: '6f1c8a52-3b7e-4d1a-9c2f-0e5b7a9d4c11',
      expectedVersion: before.version,
      changes: [
        { purpose: 'offers', channel: 'sms', action: 'given' },
        { purpose: 'location', action: 'given' }
      ],
      identityVerification: ID_CARD,
      source: 'customer_centre',
      language: 'lv'
    }
    const first = value<RecordConsentsResponse>(await dispatch('consents:record', save))
    expect(first.version).toBeGreaterThan(before.version)
    const location = first.state.purposes.find((p) => p.purpose === 'location')
    expect(location?.state).toBe('given')
    expect(first.receipt.verificationCode).toBeTruthy()

    // The answer was "lost": the renderer retries with the same requestId.
    const again = value<RecordConsentsResponse>(await dispatch('consents:record', save))
    expect(again.version).toBe(first.version)
    expect(again.receipt).toEqual(first.receipt)
    const after = value<ConsentState>(await dispatch('consents:get', { clientId: id }))
    expect(after.version).toBe(first.version)

    const events = value<{ items: { purpose: string; action: string }[] }>(
      await dispatch('consents:events', { clientId: id, filters: { purpose: 'location' } })
    )
    expect(events.items.filter((e) => e.action === 'given')).toHaveLength(1)
    expect(value(await dispatch('consents:verify', { clientId: id }))).toMatchObject({
      intact: true
    })
  })

  it('a stale version is refused with 412 and the current state crosses the bridge', async () => {
    const dispatch = await signedIn()
    const other = await signedIn('supervisor')
    const id = await clientId(dispatch, 'annaOzolina')
    const seen = value<ConsentState>(await dispatch('consents:get', { clientId: id }))
    const base = {
      clientId: id,
      identityVerification: { method: 'smart_id' },
      source: 'customer_centre',
      language: 'lv'
    }
    // Someone else records first.
    value(
      await other('consents:record', {
        ...base,
        requestId: '0b6f7e2a-1d4c-4f8e-a1b2-c3d4e5f60718',
        expectedVersion: seen.version,
        changes: [{ purpose: 'usage_metadata', action: 'given' }]
      })
    )
    const result = await dispatch('consents:record', {
      ...base,
      requestId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      expectedVersion: seen.version,
      changes: [{ purpose: 'location', action: 'given' }]
    })
    expect(result).toMatchObject({ ok: false, error: { status: 412 } })
    if (result.ok) return
    const current = result.error.details?.state
    expect(current?.version).toBeGreaterThan(seen.version)
    expect(current?.purposes.find((p) => p.purpose === 'usage_metadata')?.state).toBe('given')
  })

  it('a change that changes nothing is a 409 naming the change', async () => {
    const dispatch = await signedIn()
    const id = await clientId(dispatch, 'peterisOzolins')
    const seen = value<ConsentState>(await dispatch('consents:get', { clientId: id }))
    const never = seen.purposes.find((p) => p.state === 'never_given' && p.purpose !== 'offers')
    expect(never).toBeDefined()
    const result = await dispatch('consents:record', {
      clientId: id,
      requestId: '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d',
      expectedVersion: seen.version,
      changes: [{ purpose: never!.purpose, action: 'withdrawn' }],
      identityVerification: { method: 'sms_code' },
      source: 'customer_centre',
      language: 'lv'
    })
    expect(result).toMatchObject({
      ok: false,
      error: { status: 409, fields: [{ path: 'changes.0' }] }
    })
  })

  it('reads the state at a past moment', async () => {
    const dispatch = await signedIn()
    const id = await clientId(dispatch, 'janisBerzins')
    const past = value<ConsentState>(
      await dispatch('consents:get', { clientId: id, at: '2000-01-01T00:00:00Z' })
    )
    expect(past.purposes.every((p) => p.state === 'never_given')).toBe(true)
  })

  it('refuses the consent channels without a session', async () => {
    const dispatch = dispatcherFor()
    // A well-formed id (the channel takes the REST uuid), so it is the session that refuses it.
    expect(
      await dispatch('consents:get', { clientId: '00000000-0000-4000-8000-000000000000' })
    ).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' }
    })
  })
})

describe('consents:record on the wire', () => {
  it('sends the renderer requestId as Idempotency-Key and the version as a quoted If-Match', async () => {
    const fake = await startFakeApi((request) => {
      if (request.url === '/v1/auth/login') {
        return {
          status: 200,
          body: {
            token: 'tok',
            expiresAt: '2099-01-01T00:00:00.000Z',
            staff: {
              id: 's1',
              username: 'agent',
              displayName: 'A',
              roles: ['agent'],
              centre: { id: 'c1', name: 'Rīga' }
            }
          }
        }
      }
      return { status: 503, body: { code: 'unavailable', message: 'down for the test' } }
    })
    try {
      const dispatch = dispatcherFor(fake.url, 'remote')
      await dispatch('auth:login', { username: 'agent', password: 'x' })
      const input = {
        clientId: '7d3f5a2e-1b4c-4d6e-8f9a-0b1c2d3e4f5a',
        requestId: '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99',
        expectedVersion: 7,
        changes: [{ purpose: 'location', action: 'paused' }],
        identityVerification: { method: 'eparaksts' },
        source: 'customer_centre',
        language: 'ru'
      }
      expect(await dispatch('consents:record', input)).toMatchObject({
        ok: false,
        error: { code: 'unavailable', status: 503 }
      })
      await dispatch('consents:record', input)
      const posts = fake.requests.filter((r) => r.method === 'POST' && r.url.includes('/consents'))
      // Not retried by main (a write), and the same key on the renderer's retry.
      expect(posts).toHaveLength(2)
      for (const post of posts) {
        expect(post.url).toBe(`/v1/clients/${input.clientId}/consents`)
        expect(post.headers['idempotency-key']).toBe(input.requestId)
        expect(post.headers['if-match']).toBe('"7"')
        expect(JSON.parse(post.body)).toEqual({
          changes: input.changes,
          identityVerification: input.identityVerification,
          source: 'customer_centre',
          language: 'ru'
        })
      }
    } finally {
      await fake.close()
    }
  })
})
