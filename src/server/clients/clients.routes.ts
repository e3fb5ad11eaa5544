import type { Kysely } from 'kysely'
import { operations } from '../../shared/api/operations'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import type { RegisterOperation } from '../http/register-operation'
import { recordClientAccess } from './clients.repository'
import { createClient, getClient, searchClients } from './clients.service'

export function registerClientRoutes(
  register: RegisterOperation,
  deps: { db: Kysely<Database>; clock: Clock }
): void {
  register(operations.searchClients, async ({ query }) => ({
    items: await searchClients(deps.db, query)
  }))

  register(operations.getClient, async ({ params, auth }) => {
    const client = await getClient(deps.db, params.id)
    // Who looked at whom (product §8): one insert, after the client is known to exist.
    await recordClientAccess(deps.db, {
      staffId: auth.staff.id,
      clientId: client.id,
      action: 'view',
      at: deps.clock.now()
    })
    return client
  })

  register(operations.createClient, async ({ body }) => createClient(deps.db, body))
}
