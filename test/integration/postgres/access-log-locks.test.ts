import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertClient } from '../../support/consent-helpers'
import { staffIds } from '../../support/review-helpers'
import { bearer, createTestApi, type TestApi } from '../../support/test-api'

/** Longer than any read takes here, far shorter than the test's own timeout. */
const PATIENCE_MS = 3_000

// Every read of a client writes an access-log row (migration 018). The row once had foreign keys
// to the client and the reader, and each key's check takes a lock on the row it points at: a read
// then waited for any transaction holding that client's or that staff member's row, such as an
// admin's change of the reader's account (staff.repository.ts, lockAccounts). Migration 024 drops
// the keys. PostgreSQL only (this folder): PGlite runs one transaction at a time, so nothing else
// can hold a lock while a read runs.
describe('a read of a client and its access-log row', () => {
  let api: TestApi
  let agentId: string

  beforeAll(async () => {
    api = await createTestApi()
    agentId = (await staffIds(api.database.owner))['agent']!
  })
  afterAll(async () => {
    await api.close()
  })

  it('neither waits for a change to the reader’s account nor to the client’s row in progress', async () => {
    const clientId = await insertClient(api.database.owner)
    const token = await api.tokenFor('agent')
    await api.database.owner.transaction().execute(async (trx) => {
      // As an admin's change of the account and a change of the client's key would hold them.
      await sql`select id from staff where id = ${agentId}::uuid for update`.execute(trx)
      await sql`select id from clients where id = ${clientId}::uuid for update`.execute(trx)
      const read = api.app.inject({
        method: 'GET',
        url: `/v1/clients/${clientId}`,
        headers: bearer(token)
      })
      const waited = new Promise<'waited'>((resolve) =>
        setTimeout(() => resolve('waited'), PATIENCE_MS)
      )
      const answer = await Promise.race([read, waited])
      expect(answer).not.toBe('waited')
      if (answer === 'waited') return
      expect(answer.statusCode).toBe(200)
    })
    const logged = await api.database.db
      .selectFrom('access_log')
      .select(['staff_id', 'action'])
      .where('client_id', '=', clientId)
      .execute()
    expect(logged).toEqual([{ staff_id: agentId, action: 'view' }])
  })
})
