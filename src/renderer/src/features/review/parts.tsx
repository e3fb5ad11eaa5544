import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DecisionOutcome, ReviewCaseStatus } from '../../../../shared/domain/review'
import type { DueUrgency } from '../../../../shared/domain/review-deadlines'
import type { Language } from '../../../../shared/domain/staff'
import { dueOf, formatEuros } from './model'

/** `Date.now()`, again every `intervalMs`: the countdown's second, the due chips' minute. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}

function DueIcon({ urgency }: { urgency: DueUrgency }): React.JSX.Element {
  const common = {
    width: 12,
    height: 12,
    viewBox: '0 0 12 12',
    'aria-hidden': true,
    focusable: false
  } as const
  if (urgency === 'overdue') {
    return (
      <svg {...common}>
        <path d="M6 1.5L11 10.5H1z" fill="none" stroke="currentColor" strokeWidth="1.4" />
        <path d="M6 4.8v2.6M6 8.6v.6" stroke="currentColor" strokeWidth="1.4" />
      </svg>
    )
  }
  return (
    <svg {...common}>
      <circle cx="6" cy="6" r="4.6" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <path d="M6 3.3V6l1.8 1.3" fill="none" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  )
}

/**
 * How long is left until the due day, in words and in colour (never colour alone): 10 days or
 * more green, under 10 amber, under 5 red, overdue red with a label of its own.
 */
export function DueChip({ dueAt, now }: { dueAt: string; now: number }): React.JSX.Element {
  const { t } = useTranslation()
  const { days, urgency } = dueOf(dueAt, new Date(now).toISOString())
  const words =
    days > 0
      ? t('review.due.inDays', { count: days })
      : days === 0
        ? t('review.due.today')
        : t('review.due.overdue', { count: -days })
  return (
    <span className={`due due--${urgency}`} data-urgency={urgency} data-testid="due-chip">
      <DueIcon urgency={urgency} />
      {words}
    </span>
  )
}

export function StatusBadge({ status }: { status: ReviewCaseStatus }): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <span className={`case-status case-status--${status}`}>{t(`review.status.${status}`)}</span>
  )
}

/** What a decision (or the reviewer's new outcome) concluded, in words. */
export function useOutcomeWords(): (outcome: DecisionOutcome, language: Language) => string {
  const { t } = useTranslation()
  return (outcome, language) => {
    switch (outcome.result) {
      case 'approved_with_limit':
        return t('review.result.approved_with_limit', {
          limit: outcome.limitEur === undefined ? '—' : formatEuros(outcome.limitEur, language)
        })
      case 'segment_assigned': {
        const segment = t('review.result.segment_assigned', { segment: outcome.segment ?? '—' })
        return outcome.offers && outcome.offers.length > 0
          ? `${segment}; ${t('review.result.offers', { offers: outcome.offers.join(', ') })}`
          : segment
      }
      default:
        return t(`review.result.${outcome.result}`)
    }
  }
}

/** An API error in the reviewer's words: the review's own first, then the app's, then generic. */
export function useErrorText(): (code: string) => string {
  const { t } = useTranslation()
  return (code) => t([`review.errors.${code}`, `errors.${code}`, 'errors.generic'])
}
