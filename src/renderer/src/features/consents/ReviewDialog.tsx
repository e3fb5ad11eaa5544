import { useEffect, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import type { NoticeKey, Purpose } from '../../../../shared/domain/consent'
import type { Language } from '../../../../shared/domain/staff'
import { currentLanguage, useLanguageLoaded } from '../../i18n'
import { ModalDialog } from '../../components/ModalDialog'
import { stateAfter } from '../../../../shared/domain/consent-rules'
import { baseStateOf, purposeNotice, shownNotice, toChanges, withNoticeVersions } from './model'
import { StateBadge } from './StateBadge'
import type { ConsentsStore, SaveError } from './store'
import { useChangeNames, usePurposeTitle } from './usePurposeTitle'

export interface ReviewDialogProps {
  store: ConsentsStore
  /** The client's language: everything the client reads is in it. */
  clientLanguage: Language
}

/** Confirm changes: the summary in the client's language, the controls in the agent's. */
export function ReviewDialog({ store, clientLanguage }: ReviewDialogProps): React.JSX.Element {
  const { t, i18n } = useTranslation()
  // The client's strings are normally prefetched after sign-in; if not, this renders again
  // once they are loaded.
  const clientStringsLoaded = useLanguageLoaded(i18n, clientLanguage)
  const ct = useMemo(
    () => i18n.getFixedT(clientLanguage),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new `ct` once the bundle arrives
    [i18n, clientLanguage, clientStringsLoaded]
  )
  const consent = useStore(store, (s) => s.consent)
  const pending = useStore(store, (s) => s.pending)
  const definitions = useStore(store, (s) => s.definitions)
  const rights = useStore(store, (s) => s.rights)
  const noticesLoading = useStore(store, (s) => s.noticesLoading)
  const saving = useStore(store, (s) => s.saving)
  const saveError = useStore(store, (s) => s.saveError)
  const dropped = useStore(store, (s) => s.dropped)
  const changes = useMemo(() => toChanges(pending), [pending])
  const confirmRef = useRef<HTMLButtonElement>(null)
  const clientTitle = usePurposeTitle(store, clientLanguage)
  const agentTitle = usePurposeTitle(store)
  const changeNames = useChangeNames(store)

  const purposesInSummary = [...new Set(changes.map((c) => c.purpose))]
  // After "unreachable" or "busy" the same button sends the same request again.
  const retrying = saveError?.kind === 'unreachable' || saveError?.kind === 'busy'
  const rightsNotice = shownNotice(rights?.notices, clientLanguage)
  // What a save would name: null while a text the client must be shown is missing.
  const shownVersions = withNoticeVersions(changes, definitions, rights, clientLanguage)
  // After `notice_outdated`: the notices to show again, marked, and whether the texts on
  // screen are the new ones yet (they are reloaded; until then there is nothing to confirm).
  const outdated = new Set<NoticeKey>(saveError?.kind === 'noticeOutdated' ? saveError.notices : [])
  const behind =
    saveError?.kind === 'noticeOutdated' &&
    saveError.current.some((notice) => {
      if (notice.language !== clientLanguage) return false
      const shown =
        notice.purpose === 'rights'
          ? rightsNotice
          : purposeNotice(definitions, notice.purpose, clientLanguage)
      return (shown?.version ?? 0) < notice.version
    })
  const textsMissing = !noticesLoading && (shownVersions === null || behind)
  const canConfirm =
    // The client confirms what they read in their own language, never the Latvian fallback.
    clientStringsLoaded &&
    !saving &&
    saveError?.kind !== 'conflict' &&
    changes.length > 0 &&
    !noticesLoading &&
    !textsMissing

  // After a failed send the focus is on the one button that sends it again.
  useEffect(() => {
    if (retrying) confirmRef.current?.focus()
  }, [saveError, retrying])

  const confirm = (): void => void store.getState().confirm(clientLanguage)

  return (
    <ModalDialog
      title={t('review.title')}
      header={
        <p className="dialog__language" data-testid="client-language-label">
          {t('review.clientLanguage', { language: t(`client.languages.${clientLanguage}`) })}
        </p>
      }
      initialFocus={confirmRef}
      // Esc = Back (a disabled button can drop the focus to the body; Esc still works).
      onEscape={() => store.getState().closeReview()}
    >
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
              const notice = purposeNotice(definitions, purpose, clientLanguage)
              const updated = outdated.has(purpose)
              return (
                <details
                  key={purpose}
                  className={updated ? 'notice-text notice-text--updated' : 'notice-text'}
                  // A changed text is opened for the client to read (and stays closable).
                  open={updated || undefined}
                  data-testid="notice"
                  data-purpose={purpose}
                >
                  <summary>
                    {clientTitle(purpose)}
                    {notice && (
                      <span className="muted">
                        {' · '}
                        {ct('clientText.notice', { version: notice.version })}
                      </span>
                    )}
                    {updated && <UpdatedMark label={ct('clientText.noticeUpdated')} />}
                  </summary>
                  <p className="notice-text__body">
                    {notice?.text ?? ct('clientText.noticeMissing')}
                  </p>
                </details>
              )
            })}
          </div>

          <div
            className={outdated.has('rights') ? 'rights rights--updated' : 'rights'}
            data-testid="rights"
          >
            {rightsNotice ? (
              <>
                <h4>
                  {rightsNotice.title}
                  <span className="muted rights__version">
                    {' · '}
                    {ct('clientText.version', { version: rightsNotice.version })}
                  </span>
                  {outdated.has('rights') && <UpdatedMark label={ct('clientText.noticeUpdated')} />}
                </h4>
                <p className="rights__text">{rightsNotice.text}</p>
              </>
            ) : (
              <p>{ct('clientText.noticeMissing')}</p>
            )}
          </div>
        </section>

        {textsMissing && (
          <div className="dialog__error" role="alert" data-testid="notices-missing">
            <p>{t('review.noticesMissing')}</p>
            <button
              type="button"
              className="button"
              onClick={() => void store.getState().reloadNotices()}
            >
              {t('review.reloadNotices')}
            </button>
          </div>
        )}

        {dropped.length > 0 && !saveError && (
          <p className="dialog__note" role="status" data-testid="already-in-effect">
            {t('consents.dropped', { count: dropped.length })} {changeNames(dropped)}
          </p>
        )}
        {saveError && (
          <SaveErrorPanel
            store={store}
            error={saveError}
            titleOf={agentTitle}
            clientLanguage={clientLanguage}
          />
        )}
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
          disabled={!canConfirm}
          aria-busy={saving}
          onClick={confirm}
        >
          {saving ? t('review.saving') : retrying ? t('review.retry') : t('review.confirm')}
        </button>
      </footer>
    </ModalDialog>
  )
}

