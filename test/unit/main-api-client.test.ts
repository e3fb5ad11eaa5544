import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Mock } from 'vitest'
import { createApiClient } from '../../src/main/api/api-client'
import type { ApiClient, TokenSource } from '../../src/main/api/api-client'
import { BridgeError } from '../../src/shared/ipc/result'
import { createMemoryLogger } from '../../src/main/logger'
import { closedPortUrl, startFakeApi } from './main-fake-api'

const CLIENT_ID = '5b0f6c2e-8d7a-4a53-9a43-0b1f5e0a6d11'
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

async function fakeApi(route: Parameters<typeof startFakeApi>[0]): ReturnType<typeof startFakeApi> {
  const api = await startFakeApi(route)
  cleanups.push(api.close)
  return api
}

function tokens(token?: string): TokenSource & { rejected: Mock<() => void> } {
  return { token: () => token, rejected: vi.fn<() => void>() }
}

function clientFor(url: string, source: TokenSource = tokens('t')): ApiClient {
  return createApiClient({ baseUrl: url, tokens: source, logger: createMemoryLogger() })
}

async function failureOf(promise: Promise<unknown>): Promise<BridgeError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(BridgeError)
  return error as BridgeError
}

describe('createApiClient', () => {
  it('builds the URL from the contract path and query, with the bearer token', async () => {
    const api = await fakeApi(() => ({ status: 200, body: { items: [], hasMore: false } }))
    const client = clientFor(api.url, tokens('t0k'))
    await expect(client.call('searchClients', { query: { q: 'Bērziņš' } })).resolves.toEqual({
      items: [],
      hasMore: false
    })
    expect(api.requests[0]).toMatchObject({ method: 'GET' })
    const url = new URL(api.requests[0]?.url ?? '', api.url)
    expect(url.pathname).toBe('/v1/clients')
    expect(url.searchParams.get('q')).toBe('Bērziņš')
    expect(url.searchParams.get('limit')).toBe('20')
    expect(api.requests[0]?.headers.authorization).toBe('Bearer t0k')
  })

  it('a locked account: the 423 carries when it unlocks into the bridge error', async () => {
    const api = await fakeApi(() => ({
      status: 423,
      body: { code: 'account_locked', message: 'Locked', lockedUntil: '2026-11-30T08:47:00.000Z' }
    }))
    const error = await failureOf(
      clientFor(api.url).call('login', { body: { username: 'agent', password: 'x' } })
    )
    expect(error).toMatchObject({
      code: 'account_locked',
      status: 423,
      details: { lockedUntil: '2026-11-30T08:47:00.000Z' }
    })
  })

  it('a notice_outdated 409 carries the versions now published into the bridge error', async () => {
    const current = [
      { purpose: 'location', language: 'ru', version: 2 },
      { purpose: 'rights', language: 'ru', version: 3 }
    ]
    const api = await fakeApi(() => ({
      status: 409,
      body: { code: 'notice_outdated', message: 'A newer notice is published', current }
    }))
    const error = await failureOf(
      clientFor(api.url).call('recordConsents', {
        params: { id: CLIENT_ID },
        headers: { 'idempotency-key': 'k-1', 'if-match': '"3"' },
        body: {
          changes: [{ purpose: 'location', action: 'given', noticeVersion: 1 }],
          identityVerification: { method: 'smart_id' },
          source: 'customer_centre',
          language: 'ru',
          rightsNoticeVersion: 2
        }
      })
    )
    expect(error.toIpcError()).toEqual({
      code: 'notice_outdated',
      message: 'A newer notice is published',
      status: 409,
      details: { current }
    })
    // The versions the desk named went out as they were.
    expect(JSON.parse(api.requests[0]?.body ?? '{}')).toMatchObject({
      changes: [{ noticeVersion: 1 }],
      rightsNoticeVersion: 2
    })
  })

  it('puts path parameters in the path and sends no token to public operations', async () => {
    const api = await fakeApi((request) =>
      request.url.startsWith('/v1/clients/')
        ? {
            status: 200,
            body: {
              id: CLIENT_ID,
              kind: 'private',
              phonesMasked: [],
              emailMasked: null,
              language: 'lv',
              contracts: [],
              version: 1
            }
          }
        : { status: 200, body: { status: 'ok', database: 'pglite', version: '1' } }
    )
    const client = clientFor(`${api.url}/`, tokens('t0k'))
    await client.call('getClient', { params: { id: CLIENT_ID } })
    await client.call('health', {})
    expect(api.requests.map((request) => request.url)).toEqual([
      `/v1/clients/${CLIENT_ID}`,
      '/health'
    ])
    expect(api.requests[1]?.headers.authorization).toBeUndefined()
  })

  it('refuses a malformed path parameter before sending anything', async () => {
    const api = await fakeApi(() => ({ status: 200, body: {} }))
    const client = clientFor(api.url)
    const error = await failureOf(client.call('getClient', { params: { id: '../auth/me' } }))
    expect(error.code).toBe('validation_failed')
    expect(api.requests).toHaveLength(0)
  })

  it('passes an API error body through: code, message, status and fields', async () => {
    const api = await fakeApi(() => ({
      status: 400,
      body: {
        code: 'invalid_identifier',
        message: 'Personal code check digit is wrong',
        fields: [{ path: 'q', message: 'check digit' }]
      }
    }))
    const client = clientFor(api.url)
    const error = await failureOf(client.call('searchClients', { query: { q: '120389-12345' } }))
    expect(error.toIpcError()).toEqual({
      code: 'invalid_identifier',
      message: 'Personal code check digit is wrong',
      status: 400,
      fields: [{ path: 'q', message: 'check digit' }]
    })
  })

  it('maps an answer without an API error body by its status', async () => {
    const api = await fakeApi(() => ({ status: 502, raw: '<html>Bad gateway</html>' }))
    const client = createApiClient({
      baseUrl: api.url,
      tokens: tokens('t'),
      logger: createMemoryLogger(),
      retryDelayMs: 1
    })
    const error = await failureOf(client.call('searchClients', { query: { q: 'x' } }))
    expect(error).toMatchObject({ code: 'internal_error', status: 502 })
  })

  it('answers api_unreachable when nothing listens', async () => {
    const client = createApiClient({
      baseUrl: await closedPortUrl(),
      tokens: tokens('t'),
      logger: createMemoryLogger(),
      retryDelayMs: 1
    })
    const error = await failureOf(client.call('health', {}))
    expect(error.code).toBe('api_unreachable')
    expect(JSON.stringify(error.toIpcError())).not.toContain('Bearer')
  })

  it('answers api_unreachable on a timeout, without retrying it', async () => {
    const api = await fakeApi(() => 'hang')
    const client = createApiClient({
      baseUrl: api.url,
      tokens: tokens('t'),
      logger: createMemoryLogger(),
      timeoutMs: 150
    })
    const error = await failureOf(client.call('searchClients', { query: { q: 'x' } }))
    expect(error.code).toBe('api_unreachable')
    expect(api.requests).toHaveLength(1)
  })

  it('retries an idempotent GET after a 503 and succeeds', async () => {
    let calls = 0
    const api = await fakeApi(() =>
      ++calls < 3
        ? { status: 503, body: { code: 'unavailable', message: 'starting' } }
        : { status: 200, body: { items: [], hasMore: false } }
    )
    const client = createApiClient({
      baseUrl: api.url,
      tokens: tokens('t'),
      logger: createMemoryLogger(),
      retryDelayMs: 1
    })
    await expect(client.call('searchClients', { query: { q: 'x' } })).resolves.toEqual({
      items: [],
      hasMore: false
    })
    expect(calls).toBe(3)
  })

  it('retries a GET after a dropped connection', async () => {
    let calls = 0
    const api = await fakeApi(() =>
      ++calls === 1 ? 'destroy' : { status: 200, body: { items: [], hasMore: false } }
    )
    const client = createApiClient({
      baseUrl: api.url,
      tokens: tokens('t'),
      logger: createMemoryLogger(),
      retryDelayMs: 1
    })
    await expect(client.call('searchClients', { query: { q: 'x' } })).resolves.toEqual({
      items: [],
      hasMore: false
    })
    expect(calls).toBe(2)
  })

  it('never retries a POST', async () => {
    const api = await fakeApi(() => ({
      status: 503,
      body: { code: 'unavailable', message: 'down' }
    }))
    const client = createApiClient({
      baseUrl: api.url,
      tokens: tokens(),
      logger: createMemoryLogger(),
      retryDelayMs: 1
    })
    const error = await failureOf(
      client.call('login', { body: { username: 'agent', password: 'pw' } })
    )
    expect(error).toMatchObject({ code: 'unavailable', status: 503 })
    expect(api.requests).toHaveLength(1)
  })

  it('sends an Idempotency-Key on writes other than sign-in and sign-out', async () => {
    const api = await fakeApi(() => ({ status: 403, body: { code: 'forbidden', message: 'no' } }))
    const client = clientFor(api.url)
    await failureOf(
      client.call('createClient', {
        body: {
          kind: 'business',
          registrationNumber: '40003032949',
          name: 'SIA X',
          phones: [],
          language: 'lv'
        }
      })
    )
    await failureOf(client.call('login', { body: { username: 'a', password: 'b' } }))
    expect(api.requests[0]?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/)
    expect(api.requests[1]?.headers['idempotency-key']).toBeUndefined()
  })

  it('sends JSON bodies as JSON and an empty POST without a content type', async () => {
    const api = await fakeApi(() => ({ status: 204 }))
    const client = clientFor(api.url)
    await client.call('logout', {})
    await failureOf(client.call('login', { body: { username: 'a', password: 'b' } }))
    expect(api.requests[0]?.headers['content-type']).toBeUndefined()
    expect(api.requests[0]?.body).toBe('')
    expect(api.requests[1]?.headers['content-type']).toBe('application/json')
    expect(JSON.parse(api.requests[1]?.body ?? '')).toEqual({ username: 'a', password: 'b' })
  })

  it('tells the token source when the API rejects its token', async () => {
    const api = await fakeApi(() => ({
      status: 401,
      body: { code: 'unauthenticated', message: 'Session expired' }
    }))
    const source = tokens('stale')
    const client = clientFor(api.url, source)
    const error = await failureOf(client.call('me', {}))
    expect(error).toMatchObject({ code: 'unauthenticated', status: 401 })
    expect(source.rejected).toHaveBeenCalledTimes(1)
  })

  it('does not treat a failed sign-in as an expired session', async () => {
    const api = await fakeApi(() => ({
      status: 401,
      body: { code: 'invalid_credentials', message: 'Wrong user name or password' }
    }))
    const source = tokens('current')
    const client = clientFor(api.url, source)
    const error = await failureOf(client.call('login', { body: { username: 'a', password: 'b' } }))
    expect(error.code).toBe('invalid_credentials')
    expect(source.rejected).not.toHaveBeenCalled()
    expect(api.requests[0]?.headers.authorization).toBeUndefined()
  })

  it('refuses a success answer that breaks the contract', async () => {
    const api = await fakeApi(() => ({ status: 200, body: { items: [{ id: 1 }] } }))
    const logger = createMemoryLogger()
    const client = createApiClient({ baseUrl: api.url, tokens: tokens('t'), logger })
    const error = await failureOf(client.call('searchClients', { query: { q: 'x' } }))
    expect(error.code).toBe('internal_error')
    expect(logger.entries[0]?.message).toMatch(/breaks the contract/)
  })
})
