import { useTranslation } from 'react-i18next'
import type { DecisionFactor, FactorDirection } from '../../../shared/domain/review'
import type { Language } from '../../../shared/domain/staff'
import { formatPercent } from '../lib/format'
import './decision-factors-table.css'

/**
 * Why an automated decision went as it did: its factors, the weightiest first as the outcome
 * letter lists them (ties keep the model's order), each with its effect in words, its weight and
 * the model's explanation in the reader's language. Named by its caption where the screen shows
 * one, otherwise by "Decision factors".
 */
export function DecisionFactorsTable(props: {
  factors: readonly DecisionFactor[]
  language: Language
  caption?: string
}): React.JSX.Element {
  const { t } = useTranslation()
  const { language, caption } = props
  const factors = [...props.factors].sort((a, b) => b.weight - a.weight)
  return (
    <table
      className="data-table factors-table"
      aria-label={caption ? undefined : t('decisions.factors.label')}
    >
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{t('decisions.factors.name')}</th>
          <th scope="col">{t('decisions.factors.direction')}</th>
          <th scope="col" className="factors-table__weight">
            {t('decisions.factors.weight')}
          </th>
          <th scope="col">{t('decisions.factors.explanation')}</th>
        </tr>
      </thead>
      <tbody>
        {factors.map((factor, index) => (
          <tr key={`${factor.name}-${index}`} data-testid="factor-row">
            <th scope="row">{factor.name}</th>
            <td>
              <Direction direction={factor.direction} />
            </td>
            <td className="factors-table__weight">{formatPercent(factor.weight, language)}</td>
            <td lang={language}>{factor.explanation[language]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Direction({ direction }: { direction: FactorDirection }): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <span className={`factor-direction factor-direction--${direction}`}>
      <svg width={10} height={10} viewBox="0 0 10 10" aria-hidden="true" focusable="false">
        <path d={direction === 'raised' ? 'M5 1l4 7H1z' : 'M5 9L1 2h8z'} fill="currentColor" />
      </svg>
      {t(`decisions.factors.${direction}`)}
    </span>
  )
}
