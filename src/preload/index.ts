/**
 * @file The preload: plumbing only. It exposes `window.consentDesk = { invoke, on }` for the
 * allow-listed channels and nothing else. It imports only the import-free channel list, so the
 * sandboxed bundle stays one small file. Validation happens in main, which is authoritative.
 */
import { contextBridge, ipcRenderer } from 'electron'
import type { IpcRendererEvent } from 'electron'
import { isEventChannel, isInvokeChannel } from '../shared/ipc/channels'
import type { EventChannel, InvokeChannel } from '../shared/ipc/channels'

const bridge = {
  invoke(channel: InvokeChannel, input?: unknown): Promise<unknown> {
    if (!isInvokeChannel(channel)) {
      // Same envelope main uses (BRIDGE_ERROR_CODES.invalidInput), spelt out to stay import-free.
      return Promise.resolve({
        ok: false,
        error: { code: 'invalid_input', message: 'Unknown channel' }
      })
    }
    return ipcRenderer.invoke(channel, input)
  },

  on(channel: EventChannel, listener: (payload: unknown) => void): () => void {
    if (!isEventChannel(channel)) throw new Error('Unknown event channel')
    // The page gets the payload only: the IpcRendererEvent would hand it `sender`.
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(channel, forward)
    return () => {
      ipcRenderer.removeListener(channel, forward)
    }
  }
}

contextBridge.exposeInMainWorld('consentDesk', Object.freeze(bridge))
