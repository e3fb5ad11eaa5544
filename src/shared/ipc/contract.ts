import { z } from 'zod'
import type { EventChannel, InvokeChannel } from './channels'
import { HealthResponseSchema, operations } from '../api/operations'
import { LanguageSchema, StaffSchema } from '../domain/staff'
import { ClientSchema, ClientSearchResponseSchema } from '../domain/client'
import {
  AccessLogPageSchema,
  RevealRequestShape,
  RevealResponseSchema,
  requireNoteForOther
} from '../domain/access-log'
import {
  ChainVerificationSchema,
  ConsentEventsPageSchema,
  ConsentStateSchema,
  RecordConsentsResponseSchema
} from '../domain/consent'
import {
  ConfirmationBatchInputSchema,
  ConfirmationBatchResultSchema,
  ConfirmationProgressSchema,
  PreparedDocumentSchema,
  PrintInputSchema,
  PrintOutcomeSchema,
  PrintOutputInputSchema
} from './print-contract'

/** What the renderer learns about the running app. No secrets: the token never leaves main. */
export const AppInfoSchema = z.object({
  version: z.string(),
  mode: z.enum(['embedded', 'remote']),
  /** Demo accounts are listed on the sign-in screen only in embedded (demo) mode. */
  demoAccounts: z.array(z.object({ username: z.string(), roles: z.array(z.string()) })),
  defaultLanguage: LanguageSchema
})
export type AppInfo = z.infer<typeof AppInfoSchema>

export const ApiHealthSchema = z.object({
  reachable: z.boolean(),
  database: HealthResponseSchema.shape.database.optional(),
  version: z.string().optional()
})
export type ApiHealth = z.infer<typeof ApiHealthSchema>

/** The renderer's view of a session: who and until when; the token itself stays in main. */
export const SessionSchema = z.object({
  staff: StaffSchema,
  expiresAt: z.string(),
  /** The API's idle timeout: the desk locks its screen after this long without input. */
  idleTimeoutMinutes: z.number().int().positive().optional(),
  /**
   * Signed in with an admin's one-time password: the desk shows only the change-password screen
   * until `auth:change-password` succeeds. Absent means false.
   */
  mustChangePassword: z.literal(true).optional()
})
export type Session = z.infer<typeof SessionSchema>

export const SessionEndedSchema = z.object({
  /** `idle`: the API refused the session as idle; the desk locks its screen (no sign-out). */
  reason: z.enum(['expired', 'signed_out', 'idle'])
})

/*
 * Channel inputs are built from the REST operations main calls (src/shared/api), never re-typed:
 * the same ids (uuid), trimming and limits hold at the IPC boundary as at the API, and a change
 * to an operation's params, query or body changes the channel with it. Only what the IPC adds on
 * top is its own: the two values main turns into the consent write's headers (below).
 */
const {
  login,
  searchClients,
  getClient,
  getClientCard,
  revealClient,
  updateClient,
  getClientHistory,
  getAccessLog,
  getConsents,
  recordConsents,
  listConsentEvents,
  verifyConsents,
  getReceipt,
  listReceipts,
  verifyReceipt,
  listClientDecisions,
  createReviewCase,
  listClientReviewCases,
  listReviewCases,
  getReviewCase,
  claimNextReviewCase,
  claimReviewCase,
  renewReviewClaim,
  releaseReviewClaim,
  decideReviewCase,
  approveReviewCase,
  extendReviewCase,
  reassignReviewCase,
  createStaff,
  updateStaff,
  unlockStaff,
  changePassword
} = operations

/**
 * An admin's change to an account: the REST body under `change`, the account's id beside it, and
 * `expectedVersion` (the `account.version` last read), which main sends as `If-Match`.
 */
export const UpdateStaffInputSchema = z.object({
  id: updateStaff.params.shape.id,
  expectedVersion: z.number().int().min(1),
  change: updateStaff.body
})
export type UpdateStaffInput = z.infer<typeof UpdateStaffInputSchema>

/**
 * A change of a client's data at the counter: the REST body under `change`, the client's id
 * beside it, and `expectedVersion` (the `Client.version` last read), which main sends as
 * `If-Match`.
 */
export const UpdateClientInputSchema = z.object({
  clientId: updateClient.params.shape.id,
  expectedVersion: z.number().int().min(1),
  change: updateClient.body
})
export type UpdateClientInput = z.infer<typeof UpdateClientInputSchema>

