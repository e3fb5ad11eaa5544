import type { Kysely } from 'kysely'
import { operations } from '../../shared/api/operations'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import type { RegisterOperation } from '../http/register-operation'
import { createClient, getClient, revealClient, searchClients } from './clients.service'

/**
 * Reads are logged in the access log by the registrar (the operations' `accessLog`), not here:
 * one row per client shown, before the answer leaves.
 */
export function registerClientRoutes(
  register: RegisterOperation,
  deps: { db: Kysely<Database>; clock: Clock }
): void {
  register(operations.searchClients, async ({ query }) => searchClients(deps.db, query))

  register(operations.getClient, async ({ params }) => getClient(deps.db, params.id))

  // Product §1: identifiers are masked by default; the desk asks why, and shows the full ones
  // only from this answer. The reason goes into the access log with the reveal.
  register(operations.revealClient, async ({ params }) => revealClient(deps.db, params.id))

  register(operations.createClient, async ({ body }) =>
    createClient(deps.db, body, deps.clock.now())
  )
}
