import { z } from 'zod'
import { FieldErrorSchema } from '../api/errors'
import { ConsentStateSchema, CurrentNoticeSchema } from '../domain/consent'

/**
 * Errors cross the bridge as data: Electron keeps only an Error's message across `handle`.
 * `code` is the API's code where the API answered, or one of the bridge's own codes below.
 */
export const BRIDGE_ERROR_CODES = {
  invalidInput: 'invalid_input',
  forbiddenSender: 'forbidden_sender',
  apiUnreachable: 'api_unreachable',
  /** The embedded consent API could not start (its database, say); main logged the cause. */
  apiStartFailed: 'api_start_failed',
  notSignedIn: 'unauthenticated',
  /** A newer request of the same kind replaced this one (a search overtaken by typing). */
  superseded: 'superseded',
  /** This process was started without a printer (a test harness that does not print). */
  printingUnavailable: 'printing_unavailable',
  internal: 'internal_error'
} as const

export const IpcErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  status: z.number().int().optional(),
  fields: z.array(FieldErrorSchema).optional(),
  /**
   * What the API sent beside the error that the UI needs to recover. Optional, so envelopes
   * without it stay valid: a 412 on a consent write carries the client's current `state`.
   */
  details: z
    .object({
      state: ConsentStateSchema.optional(),
      /**
       * A 409 `notice_outdated`: the versions now published of the notices the write named
       * (a purpose's, or `rights`), so the desk can show the client the new text.
       */
      current: z.array(CurrentNoticeSchema).optional(),
      /** When a locked account opens again (423 on sign-in). */
      lockedUntil: z.iso.datetime().optional()
    })
    .optional()
})
export type IpcError = z.infer<typeof IpcErrorSchema>

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError }

export function ipcResultSchema<T extends z.ZodType>(
  value: T
): z.ZodDiscriminatedUnion<
  [
    z.ZodObject<{ ok: z.ZodLiteral<true>; value: T }>,
    z.ZodObject<{ ok: z.ZodLiteral<false>; error: typeof IpcErrorSchema }>
  ]
> {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: IpcErrorSchema })
  ])
}

/**
 * A failed call as data both sides branch on: `code` is the API's own code where the API
 * answered, or one of BRIDGE_ERROR_CODES. Main throws it to send exactly this error across the
 * bridge; the renderer's IPC client rebuilds it from the envelope.
 */
export class BridgeError extends Error {
  readonly code: string
  readonly status: number | undefined
  readonly fields: IpcError['fields']
  readonly details: IpcError['details']

  constructor(error: IpcError) {
    super(error.message)
    this.name = 'BridgeError'
    this.code = error.code
    this.status = error.status
    this.fields = error.fields
    this.details = error.details
  }

  toIpcError(): IpcError {
    return {
      code: this.code,
      message: this.message,
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.fields === undefined ? {} : { fields: this.fields }),
      ...(this.details === undefined ? {} : { details: this.details })
    }
  }
}
