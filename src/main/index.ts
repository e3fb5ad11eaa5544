/**
 * @file Composition root of the Electron main process: lifecycle, adapters, services, window, IPC.
 * No logic lives here; everything it wires is plain Node code tested without Electron.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, dialog, session } from 'electron'
import type { BrowserWindow } from 'electron'
import { PGLITE_TEMPLATE_FILE } from '../server/db/pglite-template'
import { DEMO_ACCOUNTS, startEmbeddedServer } from '../server/embedded'
import { demoPasswordFrom } from './demo-password'
import { createElectronAppPaths } from './electron/app-paths'
import { registerAppSchemeAsPrivileged, serveBundle } from './electron/app-protocol'
import { registerElectronIpc } from './electron/ipc-main'
import { createElectronPrinter, createElectronSaveDialog } from './electron/printer'
import {
  createMainWindow,
  createWindowControl,
  createWindowEventSink,
  guardWindowClose,
  hardenDefaultSession
} from './electron/window'
import { createLogger } from './logger'
import { buildContentSecurityPolicy } from './security/csp'
import { chooseRendererSource } from './security/renderer-source'
import type { RendererSource } from './security/renderer-source'
import { startBackend } from './services/backend'
import type { Backend } from './services/backend'
import type { CloseGuard } from './services/close-guard'
import { createMainServices } from './services/create-services'
import { loadPrintAssets } from '../shared/print/assets.node'

const here = dirname(fileURLToPath(import.meta.url))
// The print fonts and stylesheet: next to the app when packaged, the repository's resources/ in
// development (out/main is two levels below it).
const resourcesDir = app.isPackaged
  ? join(process.resourcesPath, 'resources')
  : join(here, '../../resources')
const logger = createLogger()
let window: BrowserWindow | undefined
let backend: Backend | undefined
let closeGuard: CloseGuard | undefined
let renderer: RendererSource | undefined

function showWindow(source: RendererSource): void {
  window = createMainWindow({
    renderer: source,
    preloadPath: join(here, '../preload/index.cjs'),
    isPackaged: app.isPackaged,
    logger
  })
  if (closeGuard) guardWindowClose(window, closeGuard)
  window.on('closed', () => (window = undefined))
}

async function start(): Promise<void> {
  // The built bundle on app://bundle; the dev server only in development (ELECTRON_RENDERER_URL).
  renderer = chooseRendererSource({ isPackaged: app.isPackaged, env: process.env })
  const dev = renderer.kind === 'dev-server'
  hardenDefaultSession({ dev })
  serveBundle(session.defaultSession, {
    bundleRoot: join(here, '../renderer'),
    contentSecurityPolicy: buildContentSecurityPolicy({ dev })
  })
  // Returns once the settings are read; the embedded API (PGlite, migrations, listen) starts
  // in the background and API calls wait for it, so the window opens on the sign-in screen now.
  backend = await startBackend({
    env: process.env,
    userDataDir: createElectronAppPaths().userData(),
    demoPassword: demoPasswordFrom(process.env),
    startEmbedded: startEmbeddedServer,
    // Written by `npm run build` beside the bundle (out/), inside the package when packaged.
    dataTemplate: join(here, '..', PGLITE_TEMPLATE_FILE),
    logger
  })
  const services = createMainServices({
    apiUrl: backend.apiUrl,
    mode: backend.mode,
    demoAccounts: DEMO_ACCOUNTS,
    version: app.getVersion(),
    events: createWindowEventSink(() => window),
    windowControl: createWindowControl(() => window),
    logger,
    printing: {
      printer: createElectronPrinter(),
      saveDialog: createElectronSaveDialog(() => window),
      assets: once(async () => loadPrintAssets(resourcesDir)),
      receiptVerifyUrl: backend.receiptVerifyUrl
    }
  })
  closeGuard = services.closeGuard
  registerElectronIpc(
    services.handlers,
    { trustedOrigin: renderer.origin, getMainWindow: () => window },
    logger
  )
  showWindow(renderer)
}

/** Runs `load` on the first call and hands every caller that one promise. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined
  return () => (loaded ??= load())
}

// Privileged schemes must be registered before the app is ready.
registerAppSchemeAsPrivileged()

// A second instance would open a second PGlite on the same data directory.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore()
    window?.focus()
  })
  app.on('activate', () => {
    if (!window && backend && renderer) showWindow(renderer)
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  let closed = false
  app.on('will-quit', (event) => {
    if (closed || !backend) return
    // Quit waits for the embedded database to close cleanly, then quits for real.
    event.preventDefault()
    void backend
      .close()
      .catch((error: unknown) => {
        logger.error('Embedded API close failed', { error: String(error) })
      })
      .finally(() => {
        closed = true
        app.quit()
      })
  })
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error)
      logger.error('Start-up failed', { error: message })
      dialog.showErrorBox('Consent Desk cannot start', message)
      app.exit(1)
    })
}
