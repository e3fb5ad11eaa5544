import { isSameOrigin } from './origin'

/**
 * What the shell knows about the sender of an IPC message: Electron's `event.senderFrame`
 * (null once the frame has navigated away or been destroyed) and whether `event.sender` is the
 * main window's webContents.
 */
export interface IpcSenderFacts {
  readonly frame:
    | {
        readonly url: string
        /** The parent frame; null only for a window's top-level frame. */
        readonly parent: unknown
      }
    | null
    | undefined
  readonly fromMainWindow: boolean
}

/**
 * Whether main answers an IPC message (Electron security checklist item 17, VS Code's rule):
 * only from the top-level frame of the main window, showing a page of `trustedOrigin`
 * (`app://bundle`, or the dev server in development). Any frame can call the preload's bridge,
 * so an iframe, even one on the app's own origin, or a frame that has gone away, is refused.
 */
export function isTrustedIpcSender(sender: IpcSenderFacts, trustedOrigin: string): boolean {
  const { frame, fromMainWindow } = sender
  if (!fromMainWindow || !frame) return false
  if (frame.parent !== null) return false
  return isSameOrigin(frame.url, trustedOrigin)
}
