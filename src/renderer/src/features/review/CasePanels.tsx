import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import type { ReviewCase } from '../../../../shared/domain/review'
import { extendedDueDate, MAX_EXTENSION_MONTHS } from '../../../../shared/domain/review-deadlines'
import type { Staff } from '../../../../shared/domain/staff'
import { currentLanguage } from '../../i18n'
import { formatDate, formatDateTime } from '../../lib/format'
import { outcomeWords } from '../../lib/outcomeWords'
import type { ReviewCaseStore } from './caseStore'
import { extensionOffered, isSupervisor } from './model'
import { useNow } from './parts'

/** How the case was decided, and the supervisor's answer if there is one. */
export function Resolution({ reviewCase }: { reviewCase: ReviewCase }): React.JSX.Element | null {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const resolution = reviewCase.resolution
  if (!resolution) return null
  return (
    <section
      className="review-section"
      aria-labelledby="review-resolution"
      data-testid="resolution"
    >
      <h2 id="review-resolution">{t('review.resolution.title')}</h2>
      <dl className="review-facts">
        <div>
          <dt>{t('review.resolution.decidedBy')}</dt>
          <dd>
            {t('review.resolution.byAt', {
              name: resolution.decidedBy.displayName,
              time: formatDateTime(resolution.decidedAt, language)
            })}
          </dd>
        </div>
        <div>
          <dt>{t('review.resolution.outcome')}</dt>
          <dd className="review-result">{t(`review.outcomeDone.${resolution.outcome}`)}</dd>
        </div>
        {resolution.newOutcome && (
          <div>
            <dt>{t('review.resolution.newOutcome')}</dt>
            <dd className="review-result">{outcomeWords(resolution.newOutcome, language, t)}</dd>
          </div>
        )}
        {resolution.conditions && (
          <div>
            <dt>{t('review.resolution.conditions')}</dt>
            <dd>{resolution.conditions}</dd>
          </div>
        )}
        <div>
          <dt>{t('review.resolution.reason')}</dt>
          <dd>{t(`review.reason.${resolution.reasonCode}`)}</dd>
        </div>
        <div>
          <dt>{t('review.resolution.rationale')}</dt>
          <dd>
            <blockquote className="review-quote" lang={reviewCase.clientLanguage}>
              {resolution.rationale}
            </blockquote>
          </dd>
        </div>
        {reviewCase.approval && (
          <div>
            <dt>{t('review.resolution.approval')}</dt>
            <dd>
              {t(
                reviewCase.approval.approved
                  ? 'review.resolution.approved'
                  : 'review.resolution.sentBack',
                {
                  name: reviewCase.approval.by.displayName,
                  time: formatDateTime(reviewCase.approval.at, language)
                }
              )}
              {reviewCase.approval.note && (
                <>
                  <br />
                  <span className="muted">{reviewCase.approval.note}</span>
                </>
              )}
            </dd>
          </div>
        )}
      </dl>
    </section>
  )
}

/**
 * The second pair of eyes: approve (the case closes) or send back with a note. Never the
 * decider's own: they see why instead (the API refuses it anyway).
 */
export function ApprovalPanel({
  store,
  reviewCase,
  staff
}: {
  store: ReviewCaseStore
  reviewCase: ReviewCase
  staff: Staff
}): React.JSX.Element {
  const { t } = useTranslation()
  const id = useId()
  const busy = useStore(store, (s) => s.busy)
  const [note, setNote] = useState('')
  const [noteMissing, setNoteMissing] = useState(false)
  const own = reviewCase.resolution?.decidedBy.id === staff.id

  return (
    <section className="review-section review-approval" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('review.approval.title')}</h2>
      {own ? (
        <p className="review-alert review-alert--info" data-testid="own-decision">
          {t('review.approval.ownDecision')}
        </p>
      ) : (
        <>
          <p className="muted">{t('review.approval.intro')}</p>
          <div className="field">
            <label htmlFor={`${id}-note`}>{t('review.approval.note')}</label>
            <textarea
              id={`${id}-note`}
              rows={2}
              maxLength={2000}
              value={note}
              aria-invalid={noteMissing || undefined}
              aria-describedby={noteMissing ? `${id}-note-error` : undefined}
              onChange={(event) => {
                setNote(event.target.value)
                setNoteMissing(false)
              }}
            />
            {noteMissing && (
              <p id={`${id}-note-error`} className="field__error">
                {t('review.approval.noteRequired')}
              </p>
            )}
          </div>
          <div className="review-form__actions">
            <button
              type="button"
              className="button button--danger"
              disabled={busy !== null}
              onClick={() => {
                if (note.trim() === '') {
                  setNoteMissing(true)
                  document.getElementById(`${id}-note`)?.focus()
                  return
                }
                void store.getState().approve(false, note)
              }}
            >
              {busy === 'sendBack' && <span className="spinner" aria-hidden="true" />}
              {t('review.approval.sendBack')}
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={busy !== null}
              onClick={() => void store.getState().approve(true, note)}
            >
              {busy === 'approve' && <span className="spinner" aria-hidden="true" />}
              {t('review.approval.approve')}
            </button>
          </div>
        </>
      )}
    </section>
  )
}

