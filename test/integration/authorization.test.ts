import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { operations, type Operation } from '../../src/shared/api/operations'
import { DEMO_STAFF } from '../../src/server/seed/seed-database'
import { bearer, createTestApi, type TestApi } from '../support/test-api'

// Derived from the contract, so a new operation is covered the moment it is added.
const protectedOperations = (Object.entries(operations) as Array<[string, Operation]>).filter(
  ([, operation]) => operation.auth !== 'public'
)

function urlOf(operation: Operation): string {
  return operation.path.replace(/:\w+/g, () => randomUUID())
}

function accountWithout(roles: readonly string[]): string | undefined {
  return DEMO_STAFF.find((staff) => !staff.roles.some((role) => roles.includes(role)))?.username
}

describe('every protected operation', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await createTestApi()
  })
  afterAll(async () => {
    await api.close()
  })

  it('exists in the contract (the list below is not empty)', () => {
    expect(protectedOperations.map(([name]) => name)).toEqual(
      expect.arrayContaining(['me', 'logout', 'searchClients', 'getClient', 'createClient'])
    )
  })

  describe.each(protectedOperations)('%s', (_name, operation) => {
    it('answers 401 unauthenticated without a session', async () => {
      const response = await api.app.inject({ method: operation.method, url: urlOf(operation) })
      expect(response.statusCode).toBe(401)
      expect(response.json()).toEqual({ code: 'unauthenticated', message: 'Sign in to continue' })
    })

    it('answers 401 for a token that is not a session', async () => {
      const response = await api.app.inject({
        method: operation.method,
        url: urlOf(operation),
        headers: bearer('x'.repeat(43))
      })
      expect(response.statusCode).toBe(401)
      expect(response.json()).toMatchObject({ code: 'unauthenticated' })
    })

    it('answers 403 forbidden to a role it does not admit', async () => {
      const roles = operation.auth === 'public' ? [] : operation.auth
      const outsider = accountWithout(roles)
      if (outsider === undefined) {
        // Every demo role is admitted: there is nobody to refuse.
        expect(roles).toEqual(
          expect.arrayContaining(['agent', 'reviewer', 'supervisor', 'integration'])
        )
        return
      }
      const response = await api.app.inject({
        method: operation.method,
        url: urlOf(operation),
        headers: bearer(await api.tokenFor(outsider))
      })
      expect(response.statusCode).toBe(403)
      expect(response.json()).toEqual({
        code: 'forbidden',
        message: 'Your role does not allow this'
      })
    })
  })
})
