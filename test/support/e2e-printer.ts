import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, Page } from '@playwright/test'
import type { DocumentPrinter, SaveDialog } from '../../src/main/ports'

/**
 * Main's printer port for the E2E tests: Chromium's `page.pdf()` renders the same HTML that
 * Electron's `printToPDF` does, in a context with JavaScript off as in the shell's print window.
 * There is no system print dialog here, so `print` keeps the document it was handed (tests read
 * it) and answers as a user who pressed Print would.
 */
export interface E2ePrinter extends DocumentPrinter {
  /** The HTML of every document sent to the (absent) print dialog, oldest first. */
  readonly printed: string[]
}

export function createChromiumPrinter(browser: Browser): E2ePrinter {
  const printed: string[] = []
  // One script-less page, made on first use and reused (a new context per document costs more
  // than the document); documents take turns on it.
  let page: Promise<Page> | undefined
  let turn: Promise<unknown> = Promise.resolve()
  const printerPage = (): Promise<Page> =>
    (page ??= browser.newContext({ javaScriptEnabled: false }).then((context) => context.newPage()))
  return {
    printed,
    toPdf(html) {
      const next = turn.then(async () => {
        const sheet = await printerPage()
        await sheet.setContent(html, { waitUntil: 'load' })
        return sheet.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
      })
      turn = next.catch(() => undefined)
      return next
    },
    async print(html) {
      printed.push(html)
      return true
    }
  }
}

/** The save dialog answered with a file in the test's own output folder. */
export interface E2eSaveDialog extends SaveDialog {
  /** Every path the dialog answered with, oldest first. */
  readonly chosen: string[]
}

export function createOutputDirSaveDialog(outputDir: string): E2eSaveDialog {
  const chosen: string[] = []
  return {
    chosen,
    async choosePath(suggestedName) {
      await mkdir(outputDir, { recursive: true })
      const path = join(outputDir, suggestedName)
      chosen.push(path)
      return path
    }
  }
}
