import type { Kysely } from 'kysely'
import { operations } from '../../shared/api/operations'
import type { Database } from '../db/database'
import type { RegisterOperation } from '../http/register-operation'
import { readAccessLog } from './access-log.service'

/** Supervisors only (the contract's `auth`); reading it is logged like any read (`access_log`). */
export function registerAccessLogRoutes(
  register: RegisterOperation,
  deps: { db: Kysely<Database> }
): void {
  register(operations.getAccessLog, async ({ query }) => readAccessLog(deps.db, query))
}
