import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import { PURPOSES } from '../../../../shared/domain/consent'
import {
  PURPOSE_NEEDED_BY,
  type CaseHistoryEntry,
  type ReviewCase
} from '../../../../shared/domain/review'
import type { Language, Staff } from '../../../../shared/domain/staff'
import { CaseStatusBadge } from '../../components/CaseStatusBadge'
import { DecisionFactorsTable } from '../../components/DecisionFactorsTable'
import { DueChip } from '../../components/DueChip'
import { currentLanguage } from '../../i18n'
import { formatDate, formatDateTime } from '../../lib/format'
import { outcomeWords } from '../../lib/outcomeWords'
import { purposeTitle } from '../consents/purposeTitle'
import { StateBadge } from '../consents/StateBadge'
import type { PrintPreviewStore } from '../receipts'
import type { ReviewCaseStore } from './caseStore'
import { DecisionForm } from './DecisionForm'
import { formatRemaining, isClaimable, isMine, isSupervisor } from './model'
import { useErrorText, useNow } from './parts'
import { ApprovalPanel, ExtensionPanel, ReassignPanel, Resolution } from './CasePanels'

export interface CaseViewProps {
  store: ReviewCaseStore
  preview: PrintPreviewStore
  staff: Staff
  /** Back to the queue; the caller asks first when a decision is half written. */
  onBack(): void
}

/**
 * One case: who and what it is about, the automated decision with its factors and inputs, the
 * client's statement and consents, the history, and, with a live claim, the decision form. The
 * header (case, client, due date, claim) stays put while the body scrolls.
 */