/**
 * A REST query number as the IPC takes it. The query schema coerces the URL's text and fills in
 * the API's default; across IPC it is a real number that may be left out (the API's default then
 * applies), and it must pass exactly the REST checks (integer, min, max).
 */
function ipcNumber(rest: z.ZodDefault<z.ZodType<number, unknown>>) {
  // After z.number() the value is a number already, which the coercion leaves as it is; the
  // cast only tells the type system so.
  const checks = rest.unwrap() as z.ZodType<number, number>
  return z.number().pipe(checks).optional()
}

/** The IPC names the client `clientId` where REST has it in the path (`:id`); same schema. */
function clientIdFrom<P extends z.ZodObject<{ id: z.ZodType }>>(params: P) {
  return { clientId: params.shape.id as P['shape']['id'] }
}

/**
 * One logical save: POST /v1/clients/{id}/consents. The body is the REST body as is. `requestId`
 * is made by the renderer when the agent confirms and reused for a retry of the same pending
 * set; main sends it as the Idempotency-Key, so a retry after a lost answer cannot record twice.
 * `expectedVersion` is the consent version last read (`ConsentState.version`); it becomes
 * `If-Match`.
 */
export const RecordConsentsInputSchema = recordConsents.body.extend({
  ...clientIdFrom(recordConsents.params),
  requestId: z.uuid(),
  expectedVersion: ConsentStateSchema.shape.version
})
export type RecordConsentsInput = z.infer<typeof RecordConsentsInputSchema>

/**
 * A case operation across IPC: the REST body with the case's id beside it (REST has it in the
 * path). `object()` bodies only; the refined create body goes as it is.
 */
function withCaseId<S extends z.core.$ZodShape>(body: z.ZodObject<S>) {
  return body.extend({ id: getReviewCase.params.shape.id })
}

/** The timeline's filters: the REST query of the consent events without its paging. */
export const ConsentEventFiltersSchema = listConsentEvents.query.omit({ cursor: true, limit: true })
export type ConsentEventFilters = z.infer<typeof ConsentEventFiltersSchema>

/**
 * Every invoke channel: its input, its output, and `reachesApi`. `reachesApi: true` means the
 * handler calls the consent API and passes its answer on, failures included, so a success (or an
 * error carrying an HTTP status) proves the API reachable; the renderer's connectivity banner
 * reads it. `false` for channels main answers itself, and for the two that call the API but turn
 * its failure into an answer of their own, which therefore proves nothing (`api:health` says
 * `reachable: false`, `auth:logout` signs out locally). The flag is required on every entry.
 */
