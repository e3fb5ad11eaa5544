import { z } from 'zod'
import type { EventChannel, InvokeChannel } from './channels'
import { HealthResponseSchema } from '../api/operations'
import { LanguageSchema, LoginRequestSchema, StaffSchema } from '../domain/staff'
import { ClientSchema, ClientSearchResponseSchema } from '../domain/client'

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
  'clients:get': { input: z.object({ id: z.string().max(64) }), output: ClientSchema }
} as const satisfies Record<InvokeChannel, { input: z.ZodType; output: z.ZodType }>

export const eventContract = {
  'session:ended': { payload: SessionEndedSchema }
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
