import type { z } from 'zod'
import type { EventChannel, InvokeChannel } from '../../../shared/ipc/channels'
import {
  eventContract,
  invokeContract,
  type DesktopBridge,
  type EventPayload,
  type InvokeInput,
  type InvokeOutput
} from '../../../shared/ipc/contract'
import {
  BRIDGE_ERROR_CODES,
  BridgeError,
  ipcResultSchema,
  type IpcError
} from '../../../shared/ipc/result'

export { BridgeError }

/** Turns anything thrown into a BridgeError so stores need only one error shape. */
export function toBridgeError(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error
  const message = error instanceof Error ? error.message : String(error)
  return new BridgeError({ code: BRIDGE_ERROR_CODES.internal, message })
}

/** Channels without input take no second argument; the others require it. */
export type InvokeArgs<C extends InvokeChannel> = undefined extends InvokeInput<C>
  ? [input?: InvokeInput<C>]
  : [input: InvokeInput<C>]

export interface IpcClient {
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeOutput<C>>
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void
}

/** Lets the shell learn about reachability from every call, not only from health polling. */
export interface IpcObserver {
  onSuccess?(channel: InvokeChannel): void
  onError?(channel: InvokeChannel, error: BridgeError): void
}

// Built once per channel: zod schemas are cheap to reuse and costly to rebuild per call.
const resultSchemas = new Map<InvokeChannel, z.ZodType>()

function resultSchemaFor(channel: InvokeChannel): z.ZodType {
  let schema = resultSchemas.get(channel)
  if (!schema) {
    schema = ipcResultSchema(invokeContract[channel].output)
    resultSchemas.set(channel, schema)
  }
  return schema
}

/**
 * The only way the renderer talks to main. Answers are validated against the contract, so a
 * component never renders a shape main did not promise; a mismatch is an `internal_error`.
 */
export function createIpcClient(bridge: DesktopBridge, observer: IpcObserver = {}): IpcClient {
  async function call<C extends InvokeChannel>(
    channel: C,
    input: unknown
  ): Promise<InvokeOutput<C>> {
    const inputCheck = invokeContract[channel].input.safeParse(input)
    if (!inputCheck.success) {
      throw new BridgeError({
        code: BRIDGE_ERROR_CODES.invalidInput,
        message: `Invalid input for ${channel}`,
        fields: inputCheck.error.issues.map((issue) => ({
          path: issue.path.join('.'),
          message: issue.message
        }))
      })
    }
    let raw: unknown
    try {
      raw = await bridge.invoke(channel, input)
    } catch (error) {
      throw toBridgeError(error)
    }
    const parsed = resultSchemaFor(channel).safeParse(raw)
    if (!parsed.success) {
      throw new BridgeError({
        code: BRIDGE_ERROR_CODES.internal,
        message: `Unexpected answer on ${channel}`
      })
    }
    const envelope = parsed.data as
      | { ok: true; value: InvokeOutput<C> }
      | { ok: false; error: IpcError }
    if (!envelope.ok) throw new BridgeError(envelope.error)
    return envelope.value
  }

  return {
    async invoke(channel, ...args) {
      try {
        const value = await call(channel, args[0])
        observer.onSuccess?.(channel)
        return value
      } catch (error) {
        const bridgeError = toBridgeError(error)
        observer.onError?.(channel, bridgeError)
        throw bridgeError
      }
    },
    on(channel, listener) {
      const schema = eventContract[channel].payload
      return bridge.on(channel, (payload) => {
        const parsed = schema.safeParse(payload)
        // A malformed event is dropped rather than half-handled; main owns the shape.
        if (parsed.success) listener(parsed.data as EventPayload<typeof channel>)
      })
    }
  }
}
