import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApi, TEST_PASSWORD, type TestApi } from '../../support/test-api'

// A successful sign-in deletes its account's failure count (clearFailures) while other sign-ins
// of the same account may be counting theirs (reserveAttempt). The count was once kept with two
// statements, an insert if missing and then a conditional update: a delete landing between them
// left the update nothing to count, and the right password was refused with 423. PostgreSQL only
// (this folder): PGlite runs one statement at a time, so nothing can land between two.
describe('counting a sign-in while a success clears the same account', () => {
  let api: TestApi

  beforeAll(async () => {
    api = await createTestApi()
  })
  afterAll(async () => {
    await api.close()
  })

  const login = (password: string) =>
    api.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { username: 'agent', password },
      remoteAddress: '192.0.2.77'
    })

  it('lets the right password in when the count it was counting on is deleted under it', async () => {
    expect((await login('a-typo')).statusCode).toBe(401)
    // The sign-in goes on only once this transaction commits: it is returned in an object, as a
    // promise returned bare would be awaited before the commit.
    const { signIn } = await api.database.owner.transaction().execute(async (trx) => {
      // Hold the account's count as a success in progress does just before it deletes it...
      await sql`select failures from sign_in_throttle
        where scope = 'account' and key = 'agent' for update`.execute(trx)
      const signIn = login(TEST_PASSWORD)
      // ...until the sign-in is waiting for it,
      await waitUntilSomeoneWaitsForALock(api)
      // ...then delete it as that success does, and let the waiting sign-in go on.
      await sql`delete from sign_in_throttle where scope = 'account' and key = 'agent'`.execute(trx)
      return { signIn }
    })
    const answer = await signIn
    expect(answer.statusCode, answer.body).toBe(200)
  })
})

async function waitUntilSomeoneWaitsForALock(api: TestApi): Promise<void> {
  for (let poll = 0; poll < 200; poll++) {
    const { rows } = await sql<{ waiting: number }>`
      select count(*)::int as waiting from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(api.database.db)
    if (rows[0]!.waiting > 0) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('the sign-in never waited for the count')
}
