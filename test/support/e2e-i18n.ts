import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

export type Language = 'lv' | 'en' | 'ru'

const LOCALES_DIR = resolve(import.meta.dirname, '../../src/renderer/src/i18n/locales')
const cache = new Map<Language, unknown>()

/**
 * A UI string as the renderer shows it, read from the renderer's own locale files, so specs
 * follow wording changes instead of hard-coding them. Only `{{name}}` interpolation is supported.
 */
export function t(language: Language, key: string, values: Record<string, string> = {}): string {
  let tree = cache.get(language)
  if (!tree) {
    tree = JSON.parse(readFileSync(resolve(LOCALES_DIR, `${language}.json`), 'utf8')) as unknown
    cache.set(language, tree)
  }
  let node: unknown = tree
  for (const part of key.split('.')) {
    node =
      typeof node === 'object' && node !== null
        ? (node as Record<string, unknown>)[part]
        : undefined
  }
  if (typeof node !== 'string') throw new Error(`No ${language} string for ${key}`)
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '')
}
