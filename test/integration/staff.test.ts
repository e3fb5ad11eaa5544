import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_STAFF } from '../../src/server/seed/seed-database'
import { bearer, createTestApi, type TestApi } from '../support/test-api'

describe('GET /v1/staff', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await createTestApi()
  })
  afterAll(async () => {
    await api.close()
  })

  it('lists the counter staff with their centres for a supervisor, and nobody else', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/staff',
      headers: bearer(await api.tokenFor('supervisor'))
    })
    expect(response.statusCode).toBe(200)
    const { items } = response.json() as {
      items: { username: string; roles: string[]; centre: { id: string; name: string } }[]
    }
    const counter = DEMO_STAFF.filter((staff) =>
      staff.roles.some((role) => role === 'agent' || role === 'supervisor')
    ).map((staff) => staff.username)
    expect(items.map((staff) => staff.username).sort()).toEqual([...counter].sort())
    expect(items.every((staff) => staff.centre.id !== '' && staff.centre.name !== '')).toBe(true)
    // No password material, no lock-out counters: who and where, nothing else.
    expect(Object.keys(items[0]!).sort()).toEqual([
      'centre',
      'displayName',
      'id',
      'roles',
      'username'
    ])
  })
})
