import { accessLogTemplate } from './documents/access-log'
import { confirmationTemplate } from './documents/confirmation'
import { receiptTemplate } from './documents/receipt'
import { reportTemplate } from './documents/report'
import { reviewLetterTemplate } from './documents/review-letter'
import type { PrintTemplate } from './template'

/** Every kind of printed document. Adding one: its file in documents/, and an entry here. */
export const PRINT_TEMPLATES = {
  receipt: receiptTemplate,
  confirmation: confirmationTemplate,
  report: reportTemplate,
  review: reviewLetterTemplate,
  'access-log': accessLogTemplate
} as const

export type PrintDocumentKind = keyof typeof PRINT_TEMPLATES

type DataOf<Template> = Template extends PrintTemplate<infer Data> ? Data : never

/** A document to print: its kind and that kind's data. */
export type PrintDocument = {
  [Kind in PrintDocumentKind]: { kind: Kind; data: DataOf<(typeof PRINT_TEMPLATES)[Kind]> }
}[PrintDocumentKind]

/** The template of a document, typed for its data (TypeScript cannot correlate the union). */
export function templateOf(document: PrintDocument): PrintTemplate<PrintDocument['data']> {
  return PRINT_TEMPLATES[document.kind] as PrintTemplate<PrintDocument['data']>
}
