import type { Kysely } from 'kysely'
import { operations } from '../../shared/api/operations'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import type { RegisterOperation } from '../http/register-operation'
import { DomainError } from '../domain-error'
import { clientExists, recordClientAccess } from './clients.repository'
import { createClient, getClient, searchClients } from './clients.service'

export function registerClientRoutes(
  register: RegisterOperation,
  deps: { db: Kysely<Database>; clock: Clock }
): void {
  register(operations.searchClients, async ({ query }) => searchClients(deps.db, query))

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

  register(operations.revealClient, async ({ params, auth }) => {
    // Product §1: identifiers are masked by default and revealing one is logged. The desk shows
    // the full code only after this answers.
    if (!(await clientExists(deps.db, params.id))) {
      throw new DomainError('not_found', 'No client with this id')
    }
    await recordClientAccess(deps.db, {
      staffId: auth.staff.id,
      clientId: params.id,
      action: 'reveal',
      at: deps.clock.now()
    })
  })

  register(operations.createClient, async ({ body }) =>
    createClient(deps.db, body, deps.clock.now())
  )
}
