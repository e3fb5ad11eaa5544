import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import { LanguageSchema, type Language } from '../../../../shared/domain/staff'
import { PrintDocumentView } from '../../../../shared/print/PrintDocumentView'
import { ModalDialog } from '../../components/ModalDialog'
import type { PrintRequest } from '../../../../shared/ipc/print-contract'
import type { PrintPreviewStore } from './previewStore'
// The print template's own stylesheet (scoped to .print-document) and fonts: the preview is
// the paper.
import '../../../../shared/print/print.css'
import './print-fonts.css'
import './receipts.css'

const LANGUAGES = LanguageSchema.options

/** Failures with their own words; any other says the print failed and may be tried again. */
const SPECIFIC_OUTPUT_ERRORS = new Set(['api_unreachable', 'printing_unavailable'])

function titleKey(target: PrintRequest | null): string {
  if (target?.kind === 'report') return 'reports.preview.title'
  if (target?.kind === 'access-log') return 'accessLog.preview.title'
  // A review case's letters: the request's confirmation, the extension notice, the outcome.
  if (target?.kind === 'review') return `decisions.preview.${target.letter}`
  return target?.copy ? 'receipts.preview.copyTitle' : 'receipts.preview.title'
}

/** A review letter is a letter, not a receipt: the words that name the document say so. */
function wordsKey(
  target: PrintRequest | null,
  key: 'language' | 'loading' | 'printed' | 'failed'
): string {
  return target?.kind === 'review' ? `decisions.preview.${key}` : `receipts.preview.${key}`
}

export interface PrintPreviewDialogProps {
  store: PrintPreviewStore
}

/**
 * The receipt as it will be printed, with Print (Ctrl+P), Save PDF and Done. The page is the
 * print template itself; the agent may switch its language before printing.
 */
export function PrintPreviewDialog({ store }: PrintPreviewDialogProps): React.JSX.Element {
  const { t } = useTranslation()
  const status = useStore(store, (s) => s.status)
  const document = useStore(store, (s) => s.document)
  const language = useStore(store, (s) => s.language)
  const busy = useStore(store, (s) => s.busy)
  const outcome = useStore(store, (s) => s.outcome)
  const outputError = useStore(store, (s) => s.outputError)
  const errorCode = useStore(store, (s) => s.errorCode)
  const target = useStore(store, (s) => s.target)
  const report = target?.kind === 'report'
  const printRef = useRef<HTMLButtonElement>(null)
  const close = (): void => store.getState().close()
  const ready = status === 'ready' && document !== null

  // Ctrl+P prints the receipt on screen (the shortcut the desk names for it).
  useEffect(() => {
    function onKey(event: KeyboardEvent): void {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'p') {
        event.preventDefault()
        void store.getState().output('print')
      }
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [store])

  return (
    <ModalDialog
      title={t(titleKey(target))}
      header={
        <div className="segmented" role="radiogroup" aria-label={t(wordsKey(target, 'language'))}>
          {LANGUAGES.map((option: Language) => (
            <button
              key={option}
              type="button"
              role="radio"
              aria-checked={option === language}
              className="segmented__option"
              disabled={busy !== null}
              onClick={() => void store.getState().setLanguage(option)}
            >
              {t(`client.languages.${option}`)}
            </button>
          ))}
        </div>
      }
      className="receipt-preview"
      headerClassName="receipt-preview__header"
      initialFocus={printRef}
      onEscape={close}
    >
      <div
        className="receipt-preview__stage"
        data-testid="receipt-preview"
        // The page scrolls: a region the keyboard can reach and scroll.
        role="region"
        aria-label={t('receipts.preview.page')}
        tabIndex={0}
      >
        {status === 'loading' && (
          <p className="receipt-preview__status" role="status">
            <span className="spinner" aria-hidden="true" /> {t(wordsKey(target, 'loading'))}
          </p>
        )}
        {status === 'error' && (
          <div className="client__error" role="alert">
            <p>{t([`errors.${errorCode ?? 'generic'}`, 'errors.generic'])}</p>
            <button type="button" className="button" onClick={() => void store.getState().reload()}>
              {t('consents.retry')}
            </button>
          </div>
        )}
        {ready && (
          <div className="receipt-preview__paper" lang={language}>
            <PrintDocumentView document={document} language={language} />
          </div>
        )}
      </div>

      <footer className="dialog__footer receipt-preview__footer">
        <p className="receipt-preview__outcome" role="status" data-testid="print-outcome">
          {outcome?.outcome === 'saved' &&
            t('receipts.preview.saved', { path: outcome.path ?? '' })}
          {outcome?.outcome === 'printed' && t(wordsKey(target, 'printed'))}
          {outcome?.outcome === 'cancelled' && t('receipts.preview.cancelled')}
          {outputError &&
            (SPECIFIC_OUTPUT_ERRORS.has(outputError)
              ? t(`errors.${outputError}`)
              : t(wordsKey(target, 'failed')))}
        </p>
        {report && (
          <button
            type="button"
            className="button button--ghost"
            disabled={!ready || busy !== null}
            onClick={() => void store.getState().output('json')}
          >
            {busy === 'json' && <span className="spinner" aria-hidden="true" />}
            {t('reports.preview.saveJson')}
          </button>
        )}
        <button
          type="button"
          className="button button--ghost"
          disabled={!ready || busy !== null}
          onClick={() => void store.getState().output('pdf')}
        >
          {busy === 'pdf' && <span className="spinner" aria-hidden="true" />}
          {t('receipts.preview.savePdf')}
        </button>
        <button
          ref={printRef}
          type="button"
          className="button button--primary"
          disabled={!ready || busy !== null}
          onClick={() => void store.getState().output('print')}
        >
          {busy === 'print' && <span className="spinner" aria-hidden="true" />}
          {t('receipts.preview.print')} <kbd aria-hidden="true">Ctrl+P</kbd>
        </button>
        <button type="button" className="button button--ghost" onClick={close}>
          {t('receipts.preview.done')}
        </button>
      </footer>
    </ModalDialog>
  )
}
