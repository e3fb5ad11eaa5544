import type { TFunction } from 'i18next'
import type { DecisionOutcome } from '../../../shared/domain/review'
import type { Language } from '../../../shared/domain/staff'
import { formatEuro } from './format'

/**
 * What a decision (or a reviewer's new outcome) concluded, in words: "Declined", "Approved with a
 * limit of 1 500,00 €", "Segment: Family+ (offers: TV+, Extra data)". The client card and the
 * review screens say it the same way.
 */
export function outcomeWords(outcome: DecisionOutcome, language: Language, t: TFunction): string {
  switch (outcome.result) {
    case 'approved':
      return t('decisions.result.approved')
    case 'declined':
      return t('decisions.result.declined')
    case 'approved_with_limit':
      return outcome.limitEur === undefined
        ? t('decisions.result.approved')
        : t('decisions.result.approvedWithLimit', {
            amount: formatEuro(outcome.limitEur, language)
          })
    case 'segment_assigned': {
      const segment = t('decisions.result.segment', { segment: outcome.segment ?? '—' })
      return outcome.offers && outcome.offers.length > 0
        ? `${segment} ${t('decisions.result.offers', { offers: outcome.offers.join(', ') })}`
        : segment
    }
  }
}
