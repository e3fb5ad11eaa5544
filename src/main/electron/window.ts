import { BrowserWindow, session } from 'electron'
import { eventContract } from '../../shared/ipc/contract'
import type { EventSink, Logger, WindowControl } from '../ports'
import { buildContentSecurityPolicy } from '../security/csp'
import { isAllowedNavigation } from '../security/navigation'
import type { RendererSource } from '../security/renderer-source'
import { createWindowOptions } from '../security/window-options'
import type { CloseGuard } from '../services/close-guard'

/**
 * Session-wide hardening, once per app: CSP as a response header on http(s) responses (the dev
 * server's; the app:// handler sets its own), because the page's meta tag cannot cover every
 * response, and every permission request (camera, notifications, …) refused.
 */
export function hardenDefaultSession({ dev }: { dev: boolean }): void {
  const csp = buildContentSecurityPolicy({ dev })
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] }
    })
  })
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false)
  })
  session.defaultSession.setPermissionCheckHandler(() => false)
}

/**
 * Creates the main window on the renderer's page, locked to its origin: no navigation away, no
 * new windows. DevTools only when not packaged.
 */
export function createMainWindow({
  renderer,
  preloadPath,
  isPackaged,
  logger
}: {
  renderer: RendererSource
  preloadPath: string
  isPackaged: boolean
  logger: Logger
}): BrowserWindow {
  const window = new BrowserWindow(createWindowOptions({ preloadPath, isPackaged }))
  const contents = window.webContents

  const refuse = (event: { preventDefault(): void }, url: string): void => {
    if (isAllowedNavigation(url, renderer.origin)) return
    event.preventDefault()
    logger.warn('Navigation blocked', { url: url.slice(0, 200) })
  }
  contents.on('will-navigate', (event) => refuse(event, event.url))
  contents.on('will-redirect', (event) => refuse(event, event.url))
  contents.on('will-frame-navigate', (event) => refuse(event, event.url))
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))

  window.once('ready-to-show', () => window.show())
  void window.loadURL(renderer.url)
  return window
}

/** Pushes contract events to the window, parsed first so main cannot send a malformed one. */
export function createWindowEventSink(getWindow: () => BrowserWindow | undefined): EventSink {
  return {
    emit(channel, payload) {
      const window = getWindow()
      if (!window || window.isDestroyed()) return
      window.webContents.send(channel, eventContract[channel].payload.parse(payload))
    }
  }
}

/**
 * Asks the close guard on every attempt to close `window` (title-bar button, Alt+F4, quitting the
 * app): with unsaved work flagged it stays open and the renderer is asked instead. A page that was
 * replaced or crashed takes its unsaved work with it, so the guard forgets it; otherwise a dead page
 * that can never answer would keep the window open for good.
 */
export function guardWindowClose(
  window: BrowserWindow,
  guard: Pick<CloseGuard, 'onCloseAttempt' | 'forgetPage'>
): void {
  window.on('close', (event) => {
    if (guard.onCloseAttempt() === 'prevent') event.preventDefault()
  })
  window.webContents.on('did-navigate', () => guard.forgetPage())
  window.webContents.on('render-process-gone', () => guard.forgetPage())
}

/** Closes the current window, if there is one; the close guard has already agreed. */
export function createWindowControl(getWindow: () => BrowserWindow | undefined): WindowControl {
  return {
    close() {
      const window = getWindow()
      if (window && !window.isDestroyed()) window.close()
    }
  }
}
