import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getConsentState } from '../../src/server/consents/consents.service'
import { insertClient, record } from '../support/consent-helpers'
import { createTestApi, type TestApi } from '../support/test-api'
import { createTestClock, type TestClock } from '../support/test-clock'

// The expiry job's own tests call it directly; this one proves the API really runs it on its
// timer, so switching the timer off fails a test.
describe('the loyalty expiry timer', () => {
  let api: TestApi
  let clock: TestClock

  beforeAll(async () => {
    clock = createTestClock()
    api = await createTestApi({ clock, loyaltyJobIntervalMs: 20 })
  })
  afterAll(() => api.close())

  it('records the expiry by itself once two years have passed since the last contract', async () => {
    const departed = await insertClient(api.database.owner, [
      { status: 'ended', startDate: '2015-01-01', endDate: '2026-06-30' }
    ])
    await record(api, departed, [{ purpose: 'loyalty', action: 'given' }])
    const stateOf = async () =>
      getConsentState({ db: api.database.owner, clock }, { clientId: departed })
    expect((await stateOf()).purposes[5]).toMatchObject({ purpose: 'loyalty', state: 'given' })

    clock.advanceMinutes((Date.parse('2028-07-01T09:00:00Z') - clock.now().getTime()) / 60_000)
    await expect
      .poll(async () => (await stateOf()).purposes[5]?.state, { timeout: 10_000 })
      .toBe('expired')
  })
})
