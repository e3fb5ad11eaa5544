import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { operations } from '../../src/shared/api/operations'
import { buildApp } from '../../src/server/app'
import { generateKeyset } from '../../src/server/receipts/signing-keys'
import { createTestApi, TEST_VERSION, type TestApi } from '../support/test-api'
import { createTestDatabase } from '../support/test-db'

const expectedDatabase = process.env['TEST_DB'] === 'postgres' ? 'postgres' : 'pglite'

describe('GET /health', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await createTestApi()
  })
  afterAll(async () => {
    await api.close()
  })

  it('reports ok, the database kind and the version, without a session', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/health' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      status: 'ok',
      database: expectedDatabase,
      version: TEST_VERSION
    })
  })

  it('answers 404 not_found as JSON for a route that does not exist', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/v1/nothing-here?x=1' })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toEqual({
      code: 'not_found',
      message: 'Route GET /v1/nothing-here not found'
    })
  })

  describe('GET /openapi.json', () => {
    it('is a valid OpenAPI 3.1 document', async () => {
      const response = await api.app.inject({ method: 'GET', url: '/openapi.json' })
      expect(response.statusCode).toBe(200)
      const document = response.json() as Record<string, unknown>
      expect(document['openapi']).toBe('3.1.0')

      const result = await new Validator().validate(document)
      expect(result.errors).toBeUndefined()
      expect(result.valid).toBe(true)
    })

    it('documents every operation of the contract with its roles', async () => {
      const document = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
        paths: Record<
          string,
          Record<
            string,
            {
              operationId: string
              'x-roles'?: string[]
              responses?: Record<string, { headers?: Record<string, unknown> }>
            }
          >
        >
      }
      for (const [name, operation] of Object.entries(operations)) {
        const path = operation.path.replace(/:(\w+)/g, '{$1}')
        const documented = document.paths[path]?.[operation.method.toLowerCase()]
        expect(documented?.operationId, name).toBe(name)
        // Every operation touches the database, so every one may answer 503 with Retry-After.
        expect(documented?.responses?.['503']?.headers, name).toHaveProperty('Retry-After')
        expect(documented?.['x-roles'], name).toEqual(
          operation.auth === 'public' ? undefined : [...operation.auth]
        )
      }
    })
  })
})

describe('GET /health with the database gone', () => {
  it('answers 503 database_unavailable with Retry-After', async () => {
    // Migrated: the app registers its receipt signing keys when it is built.
    const database = await createTestDatabase()
    const app = await buildApp({
      database,
      version: TEST_VERSION,
      signingKeys: await generateKeyset(new Date())
    })
    await database.close()

    const response = await app.inject({ method: 'GET', url: '/health' })
    expect(response.statusCode).toBe(503)
    expect(response.json()).toEqual({
      code: 'database_unavailable',
      message: 'The database is unreachable'
    })
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0)
    await app.close()
  })
})
