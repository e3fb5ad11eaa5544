import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pkCheckDigit } from '../../src/shared/identifiers/personalCode'
import { foldForSearch } from '../../src/shared/identifiers/searchText'
import { bearer, createTestApi, type TestApi } from '../support/test-api'

interface SearchItem {
  id: string
  kind: 'private' | 'business'
  displayName: string
  birthYear?: number
  town?: string
  score: number
}

interface SearchAnswer {
  items: SearchItem[]
  hasMore: boolean
}

let serial = 100

/** A valid old-format personal code (DDMMYY-CNNNQ) for an ISO birth date; a new serial each time. */
function oldFormatCode(birthDate: string): string {
  const [year, month, day] = birthDate.split('-') as [string, string, string]
  const century = Number(year.slice(0, 2)) - 18
  const first10 = `${day}${month}${year.slice(2)}${century}${String(serial++).padStart(3, '0')}`
  return `${first10}${pkCheckDigit(first10)}`
}

/** A valid new-format code (`32…`, no date in it). */
function newFormatCode(): string {
  const first10 = `32${String(serial++).padStart(8, '0')}`
  return `${first10}${pkCheckDigit(first10)}`
}

// Every client here is made by the test, on an otherwise empty database, so that each expected
// order is exactly the list of who matches.
describe('search results: relevance, caps and telling namesakes apart', () => {
  let api: TestApi

  beforeAll(async () => {
    api = await createTestApi()
  })
  afterAll(async () => {
    await api.close()
  })

  async function register(payload: Record<string, unknown>): Promise<string> {
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/clients',
      payload: { phones: [], language: 'lv', ...payload },
      headers: bearer(await api.tokenFor('supervisor'))
    })
    expect(response.statusCode, response.body).toBe(201)
    return (response.json() as { id: string }).id
  }

  async function registerPerson(
    firstName: string,
    lastName: string,
    extra: Record<string, unknown> = {}
  ): Promise<string> {
    return register({
      kind: 'private',
      firstName,
      lastName,
      personalCode: oldFormatCode('1980-01-01'),
      ...extra
    })
  }

  async function search(q: string, limit?: number): Promise<SearchAnswer> {
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/clients',
      query: { q, ...(limit === undefined ? {} : { limit: String(limit) }) },
      headers: bearer(await api.tokenFor('agent'))
    })
    expect(response.statusCode, response.body).toBe(200)
    return response.json() as SearchAnswer
  }

  const names = (answer: SearchAnswer): string[] => answer.items.map((item) => item.displayName)

  describe('name results, best match first', () => {
    beforeAll(async () => {
      // Registered out of order, so that no insertion order can pass for the expected one.
      await registerPerson('Zane', 'Bērziņa')
      await registerPerson('Kārlis', 'Bērziņš')
      await registerPerson('Anna', 'Bērziņa')
      await registerPerson('Andris', 'Bērziņš')
    })

    it('puts the whole surname before the other gender form, equals by first name', async () => {
      const answer = await search('berzina')
      expect(names(answer)).toEqual([
        'Anna Bērziņa',
        'Zane Bērziņa',
        'Andris Bērziņš',
        'Kārlis Bērziņš'
      ])
      expect(answer.items.slice(0, 2).map((item) => item.score)).toEqual([1, 1])
      expect(answer.items.slice(2).every((item) => item.score < 1)).toBe(true)
    })

    it('lets surnames matched equally well take turns, each by first name, not by "First Last"', async () => {
      // `berzin` begins both forms equally well. At 1.5 million clients either form has more
      // namesakes than a page, so the forms take turns (name-ranking: interleaveEquallyNear), the
      // -a form first; by display name this would be Andris, Anna, Kārlis, Zane.
      expect(names(await search('berzin'))).toEqual([
        'Anna Bērziņa',
        'Andris Bērziņš',
        'Zane Bērziņa',
        'Kārlis Bērziņš'
      ])
    })

    it('puts the client matching first name and surname first', async () => {
      const answer = await search('anna berzina')
      expect(answer.items[0]).toMatchObject({ displayName: 'Anna Bērziņa', score: 1 })
      expect(answer.items.slice(1).every((item) => item.score < 1)).toBe(true)
    })

    it('finds a whole surname before names it only begins, however many those are', async () => {
      // More Rozenbergas than the candidate pool (200), registered before the two Rozes, so that
      // a scan stopping at the pool would meet only Rozenbergas.
      const rozenbergas = Array.from({ length: 210 }, (_, index) => ({
        id: randomUUID(),
        kind: 'private' as const,
        personal_code: `R${String(index).padStart(10, '0')}`,
        first_name: 'Inga',
        last_name: 'Rozenberga',
        language: 'lv' as const,
        search_name: 'inga rozenberga'
      }))
      await api.database.owner.insertInto('clients').values(rozenbergas).execute()
      await registerPerson('Zane', 'Roze')
      await registerPerson('Anna', 'Roze')

      const answer = await search('roze', 5)
      expect(names(answer)).toEqual([
        'Anna Roze',
        'Zane Roze',
        'Inga Rozenberga',
        'Inga Rozenberga',
        'Inga Rozenberga'
      ])
      expect(answer.hasMore).toBe(true)
    })
  })

  describe('hasMore', () => {
    beforeAll(async () => {
      for (const firstName of ['Ieva', 'Māra', 'Dace']) {
        await registerPerson(firstName, 'Skrastiņa', { phones: ['+37126999000'] })
      }
    })

    it('is true when more clients match than the limit, which is then all that is shown', async () => {
      const answer = await search('skrastina', 2)
      expect(names(answer)).toEqual(['Dace Skrastiņa', 'Ieva Skrastiņa'])
      expect(answer.hasMore).toBe(true)
    })

    it('is false when the limit holds every match', async () => {
      const answer = await search('skrastina', 3)
      expect(names(answer)).toEqual(['Dace Skrastiņa', 'Ieva Skrastiņa', 'Māra Skrastiņa'])
      expect(answer.hasMore).toBe(false)
    })

    it('also caps identifier lookups: a phone a family shares', async () => {
      expect(await search('26 999 000', 2)).toMatchObject({
        items: [{ displayName: 'Dace Skrastiņa' }, { displayName: 'Ieva Skrastiņa' }],
        hasMore: true
      })
      expect((await search('26 999 000', 3)).hasMore).toBe(false)
    })

    it('is false when nobody matches', async () => {
      expect(await search('qqqxxxzzz')).toEqual({ items: [], hasMore: false })
    })
  })

  describe('what tells namesakes apart', () => {
    it('gives the birth year an old-format code encodes, even when no birth date is stored', async () => {
      // A client registered before birth dates were stored: only the code knows the date.
      const personalCode = oldFormatCode('1987-06-14')
      await api.database.owner
        .insertInto('clients')
        .values({
          kind: 'private',
          personal_code: personalCode,
          first_name: 'Gatis',
          last_name: 'Vējiņš',
          language: 'lv',
          search_name: foldForSearch('Gatis Vējiņš')
        })
        .execute()

      const answer = await search(personalCode)
      expect(answer.items).toEqual([expect.objectContaining({ displayName: 'Gatis Vējiņš' })])
      expect(answer.items[0]!.birthYear).toBe(1987)
      expect(answer.items[0]).not.toHaveProperty('town')
    })

    it('gives birth year and town side by side for namesakes', async () => {
      await registerPerson('Jānis', 'Dūmiņš', {
        personalCode: oldFormatCode('1961-03-02'),
        town: 'Liepāja'
      })
      await registerPerson('Jānis', 'Dūmiņš', {
        personalCode: newFormatCode(),
        birthDate: '1994-10-30',
        town: 'Rīga'
      })
      // A new-format code and no recorded birth date: no year to show.
      await registerPerson('Jānis', 'Dūmiņš', { personalCode: newFormatCode(), town: 'Cēsis' })

      const answer = await search('janis dumins')
      const details = answer.items.map((item) => [item.birthYear ?? null, item.town ?? null])
      expect(details).toHaveLength(3)
      expect(details).toEqual(
        expect.arrayContaining([
          [1961, 'Liepāja'],
          [1994, 'Rīga'],
          [null, 'Cēsis']
        ])
      )
    })

    it('gives a business its registered town and never a birth year', async () => {
      await register({
        kind: 'business',
        registrationNumber: '40003052911',
        name: 'SIA "Upmalas Dzirnavas"',
        town: 'Valmiera'
      })
      const [item] = (await search('upmalas dzirnavas')).items
      expect(item).toMatchObject({ kind: 'business', town: 'Valmiera' })
      expect(item).not.toHaveProperty('birthYear')
    })
  })
})
