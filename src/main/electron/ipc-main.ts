import { ipcMain } from 'electron'
import type { IpcHandlers } from '../ipc/register'
import { registerIpcHandlers } from '../ipc/register'
import type { Logger } from '../ports'
import { isTrustedSenderUrl } from '../security/navigation'

/**
 * Binds the contract's handlers to Electron's ipcMain. Only the app's own page may call them:
 * `senderFrame` is checked rather than webContents, so an iframe inside the page is refused too.
 */
export function registerElectronIpc(handlers: IpcHandlers, appUrl: string, logger: Logger): void {
  registerIpcHandlers(
    ipcMain,
    handlers,
    (event) => isTrustedSenderUrl(event.senderFrame?.url, appUrl),
    logger
  )
}
