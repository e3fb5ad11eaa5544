import i18next, { type i18n as I18n, type ResourceKey } from 'i18next'
import { useCallback, useEffect, useState } from 'react'
import { initReactI18next, useTranslation } from 'react-i18next'
import { LanguageSchema, type Language } from '../../../shared/domain/staff'
// Latvian, the first screen's language, in two parts: the sections the entry chunk's screens use
// (sign-in, the lock screen, the connectivity banner, the error page) are imported by name, so
// Vite keeps only them here; the whole file comes with the workspace, before anything signed-in
// is drawn (app/screens.ts). It is read as text (`?raw`, a module of its own: importing the
// JSON module itself would pull the whole file into this chunk).
import { app, auth, banner, errors, languages, lock } from './locales/lv.json'

export const LANGUAGES: readonly Language[] = ['lv', 'en', 'ru']
export const DEFAULT_LANGUAGE: Language = 'lv'
/** localStorage key of the staff member's UI language; the only thing the renderer persists. */
export const LANGUAGE_STORAGE_KEY = 'consentDesk.language'

/**
 * The string bundles. The first screen's Latvian (the default language, and the fallback) is in
 * the entry chunk, so the sign-in screen never waits for strings; the rest of Latvian, English
 * and Russian are chunks of their own, fetched the first time someone needs them (the
 * workspace, a language switch, a stored choice, a client's language) and prefetched while the
 * sign-in screen is up. Vite makes each `import()` a same-origin file: nothing inline (CSP).
 */
const LOADERS: Readonly<Record<Language, () => Promise<ResourceKey>>> = {
  lv: () =>
    import('./locales/lv.json?raw').then((module) => JSON.parse(module.default) as ResourceKey),
  en: () => import('./locales/en.json').then((module) => module.default),
  ru: () => import('./locales/ru.json').then((module) => module.default)
}

/** What the entry chunk's screens need, in Latvian, from the start. */
const FIRST_SCREEN_LATVIAN: ResourceKey = { app, auth, banner, errors, languages, lock }

/** The complete bundles loaded so far, by language. */
const loaded = new Map<Language, ResourceKey>()
const loading = new Map<Language, Promise<ResourceKey>>()
/** Every instance `createI18n` made (weakly): a bundle that arrives is added to each. */
const instances = new Set<WeakRef<I18n>>()

function addToInstances(language: Language, bundle: ResourceKey): void {
  for (const ref of instances) {
    const instance = ref.deref()
    if (instance === undefined) instances.delete(ref)
    // Deep and overwriting: the whole Latvian file completes the first screen's part.
    else instance.addResourceBundle(language, 'translation', bundle, true, true)
  }
}

/** The language's strings, loaded once (every caller of a language shares one request). */
export function loadLanguageBundle(language: Language): Promise<ResourceKey> {
  const ready = loaded.get(language)
  if (ready) return Promise.resolve(ready)
  let pending = loading.get(language)
  if (!pending) {
    pending = LOADERS[language]().then(
      (bundle) => {
        loaded.set(language, bundle)
        loading.delete(language)
        addToInstances(language, bundle)
        return bundle
      },
      (error: unknown) => {
        // A failed fetch may be tried again (the next switch asks anew).
        loading.delete(language)
        throw error
      }
    )
    loading.set(language, pending)
  }
  return pending
}

/** Whether all of the language's strings are loaded already (no waiting needed). */
export function isLanguageLoaded(language: Language): boolean {
  return loaded.has(language)
}

/** Loads `language`'s strings (if needed) and makes sure `instance` has them. */
export async function ensureLanguage(instance: I18n, language: Language): Promise<void> {
  const bundle = await loadLanguageBundle(language)
  // Instances made by createI18n got it on arrival; this covers any other (and is idempotent).
  instance.addResourceBundle(language, 'translation', bundle, true, true)
}

/** Every language's strings, e.g. after sign-in, so later switches never wait. */
export async function preloadLanguages(instance?: I18n): Promise<void> {
  await Promise.all(
    LANGUAGES.map((language) =>
      instance ? ensureLanguage(instance, language) : loadLanguageBundle(language)
    )
  )
}

const switchSequence = new WeakMap<I18n, number>()

/**
 * Switches `instance` to `language` once its strings are there, so the page never shows keys or
 * a half-translated screen. When switches overlap, the last one asked for wins.
 */
export async function switchLanguage(instance: I18n, language: Language): Promise<void> {
  const sequence = (switchSequence.get(instance) ?? 0) + 1
  switchSequence.set(instance, sequence)
  await ensureLanguage(instance, language)
  if (switchSequence.get(instance) !== sequence) return
  syncDocumentLanguage(language)
  await instance.changeLanguage(language)
}

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
 * It starts with the first screen's Latvian and every bundle loaded so far, and gets each bundle
 * that arrives later. For another language than Latvian, use `loadI18n` (the page) or load the
 * bundle first (the renderer tests' setup loads all three).
 */
export function createI18n(language: Language = readStoredLanguage() ?? DEFAULT_LANGUAGE): I18n {
  const instance = i18next.createInstance()
  const resources: Record<string, { translation: ResourceKey }> = {
    lv: { translation: FIRST_SCREEN_LATVIAN }
  }
  for (const [code, bundle] of loaded) resources[code] = { translation: bundle }
  instances.add(new WeakRef(instance))
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

/** The page's start: a stored English or Russian choice's strings first (Latvian needs no wait). */
export async function loadI18n(
  language: Language = readStoredLanguage() ?? DEFAULT_LANGUAGE
): Promise<I18n> {
  try {
    if (language !== DEFAULT_LANGUAGE) await loadLanguageBundle(language)
    return createI18n(language)
  } catch {
    // The bundle could not be read: the desk still opens, in Latvian.
    return createI18n(DEFAULT_LANGUAGE)
  }
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
      void switchLanguage(i18n, language)
    },
    [i18n]
  )
  return [currentLanguage(i18n), setLanguage]
}

/**
 * Whether `language`'s strings are in `instance`; when they are not, loads them and renders
 * again once they are (for `getFixedT` in a language other than the agent's: the client's).
 */
export function useLanguageLoaded(instance: I18n, language: Language | undefined): boolean {
  const has = (): boolean => language === undefined || isLanguageLoaded(language)
  const [, rendered] = useState(0)
  useEffect(() => {
    if (language === undefined || isLanguageLoaded(language)) return
    let live = true
    ensureLanguage(instance, language).then(
      () => live && rendered((n) => n + 1),
      () => undefined // Fallback (Latvian) strings stay; the next render asks again.
    )
    return () => {
      live = false
    }
  }, [instance, language])
  return has()
}