export function CaseView({ store, preview, staff, onBack }: CaseViewProps): React.JSX.Element {
  const { t } = useTranslation()
  const status = useStore(store, (s) => s.status)
  const reviewCase = useStore(store, (s) => s.reviewCase)
  const errorCode = useStore(store, (s) => s.errorCode)
  const errorText = useErrorText()
  const headingRef = useRef<HTMLHeadingElement>(null)

  // The claim is renewed while the case is on screen, and only then.
  useEffect(() => {
    store.getState().startRenewing()
    return () => store.getState().stopRenewing()
  }, [store])

  useEffect(() => {
    function onKey(event: KeyboardEvent): void {
      // Esc is "back to the queue"; a half-written decision is asked about first.
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault()
        onBack()
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [onBack])

  const ready = status === 'ready' && reviewCase !== null
  useEffect(() => {
    if (ready) headingRef.current?.focus()
  }, [ready])

  return (
    <main className="review-case" aria-labelledby="review-case-title" aria-busy={!ready}>
      <header className="review-case__header">
        <button type="button" className="button button--ghost" onClick={onBack}>
          <span aria-hidden="true">←</span> {t('review.case.back')}
          <kbd aria-hidden="true">Esc</kbd>
        </button>
        {reviewCase ? (
          <CaseHeader store={store} reviewCase={reviewCase} staff={staff} headingRef={headingRef} />
        ) : (
          <h1 id="review-case-title" className="review-case__title">
            {t('review.case.loadingTitle')}
          </h1>
        )}
      </header>
      <div className="review-case__body">
        {status === 'loading' && (
          <p className="review-state" role="status">
            <span className="spinner" aria-hidden="true" /> {t('review.case.loading')}
          </p>
        )}
        {status === 'error' && (
          <div className="review-state review-state--error" role="alert">
            <p>{errorText(errorCode ?? 'generic')}</p>
            <button type="button" className="button" onClick={() => void store.getState().reload()}>
              {t('review.retry')}
            </button>
          </div>
        )}
        {ready && (
          <CaseBody store={store} preview={preview} reviewCase={reviewCase} staff={staff} />
        )}
      </div>
    </main>
  )
}

function CaseHeader({
  store,
  reviewCase,
  staff,
  headingRef
}: {
  store: ReviewCaseStore
  reviewCase: ReviewCase
  staff: Staff
  headingRef: React.RefObject<HTMLHeadingElement | null>
}): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const claim = useStore(store, (s) => s.claim)
  const busy = useStore(store, (s) => s.busy)
  const now = useNow(60_000)
  const mine = isMine(reviewCase, staff)
  const canClaim = !claim && isClaimable(reviewCase, staff, now)
  // The API says the case is mine, but this window has no token for it (opened anew): claiming
  // again hands over a fresh one.
  const mineWithoutToken = !claim && mine

  return (
    <div className="review-case__heading">
      <div className="review-case__title">
        <h1 id="review-case-title" ref={headingRef} tabIndex={-1} className="mono">
          {reviewCase.number}
        </h1>
        <span className="kind">{t(`review.kind.${reviewCase.kind}`)}</span>
        <CaseStatusBadge status={reviewCase.status} />
      </div>
      <dl className="review-case__facts">
        <div>
          <dt>{t('review.case.client')}</dt>
          <dd>
            <span className="cell-name">{reviewCase.client.displayName}</span>{' '}
            {reviewCase.client.maskedIdentifier && (
              <span className="mono muted">{reviewCase.client.maskedIdentifier}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('review.case.due')}</dt>
          <dd className="review-due">
            <span>{formatDate(reviewCase.dueAt, language)}</span>
            {reviewCase.status !== 'closed' && <DueChip dueAt={reviewCase.dueAt} now={now} />}
            {reviewCase.extended && <span className="muted">{t('review.case.extendedMark')}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('review.case.assignee')}</dt>
          <dd>{reviewCase.assignee?.displayName ?? t('review.unassigned')}</dd>
        </div>
      </dl>
      <div className="review-case__claim" data-testid="claim-area">
        {claim && (
          <>
            <ClaimCountdown expiresAt={claim.expiresAt} />
            <button
              type="button"
              className="button button--small"
              disabled={busy !== null}
              onClick={() => void store.getState().release()}
            >
              {t('review.claim.release')}
            </button>
          </>
        )}
        {(canClaim || mineWithoutToken) && (
          <button
            type="button"
            className="button button--primary"
            disabled={busy !== null}
            onClick={() => void store.getState().claimCase()}
          >
            {busy === 'claim' && <span className="spinner" aria-hidden="true" />}
            {mineWithoutToken ? t('review.claim.continue') : t('review.claim.claim')}
          </button>
        )}
        {!claim && !mine && reviewCase.status === 'claimed' && !canClaim && (
          <span className="muted">
            {t('review.claim.heldBy', {
              name: reviewCase.assignee?.displayName ?? '—',
              time: reviewCase.claimExpiresAt
                ? formatDateTime(reviewCase.claimExpiresAt, language)
                : '—'
            })}
          </span>
        )}
      </div>
    </div>
  )
}

/** The lease left on the caller's claim, by the second; the store renews it in time. */
function ClaimCountdown({ expiresAt }: { expiresAt: string }): React.JSX.Element {
  const { t } = useTranslation()
  const now = useNow(1_000)
  const left = Date.parse(expiresAt) - now
  return (
    <span
      className={`claim-timer ${left < 60_000 ? 'claim-timer--low' : ''}`}
      data-testid="claim-timer"
    >
      <span className="claim-timer__label">{t('review.claim.yours')}</span>{' '}
      <span className="mono">{t('review.claim.left', { time: formatRemaining(left) })}</span>
    </span>
  )
}

function CaseBody({
  store,
  preview,
  reviewCase,
  staff
}: {
  store: ReviewCaseStore
  preview: PrintPreviewStore
  reviewCase: ReviewCase
  staff: Staff
}): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const claim = useStore(store, (s) => s.claim)
  const claimLost = useStore(store, (s) => s.claimLost)
  const busy = useStore(store, (s) => s.busy)
  const notice = useStore(store, (s) => s.notice)
  const actionError = useStore(store, (s) => s.actionError)
  const errorText = useErrorText()
  const supervisor = isSupervisor(staff)
  const printLetter = (letter: 'outcome' | 'extension'): void =>
    void preview
      .getState()
      .open({ kind: 'review', caseId: reviewCase.id, letter }, reviewCase.clientLanguage)

  return (
    <>
      {claimLost && (
        <div className="review-alert review-alert--warning" role="alert" data-testid="claim-lost">
          <p>{t('review.claim.lost')}</p>
          <button
            type="button"
            className="button button--primary"
            disabled={busy !== null}
            onClick={() => void store.getState().claimCase()}
          >
            {busy === 'claim' && <span className="spinner" aria-hidden="true" />}
            {t('review.claim.again')}
          </button>
        </div>
      )}
      {actionError && actionError.action !== 'decide' && (
        <div className="review-alert review-alert--error" role="alert">
          <p>{errorText(actionError.code)}</p>
        </div>
      )}
      <p className="review-notice" role="status" data-testid="case-notice">
        {notice && t(`review.notice.${notice}`)}
        {notice === 'extended' && (
          <>
            {' '}
            <button
              type="button"
              className="button button--small"
              onClick={() => printLetter('extension')}
            >
              {t('review.extension.print')}
            </button>
          </>
        )}
      </p>
      {reviewCase.status === 'closed' && (
        <div className="review-closed">
          {reviewCase.closedAt && (
            <p>{t('review.case.closedOn', { date: formatDate(reviewCase.closedAt, language) })}</p>
          )}
          <button
            type="button"
            className="button button--primary"
            onClick={() => printLetter('outcome')}
          >
            {t('review.case.printOutcome')}
          </button>
          <span className="muted">
            {t('review.case.letterLanguage', {
              language: t(`client.languages.${reviewCase.clientLanguage}`)
            })}
          </span>
        </div>
      )}

      <div className="review-case__columns">
        <div className="review-case__column">
          {reviewCase.kind === 'decision_review' ? (
            <DecisionDetails reviewCase={reviewCase} />
          ) : (
            <AssessmentDetails reviewCase={reviewCase} />
          )}
          <Statement reviewCase={reviewCase} />
        </div>
        <div className="review-case__column">
          <ClientConsents store={store} reviewCase={reviewCase} />
          <History reviewCase={reviewCase} />
        </div>
      </div>

      {reviewCase.resolution && <Resolution reviewCase={reviewCase} />}
      {supervisor && reviewCase.status === 'awaiting_approval' && (
        <ApprovalPanel store={store} reviewCase={reviewCase} staff={staff} />
      )}
      <ExtensionPanel
        store={store}
        reviewCase={reviewCase}
        staff={staff}
        holdsClaim={claim !== null}
      />
      {supervisor && (reviewCase.status === 'open' || reviewCase.status === 'claimed') && (
        <ReassignPanel store={store} reviewCase={reviewCase} />
      )}
      {/* With a live claim; a lost one keeps the draft on screen while the case can still be
          claimed again. */}
      {(claim !== null ||
        (claimLost && (reviewCase.status === 'open' || reviewCase.status === 'claimed'))) && (
        <DecisionForm store={store} reviewCase={reviewCase} />
      )}
    </>
  )
}

function DecisionDetails({ reviewCase }: { reviewCase: ReviewCase }): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const decision = reviewCase.decision
  if (!decision) {
    return (
      <section className="review-section">
        <h2>{t('review.decision.title')}</h2>
        <p className="muted">{t('review.decision.missing')}</p>
      </section>
    )
  }
  return (
    <>
      <section className="review-section" aria-labelledby="review-decision">
        <h2 id="review-decision">{t('review.decision.title')}</h2>
        <dl className="review-facts">
          <div>
            <dt>{t('review.decision.kind')}</dt>
            <dd>{t(`review.decisionKind.${decision.kind}`)}</dd>
          </div>
          <div>
            <dt>{t('review.decision.result')}</dt>
            <dd className="review-result" data-testid="decision-result">
              {outcomeWords(decision.outcome, language, t)}
            </dd>
          </div>
          <div>
            <dt>{t('review.decision.model')}</dt>
            <dd>
              {decision.model.name}{' '}
              <span className="muted">
                {t('review.decision.version', { version: decision.model.version })}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('review.decision.decidedAt')}</dt>
            <dd>{formatDateTime(decision.decidedAt, language)}</dd>
          </div>
        </dl>
        <DecisionFactorsTable
          factors={decision.factors}
          language={language}
          caption={t('review.decision.factors')}
        />
      </section>
      <section className="review-section" aria-labelledby="review-inputs">
        <h2 id="review-inputs">{t('review.decision.inputs')}</h2>
        {Object.keys(decision.inputs).length === 0 ? (
          <p className="muted">{t('review.decision.noInputs')}</p>
        ) : (
          <dl className="review-kv">
            {Object.entries(decision.inputs).map(([key, value]) => (
              <div key={key}>
                <dt className="mono">{key}</dt>
                <dd className="mono">{inputText(value)}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
    </>
  )
}

function inputText(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

function AssessmentDetails({ reviewCase }: { reviewCase: ReviewCase }): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <section className="review-section" aria-labelledby="review-assessment">
      <h2 id="review-assessment">{t('review.assessment.title')}</h2>
      <dl className="review-facts">
        <div>
          <dt>{t('review.assessment.purpose')}</dt>
          <dd>{reviewCase.creditPurpose ?? '—'}</dd>
        </div>
      </dl>
      <h3>{t('review.assessment.documents')}</h3>
      {reviewCase.documents.length === 0 ? (
        <p className="muted">{t('review.assessment.noDocuments')}</p>
      ) : (
        <ul className="review-documents">
          {reviewCase.documents.map((document, index) => (
            <li key={`${document.type}-${index}`}>
              {t(`review.document.${document.type}`)}
              {document.note && <span className="muted"> — {document.note}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function Statement({ reviewCase }: { reviewCase: ReviewCase }): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  return (
    <section className="review-section" aria-labelledby="review-statement">
      <h2 id="review-statement">{t('review.statement.title')}</h2>
      {reviewCase.clientStatement ? (
        <blockquote className="review-quote" lang={reviewCase.clientLanguage}>
          {reviewCase.clientStatement}
        </blockquote>
      ) : (
        <p className="muted">{t('review.statement.none')}</p>
      )}
      <dl className="review-facts">
        <div>
          <dt>{t('review.statement.reply')}</dt>
          <dd>
            {t(`review.replyChannel.${reviewCase.replyChannel}`)} ·{' '}
            {t(`client.languages.${reviewCase.clientLanguage}`)}
          </dd>
        </div>
        <div>
          <dt>{t('review.statement.requested')}</dt>
          <dd>
            {t('review.statement.requestedBy', {
              time: formatDateTime(reviewCase.requestedAt, language),
              name: reviewCase.requestedBy.displayName
            })}
            {reviewCase.centre && <span className="muted"> · {reviewCase.centre.name}</span>}
          </dd>
        </div>
        {reviewCase.extension && (
          <div>
            <dt>{t('review.extension.title')}</dt>
            <dd>
              {t('review.extension.done', {
                count: reviewCase.extension.months,
                date: formatDate(reviewCase.dueAt, language),
                name: reviewCase.extension.by.displayName
              })}
              <br />
              <span className="muted">{reviewCase.extension.reason}</span>
            </dd>
          </div>
        )}
      </dl>
    </section>
  )
}

function ClientConsents({
  store,
  reviewCase
}: {
  store: ReviewCaseStore
  reviewCase: ReviewCase
}): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const consents = useStore(store, (s) => s.consents)
  const definitions = useStore(store, (s) => s.definitions)
  const needed = reviewCase.decisionKind
    ? PURPOSE_NEEDED_BY[reviewCase.decisionKind]
    : reviewCase.kind === 'manual_credit'
      ? 'credit_information'
      : null
  return (
    <section className="review-section" aria-labelledby="review-consents">
      <h2 id="review-consents">{t('review.consents.title')}</h2>
      {consents.status === 'loading' && (
        <p className="muted" role="status">
          <span className="spinner" aria-hidden="true" /> {t('review.consents.loading')}
        </p>
      )}
      {consents.status === 'error' && <p className="muted">{t('review.consents.failed')}</p>}
      {consents.state && (
        <ul className="review-consents" data-testid="client-consents">
          {PURPOSES.map((purpose) => {
            const state = consents.state?.purposes.find((p) => p.purpose === purpose)
            const title = purposeTitle(definitions, purpose, language, (p) =>
              t(`consents.purpose.${p}`)
            )
            return (
              <li key={purpose} className={purpose === needed ? 'is-needed' : undefined}>
                <span className="review-consents__title">{title}</span>
                {state && (
                  <StateBadge state={state.state} label={t(`consents.state.${state.state}`)} />
                )}
                {purpose === needed && (
                  <span className="muted review-consents__needed">
                    {t('review.consents.needed')}
                  </span>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}

function History({ reviewCase }: { reviewCase: ReviewCase }): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const entries = [...reviewCase.history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
  return (
    <section className="review-section" aria-labelledby="review-history">
      <h2 id="review-history">{t('review.history.title')}</h2>
      <ol className="review-history" data-testid="case-history">
        {entries.map((entry, index) => (
          <li key={`${entry.at}-${index}`}>
            <time dateTime={entry.at} className="review-history__when">
              {formatDateTime(entry.at, language)}
            </time>
            <span className="review-history__what">{t(`review.action.${entry.action}`)}</span>
            <span className="review-history__who">
              {entry.actor ? entry.actor.displayName : t('review.history.system')}
              {entry.actorRole && (
                <span className="muted">
                  {' '}
                  · {t([`app.roles.${entry.actorRole}`, 'review.history.unknownRole'])}
                </span>
              )}
            </span>
            <HistoryDetails entry={entry} language={language} />
          </li>
        ))}
      </ol>
    </section>
  )
}

/** The details an entry carries, each in words: a reason, months, a note, an outcome. */
function HistoryDetails({
  entry,
  language
}: {
  entry: CaseHistoryEntry
  language: Language
}): React.JSX.Element | null {
  const { t } = useTranslation()
  const parts: string[] = []
  for (const [key, value] of Object.entries(entry.details)) {
    if (value === null || value === undefined || value === '') continue
    switch (key) {
      case 'months':
        if (typeof value === 'number') parts.push(t('review.history.months', { count: value }))
        break
      case 'outcome':
        parts.push(t([`review.outcomeDone.${String(value)}`, 'review.history.unknown']))
        break
      case 'reasonCode':
        parts.push(t([`review.reason.${String(value)}`, 'review.history.unknown']))
        break
      case 'dueAt':
      case 'newDueAt':
        if (typeof value === 'string')
          parts.push(t('review.history.dueAt', { date: formatDate(value, language) }))
        break
      // A reassignment names both reviewers beside their ids; a bare id means nothing to a reader.
      case 'fromName':
        if (typeof value === 'string') parts.push(t('review.history.from', { name: value }))
        break
      case 'toName':
        if (typeof value === 'string') parts.push(t('review.history.to', { name: value }))
        break
      case 'replyChannel':
      case 'clientNotifiedVia':
        parts.push(
          t(`review.history.${key}`, {
            channel: t([`review.replyChannel.${String(value)}`, 'review.history.unknown'])
          })
        )
        break
      case 'reason':
      case 'note':
      case 'rationale':
        if (typeof value === 'string') parts.push(t(`review.history.${key}`, { text: value }))
        break
      default:
      // The rest is for machines (ids, fencing tokens, lease times, the case's kind that the
      // header already names): the API keeps it for audit; a person reads the words above.
    }
  }
  if (parts.length === 0) return null
  return <span className="review-history__details">{parts.join(' · ')}</span>
}
