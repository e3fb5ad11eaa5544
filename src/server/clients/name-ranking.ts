/**
 * Final ordering of name-search candidates. Trigram similarity finds candidates fast but cannot
 * tell `berzims` → `berzins` (one letter) from `berzims` → `berzina` (two): both share the same
 * five trigrams. Edit distance per word can, so the database narrows and this ranks.
 */

const WORD_SEPARATORS = /[^\p{L}\p{N}]+/u

export function searchWords(folded: string): string[] {
  return folded.split(WORD_SEPARATORS).filter((word) => word.length > 0)
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps cost 1. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[] = new Array<number>(rows * cols)
  for (let i = 0; i < rows; i++) d[i * cols] = i
  for (let j = 0; j < cols; j++) d[j] = j
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(
        d[(i - 1) * cols + j]! + 1,
        d[i * cols + j - 1]! + 1,
        d[(i - 1) * cols + j - 1]! + cost
      )
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1)
      }
      d[i * cols + j] = best
    }
  }
  return d[rows * cols - 1]!
}

// How a typed word can match a word of the name, best first. Each kind has its own band of word
// scores: the whole surname (`berzina` → Bērziņa) always comes first, as only it scores 1; a name
// the typed word begins (`roze` → Rozenberga) comes before a typo or the other gender form
// (`berzina` → Bērziņš, one letter away) unless the trigram share of nameMatchScore says the
// typo's whole name is much the closer.
const WHOLE_WORD_SCORE = 1
const PREFIX_SCORE_FLOOR = 0.9
const PREFIX_SCORE_SPAN = 0.09
const FUZZY_SCORE_CEILING = 0.85

/**
 * How well one typed word matches one name word, 0..1: 1 for the whole word; 0.9 up to 0.99 for a
 * typed prefix (`ozolin`), higher the more of the word it covers; at most 0.85 for a word a few
 * edits away, lower the more edits.
 */
function wordMatch(typed: string, word: string): number {
  if (typed === word) return WHOLE_WORD_SCORE
  if (word.startsWith(typed)) {
    return PREFIX_SCORE_FLOOR + (PREFIX_SCORE_SPAN * typed.length) / word.length
  }
  const similarity = 1 - editDistance(typed, word) / Math.max(typed.length, word.length)
  return FUZZY_SCORE_CEILING * Math.max(0, similarity)
}

/** Every typed word is a whole word of the name: the best match there is. */
export function hasEveryWordWhole(query: string, name: string): boolean {
  const nameWords = searchWords(name)
  return searchWords(query).every((typed) => nameWords.includes(typed))
}

/** Every typed word is a prefix of, or one edit away from, some word of the name. */
export function isWithinOneEdit(query: string, name: string): boolean {
  const nameWords = searchWords(name)
  return searchWords(query).every((typed) =>
    nameWords.some((word) => word.startsWith(typed) || editDistance(typed, word) <= 1)
  )
}

/**
 * 0..1: for each typed word the best-matching word of the name, averaged, blended with the
 * database's trigram score so that whole-name similarity still breaks ties. A name matching every
 * typed word whole scores 1 (its trigram score is then 1 too); anything less scores below 1.
 */
export function nameMatchScore(query: string, name: string, trigramScore: number): number {
  const typedWords = searchWords(query)
  const nameWords = searchWords(name)
  if (typedWords.length === 0 || nameWords.length === 0) return trigramScore
  let total = 0
  for (const typed of typedWords) {
    let best = 0
    for (const word of nameWords) best = Math.max(best, wordMatch(typed, word))
    total += best
  }
  const wordScore = total / typedWords.length
  return Math.round((0.75 * wordScore + 0.25 * trigramScore) * 1000) / 1000
}

/** What equally good matches are ordered by: folded surname (a business's name), then first name. */
export interface NameSortKey {
  surname: string
  firstName: string
  id: string
}

/**
 * Surname, then first name, then id (so that the order is stable), compared by code point on
 * folded text: `berzina` before `berzins`. Not the display name "First Last", which would sort
 * namesakes by first name.
 */
export function compareBySurname(a: NameSortKey, b: NameSortKey): number {
  return (
    compareText(a.surname, b.surname) ||
    compareText(a.firstName, b.firstName) ||
    compareText(a.id, b.id)
  )
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
