import type { z } from 'zod'
import { ApiErrorSchema } from './errors'
import type { Operation } from './operations'

/**
 * Every operation reads or writes the database (a session check at least; /health and the JWKS
 * read it too), so every operation may answer 503 `database_unavailable` with `Retry-After` while
 * the database is unreachable. It is declared here once, for all of them, rather than in each
 * entry of the contract; the routes and the OpenAPI document both take their responses from here.
 */
export const DATABASE_UNAVAILABLE_STATUS = 503

/** The responses an operation declares, plus 503 for the database being away. */
export function declaredResponses(
  operation: Pick<Operation, 'responses'>
): Readonly<Record<number, z.ZodType | null>> {
  return {
    ...operation.responses,
    [DATABASE_UNAVAILABLE_STATUS]:
      operation.responses[DATABASE_UNAVAILABLE_STATUS] ?? ApiErrorSchema
  }
}
