import type { AppInfo } from '../../shared/ipc/contract'
import { createApiClient } from '../api/api-client'
import type { ApiClient } from '../api/api-client'
import { createHandlers } from '../ipc/handlers'
import type { IpcHandlers } from '../ipc/register'
import { noWindowControl, systemClock } from '../ports'
import type { Clock, DocumentPrinter, EventSink, Logger, SaveDialog, WindowControl } from '../ports'
import type { PrintAssets } from '../../shared/print'
import { createAppInfo } from './app-info'
import type { DemoAccount } from './app-info'
import { createCloseGuard } from './close-guard'
import type { CloseGuard } from './close-guard'
import { createConfirmationBatches, type ConfirmationBatches } from './confirmations'
import { createPrintService, noPrinting } from './print'
import type { PrintService } from './print'
import { createSessionStore } from './session'
import type { SessionStore } from './session'

export interface MainServices {
  appInfo: AppInfo
  api: ApiClient
  session: SessionStore
  /** The shell asks it on every attempt to close the window. */
  closeGuard: CloseGuard
  print: PrintService
  confirmations: ConfirmationBatches | null
  handlers: IpcHandlers
}

/** What printing needs from the shell (or the tests): paper, a save dialog and the assets. */
export interface PrintPorts {
  printer: DocumentPrinter
  saveDialog: SaveDialog
  /** The print stylesheet and fonts from resources/, loaded once when first needed. */
  assets: () => Promise<PrintAssets>
  /** RECEIPT_VERIFY_URL, for the receipts' QR codes. */
  receiptVerifyUrl?: string | undefined
}

/**
 * Wires main's services for one API address (or the promise of one: the embedded API while it
 * starts; calls wait for it). The Electron entry and the E2E harness both call this, so the page
 * under test talks to exactly the handlers the desktop app uses.
 */
export function createMainServices({
  apiUrl,
  mode,
  demoAccounts,
  version,
  events,
  logger,
  clock = systemClock,
  timeoutMs,
  windowControl = noWindowControl,
  printing
}: {
  apiUrl: string | Promise<string>
  mode: AppInfo['mode']
  demoAccounts: readonly DemoAccount[]
  version: string
  events: EventSink
  logger: Logger
  clock?: Clock
  timeoutMs?: number
  /** Closes the app window for real; callers without a window may leave it out. */
  windowControl?: WindowControl
  /** Paper and files; callers that never print (most tests) leave it out. */
  printing?: PrintPorts
}): MainServices {
  const session = createSessionStore({ events, clock })
  const api = createApiClient({
    baseUrl: apiUrl,
    logger,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    tokens: {
      token: () => session.token(),
      // An idle session locks the desk (same person, work kept); any other 401 signs out.
      rejected: (code) => session.end(code === 'session_idle' ? 'idle' : 'expired')
    }
  })
  const appInfo = createAppInfo({ version, mode, demoAccounts })
  const closeGuard = createCloseGuard({ events, window: windowControl })
  const print = printing ? createPrintService({ api, clock, ...printing }) : noPrinting
  const confirmations = printing
    ? createConfirmationBatches({ api, clock, events, ...printing })
    : null
  return {
    appInfo,
    api,
    session,
    closeGuard,
    print,
    confirmations,
    handlers: createHandlers({ appInfo, api, session, closeGuard, print, confirmations, logger })
  }
}
