/**
 * Words of a name as the name-word tables (migration 020) hold them, and the one-deletion forms
 * that make one-edit corrections exact lookups. The database splits `search_name` with the same
 * separators in `name_words_of`: change both or neither.
 */

// ASCII punctuation and controls, Latin-1 punctuation and signs, × ÷, general punctuation
// (dashes, „quotes”), CJK punctuation, BOM. Written out rather than \p{L}\p{N} because the
// database's regular expressions know letter classes only per locale, and PGlite's is C.
export const NAME_WORD_SEPARATORS =
  // eslint-disable-next-line no-control-regex
  /[\x01-/:-@[-`{-\x7f\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u3000-\u303f\ufeff]+/u

/** The distinct words of folded text, in order: `sia "kalnini"` → `sia`, `kalnini`. */
export function nameWordsOf(folded: string): string[] {
  return [...new Set(folded.split(NAME_WORD_SEPARATORS).filter((word) => word.length > 0))]
}

/** Words this short get no deletion forms: one edit from two letters is any two letters. */
export const MIN_FUZZY_WORD_LENGTH = 3

/**
 * The word with one code point left out, each way, distinct (`upite` → `pite`, `uite`, `upte`,
 * `upie`, `upit`); none for words shorter than MIN_FUZZY_WORD_LENGTH. As `name_word_deletions_of`.
 */
export function deletionsOf(word: string): string[] {
  const points = Array.from(word)
  if (points.length < MIN_FUZZY_WORD_LENGTH) return []
  const forms = new Set<string>()
  for (let i = 0; i < points.length; i++) {
    forms.add(points.slice(0, i).join('') + points.slice(i + 1).join(''))
  }
  return [...forms]
}

/** Some beginning of `word` is at most one edit from `typed`: a typo in a word still being typed. */
export function beginsWithinOneEdit(
  typed: string,
  word: string,
  distance: (a: string, b: string) => number
): boolean {
  for (let length = typed.length - 1; length <= typed.length + 1; length++) {
    if (length < 1 || length > word.length) continue
    if (distance(typed, word.slice(0, length)) <= 1) return true
  }
  return false
}
