import i18next, { type i18n as I18n } from 'i18next'
import { useCallback } from 'react'
import { initReactI18next, useTranslation } from 'react-i18next'
import { LanguageSchema, type Language } from '../../../shared/domain/staff'
import en from './locales/en.json'
import lv from './locales/lv.json'
import ru from './locales/ru.json'

export const LANGUAGES: readonly Language[] = ['lv', 'en', 'ru']
export const DEFAULT_LANGUAGE: Language = 'lv'
/** localStorage key of the staff member's UI language; the only thing the renderer persists. */
export const LANGUAGE_STORAGE_KEY = 'consentDesk.language'

export const resources = {
  lv: { translation: lv },
  en: { translation: en },
  ru: { translation: ru }
} as const

export function readStoredLanguage(
  storage: Storage | undefined = safeLocalStorage()
): Language | null {
  try {
    const parsed = LanguageSchema.safeParse(storage?.getItem(LANGUAGE_STORAGE_KEY))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export function storeLanguage(
  language: Language,
  storage: Storage | undefined = safeLocalStorage()
): void {
  try {
    storage?.setItem(LANGUAGE_STORAGE_KEY, language)
  } catch {
    // Storage can be disabled or full; the choice then lasts for this window only.
  }
}

function safeLocalStorage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage
  } catch {
    return undefined
  }
}

/**
 * A fresh i18next instance (tests get their own, so languages never leak between them). Plurals use
 * i18next's Intl.PluralRules suffixes: lv zero/one/other, ru one/few/many/other, en one/other.
 */
export function createI18n(language: Language = readStoredLanguage() ?? DEFAULT_LANGUAGE): I18n {
  const instance = i18next.createInstance()
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes.
    returnNull: false,
    initAsync: false
  })
  syncDocumentLanguage(language)
  return instance
}

function syncDocumentLanguage(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language
}

export function currentLanguage(instance: I18n): Language {
  const parsed = LanguageSchema.safeParse(instance.resolvedLanguage ?? instance.language)
  return parsed.success ? parsed.data : DEFAULT_LANGUAGE
}

/** The UI language, and a setter that persists it and keeps `<html lang>` right for readers. */
export function useLanguage(): [Language, (language: Language) => void] {
  const { i18n } = useTranslation()
  const setLanguage = useCallback(
    (language: Language) => {
      storeLanguage(language)
      syncDocumentLanguage(language)
      void i18n.changeLanguage(language)
    },
    [i18n]
  )
  return [currentLanguage(i18n), setLanguage]
}
