import { randomUUID } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { app, BrowserWindow, dialog, session } from 'electron'
import type { DocumentPrinter, SaveDialog } from '../ports'

/**
 * A document is loaded into a hidden window that runs no script, in its own in-memory session:
 * the app session's CSP header (no inline styles) is for the app, while a print document carries
 * its own policy in a meta tag (inline styles and data: fonts, nothing else). The HTML goes
 * through a temporary file because a batch of confirmations is larger than a data: URL may be.
 */
async function withDocumentWindow<T>(
  html: string,
  use: (window: BrowserWindow) => Promise<T>
): Promise<T> {
  const file = join(tmpdir(), `consent-desk-print-${randomUUID()}.html`)
  await writeFile(file, html, { mode: 0o600 })
  const window = new BrowserWindow({
    show: false,
    webPreferences: {
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      session: session.fromPartition('consent-desk-print')
    }
  })
  window.webContents.on('will-navigate', (event) => event.preventDefault())
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  try {
    await window.loadFile(file)
    return await use(window)
  } finally {
    window.destroy()
    await rm(file, { force: true })
  }
}

export function createElectronPrinter(): DocumentPrinter {
  return {
    toPdf: (html) =>
      withDocumentWindow(html, (window) =>
        window.webContents.printToPDF({
          pageSize: 'A4',
          printBackground: true,
          preferCSSPageSize: true
        })
      ),
    print: (html) =>
      withDocumentWindow(
        html,
        (window) =>
          new Promise<boolean>((resolve) => {
            window.webContents.print({ silent: false, printBackground: true }, (success) =>
              resolve(success)
            )
          })
      )
  }
}

export function createElectronSaveDialog(getParent: () => BrowserWindow | undefined): SaveDialog {
  return {
    async choosePath(suggestedName, format) {
      const options = {
        defaultPath: join(app.getPath('documents'), suggestedName),
        filters: [
          format === 'pdf'
            ? { name: 'PDF', extensions: ['pdf'] }
            : { name: 'JSON', extensions: ['json'] }
        ]
      }
      const parent = getParent()
      const answer = parent
        ? await dialog.showSaveDialog(parent, options)
        : await dialog.showSaveDialog(options)
      return answer.canceled || !answer.filePath ? null : answer.filePath
    }
  }
}
