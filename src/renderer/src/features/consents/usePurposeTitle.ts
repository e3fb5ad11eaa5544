import { useCallback, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import type { Purpose } from '../../../../shared/domain/consent'
import type { Language } from '../../../../shared/domain/staff'
import { currentLanguage, useLanguageLoaded } from '../../i18n'
import { purposeTitle } from './purposeTitle'
import type { ConsentsStore } from './store'

/**
 * The catalogue's title of a purpose, in the agent's language (or `language`, for what the
 * client reads), from the definitions the consents store has loaded.
 */
export function usePurposeTitle(
  store: ConsentsStore,
  language?: Language
): (purpose: Purpose) => string {
  const { t, i18n } = useTranslation()
  const definitions = useStore(store, (s) => s.definitions)
  const lang = language ?? currentLanguage(i18n)
  // The client's language may not be loaded yet: the titles follow once it is.
  const loaded = useLanguageLoaded(i18n, language)
  const fixed = useMemo(
    () => (language && loaded ? i18n.getFixedT(language) : t),
    [language, loaded, i18n, t]
  )
  return useCallback(
    (purpose: Purpose) =>
      purposeTitle(definitions, purpose, lang, (p) => fixed(`consents.purpose.${p}`)),
    [definitions, lang, fixed]
  )
}

/** "LMT offers — SMS; Location data …": changes named as the agent reads them. */
export function useChangeNames(
  store: ConsentsStore
): (changes: readonly { purpose: Purpose; channel?: string | null }[]) => string {
  const { t } = useTranslation()
  const titleOf = usePurposeTitle(store)
  return useCallback(
    (changes) =>
      changes
        .map((change) =>
          change.channel
            ? `${titleOf(change.purpose)} — ${t(`consents.channel.${change.channel}`)}`
            : titleOf(change.purpose)
        )
        .join('; '),
    [t, titleOf]
  )
}
