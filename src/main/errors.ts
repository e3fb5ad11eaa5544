import type { IpcError } from '../shared/ipc/result'

/**
 * An error meant to cross the bridge: its code and message are safe to show the renderer
 * (the API's own code where the API answered, or one of BRIDGE_ERROR_CODES). Any other thrown
 * value becomes `internal_error` with a generic message.
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
