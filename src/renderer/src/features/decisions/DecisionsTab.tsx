import { Fragment, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import type { TFunction } from 'i18next'
import type { Decision, ReviewCase, ReviewCaseSummary } from '../../../../shared/domain/review'
import type { Language } from '../../../../shared/domain/staff'
import { CaseStatusBadge } from '../../components/CaseStatusBadge'
import { DecisionFactorsTable } from '../../components/DecisionFactorsTable'
import { DueChip } from '../../components/DueChip'
import { currentLanguage } from '../../i18n'
import { formatDate, formatDateTime, formatNumber } from '../../lib/format'
import { outcomeWords } from '../../lib/outcomeWords'
import type { ConsentsStore } from '../consents'
import type { PrintPreviewStore } from '../receipts'
import { ManualAssessmentDialog, RequestReviewDialog } from './RequestDialogs'
import type { DecisionsStore, ListState } from './store'
import './decisions.css'

export interface DecisionsTabProps {
  store: DecisionsStore
  /** The card's consents store: filing a request waits for the same identity check. */
  consents: ConsentsStore
  printPreview: PrintPreviewStore
  clientId: string
  /** Null until the client's details have loaded; letters print in it, so filing waits. */
  clientLanguage: Language | null
  onVerify(): void
}

type Letter = 'request' | 'extension' | 'outcome'
type OpenDialog = { kind: 'review'; decision: Decision } | { kind: 'manual' } | null

/**
 * The client's automated decisions, newest first, each with its factors and input data on
 * request and its review case if any; filing a review or a manual credit assessment; and the
 * client's review cases with the letters to print for them.
 */
export function DecisionsTab(props: DecisionsTabProps): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const { store, consents, printPreview, clientId, clientLanguage } = props
  const verified = useStore(consents, (s) => s.verification !== null)
  const created = useStore(store, (s) => s.created)
  const [dialog, setDialog] = useState<OpenDialog>(null)
  // Days left are counted from when the tab was opened (Riga days; a due date does not move).
  const [now] = useState(() => Date.now())
  const gateId = useId()
  const createdRef = useRef<HTMLDivElement>(null)
  // Set by a filing, cleared once its confirmation has the focus: showing the tab again later
  // leaves the focus where the agent put it (on the tab, when moving with the arrow keys).
  const justFiled = useRef(false)

  useEffect(() => {
    void store.getState().open(clientId)
  }, [store, clientId])

  // The dialog has closed on a filing: the confirmation takes the focus (and gets it back when
  // the letter's preview, opened over it, closes).
  useEffect(() => {
    if (justFiled.current && created && dialog === null) {
      justFiled.current = false
      createdRef.current?.focus()
    }
  }, [created, dialog])

  const canFile = verified && clientLanguage !== null
  const printLetter = (caseId: string, letter: Letter): void => {
    if (clientLanguage) {
      void printPreview.getState().open({ kind: 'review', caseId, letter }, clientLanguage)
    }
  }
  const onCreated = (reviewCase: ReviewCase): void => {
    justFiled.current = true
    setDialog(null)
    // The client leaves with a printed confirmation of the request, in their language.
    printLetter(reviewCase.id, 'request')
  }
  const openDialog = (next: OpenDialog): void => {
    store.getState().clearCreateError()
    setDialog(next)
  }

  return (
    <div className="decisions">
      {created && (
        <div
          ref={createdRef}
          tabIndex={-1}
          className="consents__saved"
          role="status"
          data-testid="review-created"
        >
          <span aria-hidden="true">✓</span>
          <p>
            {t('decisions.created', {
              number: created.number,
              date: formatDate(created.dueAt, language)
            })}
          </p>
          <button
            type="button"
            className="button button--small"
            disabled={!clientLanguage}
            onClick={() => printLetter(created.id, 'request')}
          >
            {t('decisions.printConfirmation')}
          </button>
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => store.getState().dismissCreated()}
          >
            {t('decisions.dismiss')}
          </button>
        </div>
      )}
      {!verified && (
        <div className="consents__gate">
          <span aria-hidden="true">!</span>
          <p id={gateId}>{t('decisions.gate')}</p>
          <button type="button" className="button button--small" onClick={props.onVerify}>
            {t('identity.verify')}
          </button>
        </div>
      )}

      <section className="decisions__section" aria-labelledby={`${gateId}-decisions`}>
        <div className="decisions__head">
          <h3 id={`${gateId}-decisions`}>{t('decisions.title')}</h3>
          <button
            type="button"
            className="button button--small"
            disabled={!canFile}
            aria-describedby={verified ? undefined : gateId}
            title={verified ? t('decisions.manual.hint') : t('decisions.gate')}
            onClick={() => openDialog({ kind: 'manual' })}
          >
            {t('decisions.manual.open')}
          </button>
        </div>
        <DecisionsTable
          store={store}
          now={now}
          canFile={canFile}
          gateId={verified ? undefined : gateId}
          onRequest={(decision) => openDialog({ kind: 'review', decision })}
        />
      </section>

      <section className="decisions__section" aria-labelledby={`${gateId}-cases`}>
        <div className="decisions__head">
          <h3 id={`${gateId}-cases`}>{t('decisions.cases.title')}</h3>
        </div>
        <CasesTable
          store={store}
          now={now}
          canPrint={clientLanguage !== null}
          onPrint={printLetter}
        />
      </section>

      {dialog?.kind === 'review' && clientLanguage && (
        <RequestReviewDialog
          store={store}
          clientId={clientId}
          clientLanguage={clientLanguage}
          decision={dialog.decision}
          onClose={() => setDialog(null)}
          onCreated={onCreated}
        />
      )}
      {dialog?.kind === 'manual' && clientLanguage && (
        <ManualAssessmentDialog
          store={store}
          clientId={clientId}
          clientLanguage={clientLanguage}
          onClose={() => setDialog(null)}
          onCreated={onCreated}
        />
      )}
    </div>
  )
}

