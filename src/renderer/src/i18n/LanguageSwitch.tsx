import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { LanguageSchema } from '../../../shared/domain/staff'
import { LANGUAGES, useLanguage } from './index'

export interface LanguageSwitchProps {
  /** Asked before the switch happens (pending changes on a card); `proceed` switches. */
  beforeChange?(proceed: () => void): void
}

/** A native select: keyboard, screen readers and E2E (`getByLabel`) all know it already. */
export function LanguageSwitch({ beforeChange }: LanguageSwitchProps = {}): React.JSX.Element {
  const { t } = useTranslation()
  const [language, setLanguage] = useLanguage()
  const id = useId()
  return (
    <div className="language-switch">
      <label htmlFor={id}>{t('app.language')}</label>
      <select
        id={id}
        value={language}
        onChange={(event) => {
          const parsed = LanguageSchema.safeParse(event.target.value)
          if (!parsed.success) return
          const next = parsed.data
          if (beforeChange) beforeChange(() => setLanguage(next))
          else setLanguage(next)
        }}
      >
        {LANGUAGES.map((code) => (
          // Each language is named in itself, so anyone can find theirs.
          <option key={code} value={code} lang={code}>
            {t(`languages.${code}`)}
          </option>
        ))}
      </select>
    </div>
  )
}
