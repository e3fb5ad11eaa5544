import type { EventChannel } from '../shared/ipc/channels'
import type { EventPayload } from '../shared/ipc/contract'

/**
 * Ports: the only things main's services know about the outside world. The Electron shell
 * (src/main/electron) and the tests each supply their own implementations, so every service runs
 * in plain Node.
 */

/** Structured logging. Callers pass no secrets; `createLogger` redacts known secret keys anyway. */
export interface Logger {
  info(message: string, details?: Record<string, unknown>): void
  warn(message: string, details?: Record<string, unknown>): void
  error(message: string, details?: Record<string, unknown>): void
}

/** Where the app keeps its files (Electron's `app.getPath('userData')` in the shell). */
export interface AppPaths {
  userData(): string
}

/** Pushes an event to the renderer (the window's webContents in the shell, the page in E2E). */
export interface EventSink {
  emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void
}

/**
 * The app window, as far as the close guard needs it. `close()` closes it for real: the guard has
 * already been told to let that close through (Electron's `BrowserWindow.close()` in the shell).
 */
export interface WindowControl {
  close(): void
}

/** For callers with no window (tests, the E2E harness): closing does nothing. */
export const noWindowControl: WindowControl = { close: () => {} }

export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/**
 * Turns a standalone HTML document (src/shared/print) into paper: Electron's `printToPDF` and
 * `print` on a hidden, script-less window in the shell; Chromium's `page.pdf()` in the E2E tests.
 */
export interface DocumentPrinter {
  /** An A4 PDF of the document. */
  toPdf(html: string): Promise<Uint8Array>
  /** The system print dialog for the document; false when the user cancelled it. */
  print(html: string): Promise<boolean>
}

/** Where the user wants a file saved (the system's save dialog in the shell); null: cancelled. */
export interface SaveDialog {
  choosePath(suggestedName: string, format: 'pdf' | 'json'): Promise<string | null>
}
