import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { editDistance } from '../../src/server/clients/name-ranking'
import { nameWordsOf } from '../../src/server/clients/name-words'
import { generateClient, FIXTURE_CLIENTS, type SeedClient } from '../../src/server/seed/generator'
import { seedClients } from '../../src/server/seed/seed-database'
import { createRandom, type Random } from '../../src/server/seed/random'
import { foldForSearch } from '../../src/shared/identifiers/searchText'
import { bearer, createTestApi, type TestApi } from '../support/test-api'

// Held out: both seeds were drawn (from /dev/urandom) after the name-word search was written, so
// neither the clients nor the misspellings could have shaped it.
const CLIENT_SEED = 3_511_713_494
const MISSPELLING_SEED = 1_230_387_827
const CLIENTS = 3000
const QUERIES = 400
// The old trigram ranking reached 95 % at 1.5 million clients (97.3 % here, with 600 queries). What
// is left here is a typo as near another name (`strazdd`: Strazds or Strazda; `denis`: Dzenis,
// or the Deniss it begins): those ambiguous ones are counted apart, and every other must be found.
const MIN_RECALL_AT_10 = 0.96
const MIN_UNAMBIGUOUS_RECALL_AT_10 = 1

const LETTERS = Array.from('aābcčdeēfgģhiījkķlļmnņoprsštuūvzž')
type Edit = 'deletion' | 'insertion' | 'substitution' | 'transposition'
const EDITS: readonly Edit[] = ['deletion', 'insertion', 'substitution', 'transposition']

/** One edit of `word` by code point, somewhere in it. */
function misspell(word: string, edit: Edit, random: Random): string {
  const points = Array.from(word)
  const at = random.int(points.length)
  const letter = random.pick(LETTERS)
  switch (edit) {
    case 'deletion':
      points.splice(at, 1)
      break
    case 'insertion':
      points.splice(random.int(points.length + 1), 0, letter)
      break
    case 'substitution':
      points[at] = letter
      break
    case 'transposition': {
      const i = Math.min(at, points.length - 2)
      ;[points[i], points[i + 1]] = [points[i + 1]!, points[i]!]
      break
    }
  }
  return points.join('')
}

/** The word staff would type for a client, and the words a right answer's name must have. */
function nameOf(client: SeedClient, random: Random): { typed: string[]; misspelt: number } {
  if (client.kind === 'private') {
    return random.chance(0.6)
      ? { typed: [client.lastName], misspelt: 0 }
      : { typed: [client.firstName, client.lastName], misspelt: random.chance(0.7) ? 1 : 0 }
  }
  // A business by the longest word of its name (not SIA/AS/IK).
  const words = client.name
    .replace(/^\S+\s+/, '')
    .replace(/"/g, '')
    .split(' ')
  const longest = words.reduce((a, b) => (b.length > a.length ? b : a))
  return { typed: [longest], misspelt: 0 }
}

describe('one-typo recall@10 on held-out generated clients and misspellings', () => {
  let api: TestApi

  beforeAll(async () => {
    api = await createTestApi()
    await seedClients(api.database.owner, { count: CLIENTS, seed: CLIENT_SEED })
  })
  afterAll(async () => {
    await api.close()
  })

  it(`finds the meant name in the top 10 for every unambiguous typo`, async () => {
    const words = new Set(
      (await api.database.owner.selectFrom('name_words').select('word').execute()).map(
        (row) => row.word
      )
    )
    const token = await api.tokenFor('agent')
    const random = createRandom(MISSPELLING_SEED)
    const misses: string[] = []
    const byEdit = new Map<Edit, { asked: number; found: number }>()
    let asked = 0
    let ambiguousAsked = 0
    let ambiguousMissed = 0
    while (asked < QUERIES) {
      const index = FIXTURE_CLIENTS.length + random.int(CLIENTS - FIXTURE_CLIENTS.length)
      const client = generateClient(CLIENT_SEED, index)
      const { typed, misspelt } = nameOf(client, random)
      const edit = random.pick(EDITS)
      let word = misspell(typed[misspelt]!.toLocaleLowerCase('lv'), edit, random)
      if (random.chance(0.5)) word = foldForSearch(word)
      const folded = foldForSearch(word)
      // Not a typo once folded (`ā` for `a`), or a typo that is someone else's name: skipped.
      if (folded === foldForSearch(typed[misspelt]!) || words.has(folded)) continue
      if (nameWordsOf(folded).length !== 1) continue
      const q = typed.map((part, i) => (i === misspelt ? word : part)).join(' ')
      const meant = typed.map((part) => foldForSearch(part))
      const meantWord = meant[misspelt]!
      const ambiguous = [...words].some(
        (other) =>
          other !== meantWord &&
          (other.startsWith(folded) ||
            editDistance(folded, other) <= editDistance(folded, meantWord))
      )
      asked++
      if (ambiguous) ambiguousAsked++

      const response = await api.app.inject({
        method: 'GET',
        url: '/v1/clients',
        query: { q, limit: '10' },
        headers: bearer(token)
      })
      expect(response.statusCode, response.body).toBe(200)
      const items = (response.json() as { items: Array<{ displayName: string }> }).items
      const hit = items.some((item) => {
        const nameWords = nameWordsOf(foldForSearch(item.displayName))
        return meant.every((part) => nameWords.includes(part))
      })
      const tally = byEdit.get(edit) ?? { asked: 0, found: 0 }
      byEdit.set(edit, { asked: tally.asked + 1, found: tally.found + (hit ? 1 : 0) })
      if (!hit) {
        misses.push(`${q} (meant ${typed.join(' ')}, ${edit}${ambiguous ? ', ambiguous' : ''})`)
        if (ambiguous) ambiguousMissed++
      }
    }
    const recall = (asked - misses.length) / asked
    const unambiguous = asked - ambiguousAsked
    const unambiguousRecall = (unambiguous - (misses.length - ambiguousMissed)) / unambiguous
    console.warn(
      `recall@10 ${(recall * 100).toFixed(1)} % over ${asked} one-typo queries ` +
        `(${(unambiguousRecall * 100).toFixed(1)} % of the ${unambiguous} unambiguous); by edit: ` +
        [...byEdit].map(([edit, t]) => `${edit} ${t.found}/${t.asked}`).join(', ') +
        (misses.length > 0 ? `\nmissed: ${misses.join('; ')}` : '')
    )
    expect(recall).toBeGreaterThanOrEqual(MIN_RECALL_AT_10)
    expect(unambiguousRecall).toBeGreaterThanOrEqual(MIN_UNAMBIGUOUS_RECALL_AT_10)
    // About 10 s on an idle machine; CI shares two cores with other suites.
  }, 180_000)
})