export const invokeContract = {
  'app:info': { input: z.undefined(), output: AppInfoSchema, reachesApi: false },
  'api:health': { input: z.undefined(), output: ApiHealthSchema, reachesApi: false },
  'auth:login': { input: login.body, output: SessionSchema, reachesApi: true },
  'auth:logout': { input: z.undefined(), output: z.null(), reachesApi: false },
  'auth:session': { input: z.undefined(), output: SessionSchema.nullable(), reachesApi: false },
  /**
   * The desk locks its screen: main ends the session at the API (best effort) and forgets the
   * token, so nothing reaches the API until the same person signs in again (`auth:login`).
   */
  'auth:lock': { input: z.undefined(), output: z.null(), reachesApi: false },
  /** Sign out everywhere: every session of this person ends at the API, then here. */
  'auth:logout-all': { input: z.undefined(), output: z.null(), reachesApi: true },
  /** The signed-in person changes their own password (and so ends a one-time password's hold). */
  'auth:change-password': { input: changePassword.body, output: z.null(), reachesApi: true },
  'clients:search': {
    input: searchClients.query.extend({ limit: ipcNumber(searchClients.query.shape.limit) }),
    output: ClientSearchResponseSchema,
    reachesApi: true
  },
  'clients:get': { input: getClient.params, output: ClientSchema, reachesApi: true },
  /** The card as it opens: the client and the current consent state in one request. */
  'clients:card': {
    input: getClientCard.params,
    output: getClientCard.responses[200],
    reachesApi: true
  },
  /**
   * The full identifiers, for a reason the API logs first: the card holds them only from this
   * answer, and forgets them on hide or close.
   */
  'clients:reveal': {
    input: revealClient.params.extend(RevealRequestShape).strict().superRefine(requireNoteForOther),
    output: RevealResponseSchema,
    reachesApi: true
  },
  /** Counter staff: change a client's data (PATCH /v1/clients/{id}, If-Match from main). */
  'clients:update': {
    input: UpdateClientInputSchema,
    output: updateClient.responses[200],
    reachesApi: true
  },
  /** The changes of a client's data, newest first (the timeline shows them beside consents). */
  'clients:history': {
    input: z.object({
      ...clientIdFrom(getClientHistory.params),
      cursor: getClientHistory.query.shape.cursor,
      limit: ipcNumber(getClientHistory.query.shape.limit)
    }),
    output: getClientHistory.responses[200],
    reachesApi: true
  },
  /** Supervisors: who looked at which client (GET /v1/access-log). */
  'access-log:list': {
    input: getAccessLog.query.extend({ limit: ipcNumber(getAccessLog.query.shape.limit) }),
    output: AccessLogPageSchema,
    reachesApi: true
  },
  /** GET /v1/purposes as is: the purposes and the rights statement, with every version's text. */
  'purposes:list': {
    input: z.undefined(),
    output: operations.listPurposes.responses[200],
    reachesApi: true
  },
  'consents:get': {
    input: getConsents.query.extend(clientIdFrom(getConsents.params)),
    output: ConsentStateSchema,
    reachesApi: true
  },
  'consents:record': {
    input: RecordConsentsInputSchema,
    output: RecordConsentsResponseSchema,
    reachesApi: true
  },
  'consents:events': {
    input: z.object({
      ...clientIdFrom(listConsentEvents.params),
      filters: ConsentEventFiltersSchema,
      cursor: listConsentEvents.query.shape.cursor,
      limit: ipcNumber(listConsentEvents.query.shape.limit)
    }),
    output: ConsentEventsPageSchema,
    reachesApi: true
  },
  'consents:verify': {
    input: z.object(clientIdFrom(verifyConsents.params)),
    output: ChainVerificationSchema,
    reachesApi: true
  },
  /**
   * Staff and their centres (supervisors): the counter staff for the receipts register's
   * filters, or `{ role: 'reviewer' }` for reassigning a review case. Admins: every account with
   * its state, and the centres.
   */
  'staff:list': {
    input: operations.listStaff.query.optional(),
    output: operations.listStaff.responses[200],
    reachesApi: true
  },
  /** Admins: a new account with a one-time password (shown to the admin once, never stored). */
  'staff:create': {
    input: createStaff.body,
    output: createStaff.responses[201],
    reachesApi: true
  },
  /** Admins: roles, centre, name, disable or enable, a new one-time password. */
  'staff:update': {
    input: UpdateStaffInputSchema,
    output: updateStaff.responses[200],
    reachesApi: true
  },
  /** Admins and supervisors: lift a sign-in lock (the API records who unlocked whom). */
  'staff:unlock': { input: unlockStaff.params, output: z.null(), reachesApi: true },
  /** One signed receipt (an agent gets only their own; the API decides). */
  'receipts:get': {
    input: getReceipt.params,
    output: getReceipt.responses[200],
    reachesApi: true
  },
  /** The receipts register: the REST query as is. */
  'receipts:list': {
    input: listReceipts.query.extend({ limit: ipcNumber(listReceipts.query.shape.limit) }),
    output: listReceipts.responses[200],
    reachesApi: true
  },
  /** Is a receipt genuine: its code typed in or scanned, or its JWS. */
  'receipts:verify': {
    input: verifyReceipt.body,
    output: verifyReceipt.responses[200],
    reachesApi: true
  },
  /** A document's data for the on-screen preview, fetched and assembled by main. */
  'print:prepare': { input: PrintInputSchema, output: PreparedDocumentSchema, reachesApi: true },
  /** The same document printed through the system dialog, or saved as a PDF. */
  'print:output': { input: PrintOutputInputSchema, output: PrintOutcomeSchema, reachesApi: true },
  /**
   * A batch of consent confirmations in one PDF (supervisors): the save dialog first, then each
   * client's state and latest signed receipt, with `confirmations:progress` events on the way.
   * The API is asked for every client, so its failures are its answers.
   */
  'confirmations:print': {
    input: ConfirmationBatchInputSchema,
    output: ConfirmationBatchResultSchema,
    reachesApi: true
  },
  /** Stops a batch: it ends `cancelled`, and no file is left behind. */
  'confirmations:cancel': {
    input: z.object({ jobId: z.uuid() }),
    output: z.null(),
    reachesApi: false
  },
  /** A client's automated decisions, each with its latest review case (the Decisions tab). */
  'decisions:list': {
    input: z.object(clientIdFrom(listClientDecisions.params)),
    output: listClientDecisions.responses[200],
    reachesApi: true
  },
  /** Files a review request or a manual assessment at the counter: the REST body as is. */
  'reviews:create': {
    input: createReviewCase.body,
    output: createReviewCase.responses[201],
    reachesApi: true
  },
  /** A client's review cases (the Decisions tab). */
  'reviews:client': {
    input: z.object(clientIdFrom(listClientReviewCases.params)),
    output: listClientReviewCases.responses[200],
    reachesApi: true
  },
  /** The review queue: the REST query as is. */
  'reviews:list': {
    input: listReviewCases.query.extend({
      limit: ipcNumber(listReviewCases.query.shape.limit),
      sort: listReviewCases.query.shape.sort.unwrap().optional()
    }),
    output: listReviewCases.responses[200],
    reachesApi: true
  },
  'reviews:get': {
    input: getReviewCase.params,
    output: getReviewCase.responses[200],
    reachesApi: true
  },
  /** The unclaimed case due soonest, claimed; null when the queue is empty (the API's 204). */
  'reviews:claim-next': {
    input: z.undefined(),
    output: claimNextReviewCase.responses[200].nullable(),
    reachesApi: true
  },
  'reviews:claim': {
    input: claimReviewCase.params,
    output: claimReviewCase.responses[200],
    reachesApi: true
  },
  'reviews:renew': {
    input: withCaseId(renewReviewClaim.body),
    output: renewReviewClaim.responses[200],
    reachesApi: true
  },
  'reviews:release': {
    input: withCaseId(releaseReviewClaim.body),
    output: releaseReviewClaim.responses[200],
    reachesApi: true
  },
  'reviews:decide': {
    input: withCaseId(decideReviewCase.body),
    output: decideReviewCase.responses[200],
    reachesApi: true
  },
  'reviews:approve': {
    input: withCaseId(approveReviewCase.body),
    output: approveReviewCase.responses[200],
    reachesApi: true
  },
  'reviews:extend': {
    input: withCaseId(extendReviewCase.body),
    output: extendReviewCase.responses[200],
    reachesApi: true
  },
  'reviews:reassign': {
    input: withCaseId(reassignReviewCase.body),
    output: reassignReviewCase.responses[200],
    reachesApi: true
  },
  /**
   * The renderer says whether it holds changes not yet saved, each time that flips; main then
   * asks before the window closes (see `app:close-requested`).
   */
  'app:unsaved-work': {
    input: z.object({ unsaved: z.boolean() }),
    output: z.null(),
    reachesApi: false
  },
  /** The user chose to discard: close the window now, without asking again. */
  'app:close': { input: z.undefined(), output: z.null(), reachesApi: false }
} as const satisfies Record<
  InvokeChannel,
  { input: z.ZodType; output: z.ZodType; reachesApi: boolean }
