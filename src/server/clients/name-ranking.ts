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
  return blendNameScore(wordMatchScore(query, name), trigramScore)
}

/** nameMatchScore from its word part (wordMatchScore) and the trigram score. */
export function blendNameScore(wordScore: number | null, trigramScore: number): number {
  if (wordScore === null) return trigramScore
  return Math.round((0.75 * wordScore + 0.25 * trigramScore) * 1000) / 1000
}

/**
 * 0..1, the word part of nameMatchScore: for each typed word the best-matching word of the name,
 * averaged. Null when either has no words.
 */
export function wordMatchScore(query: string, name: string): number | null {
  return createWordMatchScorer(query)(name)
}

/**
 * wordMatchScore of one query for many names. A search ranks hundreds of candidates that share
 * few distinct words (the corrections of a surname, common first names), so each name word's
 * match with the typed words (an edit distance per pair) is worked out once, not once per
 * candidate; with the sort keys' folds memoised too (clients.service.ts), ranking went from about
 * 10 to 5 µs a candidate.
 */
export function createWordMatchScorer(query: string): (name: string) => number | null {
  const typedWords = searchWords(query)
  const matchesOf = new Map<string, number[]>()
  const matchesOfWord = (word: string): number[] => {
    let matches = matchesOf.get(word)
    if (matches === undefined) {
      matches = typedWords.map((typed) => wordMatch(typed, word))
      matchesOf.set(word, matches)
    }
    return matches
  }
  return (name) => {
    const nameWords = searchWords(name)
    if (typedWords.length === 0 || nameWords.length === 0) return null
    const best = typedWords.map(() => 0)
    for (const word of nameWords) {
      const matches = matchesOfWord(word)
      for (let i = 0; i < best.length; i++) best[i] = Math.max(best[i]!, matches[i]!)
    }
    return best.reduce((sum, score) => sum + score, 0) / typedWords.length
  }
}

/**
 * A typo or an unfinished word can be as near two names (`strazdd`: Strazds or Strazda; `ozol`:
 * Ozols or Ozola), and at 1.5 million clients either has more namesakes than a page holds: ranked
 * by score alone, the first page is all one of them and the client the agent meant is not on it.
 * So in each run of ranked matches that are not whole words and are equally near in words (the
 * same word score, see wordMatchScore), the surnames take turns, each keeping its own order.
 * Whole-word matches, and a nearer match before a farther one, stay as ranked.
 */
export function interleaveEquallyNear<T>(
  ranked: readonly T[],
  wordScoreOf: (item: T) => number,
  surnameOf: (item: T) => string
): T[] {
  const result: T[] = []
  let i = 0
  while (i < ranked.length) {
    const score = wordScoreOf(ranked[i]!)
    let end = i + 1
    while (end < ranked.length && wordScoreOf(ranked[end]!) === score) end++
    const tier = ranked.slice(i, end)
    if (score >= WHOLE_WORD_SCORE) result.push(...tier)
    else {
      // Surnames in the order of their best match; then one of each in turn.
      const bySurname = new Map<string, T[]>()
      for (const item of tier) {
        const key = surnameOf(item)
        const group = bySurname.get(key)
        if (group) group.push(item)
        else bySurname.set(key, [item])
      }
      const groups = [...bySurname.values()]
      for (let turn = 0; result.length < i + tier.length; turn++) {
        for (const group of groups) if (turn < group.length) result.push(group[turn]!)
      }
    }
    i = end
  }
  return result
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
