import { dictionary } from '@zxcvbn-ts/language-common'

let commonPasswords: ReadonlySet<string> | undefined

/**
 * True when `normalisedLowerCase` is on zxcvbn's list of commonly used passwords (about 49,000,
 * drawn from breach corpora). The list is decompressed and lower-cased once, on first use, and
 * stays on the server: the desk never downloads it.
 */
export function isCommonPassword(normalisedLowerCase: string): boolean {
  commonPasswords ??= new Set(
    dictionary['passwords-common'].map((password) => password.normalize('NFKC').toLowerCase())
  )
  return commonPasswords.has(normalisedLowerCase)
}
