import type { TFunction } from 'i18next'
import type { DecisionOutcome } from '../../../../shared/domain/review'
import { daysLeft, dueUrgency, type DueUrgency } from '../../../../shared/domain/review-deadlines'
import type { Language } from '../../../../shared/domain/staff'

const LOCALES: Record<Language, string> = { lv: 'lv-LV', en: 'en-GB', ru: 'ru-RU' }

const euroFormats = new Map<Language, Intl.NumberFormat>()
const percentFormats = new Map<Language, Intl.NumberFormat>()
const numberFormats = new Map<Language, Intl.NumberFormat>()

function cached(
  formats: Map<Language, Intl.NumberFormat>,
  language: Language,
  options: Intl.NumberFormatOptions
): Intl.NumberFormat {
  let format = formats.get(language)
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[language], options)
    formats.set(language, format)
  }
  return format
}

/** `1500,00 €` (lv), `€1,500.00` (en), `1 500,00 €` (ru): the app's language, not the system's. */
export function formatEuro(amount: number, language: Language): string {
  return cached(euroFormats, language, { style: 'currency', currency: 'EUR' }).format(amount)
}

/** A factor's share of the decision, 0–1, as a whole percentage: `35%` / `35 %`. */
export function formatWeight(weight: number, language: Language): string {
  return cached(percentFormats, language, { style: 'percent', maximumFractionDigits: 0 }).format(
    weight
  )
}

/** A number from the model's inputs, in the app's language (`1234,5`, `12 345`). */
export function formatNumber(value: number, language: Language): string {
  return cached(numberFormats, language, { maximumFractionDigits: 2 }).format(value)
}

/** What a decision concluded, in words: "Declined", "Approved with a limit of 1500,00 €", … */
export function resultWords(outcome: DecisionOutcome, language: Language, t: TFunction): string {
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

/**
 * One value of the model's input data as a short text: numbers in the app's language, yes/no in
 * words, nested values as compact JSON (they are the calling system's, shown as sent).
 */
export function inputValue(value: unknown, language: Language, t: TFunction): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'number') return formatNumber(value, language)
  if (typeof value === 'boolean')
    return value ? t('decisions.inputs.yes') : t('decisions.inputs.no')
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}

export interface DueInfo {
  days: number
  urgency: DueUrgency
}

/** Days left to a due date (a Riga calendar date) and the queue's colour for it. */
export function dueInfo(due: string, now: Date): DueInfo {
  const days = daysLeft(due, now.toISOString())
  return { days, urgency: dueUrgency(days) }
}

/** "12 days left", "due today", "3 days overdue": the word that goes with the due date's colour. */
export function dueWords(info: DueInfo, t: TFunction): string {
  if (info.days < 0) return t('decisions.due.overdue', { count: -info.days })
  if (info.days === 0) return t('decisions.due.today')
  return t('decisions.due.daysLeft', { count: info.days })
}
