import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES } from '../../src/server/seed/generator'
import { createTestApi, type TestApi } from '../support/test-api'

interface SearchItem {
  id: string
  kind: 'private' | 'business'
  displayName: string
  personalCodeMasked?: string
  registrationNumber?: string
  phones: string[]
  score: number
}

// This suite goes over real HTTP (a listening server and fetch), as the desktop app does.
describe('GET /v1/clients (search) over HTTP', () => {
  let api: TestApi
  let baseUrl: string
  let token: string

  beforeAll(async () => {
    api = await createTestApi({ clients: 500 })
    baseUrl = await api.app.listen({ host: '127.0.0.1', port: 0 })
    token = await api.tokenFor('agent')
  })
  afterAll(async () => {
    await api.close()
  })

  async function search(
    q: string,
    limit = 100
  ): Promise<{ status: number; body: unknown; text: string }> {
    const url = `${baseUrl}/v1/clients?${new URLSearchParams({ q, limit: String(limit) })}`
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
    const text = await response.text()
    return { status: response.status, body: JSON.parse(text) as unknown, text }
  }

  async function items(q: string, limit = 100): Promise<SearchItem[]> {
    const { status, body } = await search(q, limit)
    expect(status, `search ${q}: ${JSON.stringify(body)}`).toBe(200)
    return (body as { items: SearchItem[] }).items
  }

  const names = (found: SearchItem[]): string[] => found.map((item) => item.displayName)

  describe('by personal code', () => {
    it.each(['120389-12346', '12038912346', ' 120389-12346 '])(
      'finds exactly Jānis Bērziņš for %j',
      async (q) => {
        const found = await items(q)
        expect(found).toEqual([
          {
            id: expect.any(String),
            kind: 'private',
            displayName: 'Jānis Bērziņš',
            personalCodeMasked: '120389-*****',
            birthYear: 1989,
            town: 'Rīga',
            phonesMasked: ['+371 29 *** 456'],
            contracts: 1,
            score: 1
          }
        ])
      }
    )

    it.each(['321145-78027', '32114578027'])('finds a new-format code, %s', async (q) => {
      expect(names(await items(q))).toEqual(['Jevgēņijs Kuzņecovs'])
    })

    it('never puts the whole personal code in the answer', async () => {
      const { text } = await search('12038912346')
      expect(text).toContain('120389-*****')
      expect(text).not.toContain('12038912346')
      expect(text).not.toContain('120389-12346')
    })

    it('rejects a code failing its check digit with 400 invalid_identifier', async () => {
      const { status, body } = await search('120389-12345')
      expect(status).toBe(400)
      expect(body).toEqual({
        code: 'invalid_identifier',
        message: 'Personal code 120389-12345 fails its check digit'
      })
    })
  })

  describe('by registration number', () => {
    it.each(['40003512345', 'LV40003512345', 'lv 4000 3512 345'])(
      'finds SIA "Kalniņi" for %j',
      async (q) => {
        const found = await items(q)
        expect(found).toHaveLength(1)
        expect(found[0]).toMatchObject({
          kind: 'business',
          displayName: 'SIA "Kalniņi"',
          registrationNumber: FIXTURES.kalnini.registrationNumber
        })
      }
    )

    it('rejects a number failing its checksum, naming the identifier', async () => {
      const { status, body } = await search('LV40003512346')
      expect(status).toBe(400)
      expect(body).toEqual({
        code: 'invalid_identifier',
        message: 'Registration number 40003512346 fails its check digit'
      })
    })
  })

  describe('by phone', () => {
    it.each(['29123456', '+37129123456', '+371 29 123 456', '00371 29123456', '(+371) 29-123-456'])(
      'finds Jānis Bērziņš for %j',
      async (q) => {
        expect(names(await items(q))).toEqual(['Jānis Bērziņš'])
      }
    )

    it('finds a client by their second phone', async () => {
      expect(names(await items('20 555 123'))).toEqual(['Anna Ozoliņa'])
    })
  })

  // Identifier lookups arriving together share one statement per kind (createIdentifierFinder).
  it('answers identifier lookups sent all at once each as it answers them one by one', async () => {
    const queries: Array<[string, number]> = [
      ['120389-12346', 100],
      ['40003512345', 100],
      ['29123456', 100],
      ['20 555 123', 100],
      ['K10234567', 100],
      ['K10234569', 1],
      ['29 999 999', 100],
      ['K99999999', 100],
      ['120389-12346', 1]
    ]
    const alone = []
    for (const [q, limit] of queries) alone.push(await search(q, limit))
    expect(alone.map((answer) => answer.status)).toEqual(queries.map(() => 200))
    expect(alone.filter((answer) => (answer.body as { items: [] }).items.length > 0)).toHaveLength(
      7
    )
    const together = await Promise.all(
      [...queries, ...queries.slice().reverse()].map(([q, limit]) => search(q, limit))
    )
    expect(together.map((answer) => answer.body)).toEqual(
      [...alone, ...alone.slice().reverse()].map((answer) => answer.body)
    )
  })

  describe('by account number', () => {
    it.each(['K10234567', 'k10234567', 'K 1023 4567'])('finds Jānis Bērziņš for %j', async (q) => {
      expect(names(await items(q))).toEqual(['Jānis Bērziņš'])
    })

    it('finds a client by an ended contract too', async () => {
      expect(names(await items('K10234569'))).toEqual(['Anna Ozoliņa'])
    })
  })

  describe('by name', () => {
    it.each(['berzins', 'Bērziņš', 'BĒRZIŅŠ', 'BERZINS'])(
      'is accent- and case-insensitive: %j finds Jānis Bērziņš',
      async (q) => {
        expect(names(await items(q))).toContain('Jānis Bērziņš')
      }
    )

    it('finds both gender forms of a surname from its stem: ozolin', async () => {
      const found = names(await items('ozolin'))
      expect(found).toContain('Anna Ozoliņa')
      expect(found).toContain('Pēteris Ozoliņš')
    })

    it.each([
      ['ozolinsh', 'Pēteris Ozoliņš'],
      ['berzims', 'Jānis Bērziņš'],
      ['kuznecov', 'Jevgēņijs Kuzņecovs']
    ])('tolerates a typo: %j finds %s', async (q, expected) => {
      expect(names(await items(q))).toContain(expected)
    })

    it('tolerates a wrong letter in the middle of a short surname', async () => {
      const created = await api.app.inject({
        method: 'POST',
        url: '/v1/clients',
        headers: { authorization: `Bearer ${await api.tokenFor('supervisor')}` },
        payload: {
          kind: 'private',
          personalCode: '010203-10001',
          firstName: 'Ivans',
          lastName: 'Belovs',
          phones: [],
          language: 'ru'
        }
      })
      expect(created.statusCode).toBe(201)
      expect(names(await items('bemovs'))).toContain('Ivans Belovs')
    })

    it('tolerates a wrong middle letter in a five-letter surname, and only one', async () => {
      const created = await api.app.inject({
        method: 'POST',
        url: '/v1/clients',
        headers: { authorization: `Bearer ${await api.tokenFor('supervisor')}` },
        payload: {
          kind: 'private',
          personalCode: '010203-10010',
          firstName: 'Uldis',
          lastName: 'Zvīgs',
          phones: [],
          language: 'lv'
        }
      })
      expect(created.statusCode).toBe(201)
      expect(names(await items('zvags'))).toContain('Uldis Zvīgs')
      // Two wrong letters are a different name, not a typo.
      expect(names(await items('zvaks'))).not.toContain('Uldis Zvīgs')
    })

    it('answers a surname more clients share than it ranks with exact matches only', async () => {
      // More namesakes than the candidate pool (200): the search may stop at exact word matches.
      const namesakes = Array.from({ length: 210 }, (_, index) => ({
        id: randomUUID(),
        kind: 'private' as const,
        personal_code: `T${String(index).padStart(10, '0')}`,
        first_name: 'Ilze',
        last_name: 'Kļaviņkalne',
        language: 'lv' as const,
        search_name: 'ilze klavinkalne'
      }))
      await api.database.owner.insertInto('clients').values(namesakes).execute()
      const found = await items('klavinkalne', 20)
      expect(found).toHaveLength(20)
      expect(new Set(names(found))).toEqual(new Set(['Ilze Kļaviņkalne']))
      expect(found.every((item) => item.score === found[0]!.score)).toBe(true)
    })

    it('matches several words: first name and surname', async () => {
      const found = await items('janis berzins', 10)
      expect(found[0]).toMatchObject({ displayName: 'Jānis Bērziņš', score: 1 })
      expect(found.filter((item) => item.score === 1).map((item) => item.displayName)).toEqual(
        expect.arrayContaining(['Jānis Bērziņš'])
      )
      const others = found.filter((item) => item.displayName !== 'Jānis Bērziņš')
      expect(others.every((item) => item.score < 1)).toBe(true)
    })

    it('puts the best match first: exact surname before the other gender form', async () => {
      const found = await items('berzins')
      const scores = found.map((item) => item.score)
      expect(scores).toEqual([...scores].sort((a, b) => b - a))
      const firstFeminine = found.findIndex((item) => item.displayName.endsWith('Bērziņa'))
      const masculine = found.map((item) => item.displayName.endsWith('Bērziņš'))
      const lastMasculine = masculine.lastIndexOf(true)
      expect(lastMasculine).toBeGreaterThanOrEqual(0)
      if (firstFeminine >= 0) expect(lastMasculine).toBeLessThan(firstFeminine)
    })

    it('ranks a one-letter typo of the surname above a two-letter one', async () => {
      const found = names(await items('berzims'))
      const masculine = found.findIndex((name) => name.endsWith('Bērziņš'))
      const feminine = found.findIndex((name) => name.endsWith('Bērziņa'))
      expect(masculine).toBe(0)
      if (feminine >= 0) expect(masculine).toBeLessThan(feminine)
    })

    it('finds businesses by name', async () => {
      expect(names(await items('baltijas koks'))).toContain('AS "Baltijas Koks"')
    })

    it('answers a short prefix from the start of the name', async () => {
      const found = await items('an', 100)
      expect(found.length).toBeGreaterThan(0)
      expect(found.every((item) => item.displayName.toLowerCase().startsWith('an'))).toBe(true)
    })

    it('finds nobody for a name nobody has', async () => {
      expect(await items('qqqxxxzzz')).toEqual([])
    })

    it('respects the limit', async () => {
      expect(await items('berzins', 3)).toHaveLength(3)
    })
  })

  it('rejects an empty query as a validation error on q', async () => {
    const { status, body } = await search('  ')
    expect(status).toBe(400)
    expect(body).toMatchObject({ code: 'validation_failed', fields: [{ path: 'q' }] })
  })
})
