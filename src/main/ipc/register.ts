/**
 * @file The one road from the renderer into main. For every channel: check the sender, parse the
 * input from `unknown` with the contract, call the handler, parse its output, answer with an
 * envelope. Nothing here throws across the bridge (Electron would keep only an Error's message),
 * and nothing logged here carries an input or a token.
 */
import type { z } from 'zod'
import { isInvokeChannel } from '../../shared/ipc/channels'
import { CONTRACT_CHANNELS, invokeContract } from '../../shared/ipc/contract'
import type { InvokeContract } from '../../shared/ipc/contract'
import { BRIDGE_ERROR_CODES } from '../../shared/ipc/result'
import type { IpcError, IpcResult } from '../../shared/ipc/result'
import { BridgeError } from '../../shared/ipc/result'
import type { Logger } from '../ports'

/**
 * One handler per invoke channel of the contract. The mapped type is exhaustive: a channel added
 * to the contract without a handler fails `tsc`; registration below walks the contract itself.
 */
export type IpcHandlers = {
  [C in keyof InvokeContract]: (
    input: z.output<InvokeContract[C]['input']>
  ) => Promise<z.input<InvokeContract[C]['output']>>
}

/** The part of an `IpcMainInvokeEvent` the sender check needs (`parent`: null for a top frame). */
export interface SenderInfo {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null | undefined
}

/**
 * Structural stand-in for Electron's `ipcMain`, so tests can pass a Map-backed fake. `Event` is
 * what the listener receives: Electron's whole `IpcMainInvokeEvent` in the shell.
 */
export interface IpcMainLike<Event extends SenderInfo = SenderInfo> {
  handle(channel: string, listener: (event: Event, ...args: unknown[]) => unknown): void
}

export type IpcDispatcher = (channel: unknown, input: unknown) => Promise<IpcResult<unknown>>

function failure(error: IpcError): IpcResult<never> {
  return { ok: false, error }
}

function issuesToFields(error: z.ZodError): IpcError['fields'] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message
  }))
}

/**
 * The channel dispatcher without any Electron in it: `registerIpcHandlers` binds it to ipcMain,
 * and the E2E harness exposes it to the page, so both run exactly this code.
 */
export function createIpcDispatcher(handlers: IpcHandlers, logger: Logger): IpcDispatcher {
  return async (channel, input) => {
    if (!isInvokeChannel(channel)) {
      return failure({ code: BRIDGE_ERROR_CODES.invalidInput, message: 'Unknown channel' })
    }
    const contract = invokeContract[channel]
    const parsedInput = contract.input.safeParse(input)
    if (!parsedInput.success) {
      return failure({
        code: BRIDGE_ERROR_CODES.invalidInput,
        message: `Invalid input for ${channel}`,
        fields: issuesToFields(parsedInput.error)
      })
    }

    let output: unknown
    try {
      // The union of handler signatures cannot be narrowed by `channel`; the input was parsed
      // with this very channel's schema just above, so the call is sound.
      const handler = handlers[channel] as (input: unknown) => Promise<unknown>
      output = await handler(parsedInput.data)
    } catch (error) {
      if (error instanceof BridgeError) return failure(error.toIpcError())
      // Only the error's name and message: a stack or an axios config could carry secrets.
      logger.error('IPC handler failed', {
        channel,
        error: error instanceof Error ? `${error.name}: ${error.message}` : typeof error
      })
      return failure({ code: BRIDGE_ERROR_CODES.internal, message: 'Internal error' })
    }

    const parsedOutput = contract.output.safeParse(output)
    if (!parsedOutput.success) {
      logger.error('IPC handler returned output that breaks the contract', {
        channel,
        issues: parsedOutput.error.issues.map(
          (issue) => `${issue.path.map(String).join('.')}: ${issue.message}`
        )
      })
      return failure({ code: BRIDGE_ERROR_CODES.internal, message: 'Internal error' })
    }
    return { ok: true, value: parsedOutput.data }
  }
}

/**
 * Registers every channel of the invoke contract on `ipc`. A message from any frame but the app's
 * own page (`isTrustedSender`, src/main/security/ipc-sender.ts) is answered with
 * `forbidden_sender` and never reaches a handler.
 */
export function registerIpcHandlers<Event extends SenderInfo>(
  ipc: IpcMainLike<Event>,
  handlers: IpcHandlers,
  isTrustedSender: (event: Event) => boolean,
  logger: Logger
): void {
  const dispatch = createIpcDispatcher(handlers, logger)
  for (const channel of CONTRACT_CHANNELS) {
    ipc.handle(channel, async (event, input) => {
      let trusted = false
      try {
        trusted = isTrustedSender(event)
      } catch {
        trusted = false
      }
      if (!trusted) {
        logger.warn('IPC from an untrusted sender refused', { channel })
        return failure({ code: BRIDGE_ERROR_CODES.forbiddenSender, message: 'Forbidden sender' })
      }
      try {
        return await dispatch(channel, input)
      } catch {
        // The dispatcher catches everything itself; this is the last guard of "never throws".
        return failure({ code: BRIDGE_ERROR_CODES.internal, message: 'Internal error' })
      }
    })
  }
}