/** Loading, failed, or stale: the same honest states for both lists. */
function ListStatus(props: {
  list: ListState<unknown>
  loading: string
  empty: string
  onRetry(): void
}): React.JSX.Element | null {
  const { t } = useTranslation()
  const { list } = props
  if (list.status === 'loading' || list.status === 'idle') {
    return (
      <p className="client__loading" role="status">
        <span className="spinner" aria-hidden="true" /> {props.loading}
      </p>
    )
  }
  if (list.errorCode) {
    // With rows on screen they stay, marked as possibly out of date.
    const stale = list.items.length > 0
    return (
      <div className="client__error decisions__error" role="alert">
        <p>
          {stale && `${t('decisions.stale')} `}
          {t([`errors.${list.errorCode}`, 'errors.generic'])}
        </p>
        <button type="button" className="button button--small" onClick={props.onRetry}>
          {t('consents.retry')}
        </button>
      </div>
    )
  }
  if (list.items.length === 0) return <p className="decisions__empty muted">{props.empty}</p>
  return null
}

function DecisionsTable(props: {
  store: DecisionsStore
  now: number
  canFile: boolean
  gateId: string | undefined
  onRequest(decision: Decision): void
}): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const { store } = props
  const list = useStore(store, (s) => s.decisions)
  const cases = useStore(store, (s) => s.cases.items)
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set())
  const baseId = useId()

  const toggle = (id: string): void => {
    const next = new Set(expanded)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    setExpanded(next)
  }
  const status = (
    <ListStatus
      list={list}
      loading={t('decisions.loading')}
      empty={t('decisions.empty')}
      onRetry={() => void store.getState().reloadDecisions()}
    />
  )
  if (list.items.length === 0) return status

  return (
    <>
      {status}
      <table
        className="decisions__table"
        aria-label={t('decisions.tableLabel')}
        aria-busy={list.refreshing || undefined}
      >
        <thead>
          <tr>
            <th scope="col" className="col-toggle">
              <span className="visually-hidden">{t('decisions.col.details')}</span>
            </th>
            <th scope="col" className="col-when">
              {t('decisions.col.decidedAt')}
            </th>
            <th scope="col" className="col-kind">
              {t('decisions.col.kind')}
            </th>
            <th scope="col">{t('decisions.col.result')}</th>
            <th scope="col" className="col-model">
              {t('decisions.col.model')}
            </th>
            <th scope="col" className="col-review">
              {t('decisions.col.review')}
            </th>
            <th scope="col" className="col-action">
              <span className="visually-hidden">{t('decisions.col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((decision) => {
            const open = expanded.has(decision.id)
            const detailsId = `${baseId}-${decision.id}`
            const whyId = `${detailsId}-why`
            const when = formatDateTime(decision.decidedAt, language)
            const kind = t(`decisions.kind.${decision.kind}`)
            const underway = decision.review !== null && decision.review.status !== 'closed'
            const summary = cases.find((c) => c.id === decision.review?.caseId) ?? null
            const why = t('decisions.request.underway', { number: decision.review?.number })
            const result = outcomeWords(decision.outcome, language, t)
            return (
              <Fragment key={decision.id}>
                <tr
                  className={`decisions__row ${open ? 'is-open' : ''}`}
                  data-testid="decision-row"
                >
                  <td className="col-toggle">
                    <button
                      type="button"
                      className="button button--ghost button--small decisions__toggle"
                      aria-expanded={open}
                      aria-controls={open ? detailsId : undefined}
                      aria-label={t('decisions.showDetails', { kind, when })}
                      onClick={() => toggle(decision.id)}
                    >
                      <span aria-hidden="true">{open ? '▾' : '▸'}</span>
                    </button>
                  </td>
                  <td className="col-when mono">{when}</td>
                  <td className="col-kind">{kind}</td>
                  <td className="decisions__result">
                    {/* A long list of offers is cut to two lines here; the tooltip and the
                        details hold it whole. */}
                    <span title={result}>{result}</span>
                  </td>
                  <td className="col-model">
                    {decision.model.name}{' '}
                    <span className="muted mono">{versionLabel(decision.model.version)}</span>
                  </td>
                  <td className="col-review">
                    {decision.review ? (
                      <span className="decisions__review">
                        <span className="mono">{decision.review.number}</span>{' '}
                        <CaseStatusBadge status={decision.review.status} />
                        {summary && decision.review.status !== 'closed' && (
                          <>
                            {' '}
                            <DueDate dueAt={summary.dueAt} now={props.now} language={language} />
                          </>
                        )}
                      </span>
                    ) : (
                      <span className="muted">{t('decisions.review.none')}</span>
                    )}
                  </td>
                  <td className="col-action">
                    <button
                      type="button"
                      className="button button--small"
                      disabled={!props.canFile || underway}
                      aria-label={t('decisions.request.openLabel', { kind, when })}
                      aria-describedby={props.gateId ?? (underway ? whyId : undefined)}
                      title={props.gateId ? t('decisions.gate') : underway ? why : undefined}
                      onClick={() => props.onRequest(decision)}
                    >
                      {t('decisions.request.open')}
                    </button>
                    {underway && (
                      <span id={whyId} className="visually-hidden">
                        {why}
                      </span>
                    )}
                  </td>
                </tr>
                {open && (
                  <tr className="decisions__details" id={detailsId}>
                    <td />
                    <td colSpan={6}>
                      <DecisionDetails decision={decision} language={language} />
                    </td>
                  </tr>
                )}
              </Fragment>
            )
          })}
        </tbody>
      </table>
    </>
  )
}

