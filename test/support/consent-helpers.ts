import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../src/server/db/database'
import type { ConsentChange, ConsentState } from '../../src/shared/domain/consent'
import { bearer, type TestApi } from './test-api'

/** A private client inserted directly (no identifier checks needed for consent tests). */
export async function insertClient(
  db: Kysely<Database>,
  contracts: Array<{
    status: 'active' | 'suspended' | 'ended'
    startDate: string
    endDate?: string
  }> = [{ status: 'active', startDate: '2020-01-01' }]
): Promise<string> {
  const id = randomUUID()
  await db
    .insertInto('clients')
    .values({
      id,
      kind: 'private',
      personal_code: `T${id.slice(0, 10)}`,
      first_name: 'Test',
      last_name: 'Klients',
      language: 'lv',
      search_name: 'test klients'
    })
    .execute()
  for (const contract of contracts) {
    await db
      .insertInto('contracts')
      .values({
        client_id: id,
        number: `K${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
        status: contract.status,
        start_date: contract.startDate,
        end_date: contract.endDate ?? null
      })
      .execute()
  }
  return id
}

export const BODY_DEFAULTS = {
  identityVerification: { method: 'id_card', documentLast4: '1234' },
  source: 'customer_centre',
  language: 'lv'
} as const

export function body(changes: ConsentChange[], extra: Record<string, unknown> = {}): object {
  return { changes, ...BODY_DEFAULTS, ...extra }
}

export interface PostOptions {
  key?: string | null
  ifMatch?: string | number | null
  username?: string
}

/** POST /v1/clients/{id}/consents through inject; `null` leaves a header out. */
export async function postConsents(
  api: TestApi,
  clientId: string,
  payload: object,
  options: PostOptions = {}
): Promise<Awaited<ReturnType<TestApi['app']['inject']>>> {
  const headers: Record<string, string> = {
    ...bearer(await api.tokenFor(options.username ?? 'agent'))
  }
  if (options.key !== null) headers['idempotency-key'] = options.key ?? randomUUID()
  if (options.ifMatch !== null && options.ifMatch !== undefined) {
    headers['if-match'] = String(options.ifMatch)
  }
  return api.app.inject({
    method: 'POST',
    url: `/v1/clients/${clientId}/consents`,
    headers,
    payload
  })
}

export async function getState(api: TestApi, clientId: string, at?: string): Promise<ConsentState> {
  const response = await api.app.inject({
    method: 'GET',
    url: `/v1/clients/${clientId}/consents`,
    headers: bearer(await api.tokenFor('agent')),
    ...(at ? { query: { at } } : {})
  })
  if (response.statusCode !== 200)
    throw new Error(`GET consents: ${response.statusCode} ${response.body}`)
  return response.json() as ConsentState
}

/** Records changes at the current version; throws unless 201. */
export async function record(
  api: TestApi,
  clientId: string,
  changes: ConsentChange[],
  extra: Record<string, unknown> = {}
): Promise<{ version: number; events: Array<{ id: string; seq: number }> }> {
  const { version } = await getState(api, clientId)
  const response = await postConsents(api, clientId, body(changes, extra), { ifMatch: version })
  if (response.statusCode !== 201) throw new Error(`POST: ${response.statusCode} ${response.body}`)
  return response.json() as { version: number; events: Array<{ id: string; seq: number }> }
}

export async function tableCount(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
