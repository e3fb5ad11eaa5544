import { useTranslation } from 'react-i18next'
import { daysLeft, dueUrgency, type DueUrgency } from '../../../shared/domain/review-deadlines'
import './due-chip.css'

/**
 * How long a review case has left until its due day (a Riga calendar date), in words and in
 * colour, never colour alone: 10 days or more green, under 10 amber, under 5 red, overdue filled
 * red with a warning sign. The date itself is the caller's to show beside it.
 */
export function DueChip({ dueAt, now }: { dueAt: string; now: number }): React.JSX.Element {
  const { t } = useTranslation()
  const days = daysLeft(dueAt, new Date(now).toISOString())
  const urgency = dueUrgency(days)
  const words =
    days > 0
      ? t('review.due.daysLeft', { count: days })
      : days === 0
        ? t('review.due.today')
        : t('review.due.overdue', { count: -days })
  return (
    <span className={`due-chip due-chip--${urgency}`} data-urgency={urgency} data-testid="due-chip">
      <DueIcon urgency={urgency} />
      {words}
    </span>
  )
}

function DueIcon({ urgency }: { urgency: DueUrgency }): React.JSX.Element {
  return (
    <svg width={12} height={12} viewBox="0 0 12 12" aria-hidden="true" focusable="false">
      {urgency === 'overdue' ? (
        <>
          <path d="M6 1.5L11 10.5H1z" fill="none" stroke="currentColor" strokeWidth="1.4" />
          <path d="M6 4.8v2.6M6 8.6v.6" stroke="currentColor" strokeWidth="1.4" />
        </>
      ) : (
        <>
          <circle cx="6" cy="6" r="4.6" fill="none" stroke="currentColor" strokeWidth="1.4" />
          <path d="M6 3.3V6l1.8 1.3" fill="none" stroke="currentColor" strokeWidth="1.4" />
        </>
      )}
    </svg>
  )
}
