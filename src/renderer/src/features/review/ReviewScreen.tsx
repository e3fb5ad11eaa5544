import { useCallback } from 'react'
import { useStore } from 'zustand'
import type { Staff } from '../../../../shared/domain/staff'
import type { LeaveGuardStore } from '../../app/leaveGuard'
import type { PrintPreviewStore } from '../receipts'
import type { ReviewCaseStore } from './caseStore'
import { CaseView } from './CaseView'
import { QueueScreen } from './QueueScreen'
import type { ReviewQueueStore } from './queueStore'
import './review.css'

export interface ReviewScreenProps {
  queue: ReviewQueueStore
  reviewCase: ReviewCaseStore
  preview: PrintPreviewStore
  leave: LeaveGuardStore
  staff: Staff
}

/** The reviewers' and supervisors' section: the queue, or the case opened from it. */
export function ReviewScreen({
  queue,
  reviewCase,
  preview,
  leave,
  staff
}: ReviewScreenProps): React.JSX.Element {
  const openId = useStore(reviewCase, (s) => s.openId)

  const open = useCallback(
    (id: string) => {
      reviewCase.getState().clearClaimNext()
      void reviewCase.getState().open(id)
    },
    [reviewCase]
  )

  // Back to the queue asks first when a decision is half written (the queue asks for its page
  // again as it comes back on screen).
  const back = useCallback(
    () => leave.getState().attempt('back', () => reviewCase.getState().close()),
    [leave, reviewCase]
  )

  return openId === null ? (
    <QueueScreen queue={queue} reviewCase={reviewCase} staff={staff} onOpen={open} />
  ) : (
    <CaseView key={openId} store={reviewCase} preview={preview} staff={staff} onBack={back} />
  )
}
