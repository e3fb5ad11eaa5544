import { z } from 'zod'
import type { EventChannel, InvokeChannel } from './channels'
import { HealthResponseSchema } from '../api/operations'
import { LanguageSchema, LoginRequestSchema, StaffSchema } from '../domain/staff'
import { ClientSchema, ClientSearchResponseSchema } from '../domain/client'
import {
  ChainVerificationSchema,
  ConsentActionSchema,
  ConsentChangeSchema,
  ConsentEventsPageSchema,
  ConsentSourceSchema,
  ConsentStateSchema,
  IdentityVerificationSchema,
  PurposeDefinitionSchema,
  PurposeSchema,
  RecordConsentsResponseSchema
} from '../domain/consent'

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
  expiresAt: z.string()
})
export type Session = z.infer<typeof SessionSchema>

export const SessionEndedSchema = z.object({
  reason: z.enum(['expired', 'signed_out'])
})

const ClientIdSchema = z.string().min(1).max(64)

/**
 * One logical save. `requestId` is made by the renderer when the agent confirms and reused for a
 * retry of the same pending set; main sends it as the Idempotency-Key, so a retry after a lost
 * answer cannot record twice. `expectedVersion` becomes `If-Match`.
 */
export const RecordConsentsInputSchema = z.object({
  clientId: ClientIdSchema,
  requestId: z.uuid(),
  expectedVersion: z.number().int().nonnegative(),
  changes: z.array(ConsentChangeSchema).min(1).max(50),
  identityVerification: IdentityVerificationSchema,
  source: ConsentSourceSchema,
  language: LanguageSchema
})
export type RecordConsentsInput = z.infer<typeof RecordConsentsInputSchema>

export const ConsentEventFiltersSchema = z.object({
  purpose: PurposeSchema.optional(),
  action: ConsentActionSchema.optional(),
  source: ConsentSourceSchema.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional()
})
export type ConsentEventFilters = z.infer<typeof ConsentEventFiltersSchema>

export const invokeContract = {
  'app:info': { input: z.undefined(), output: AppInfoSchema },
  'api:health': { input: z.undefined(), output: ApiHealthSchema },
  'auth:login': { input: LoginRequestSchema, output: SessionSchema },
  'auth:logout': { input: z.undefined(), output: z.null() },
  'auth:session': { input: z.undefined(), output: SessionSchema.nullable() },
  'clients:search': {
    input: z.object({ q: z.string().max(100), limit: z.number().int().min(1).max(100).optional() }),
    output: ClientSearchResponseSchema
  },
  'clients:get': { input: z.object({ id: z.string().max(64) }), output: ClientSchema },
  /** Logs that the full identifiers are about to be shown; the card reveals them only after. */
  'clients:reveal': { input: z.object({ id: z.string().max(64) }), output: z.null() },
  'purposes:list': { input: z.undefined(), output: z.array(PurposeDefinitionSchema) },
  'consents:get': {
    input: z.object({ clientId: ClientIdSchema, at: z.iso.datetime({ offset: true }).optional() }),
    output: ConsentStateSchema
  },
  'consents:record': { input: RecordConsentsInputSchema, output: RecordConsentsResponseSchema },
  'consents:events': {
    input: z.object({
      clientId: ClientIdSchema,
      filters: ConsentEventFiltersSchema,
      cursor: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(500).optional()
    }),
    output: ConsentEventsPageSchema
  },
  'consents:verify': {
    input: z.object({ clientId: ClientIdSchema }),
    output: ChainVerificationSchema
  },
  /**
   * The renderer says whether it holds changes not yet saved, each time that flips; main then
   * asks before the window closes (see `app:close-requested`).
   */
  'app:unsaved-work': { input: z.object({ unsaved: z.boolean() }), output: z.null() },
  /** The user chose to discard: close the window now, without asking again. */
  'app:close': { input: z.undefined(), output: z.null() }
} as const satisfies Record<InvokeChannel, { input: z.ZodType; output: z.ZodType }>

export const eventContract = {
  'session:ended': { payload: SessionEndedSchema },
  /** The user tried to close the window with unsaved work flagged; it stays open until `app:close`. */
  'app:close-requested': { payload: z.object({}) }
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
