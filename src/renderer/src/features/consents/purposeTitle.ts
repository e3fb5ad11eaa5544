import type { Purpose, PurposeDefinition } from '../../../../shared/domain/consent'
import type { Language } from '../../../../shared/domain/staff'

/**
 * A purpose's one title, wherever it appears (card, summary, timeline): the current notice's
 * title in `language` from the API's catalogue. Until the catalogue has loaded, `fallback` (the
 * i18n copy of the same catalogue words) stands in.
 */
export function purposeTitle(
  definitions: readonly PurposeDefinition[] | null | undefined,
  purpose: Purpose,
  language: Language,
  fallback: (purpose: Purpose) => string
): string {
  const definition = definitions?.find((d) => d.purpose === purpose)
  const notice = definition?.notices.find(
    (n) => n.version === definition.currentVersion && n.language === language
  )
  return notice?.title ?? fallback(purpose)
}
