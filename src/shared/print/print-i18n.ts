import i18next, { type i18n as I18n } from 'i18next'
import type { Language } from '../domain/staff'
import en from './locales/en.json' with { type: 'json' }
import lv from './locales/lv.json' with { type: 'json' }
import ru from './locales/ru.json' with { type: 'json' }
import { formatPrintDate, formatPrintDateTime } from './print-format'

/**
 * The print's own translations, apart from the renderer's: a print's language is chosen per
 * document (the agent may switch before printing) and the module also runs in main and in tests.
 */
export const PRINT_LANGUAGES: readonly Language[] = ['lv', 'en', 'ru']
export const PRINT_DEFAULT_LANGUAGE: Language = 'lv'

export const printResources = { lv, en, ru } as const

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>
}[keyof T & string]
type WithoutPlural<K extends string> =
  K extends `${infer Base}_${'zero' | 'one' | 'few' | 'many' | 'other'}` ? Base : K

/** Every label the print has, checked at compile time against the Latvian file. */
export type PrintKey = WithoutPlural<Leaves<typeof lv>>

export type Translate = (key: PrintKey, values?: Record<string, string | number>) => string

/** What every template is handed: the language, its labels, and its date formats. */
export interface PrintContext {
  language: Language
  t: Translate
  date(iso: string): string
  dateTime(iso: string): string
}

let instance: I18n | undefined

function printI18n(): I18n {
  if (!instance) {
    instance = i18next.createInstance()
    // Synchronous: the resources are bundled, and rendering must not wait for anything.
    void instance.init({
      resources: {
        lv: { print: lv },
        en: { print: en },
        ru: { print: ru }
      },
      lng: PRINT_DEFAULT_LANGUAGE,
      fallbackLng: PRINT_DEFAULT_LANGUAGE,
      supportedLngs: [...PRINT_LANGUAGES],
      ns: ['print'],
      defaultNS: 'print',
      // React escapes every text it renders; escaping here too would print `&lt;` on paper.
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false
    })
  }
  return instance
}

const contexts = new Map<Language, PrintContext>()

/** The print context for a language (an unknown one prints in Latvian). */
export function printContext(language: Language): PrintContext {
  const lang = PRINT_LANGUAGES.includes(language) ? language : PRINT_DEFAULT_LANGUAGE
  let context = contexts.get(lang)
  if (!context) {
    const fixed = printI18n().getFixedT(lang, 'print')
    context = {
      language: lang,
      t: (key, values) => fixed(key, values ?? {}),
      date: (iso) => formatPrintDate(iso, lang),
      dateTime: (iso) => formatPrintDateTime(iso, lang)
    }
    contexts.set(lang, context)
  }
  return context
}
