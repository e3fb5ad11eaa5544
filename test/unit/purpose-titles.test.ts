import { describe, expect, it } from 'vitest'
import { NOTICES_V1 } from '../../src/server/db/migrations/2026_11_25_005_publish_notices_v1'
import en from '../../src/renderer/src/i18n/locales/en.json'
import lv from '../../src/renderer/src/i18n/locales/lv.json'
import ru from '../../src/renderer/src/i18n/locales/ru.json'
import { PURPOSES } from '../../src/shared/domain/consent'

// The desk shows the catalogue's titles (from the API); its locale files hold the same words for
// the moment before the catalogue has loaded. One purpose, one title, wherever it appears.
describe('purpose titles', () => {
  it.each([
    ['lv', lv],
    ['en', en],
    ['ru', ru]
  ] as const)('the %s locale copy equals the current notice titles', (language, locale) => {
    for (const purpose of PURPOSES) {
      expect(locale.consents.purpose[purpose], purpose).toBe(NOTICES_V1[purpose][language].title)
    }
  })
})