>

/** The invoke channels, in the contract's order: what main registers a handler for. */
export const CONTRACT_CHANNELS = Object.keys(invokeContract) as InvokeChannel[]

/** Whether an answer on `channel` is the consent API's answer (see `invokeContract`). */
export function reachesApi(channel: InvokeChannel): boolean {
  return invokeContract[channel].reachesApi
}

export const eventContract = {
  'session:ended': { payload: SessionEndedSchema },
  /** The user tried to close the window with unsaved work flagged; it stays open until `app:close`. */
  'app:close-requested': { payload: z.object({}) },
  /** How far a batch of confirmations has got. */
  'confirmations:progress': { payload: ConfirmationProgressSchema }
} as const satisfies Record<EventChannel, { payload: z.ZodType }>

export type InvokeContract = typeof invokeContract
export type InvokeInput<C extends InvokeChannel> = z.input<InvokeContract[C]['input']>
export type InvokeOutput<C extends InvokeChannel> = z.output<InvokeContract[C]['output']>
export type EventPayload<E extends EventChannel> = z.output<(typeof eventContract)[E]['payload']>

/** The bridge the preload exposes as `window.consentDesk`. */
export interface DesktopBridge {
  invoke(channel: InvokeChannel, input?: unknown): Promise<unknown>
  on(channel: EventChannel, listener: (payload: unknown) => void): () => void
}
