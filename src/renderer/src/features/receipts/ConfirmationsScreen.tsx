import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import { LanguageSchema, type Staff } from '../../../../shared/domain/staff'
import { DateField } from '../../components/DateField'
import type { ConfirmationsStore } from './confirmationsStore'
import './receipts.css'

export interface ConfirmationsScreenProps {
  store: ConfirmationsStore
  staff: Staff
}

/**
 * Batch consent confirmations (supervisors): for a list of clients, or for every change at the
 * supervisor's centre on a day, into one PDF; progress shown, and Cancel leaves no file.
 */
export function ConfirmationsScreen({ store, staff }: ConfirmationsScreenProps): React.JSX.Element {
  const { t } = useTranslation()
  const id = useId()
  const mode = useStore(store, (s) => s.mode)
  const text = useStore(store, (s) => s.identifiersText)
  const day = useStore(store, (s) => s.day)
  const language = useStore(store, (s) => s.language)
  const status = useStore(store, (s) => s.status)
  const count = useStore(store, (s) => s.identifiers().length)
  const busy = status === 'running' || status === 'cancelling'
  const ready = mode === 'clients' ? count > 0 : day !== null

  return (
    <main className="receipts-screen">
      <h1>{t('confirmations.title')}</h1>
      <form
        className="confirmations-form"
        aria-label={t('confirmations.formLabel')}
        onSubmit={(event) => {
          event.preventDefault()
          void store.getState().start(staff.centre.id)
        }}
      >
        <fieldset disabled={busy}>
          <legend>{t('confirmations.which')}</legend>
          <label className="check">
            <input
              type="radio"
              name={`${id}-mode`}
              checked={mode === 'clients'}
              onChange={() => store.getState().setMode('clients')}
            />
            {t('confirmations.modeClients')}
          </label>
          <label className="check">
            <input
              type="radio"
              name={`${id}-mode`}
              checked={mode === 'centreDay'}
              onChange={() => store.getState().setMode('centreDay')}
            />
            {t('confirmations.modeCentreDay', { centre: staff.centre.name })}
          </label>
        </fieldset>

        {mode === 'clients' ? (
          <div className="field">
            <label htmlFor={`${id}-list`}>{t('confirmations.identifiers')}</label>
            <textarea
              id={`${id}-list`}
              className="mono confirmations-form__list"
              rows={6}
              value={text}
              disabled={busy}
              spellCheck={false}
              aria-describedby={`${id}-count`}
              onChange={(event) => store.getState().setIdentifiersText(event.target.value)}
            />
            <span id={`${id}-count`} className="muted">
              {t('confirmations.identifiersCount', { count })}
            </span>
          </div>
        ) : (
          <DateField
            label={t('confirmations.day')}
            mode="date"
            commitWhileTyping
            value={day ? { date: day, time: null } : null}
            onCommit={(value) => store.getState().setDay(value?.date ?? null)}
          />
        )}

        <label className="field confirmations-form__language">
          <span>{t('confirmations.language')}</span>
          <select
            value={language}
            disabled={busy}
            onChange={(event) =>
              store.getState().setLanguage(LanguageSchema.parse(event.target.value))
            }
          >
            {LanguageSchema.options.map((option) => (
              <option key={option} value={option}>
                {t(`client.languages.${option}`)}
              </option>
            ))}
          </select>
        </label>

        <div className="confirmations-form__actions">
          <button type="submit" className="button button--primary" disabled={busy || !ready}>
            {t('confirmations.start')}
          </button>
        </div>
      </form>
      <BatchStatus store={store} />
    </main>
  )
}

function BatchStatus({ store }: { store: ConfirmationsStore }): React.JSX.Element | null {
  const { t } = useTranslation()
  const status = useStore(store, (s) => s.status)
  const progress = useStore(store, (s) => s.progress)
  const result = useStore(store, (s) => s.result)
  const errorCode = useStore(store, (s) => s.errorCode)
  if (status === 'idle') return null
  return (
    <section className="confirmations-status" aria-live="polite" data-testid="batch-status">
      {(status === 'running' || status === 'cancelling') && (
        <>
          <p role="status">
            {status === 'cancelling'
              ? t('confirmations.cancelling')
              : progress?.phase === 'rendering'
                ? t('confirmations.rendering', { count: progress.total })
                : progress
                  ? t('confirmations.collecting', { done: progress.done, count: progress.total })
                  : t('confirmations.starting')}
          </p>
          <progress
            max={progress?.total || 1}
            value={progress?.phase === 'rendering' ? undefined : (progress?.done ?? 0)}
            aria-label={t('confirmations.progressLabel')}
          />
          <button
            type="button"
            className="button button--danger"
            disabled={status === 'cancelling'}
            onClick={() => store.getState().cancel()}
          >
            {t('confirmations.cancel')}
          </button>
        </>
      )}
      {status === 'done' && result?.outcome === 'saved' && (
        <p role="status">
          {t('confirmations.saved', { count: result.printed, path: result.path ?? '' })}
        </p>
      )}
      {status === 'done' && result?.outcome === 'cancelled' && (
        <p role="status">{t('confirmations.cancelled')}</p>
      )}
      {status === 'done' && result?.outcome === 'empty' && (
        <p role="status">{t('confirmations.empty')}</p>
      )}
      {status === 'done' && result && result.notFound.length > 0 && (
        <div className="receipts-verify__bad">
          <p>{t('confirmations.notFound', { count: result.notFound.length })}</p>
          <ul className="mono">
            {result.notFound.map((identifier) => (
              <li key={identifier}>{identifier}</li>
            ))}
          </ul>
        </div>
      )}
      {status === 'error' && (
        <p className="receipts-verify__bad" role="alert">
          {t([`errors.${errorCode ?? 'generic'}`, 'errors.generic'])}
        </p>
      )}
    </section>
  )
}