function versionLabel(version: string): string {
  return /^\d/.test(version) ? `v${version}` : version
}

/** Why the model decided as it did: its factors, in the agent's language, and the inputs. */
function DecisionDetails(props: { decision: Decision; language: Language }): React.JSX.Element {
  const { t } = useTranslation()
  const { decision, language } = props
  const inputs = Object.entries(decision.inputs)
  const offers = decision.outcome.offers ?? []
  return (
    <div className="decision-details" data-testid="decision-details">
      {offers.length > 0 && (
        <p className="decision-details__offers">
          <span className="muted">{t('decisions.details.offers')}</span> {offers.join(', ')}
        </p>
      )}
      <DecisionFactorsTable factors={decision.factors} language={language} />
      <div className="decision-inputs">
        <h4>{t('decisions.inputs.title')}</h4>
        {inputs.length === 0 ? (
          <p className="muted">{t('decisions.inputs.none')}</p>
        ) : (
          <dl data-testid="decision-inputs">
            {inputs.map(([key, value]) => (
              <div key={key}>
                <dt className="mono">{key}</dt>
                <dd>{inputValue(value, language, t)}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </div>
  )
}

/** An open case's due date, and beside it the time left in words and colour. */
function DueDate(props: { dueAt: string; now: number; language: Language }): React.JSX.Element {
  return (
    <span className="decisions__due">
      <span className="mono">{formatDate(props.dueAt, props.language)}</span>
      <DueChip dueAt={props.dueAt} now={props.now} />
    </span>
  )
}

/**
 * One value of the model's input data as a short text: numbers in the app's language, yes/no in
 * words, nested values as compact JSON (they are the calling system's, shown as sent).
 */
function inputValue(value: unknown, language: Language, t: TFunction): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'number') return formatNumber(value, language)
  if (typeof value === 'boolean')
    return value ? t('decisions.inputs.yes') : t('decisions.inputs.no')
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}

function caseKind(c: ReviewCaseSummary, t: ReturnType<typeof useTranslation>['t']): string {
  if (c.kind === 'manual_credit') return t('decisions.caseKind.manual_credit')
  return c.decisionKind
    ? t(`decisions.caseKind.review_${c.decisionKind}`)
    : t('decisions.caseKind.decision_review')
}

function CasesTable(props: {
  store: DecisionsStore
  now: number
  canPrint: boolean
  onPrint(caseId: string, letter: Letter): void
}): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const list = useStore(props.store, (s) => s.cases)
  const status = (
    <ListStatus
      list={list}
      loading={t('decisions.cases.loading')}
      empty={t('decisions.cases.empty')}
      onRetry={() => void props.store.getState().reloadCases()}
    />
  )
  if (list.items.length === 0) return status

  const letterButton = (c: ReviewCaseSummary, letter: Letter): React.JSX.Element => {
    const label = t(`decisions.letters.${letter}`)
    return (
      <button
        type="button"
        className="button button--small"
        disabled={!props.canPrint}
        aria-label={t('decisions.letters.printLabel', { letter: label, number: c.number })}
        onClick={() => props.onPrint(c.id, letter)}
      >
        <PrintIcon /> {label}
      </button>
    )
  }

  return (
    <>
      {status}
      <table
        className="decisions__table decisions__cases"
        aria-label={t('decisions.cases.tableLabel')}
        aria-busy={list.refreshing || undefined}
      >
        <thead>
          <tr>
            <th scope="col" className="col-number">
              {t('decisions.cases.col.number')}
            </th>
            <th scope="col">{t('decisions.cases.col.kind')}</th>
            <th scope="col" className="col-requested">
              {t('decisions.cases.col.requested')}
            </th>
            <th scope="col" className="col-due">
              {t('decisions.cases.col.due')}
            </th>
            <th scope="col" className="col-status">
              {t('decisions.cases.col.status')}
            </th>
            <th scope="col" className="col-letters">
              {t('decisions.cases.col.letters')}
            </th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((c) => (
            <tr key={c.id} data-testid="case-row">
              <th scope="row" className="col-number mono">
                {c.number}
              </th>
              <td>{caseKind(c, t)}</td>
              <td className="col-requested mono">{formatDate(c.requestedAt, language)}</td>
              <td className="col-due">
                {c.status === 'closed' ? (
                  <span className="mono muted">{formatDate(c.dueAt, language)}</span>
                ) : (
                  <DueDate dueAt={c.dueAt} now={props.now} language={language} />
                )}
                {c.extended && (
                  <span className="decisions__extended">{t('decisions.cases.extended')}</span>
                )}
              </td>
              <td className="col-status">
                <CaseStatusBadge status={c.status} />
              </td>
              <td className="col-letters">
                <div className="decisions__letters">
                  {letterButton(c, 'request')}
                  {c.extended && letterButton(c, 'extension')}
                  {c.status === 'closed' && letterButton(c, 'outcome')}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.total > list.items.length && (
        <p className="muted decisions__partial">
          {t('decisions.cases.partial', { shown: list.items.length, count: list.total })}
        </p>
      )}
    </>
  )
}

function PrintIcon(): React.JSX.Element {
  return (
    <svg width={12} height={12} viewBox="0 0 12 12" aria-hidden="true" focusable="false">
      <path
        d="M3 4.5V1.5h6v3M3 9H1.5V5h9v4H9M3 7.5h6v3H3z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.1"
      />
    </svg>
  )
}
