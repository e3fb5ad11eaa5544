import { useTranslation } from 'react-i18next'
import type { ReviewCaseStatus } from '../../../shared/domain/review'
import './case-status-badge.css'

/** A review case's status: the word, on the status's colour (the colour only repeats it). */
export function CaseStatusBadge({ status }: { status: ReviewCaseStatus }): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <span className={`case-status case-status--${status}`}>{t(`review.status.${status}`)}</span>
  )
}
