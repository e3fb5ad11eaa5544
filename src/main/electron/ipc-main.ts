import { ipcMain } from 'electron'
import type { BrowserWindow } from 'electron'
import type { IpcHandlers } from '../ipc/register'
import { registerIpcHandlers } from '../ipc/register'
import type { Logger } from '../ports'
import { isTrustedIpcSender } from '../security/ipc-sender'

/**
 * Binds the contract's handlers to Electron's ipcMain. Only the app's own page may call them:
 * the top-level frame (`senderFrame.parent === null`) of the main window, on `trustedOrigin`.
 * `senderFrame` is checked rather than webContents, so an iframe inside the page is refused too.
 */
export function registerElectronIpc(
  handlers: IpcHandlers,
  {
    trustedOrigin,
    getMainWindow
  }: { trustedOrigin: string; getMainWindow: () => BrowserWindow | undefined },
  logger: Logger
): void {
  registerIpcHandlers(
    ipcMain,
    handlers,
    (event) =>
      isTrustedIpcSender(
        {
          frame: event.senderFrame,
          fromMainWindow: event.sender === getMainWindow()?.webContents
        },
        trustedOrigin
      ),
    logger
  )
}
