import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkTransition, foldEvents, toPurposeStates } from '../../src/shared/domain/consent-rules'
import type {
  ConsentChange,
  ConsentEvent,
  ConsentStateValue,
  OfferChannel,
  Purpose
} from '../../src/shared/domain/consent'
import { body, getState, insertClient, postConsents } from '../support/consent-helpers'
import { bearer, createTestApi, type TestApi } from '../support/test-api'

/** What the test believes: each consent's state, the version, and how many events exist. */
interface Model {
  cells: Map<string, ConsentStateValue>
  version: number
  events: number
  last: { key: string; payload: object; ifMatch: number; status: number; text: string } | null
}

interface Real {
  api: TestApi
  clientId: string
}

const TARGETS: Array<{ purpose: Purpose; channel?: OfferChannel }> = [
  { purpose: 'offers', channel: 'email' },
  { purpose: 'offers', channel: 'sms' },
  { purpose: 'location' },
  { purpose: 'loyalty' }
]

const keyOf = (change: ConsentChange): string => `${change.purpose}:${change.channel ?? ''}`

async function send(
  real: Real,
  key: string,
  payload: object,
  ifMatch: number
): Promise<{ status: number; text: string }> {
  const response = await postConsents(real.api, real.clientId, payload, { key, ifMatch })
  return { status: response.statusCode, text: response.body }
}

async function eventCount(real: Real): Promise<number> {
  const rows = await real.api.database.owner
    .selectFrom('consent_events')
    .select('id')
    .where('client_id', '=', real.clientId)
    .execute()
  return rows.length
}

class ChangeCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly changes: ConsentChange[]) {}
  check(): boolean {
    return true
  }
  async run(model: Model, real: Real): Promise<void> {
    const key = randomUUID()
    const payload = body(this.changes)
    const result = await send(real, key, payload, model.version)
    const valid = this.changes.every(
      (change) =>
        checkTransition(
          change.purpose,
          model.cells.get(keyOf(change)) ?? 'never_given',
          change.action
        ) === null
    )
    if (valid) {
      expect(result.status, result.text).toBe(201)
      for (const change of this.changes) {
        model.cells.set(keyOf(change), change.action === 'resumed' ? 'given' : change.action)
      }
      model.version += 1
      model.events += this.changes.length
    } else {
      expect(result.status, result.text).toBe(409)
    }
    model.last = { key, payload, ifMatch: model.version - (valid ? 1 : 0), ...result }
    expect(await eventCount(real)).toBe(model.events)
  }
  toString(): string {
    return `change(${this.changes.map((c) => `${keyOf(c)}=${c.action}`).join(',')})`
  }
}

class RetryCommand implements fc.AsyncCommand<Model, Real> {
  check(model: Readonly<Model>): boolean {
    return model.last !== null
  }
  async run(model: Model, real: Real): Promise<void> {
    const last = model.last!
    const result = await send(real, last.key, last.payload, last.ifMatch)
    if (last.status === 201) {
      // The stored first answer, byte for byte; nothing new recorded.
      expect(result).toEqual({ status: 201, text: last.text })
    } else {
      // A failed request kept no key: the retry runs again and fails the same way or as stale.
      expect([409, 412]).toContain(result.status)
    }
    expect(await eventCount(real)).toBe(model.events)
  }
  toString(): string {
    return 'retry'
  }
}

class StaleEditCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly change: ConsentChange) {}
  check(model: Readonly<Model>): boolean {
    return model.version > 0
  }
  async run(model: Model, real: Real): Promise<void> {
    const result = await send(real, randomUUID(), body([this.change]), model.version - 1)
    expect(result.status).toBe(412)
    const error = JSON.parse(result.text) as { state: { version: number } }
    expect(error.state.version).toBe(model.version)
    expect(await eventCount(real)).toBe(model.events)
  }
  toString(): string {
    return `stale(${keyOf(this.change)}=${this.change.action})`
  }
}

const changeArb: fc.Arbitrary<ConsentChange> = fc
  .record({
    target: fc.constantFrom(...TARGETS),
    action: fc.constantFrom('given', 'withdrawn', 'paused', 'resumed' as const)
  })
  .map(({ target, action }) => ({
    ...target,
    // Pause and resume exist for location only; elsewhere they would be 400s, not model steps.
    action:
      target.purpose !== 'location' && (action === 'paused' || action === 'resumed')
        ? 'withdrawn'
        : action
  }))

const commands = [
  fc
    .uniqueArray(changeArb, { minLength: 1, maxLength: 3, selector: keyOf })
    .map((changes) => new ChangeCommand(changes)),
  fc.constant(new RetryCommand()),
  changeArb.map((change) => new StaleEditCommand(change))
]

describe('consent ledger, model-based', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await createTestApi()
  })
  afterAll(async () => {
    await api.close()
  })

  it('matches the model: projection = fold, no lost update, chain intact, nothing twice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 14 }), async (cmds) => {
        const clientId = await insertClient(api.database.owner)
        const real: Real = { api, clientId }
        const model: Model = { cells: new Map(), version: 0, events: 0, last: null }
        await fc.asyncModelRun(() => ({ model, real }), cmds)

        const state = await getState(api, clientId)
        expect(state.version).toBe(model.version)
        const timeline = await api.app.inject({
          method: 'GET',
          url: `/v1/clients/${clientId}/consent-events`,
          query: { limit: '500' },
          headers: bearer(await api.tokenFor('agent'))
        })
        const events = (timeline.json() as { items: ConsentEvent[] }).items
        expect(events).toHaveLength(model.events)
        expect(new Set(events.map((event) => event.id)).size).toBe(events.length)
        expect(events.map((event) => event.seq).sort((a, b) => a - b)).toEqual(
          events.map((_, index) => index + 1)
        )
        expect(state.purposes).toEqual(toPurposeStates(foldEvents(events)))
        for (const target of TARGETS) {
          const purpose = state.purposes.find((p) => p.purpose === target.purpose)!
          const actual = target.channel
            ? purpose.channels!.find((c) => c.channel === target.channel)!.state
            : purpose.state
          expect(actual).toBe(
            model.cells.get(`${target.purpose}:${target.channel ?? ''}`) ?? 'never_given'
          )
        }
        const verify = await api.app.inject({
          method: 'GET',
          url: `/v1/clients/${clientId}/consents/verify`,
          headers: bearer(await api.tokenFor('agent'))
        })
        expect(verify.json()).toEqual({
          intact: true,
          events: model.events,
          projectionIntact: true,
          mismatches: [],
          // One signed receipt per write that was recorded.
          receiptsChecked: model.version,
          receiptsIntact: true,
          receiptMismatches: []
        })
      }),
      { numRuns: 20 }
    )
  })
})
