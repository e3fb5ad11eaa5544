import { connect, type AddressInfo } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_ERROR_CODES, type ApiErrorCode } from '../../src/shared/api/errors'
import { operations, type Operation, type OperationName } from '../../src/shared/api/operations'
import { STATUS_OF_ERROR } from '../../src/server/http/error-status'
import { MAX_URL_LENGTH } from '../../src/server/http/input-rules'
import { tableCount } from '../support/consent-helpers'
import { toInject, validRequests, type FuzzRequest } from '../support/operation-fuzz'
import { bearer, createTestApi, TEST_PASSWORD, type TestApi } from '../support/test-api'

/**
 * Bad input (issue 10): what used to be a 500, a silent acceptance or a body in Fastify's own
 * shape is now a declared error in `{ code, message }`, and nothing is stored.
 */
describe('bad input', () => {
  let api: TestApi
  let supervisor: string
  let clientId: string
  beforeAll(async () => {
    api = await createTestApi({ clients: 3 })
    supervisor = await api.tokenFor('supervisor')
    clientId = (await api.database.db.selectFrom('clients').select('id').executeTakeFirstOrThrow())
      .id
  })
  afterAll(async () => {
    await api.close()
  })

  const searchClients = (query: string) =>
    api.app.inject({ method: 'GET', url: `/v1/clients?${query}`, headers: bearer(supervisor) })

  const createBusiness = (name: string, contentType = 'application/json') =>
    api.app.inject({
      method: 'POST',
      url: '/v1/clients',
      headers: { ...bearer(supervisor), 'content-type': contentType },
      payload: JSON.stringify({
        kind: 'business',
        registrationNumber: '40003032949',
        name,
        phones: [],
        language: 'lv'
      })
    })

  /** The answer is a declared error: its code in the contract, its status the code's status. */
  function expectDeclaredError(
    response: { statusCode: number; json(): unknown },
    code: ApiErrorCode
  ): { code: string; message: string; fields?: Array<{ path: string; message: string }> } {
    const body = response.json() as { code: ApiErrorCode; message: string }
    expect(body).toMatchObject({ code, message: expect.any(String) })
    expect(API_ERROR_CODES).toContain(body.code)
    expect(response.statusCode).toBe(STATUS_OF_ERROR[code])
    return body
  }

  describe('NUL characters and unpaired surrogates', () => {
    it('refuses a NUL in a body field with 400 naming the field, and stores nothing', async () => {
      const clientsBefore = await tableCount(api.database.db, 'clients')
      const response = await createBusiness('SIA Nul\u0000 Ltd')
      const body = expectDeclaredError(response, 'validation_failed')
      expect(body.fields).toEqual([{ path: 'name', message: 'contains a NUL character' }])
      expect(await tableCount(api.database.db, 'clients')).toBe(clientsBefore)
    })

    it('refuses a NUL in a query field, which PostgreSQL would refuse with a 500', async () => {
      const body = expectDeclaredError(await searchClients('q=Ber%00zins'), 'validation_failed')
      expect(body.fields).toEqual([{ path: 'q', message: 'contains a NUL character' }])
    })

    it('refuses a NUL in the password of a sign-in', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { username: 'agent', password: 'pass\u0000word' }
      })
      expect(expectDeclaredError(response, 'validation_failed').fields).toEqual([
        { path: 'password', message: 'contains a NUL character' }
      ])
    })

    it('refuses a NUL in a header the operation reads (Idempotency-Key)', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: `/v1/clients/${clientId}/consents`,
        headers: { ...bearer(supervisor), 'idempotency-key': 'key\u0000', 'if-match': '0' },
        payload: {
          changes: [{ purpose: 'offers', channel: 'sms', action: 'given' }],
          identityVerification: { method: 'id_card', documentLast4: '1234' },
          source: 'customer_centre',
          language: 'lv'
        }
      })
      expect(expectDeclaredError(response, 'validation_failed').fields).toEqual([
        { path: 'idempotency-key', message: 'contains a NUL character' }
      ])
      expect(await tableCount(api.database.db, 'consent_events')).toBe(0)
    })

    it('refuses an unpaired surrogate in JSON, which the driver would store as U+FFFD', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/v1/clients',
        headers: { ...bearer(supervisor), 'content-type': 'application/json' },
        payload:
          '{"kind":"business","registrationNumber":"40003032949","name":"SIA \\ud800",' +
          '"phones":[],"language":"lv"}'
      })
      expect(expectDeclaredError(response, 'validation_failed').fields).toEqual([
        { path: 'name', message: 'contains an unpaired surrogate' }
      ])
    })

    it('accepts a surrogate pair (an emoji) as the text it is', async () => {
      expect((await searchClients(`q=${encodeURIComponent('Bērziņš 😀')}`)).statusCode).toBe(200)
    })

    it('refuses a query with malformed percent-encoding instead of passing it on raw', async () => {
      for (const raw of ['%E0%A4', '%zz', '%ED%A0%80']) {
        const body = expectDeclaredError(await searchClients(`q=a${raw}`), 'validation_failed')
        expect(body.fields, raw).toEqual([
          { path: 'q', message: 'is not valid percent-encoded UTF-8' }
        ])
      }
    })

    /**
     * Every operation that takes text somewhere: a request its schemas accept (built by the fuzz
     * generator), with a NUL put into the first string of each part it has.
     */
    const operationsWithText = (Object.keys(operations) as OperationName[]).filter((name) => {
      const operation: Operation = operations[name]
      return operation.params || operation.query || operation.headers || operation.body
    })

    it.each(operationsWithText)(
      '%s refuses a NUL in each part with 400 naming it',
      async (name) => {
        const operation: Operation = operations[name]
        const [request] = fc.sample(
          validRequests(operation, (location, field) =>
            location === 'params' && field === 'id' ? fc.constant(clientId) : undefined
          ),
          { numRuns: 1, seed: 10 }
        ) as [FuzzRequest]
        const withNul: Array<[string, FuzzRequest]> = []
        for (const part of ['params', 'query', 'headers'] as const) {
          const first = Object.entries(request.parts[part])[0]
          if (first) {
            const parts = {
              ...request.parts,
              [part]: { ...request.parts[part], [first[0]]: 'a\u0000' }
            }
            withNul.push([first[0], { parts }])
          }
        }
        const firstText = findFirstText(request.parts.body)
        if (firstText) {
          const body = structuredClone(request.parts.body) as Record<string, unknown>
          setPath(body, firstText, 'a\u0000')
          withNul.push([firstText.join('.'), { parts: { ...request.parts, body } }])
        }
        expect(withNul.length).toBeGreaterThan(0)

        const role = operation.auth === 'public' ? undefined : operation.auth[0]
        // The demo accounts are named after their roles.
        const token = role ? await api.tokenFor(role) : undefined
        for (const [path, nulRequest] of withNul) {
          const response = await api.app.inject(toInject(operation, nulRequest, token))
          const body = expectDeclaredError(response, 'validation_failed')
          expect(body.fields, `${name} ${path}`).toContainEqual({
            path,
            message: 'contains a NUL character'
          })
        }
      }
    )
  })

  describe('media types', () => {
    it('refuses a JSON body in another charset with 415 unsupported_media_type', async () => {
      for (const contentType of [
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        'application/json;charset=ISO-8859-1'
      ]) {
        const response = await createBusiness('SIA Latin', contentType)
        expectDeclaredError(response, 'unsupported_media_type')
      }
    })

    it('refuses a body that is not JSON with 415, though text/plain was parsed before', async () => {
      for (const contentType of [
        'text/plain',
        'application/xml',
        'application/x-www-form-urlencoded'
      ]) {
        expectDeclaredError(await createBusiness('SIA Text', contentType), 'unsupported_media_type')
      }
    })

    it('accepts application/json with charset utf-8 in any case, or none', async () => {
      for (const contentType of [
        'application/json',
        'application/json; charset=utf-8',
        'Application/JSON; Charset="UTF-8"'
      ]) {
        const response = await api.app.inject({
          method: 'POST',
          url: '/v1/auth/login',
          headers: { 'content-type': contentType },
          payload: JSON.stringify({ username: 'nobody', password: 'wrong' })
        })
        expect(response.statusCode, contentType).toBe(401)
      }
    })

    it('refuses bytes that are not UTF-8 with 400 rather than reading them as U+FFFD', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        payload: Buffer.concat([
          Buffer.from('{"username":"agent'),
          Buffer.from([0xff]),
          Buffer.from('","password":"x"}')
        ])
      })
      expectDeclaredError(response, 'validation_failed')
    })

    it('still takes an empty body with Content-Type: application/json as no body', async () => {
      // A session of its own: signing out ends it, and api.tokenFor caches the ones it makes.
      const signIn = await api.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { username: 'reviewer', password: TEST_PASSWORD }
      })
      const { token } = signIn.json() as { token: string }
      const response = await api.app.inject({
        method: 'POST',
        url: '/v1/auth/logout',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        payload: ''
      })
      expect(response.statusCode).toBe(204)
    })
  })

  describe('integers in the URL', () => {
    it.each(['0x10', '1e1', ' 10', '10 ', '+10', '010', '1.0', '', '١٠', '10&limit=10'])(
      'refuses limit=%j: one way to write a number',
      async (limit) => {
        const response = await searchClients(
          `q=berzins&limit=${limit.includes('&') ? limit : encodeURIComponent(limit)}`
        )
        const body = expectDeclaredError(response, 'validation_failed')
        expect(body.fields?.map((field) => field.path)).toEqual(['limit'])
      }
    )

    it('accepts plain decimal digits and applies the default without one', async () => {
      expect((await searchClients('q=berzins&limit=10')).statusCode).toBe(200)
      expect((await searchClients('q=berzins')).statusCode).toBe(200)
    })
  })

  describe('framework errors', () => {
    it('answers a path with malformed percent-encoding in { code, message }', async () => {
      const response = await api.app.inject({
        method: 'GET',
        url: '/v1/clients/%E0%A4%A',
        headers: bearer(supervisor)
      })
      const body = expectDeclaredError(response, 'validation_failed')
      expect(Object.keys(body).sort()).toEqual(['code', 'message'])
    })

    it('answers a path parameter over the length limit with 414 uri_too_long', async () => {
      const response = await api.app.inject({
        method: 'GET',
        url: `/v1/clients/${'a'.repeat(101)}`,
        headers: bearer(supervisor)
      })
      const body = expectDeclaredError(response, 'uri_too_long')
      expect(Object.keys(body).sort()).toEqual(['code', 'message'])
    })

    it('answers a URL over the length limit with 414 uri_too_long, even on a public route', async () => {
      const response = await api.app.inject({
        method: 'GET',
        url: `/health?pad=${'a'.repeat(MAX_URL_LENGTH)}`
      })
      expectDeclaredError(response, 'uri_too_long')
    })

    it('answers a body over the limit with 413 payload_too_large', async () => {
      const response = await createBusiness('x'.repeat(300 * 1024))
      expectDeclaredError(response, 'payload_too_large')
    })

    it('answers malformed JSON with 400 validation_failed', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"username": "agent", '
      })
      expectDeclaredError(response, 'validation_failed')
    })

    it('answers a request the HTTP parser cannot read in { code, message }, on a real socket', async () => {
      // inject() bypasses Node's HTTP parser, so these need a listening server.
      await api.app.listen({ port: 0, host: '127.0.0.1' })
      const { port } = api.app.server.address() as AddressInfo
      const malformed = await rawExchange(
        port,
        'GET /health HTTP/1.1\r\nHost: x\r\nNo colon\r\n\r\n'
      )
      expect(malformed).toMatch(/^HTTP\/1\.1 400 /)
      expect(JSON.parse(malformed.split('\r\n\r\n')[1]!)).toEqual({
        code: 'validation_failed',
        message: 'Malformed HTTP request'
      })
      const oversized = await rawExchange(
        port,
        `GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`
      )
      expect(oversized).toMatch(/^HTTP\/1\.1 431 /)
      expect(JSON.parse(oversized.split('\r\n\r\n')[1]!)).toMatchObject({
        code: 'headers_too_large'
      })
    })

    it('declares 413, 414 and 415 in the OpenAPI document where they can happen', async () => {
      const document = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
      }
      expect(Object.keys(document.paths['/v1/clients']!['post']!.responses)).toEqual(
        expect.arrayContaining(['400', '413', '414', '415'])
      )
      expect(Object.keys(document.paths['/health']!['get']!.responses)).toContain('414')
      expect(Object.keys(document.paths['/v1/clients']!['get']!.responses)).not.toContain('415')
    })
  })

  describe('HEAD', () => {
    it('is not served: HEAD of a GET route is 404, as the contract offers no HEAD', async () => {
      const response = await api.app.inject({
        method: 'HEAD',
        url: '/v1/auth/me',
        headers: bearer(supervisor)
      })
      expect(response.statusCode).toBe(404)
      expect(api.app.printRoutes({ commonPrefix: false })).not.toMatch(/HEAD/)
    })

    it('is not in the OpenAPI document either', async () => {
      const document = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
        paths: Record<string, Record<string, unknown>>
      }
      for (const methods of Object.values(document.paths))
        expect(methods).not.toHaveProperty('head')
    })
  })
})

function findFirstText(
  value: unknown,
  path: Array<string | number> = []
): Array<string | number> | null {
  if (typeof value === 'string') return path
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findFirstText(item, [...path, index])
      if (found) return found
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findFirstText(item, [...path, key])
      if (found) return found
    }
  }
  return null
}

function setPath(
  target: Record<string | number, unknown>,
  path: Array<string | number>,
  value: unknown
) {
  let node = target
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  node[path[path.length - 1]!] = value
}

/** Sends raw bytes and reads everything the server answers until it closes the connection. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request))
    let answer = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      answer += chunk
    })
    socket.on('end', () => resolve(answer))
    socket.on('close', () => resolve(answer))
    socket.on('error', (error: NodeJS.ErrnoException) =>
      // The server may reset after answering; what it wrote before still counts.
      answer ? resolve(answer) : reject(error)
    )
  })
}
