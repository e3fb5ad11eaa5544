import type { Kysely } from 'kysely'
import { reviewOperations } from '../../shared/api/review-operations'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import type { RegisterOperation } from '../http/register-operation'
import { getDecision, listClientDecisions, recordDecision } from './decisions.service'
import {
  approveReviewCase,
  claimNextReviewCase,
  claimReviewCase,
  createReviewCase,
  decideReviewCase,
  extendReviewCase,
  getReviewCase,
  listClientReviewCases,
  listReviewCases,
  reassignReviewCase,
  releaseReviewClaim,
  renewReviewClaim
} from './review-cases.service'

/** Automated decisions and the human-review queue (issue 9). */
export function registerReviewRoutes(
  register: RegisterOperation,
  deps: { db: Kysely<Database>; clock: Clock; leaseMinutes: number }
): void {
  register(reviewOperations.recordDecision, async ({ body, auth }) =>
    recordDecision(deps, { request: body, staff: auth.staff })
  )

  register(reviewOperations.listClientDecisions, async ({ params }) =>
    listClientDecisions(deps, params.id)
  )

  register(reviewOperations.getDecision, async ({ params }) => getDecision(deps, params.id))

  register(reviewOperations.createReviewCase, async ({ body, auth }) =>
    createReviewCase(deps, { request: body, staff: auth.staff })
  )

  register(reviewOperations.listReviewCases, async ({ query, auth }) =>
    listReviewCases(deps, { query, staff: auth.staff })
  )

  register(reviewOperations.listClientReviewCases, async ({ params, auth }) =>
    listClientReviewCases(deps, { clientId: params.id, staff: auth.staff })
  )

  register(reviewOperations.getReviewCase, async ({ params, auth }) =>
    getReviewCase(deps, { id: params.id, staff: auth.staff })
  )

  // Undefined when nothing is left: the contract's 204.
  register(reviewOperations.claimNextReviewCase, async ({ auth }) =>
    claimNextReviewCase(deps, { staff: auth.staff })
  )

  register(reviewOperations.claimReviewCase, async ({ params, auth }) =>
    claimReviewCase(deps, { id: params.id, staff: auth.staff })
  )

  register(reviewOperations.renewReviewClaim, async ({ params, body, auth }) =>
    renewReviewClaim(deps, { id: params.id, token: body.token, staff: auth.staff })
  )

  register(reviewOperations.releaseReviewClaim, async ({ params, body, auth }) =>
    releaseReviewClaim(deps, { id: params.id, token: body.token, staff: auth.staff })
  )

  register(reviewOperations.decideReviewCase, async ({ params, body, auth }) =>
    decideReviewCase(deps, { id: params.id, body, staff: auth.staff })
  )

  register(reviewOperations.approveReviewCase, async ({ params, body, auth }) =>
    approveReviewCase(deps, { id: params.id, body, staff: auth.staff })
  )

  register(reviewOperations.extendReviewCase, async ({ params, body, auth }) =>
    extendReviewCase(deps, { id: params.id, body, staff: auth.staff })
  )

  register(reviewOperations.reassignReviewCase, async ({ params, body, auth }) =>
    reassignReviewCase(deps, { id: params.id, assignee: body.assignee, staff: auth.staff })
  )
}
