/**
 * @file The one print pipeline: (document kind, data, language) → standalone HTML → PDF
 * (Electron's `printToPDF` in the app, Chromium's `page.pdf()` in tests). Runs in plain Node
 * and in the renderer; `loadPrintAssets` (Node only) is in ./assets.node.
 */
export { renderHtml, PRINT_CSP } from './render-html'
export { PrintDocumentView } from './PrintDocumentView'
export { PRINT_TEMPLATES, type PrintDocument, type PrintDocumentKind } from './templates'
export type { PrintTemplate } from './template'
export { letterRefusal } from './documents/review-letter'
export { printContext, PRINT_LANGUAGES, type PrintContext, type PrintKey } from './print-i18n'
export {
  formatPrintAmount,
  formatPrintDate,
  formatPrintDateTime,
  formatPrintPercent
} from './print-format'
export type {
  ConfirmationPrintData,
  PrintAssets,
  PrintFont,
  ReceiptPrintData,
  ReportPrintData,
  ReviewLetterPrintData
} from './types'