/**
 * Once, within the first month: one or two more months, with the reason the client is told in
 * the notice (which can then be printed).
 */
export function ExtensionPanel({
  store,
  reviewCase,
  staff,
  holdsClaim
}: {
  store: ReviewCaseStore
  reviewCase: ReviewCase
  staff: Staff
  holdsClaim: boolean
}): React.JSX.Element | null {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const id = useId()
  const now = useNow(60_000)
  const busy = useStore(store, (s) => s.busy)
  const [open, setOpen] = useState(false)
  const [months, setMonths] = useState<1 | 2>(1)
  const [reason, setReason] = useState('')
  const [reasonMissing, setReasonMissing] = useState(false)

  if (!extensionOffered(reviewCase, new Date(now).toISOString(), holdsClaim, isSupervisor(staff))) {
    return null
  }
  if (!open) {
    return (
      <div className="review-extension-toggle">
        <button type="button" className="button" onClick={() => setOpen(true)}>
          {t('review.extension.open')}
        </button>
      </div>
    )
  }
  return (
    <form
      className="review-section review-extension"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        if (reason.trim() === '') {
          setReasonMissing(true)
          document.getElementById(`${id}-reason`)?.focus()
          return
        }
        void store
          .getState()
          .extend(months, reason)
          .then((done) => {
            if (done) {
              setOpen(false)
              setReason('')
            }
          })
      }}
    >
      <h2 id={`${id}-title`}>{t('review.extension.title')}</h2>
      <p className="muted">{t('review.extension.intro')}</p>
      <fieldset className="review-form__group">
        <legend>{t('review.extension.months')}</legend>
        <div className="review-form__options">
          {Array.from({ length: MAX_EXTENSION_MONTHS }, (_, index) => (index + 1) as 1 | 2).map(
            (option) => (
              <label key={option} className="radio">
                <input
                  type="radio"
                  name={`${id}-months`}
                  value={option}
                  checked={months === option}
                  onChange={() => setMonths(option)}
                />
                {t('review.extension.option', {
                  count: option,
                  date: formatDate(extendedDueDate(reviewCase.requestedAt, option), language)
                })}
              </label>
            )
          )}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('review.extension.reason')}</label>
        <textarea
          id={`${id}-reason`}
          rows={2}
          maxLength={1000}
          lang={reviewCase.clientLanguage}
          value={reason}
          aria-invalid={reasonMissing || undefined}
          aria-describedby={reasonMissing ? `${id}-reason-error` : undefined}
          onChange={(event) => {
            setReason(event.target.value)
            setReasonMissing(false)
          }}
        />
        {reasonMissing && (
          <p id={`${id}-reason-error`} className="field__error">
            {t('review.extension.reasonRequired')}
          </p>
        )}
      </div>
      <div className="review-form__actions">
        <button type="button" className="button button--ghost" onClick={() => setOpen(false)}>
          {t('review.extension.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={busy !== null}>
          {busy === 'extend' && <span className="spinner" aria-hidden="true" />}
          {t('review.extension.submit')}
        </button>
      </div>
    </form>
  )
}

/** A supervisor gives the case to a reviewer, or back to the queue. */
export function ReassignPanel({
  store,
  reviewCase
}: {
  store: ReviewCaseStore
  reviewCase: ReviewCase
}): React.JSX.Element {
  const { t } = useTranslation()
  const id = useId()
  const reviewers = useStore(store, (s) => s.reviewers)
  const busy = useStore(store, (s) => s.busy)
  const [choice, setChoice] = useState('')

  useEffect(() => {
    void store.getState().loadReviewers()
  }, [store])

  const QUEUE = 'queue'
  return (
    <section className="review-section review-reassign" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('review.reassign.title')}</h2>
      <form
        className="review-reassign__form"
        onSubmit={(event) => {
          event.preventDefault()
          if (choice === '') return
          void store
            .getState()
            .reassign(choice === QUEUE ? null : choice)
            .then((done) => {
              if (done) setChoice('')
            })
        }}
      >
        <label className="field">
          <span>{t('review.reassign.to')}</span>
          <select value={choice} onChange={(event) => setChoice(event.target.value)}>
            <option value="">{t('review.reassign.choose')}</option>
            {reviewCase.assignee !== null && (
              <option value={QUEUE}>{t('review.reassign.queue')}</option>
            )}
            {(reviewers ?? [])
              .filter((reviewer) => reviewer.id !== reviewCase.assignee?.id)
              .map((reviewer) => (
                <option key={reviewer.id} value={reviewer.id}>
                  {reviewer.displayName}
                </option>
              ))}
          </select>
        </label>
        <button type="submit" className="button" disabled={choice === '' || busy !== null}>
          {busy === 'reassign' && <span className="spinner" aria-hidden="true" />}
          {t('review.reassign.submit')}
        </button>
      </form>
    </section>
  )
}
