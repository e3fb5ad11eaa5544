import { useEffect, useId, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import type { PurposeDefinition, Purpose } from '../../../../shared/domain/consent'
import type { Language } from '../../../../shared/domain/staff'
import { useDialogFocus } from '../../lib/useDialogFocus'
import { stateAfter } from '../../../../shared/domain/consent-rules'
import { baseStateOf, toChanges } from './model'
import { StateBadge } from './StateBadge'
import type { ConsentsStore, SaveError } from './store'
import { useChangeNames, usePurposeTitle } from './usePurposeTitle'

export interface ReviewDialogProps {
  store: ConsentsStore
  /** The client's language: everything the client reads is in it. */
  clientLanguage: Language
}

function noticeFor(
  definitions: PurposeDefinition[] | null,
  purpose: Purpose,
  language: Language
): { title: string; text: string; version: number } | null {
  const definition = definitions?.find((d) => d.purpose === purpose)
  if (!definition) return null
  const notice =
    definition.notices.find(
      (n) => n.version === definition.currentVersion && n.language === language
    ) ?? null
  return notice ? { title: notice.title, text: notice.text, version: notice.version } : null
}

/** Confirm changes: the summary in the client's language, the controls in the agent's. */
export function ReviewDialog({ store, clientLanguage }: ReviewDialogProps): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const ct = useMemo(() => i18n.getFixedT(clientLanguage), [i18n, clientLanguage])
  const consent = useStore(store, (s) => s.consent)
  const pending = useStore(store, (s) => s.pending)
  const definitions = useStore(store, (s) => s.definitions)
  const saving = useStore(store, (s) => s.saving)
  const saveError = useStore(store, (s) => s.saveError)
  const dropped = useStore(store, (s) => s.dropped)
  const changes = useMemo(() => toChanges(pending), [pending])
  const titleId = useId()
  const confirmRef = useRef<HTMLButtonElement>(null)
  // Esc = Back (a disabled button can drop the focus to the body; Esc still works).
  const { dialogRef, onKeyDown } = useDialogFocus({
    initialFocus: confirmRef,
    onEscape: () => store.getState().closeReview()
  })
  const clientTitle = usePurposeTitle(store, clientLanguage)
  const agentTitle = usePurposeTitle(store)
  const changeNames = useChangeNames(store)

  const purposesInSummary = [...new Set(changes.map((c) => c.purpose))]
  // After "unreachable" or "busy" the same button sends the same request again.
  const retrying = saveError?.kind === 'unreachable' || saveError?.kind === 'busy'

  // After a failed send the focus is on the one button that sends it again.
  useEffect(() => {
    if (retrying) confirmRef.current?.focus()
  }, [saveError, retrying])

  const confirm = (): void => void store.getState().confirm(clientLanguage)

  return (
    <div className="dialog-backdrop">
      <div
        ref={dialogRef}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={onKeyDown}
      >
        <header className="dialog__header">
          <h2 id={titleId}>{t('review.title')}</h2>
          <p className="dialog__language" data-testid="client-language-label">
            {t('review.clientLanguage', { language: t(`client.languages.${clientLanguage}`) })}
          </p>
        </header>

        <div className="dialog__body">
        <section className="dialog__client" lang={clientLanguage} data-testid="client-summary">
          <h3>{ct('clientText.title')}</h3>
          <p className="muted">{ct('clientText.intro')}</p>
          <table className="summary">
            <thead>
              <tr>
                <th scope="col">{ct('clientText.change')}</th>
                <th scope="col">{ct('clientText.before')}</th>
                <th scope="col" aria-hidden="true" />
                <th scope="col">{ct('clientText.after')}</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => {
                const before = baseStateOf(consent, change.purpose, change.channel)
                const after = stateAfter(change.action)
                const key = `${change.purpose}:${change.channel ?? ''}`
                return (
                  <tr key={key} data-testid="summary-row">
                    <th scope="row">
                      {clientTitle(change.purpose)}
                      {change.channel && (
                        <span className="summary__channel">
                          {' — '}
                          {ct(`consents.channel.${change.channel}`)}
                        </span>
                      )}
                    </th>
                    <td>
                      <StateBadge state={before} label={ct(`consents.state.${before}`)} />
                    </td>
                    <td aria-hidden="true" className="summary__arrow">
                      →
                    </td>
                    <td>
                      <StateBadge state={after} label={ct(`consents.state.${after}`)} />
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>

          <div className="notices">
            {purposesInSummary.map((purpose) => {
              const notice = noticeFor(definitions, purpose, clientLanguage)
              return (
                <details key={purpose} className="notice-text">
                  <summary>
                    {clientTitle(purpose)}
                    {notice && (
                      <span className="muted">
                        {' · '}
                        {ct('clientText.notice', { version: notice.version })}
                      </span>
                    )}
                  </summary>
                  <p className="notice-text__body">
                    {notice?.text ?? ct('clientText.noticeMissing')}
                  </p>
                </details>
              )
            })}
          </div>

          <div className="rights">
            <h4>{ct('clientText.rightsTitle')}</h4>
            <p>{ct('clientText.rights')}</p>
            <p className="muted rights__controller">{ct('clientText.controller')}</p>
          </div>
        </section>

        {dropped.length > 0 && !saveError && (
          <p className="dialog__note" role="status" data-testid="already-in-effect">
            {t('consents.dropped', { count: dropped.length })} {changeNames(dropped)}
          </p>
        )}
        {saveError && <SaveErrorPanel store={store} error={saveError} titleOf={agentTitle} />}
        </div>

        <footer className="dialog__footer">
          <button
            type="button"
            className="button"
            disabled={saving}
            onClick={() => store.getState().closeReview()}
          >
            {t('review.back')} <kbd aria-hidden="true">Esc</kbd>
          </button>
          <button
            ref={confirmRef}
            type="button"
            className="button button--primary"
            disabled={saving || saveError?.kind === 'conflict' || changes.length === 0}
            aria-busy={saving}
            onClick={confirm}
          >
            {saving ? t('review.saving') : retrying ? t('review.retry') : t('review.confirm')}
          </button>
        </footer>
      </div>
    </div>
  )
}

function SaveErrorPanel(props: {
  store: ConsentsStore
  error: SaveError
  titleOf(purpose: Purpose): string
}): React.JSX.Element {
  const { t } = useTranslation()
  const { error } = props
  const panelRef = useRef<HTMLDivElement>(null)

  // Focus moves to what the agent can do next (re-apply, retry), or to the message itself.
  useEffect(() => {
    const panel = panelRef.current
    const action = panel?.querySelector<HTMLElement>('button')
    ;(action ?? panel)?.focus()
  }, [error])

  if (error.kind === 'conflict') {
    return (
      <div
        ref={panelRef}
        tabIndex={-1}
        className="dialog__error"
        role="alert"
        data-testid="conflict"
      >
        <p className="dialog__error-title">{t('review.conflictTitle')}</p>
        <p>{t('review.conflictText')}</p>
        <ul className="conflict">
          {error.differences.map((d) => (
            <li key={`${d.purpose}:${d.channel ?? ''}`}>
              <span>
                {props.titleOf(d.purpose)}
                {d.channel && ` — ${t(`consents.channel.${d.channel}`)}`}
              </span>
              <StateBadge state={d.before} label={t(`consents.state.${d.before}`)} />
              <span aria-hidden="true">→</span>
              <StateBadge state={d.after} label={t(`consents.state.${d.after}`)} />
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="button button--primary"
          onClick={() => props.store.getState().reapply()}
        >
          {t('review.reapply')}
        </button>
      </div>
    )
  }
  let message: string
  switch (error.kind) {
    case 'unreachable':
      message = t('review.unreachable')
      break
    case 'busy':
      message = t('review.busy')
      break
    case 'session':
      message = t('review.session')
      break
    case 'noop':
      message = t('review.noop', {
        purposes: error.purposes.map((p) => props.titleOf(p)).join(', ')
      })
      break
    case 'other':
      message = t('review.other', {
        message: t([`errors.${error.code}`, 'errors.generic'])
      })
      break
  }
  return (
    <div
      ref={panelRef}
      tabIndex={-1}
      className="dialog__error"
      role="alert"
      data-testid="save-error"
    >
      <p>{message}</p>
    </div>
  )
}
