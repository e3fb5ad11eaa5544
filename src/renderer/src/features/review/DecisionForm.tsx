import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import {
  CREDIT_RESULTS,
  needsApproval,
  outcomesFor,
  REASON_CODES,
  type ReviewCase
} from '../../../../shared/domain/review'
import type { ReviewCaseStore } from './caseStore'
import {
  draftProblems,
  fieldOfPath,
  RATIONALE_MAX,
  RATIONALE_MIN,
  type DraftField,
  type DraftProblems
} from './model'
import { useErrorText } from './parts'

/** The order the fields appear in: the first one that is wrong takes the focus. */
const FIELD_ORDER: readonly DraftField[] = [
  'outcome',
  'newResult',
  'limit',
  'segment',
  'conditions',
  'reasonCode',
  'rationale'
]

/**
 * The reviewer's decision: uphold or override (with the new outcome), or an assessment's ending;
 * a reason from the list and a rationale the client will read in the letter. Shown with a live
 * claim; a claim lost on the way keeps everything typed until the case is claimed again.
 */
export function DecisionForm({
  store,
  reviewCase
}: {
  store: ReviewCaseStore
  reviewCase: ReviewCase
}): React.JSX.Element {
  const { t } = useTranslation()
  const id = useId()
  const draft = useStore(store, (s) => s.draft)
  const claim = useStore(store, (s) => s.claim)
  const busy = useStore(store, (s) => s.busy)
  const actionError = useStore(store, (s) => s.actionError)
  const errorText = useErrorText()
  const [tried, setTried] = useState(false)
  const problems = draftProblems(draft, reviewCase)
  const decideError = actionError?.action === 'decide' ? actionError : null

  // What the API refused, by field, beside what the form itself found.
  const serverProblems: DraftProblems = {}
  for (const field of decideError?.fields ?? []) {
    const name = fieldOfPath(field.path)
    if (name) serverProblems[name] = 'server'
  }
  const shown: DraftProblems = { ...serverProblems, ...(tried ? problems : {}) }
  const fieldId = (field: DraftField): string => `${id}-${field}`
  const errorId = (field: DraftField): string => `${id}-${field}-error`
  const invalid = (field: DraftField): { 'aria-invalid'?: true; 'aria-describedby'?: string } =>
    shown[field] ? { 'aria-invalid': true, 'aria-describedby': errorId(field) } : {}
  const problemText = (field: DraftField): React.JSX.Element | null =>
    shown[field] ? (
      <p id={errorId(field)} className="field__error">
        {t(`review.form.problem.${shown[field]}`, { min: RATIONALE_MIN, max: RATIONALE_MAX })}
      </p>
    ) : null

  const set = store.getState().setDraft
  const decision = reviewCase.decision
  const overriding = draft.outcome === 'overridden' && decision !== null
  const approvalNeeded =
    draft.outcome !== null && needsApproval(reviewCase.kind, reviewCase.decisionKind, draft.outcome)
  const rationaleLength = draft.rationale.trim().length

  async function submit(event: React.FormEvent): Promise<void> {
    event.preventDefault()
    setTried(true)
    const first = FIELD_ORDER.find((field) => problems[field])
    if (first) {
      document.getElementById(fieldId(first))?.focus()
      return
    }
    if (await store.getState().decide()) setTried(false)
  }

  return (
    <form
      className="review-section review-form"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <h2 id={`${id}-title`}>{t('review.form.title')}</h2>

      <fieldset className="review-form__group" {...invalid('outcome')}>
        <legend>{t('review.form.outcome')}</legend>
        <div className="review-form__options">
          {outcomesFor(reviewCase.kind).map((outcome, index) => (
            <label key={outcome} className="radio">
              <input
                type="radio"
                id={index === 0 ? fieldId('outcome') : undefined}
                name={`${id}-outcome`}
                value={outcome}
                checked={draft.outcome === outcome}
                onChange={() => set({ outcome })}
              />
              {t(`review.outcome.${outcome}`)}
            </label>
          ))}
        </div>
        {problemText('outcome')}
      </fieldset>

      {overriding && decision.kind === 'credit' && (
        <fieldset className="review-form__group" {...invalid('newResult')}>
          <legend>{t('review.form.newResult')}</legend>
          <div className="review-form__options">
            {CREDIT_RESULTS.map((result, index) => (
              <label key={result} className="radio">
                <input
                  type="radio"
                  id={index === 0 ? fieldId('newResult') : undefined}
                  name={`${id}-result`}
                  value={result}
                  checked={draft.newResult === result}
                  onChange={() => set({ newResult: result })}
                />
                {t(`review.newResult.${result}`)}
              </label>
            ))}
          </div>
          {problemText('newResult')}
          {draft.newResult === 'approved_with_limit' && (
            <div className="field review-form__limit">
              <label htmlFor={fieldId('limit')}>{t('review.form.limit')}</label>
              <input
                id={fieldId('limit')}
                inputMode="decimal"
                autoComplete="off"
                value={draft.limit}
                onChange={(event) => set({ limit: event.target.value })}
                {...invalid('limit')}
              />
              {problemText('limit')}
            </div>
          )}
        </fieldset>
      )}

      {overriding && decision.kind === 'profiling' && (
        <div className="field">
          <label htmlFor={fieldId('segment')}>{t('review.form.segment')}</label>
          <input
            id={fieldId('segment')}
            autoComplete="off"
            maxLength={100}
            value={draft.segment}
            onChange={(event) => set({ segment: event.target.value })}
            {...invalid('segment')}
          />
          {problemText('segment')}
        </div>
      )}

      {draft.outcome === 'approved_with_conditions' && (
        <div className="field">
          <label htmlFor={fieldId('conditions')}>{t('review.form.conditions')}</label>
          <textarea
            id={fieldId('conditions')}
            rows={2}
            maxLength={1000}
            value={draft.conditions}
            onChange={(event) => set({ conditions: event.target.value })}
            {...invalid('conditions')}
          />
          {problemText('conditions')}
        </div>
      )}

      <div className="field">
        <label htmlFor={fieldId('reasonCode')}>{t('review.form.reason')}</label>
        <select
          id={fieldId('reasonCode')}
          value={draft.reasonCode}
          onChange={(event) =>
            set({ reasonCode: REASON_CODES.find((code) => code === event.target.value) ?? '' })
          }
          {...invalid('reasonCode')}
        >
          <option value="">{t('review.form.chooseReason')}</option>
          {REASON_CODES.map((code) => (
            <option key={code} value={code}>
              {t(`review.reason.${code}`)}
            </option>
          ))}
        </select>
        {problemText('reasonCode')}
      </div>

      <div className="field">
        <label htmlFor={fieldId('rationale')}>{t('review.form.rationale')}</label>
        <p id={`${id}-rationale-hint`} className="review-form__hint">
          {t('review.form.rationaleHint', {
            language: t(`client.languages.${reviewCase.clientLanguage}`)
          })}
        </p>
        <textarea
          id={fieldId('rationale')}
          rows={5}
          maxLength={RATIONALE_MAX}
          lang={reviewCase.clientLanguage}
          value={draft.rationale}
          onChange={(event) => set({ rationale: event.target.value })}
          aria-describedby={[
            `${id}-rationale-hint`,
            `${id}-rationale-count`,
            shown.rationale && errorId('rationale')
          ]
            .filter(Boolean)
            .join(' ')}
          aria-invalid={shown.rationale ? true : undefined}
          required
        />
        <p id={`${id}-rationale-count`} className="review-form__count muted">
          {rationaleLength < RATIONALE_MIN
            ? t('review.form.rationaleCountShort', { count: rationaleLength, min: RATIONALE_MIN })
            : t('review.form.rationaleCount', { count: rationaleLength })}
        </p>
        {problemText('rationale')}
      </div>

      {approvalNeeded && (
        <p className="review-form__approval" data-testid="needs-approval">
          {t(
            reviewCase.kind === 'manual_credit'
              ? 'review.form.approvalAssessment'
              : 'review.form.approvalOverride'
          )}
        </p>
      )}

      {decideError && (
        <div className="review-alert review-alert--error" role="alert">
          <p>{errorText(decideError.code)}</p>
        </div>
      )}

      <div className="review-form__actions">
        {!claim && <p className="muted">{t('review.form.needsClaim')}</p>}
        <button
          type="submit"
          className="button button--primary"
          disabled={!claim || busy !== null}
          aria-busy={busy === 'decide'}
        >
          {busy === 'decide' && <span className="spinner" aria-hidden="true" />}
          {t('review.form.submit')}
        </button>
      </div>
    </form>
  )
}