/** "New text": marks a notice whose text changed since the client was shown it. */
function UpdatedMark({ label }: { label: string }): React.JSX.Element {
  return (
    <>
      {' '}
      <span className="notice-updated">{label}</span>
    </>
  )
}

/** A notice's name as the agent reads it: the purpose's title, or the rights statement's. */
function useNoticeName(
  store: ConsentsStore,
  titleOf: (purpose: Purpose) => string
): (key: NoticeKey) => string {
  const { t, i18n } = useTranslation()
  const rights = useStore(store, (s) => s.rights)
  const language = currentLanguage(i18n)
  return (key) =>
    key === 'rights'
      ? (shownNotice(rights?.notices, language)?.title ?? t('review.rightsNotice'))
      : titleOf(key)
}

function SaveErrorPanel(props: {
  store: ConsentsStore
  error: SaveError
  titleOf(purpose: Purpose): string
  clientLanguage: Language
}): React.JSX.Element {
  const { t } = useTranslation()
  const { error } = props
  const panelRef = useRef<HTMLDivElement>(null)
  const nameOf = useNoticeName(props.store, props.titleOf)
  // Every kind of failure is an alert the focus can land on.
  const frame = { ref: panelRef, tabIndex: -1, className: 'dialog__error', role: 'alert' }

  // Focus moves to what the agent can do next (re-apply, retry), or to the message itself.
  useEffect(() => {
    const panel = panelRef.current
    const action = panel?.querySelector<HTMLElement>('button')
    ;(action ?? panel)?.focus()
  }, [error])

  if (error.kind === 'conflict') {
    return (
      <div {...frame} data-testid="conflict">
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
  if (error.kind === 'noticeOutdated') {
    const count = error.notices.length
    return (
      <div {...frame} data-testid="notice-outdated">
        <p className="dialog__error-title">{t('review.noticeOutdatedTitle', { count })}</p>
        {count > 0 && (
          <ul className="outdated-notices">
            {error.notices.map((key) => {
              const version = error.current.find(
                (notice) => notice.purpose === key && notice.language === props.clientLanguage
              )?.version
              return (
                <li key={key}>
                  {nameOf(key)}
                  {version !== undefined && (
                    <span className="muted">
                      {' — '}
                      {t('review.newVersion', { version })}
                    </span>
                  )}
                </li>
              )
            })}
          </ul>
        )}
        <p>{t('review.noticeOutdatedText', { count })}</p>
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
    <div {...frame} data-testid="save-error">
      <p>{message}</p>
    </div>
  )
}
