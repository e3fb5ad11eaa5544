import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createTestApi, type TestApi } from '../support/test-api'

describe('error bodies', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await createTestApi()
  })
  afterAll(async () => {
    await api.close()
  })

  it('answers malformed JSON with 400 in the common error shape', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "agent", '
    })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({ code: 'validation_failed', message: expect.any(String) })
  })

  it('says nothing about the cause of a server error', async () => {
    const token = await api.tokenFor('agent')
    // Break the database under the running API: the search query now fails inside PostgreSQL.
    await sql`alter table clients rename to clients_gone`.execute(api.database.owner)
    try {
      const response = await api.app.inject({
        method: 'GET',
        url: '/v1/clients?q=berzins',
        headers: bearer(token)
      })
      expect(response.statusCode).toBe(500)
      expect(response.json()).toEqual({ code: 'internal_error', message: 'Internal server error' })
      expect(response.body).not.toMatch(/clients|relation|select|stack/i)
    } finally {
      await sql`alter table clients_gone rename to clients`.execute(api.database.owner)
    }
  })
})
