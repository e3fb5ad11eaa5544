import type { ReactElement } from 'react'
import type { PrintContext } from './print-i18n'

/**
 * One kind of printed document. A new kind is one file in documents/ that exports a template,
 * one entry in templates.ts, and its labels in locales/.
 */
export interface PrintTemplate<Data> {
  /** The document's title for the HTML `<title>` (what a PDF viewer shows). */
  title(data: Data, ctx: PrintContext): string
  /** The document's body, inside `<article class="print-document">`. */
  Body(props: { data: Data; ctx: PrintContext }): ReactElement
}
