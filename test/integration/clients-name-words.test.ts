import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deletionsOf, nameWordsOf } from '../../src/server/clients/name-words'
import type { Database } from '../../src/server/db/database'
import { pkCheckDigit } from '../../src/shared/identifiers/personalCode'
import { foldForSearch } from '../../src/shared/identifiers/searchText'
import { bearer, createTestApi, type TestApi } from '../support/test-api'

interface SearchItem {
  id: string
  displayName: string
  score: number
}

let serial = 500

/** A valid old-format personal code, a new serial each time. */
function personalCode(): string {
  const first10 = `0101801${String(serial++).padStart(3, '0')}`
  return `${first10}${pkCheckDigit(first10)}`
}

/** A client row as the owner would insert it (the API's role may not write clients directly). */
function privateRow(firstName: string, lastName: string) {
  return {
    id: randomUUID(),
    kind: 'private' as const,
    personal_code: personalCode(),
    first_name: firstName,
    last_name: lastName,
    language: 'lv' as const,
    search_name: foldForSearch(`${firstName} ${lastName}`)
  }
}

/**
 * The three word tables are exactly what the clients' search names say: every client's words in
 * client_name_words, each word's client count in name_words, each word's deletions.
 */
async function expectWordTablesExact(db: Kysely<Database>): Promise<void> {
  const clients = await db.selectFrom('clients').select(['id', 'search_name']).execute()
  const expectedPairs = clients
    .flatMap((client) => nameWordsOf(client.search_name).map((word) => `${word} ${client.id}`))
    .sort()
  const pairs = await db.selectFrom('client_name_words').select(['word', 'client_id']).execute()
  expect(pairs.map((pair) => `${pair.word} ${pair.client_id}`).sort()).toEqual(expectedPairs)

  const counts = new Map<string, number>()
  for (const pair of expectedPairs) {
    const word = pair.split(' ')[0]!
    counts.set(word, (counts.get(word) ?? 0) + 1)
  }
  const words = await db.selectFrom('name_words').select(['word', 'clients']).execute()
  expect(Object.fromEntries(words.map((row) => [row.word, row.clients]))).toEqual(
    Object.fromEntries(counts)
  )

  const expectedDeletions = [...counts.keys()]
    .flatMap((word) => deletionsOf(word).map((deletion) => `${deletion} ${word}`))
    .sort()
  const deletions = await db
    .selectFrom('name_word_deletions')
    .select(['deletion', 'word'])
    .execute()
  expect(deletions.map((row) => `${row.deletion} ${row.word}`).sort()).toEqual(expectedDeletions)
}

describe('name words (migration 020)', () => {
  let api: TestApi

  beforeAll(async () => {
    api = await createTestApi({ clients: 40 })
  })
  afterAll(async () => {
    await api.close()
  })

  async function search(q: string, limit = 20): Promise<SearchItem[]> {
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/clients',
      query: { q, limit: String(limit) },
      headers: bearer(await api.tokenFor('agent'))
    })
    expect(response.statusCode, response.body).toBe(200)
    return (response.json() as { items: SearchItem[] }).items
  }

  const names = (items: SearchItem[]): string[] => items.map((item) => item.displayName)

  it('are split and shortened the same in the database as in name-words.ts', async () => {
    const texts = [
      'sia "kalnini"',
      'sia „ziemelu varti-2”',
      "o'brien & co. (riga)/jelgava",
      'a×b÷c d—e…f «g» ‹h› ¡i! ¿j?',
      '  anna   berzina ',
      'ivanovs_petrovs+kuznecovs@lv',
      'упите жанна',
      'x'
    ]
    for (const text of texts) {
      const split = await sql<{ word: string }>`select name_words_of(${text}) as word`.execute(
        api.database.owner
      )
      expect(split.rows.map((row) => row.word).sort(), text).toEqual(nameWordsOf(text).sort())
      for (const word of nameWordsOf(text)) {
        const forms = await sql<{
          form: string
        }>`select name_word_deletions_of(${word}) as form`.execute(api.database.owner)
        expect(forms.rows.map((row) => row.form).sort(), word).toEqual(deletionsOf(word).sort())
      }
    }
  })

  it('answer a full name from the word-set index, current after a rename (migration 021)', async () => {
    const owner = api.database.owner
    for (const text of ['sia "kalnini"', '  anna   berzina ', 'упите жанна', 'x']) {
      const set = await sql<{ words: string[] }>`select name_word_set_of(${text}) as words`.execute(
        owner
      )
      expect(set.rows[0]!.words.sort(), text).toEqual(nameWordsOf(text).sort())
    }
    const row = privateRow('Zelma', 'Ūdre')
    // In a transaction rolled back at the end: the other tests count these words.
    await expect(
      owner.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx)
        /** Ids of clients with every word whole, read through the index (no table scan). */
        const withEveryWord = async (words: string[]) => {
          const plan = await sql<Record<string, string>>`explain
            select id from clients where name_word_set_of(search_name) @> ${words}::text[]`.execute(
            trx
          )
          expect(plan.rows.map((line) => Object.values(line)[0]).join('\n')).toContain(
            'clients_name_word_set_idx'
          )
          const found = await sql<{ id: string }>`
            select id from clients where name_word_set_of(search_name) @> ${words}::text[]`.execute(
            trx
          )
          return found.rows.map((client) => client.id)
        }
        await trx.insertInto('clients').values(row).execute()
        expect(await withEveryWord(['zelma', 'udre'])).toEqual([row.id])
        await trx
          .updateTable('clients')
          .set({ last_name: 'Kalna', search_name: foldForSearch('Zelma Kalna') })
          .where('id', '=', row.id)
          .execute()
        expect(await withEveryWord(['zelma', 'udre'])).toEqual([])
        expect(await withEveryWord(['kalna', 'zelma'])).toEqual([row.id])
        throw new Error('roll back')
      })
    ).rejects.toThrow('roll back')
  })

  describe('stay exact as clients change, in the same transaction', () => {
    it('hold the words of the seeded clients and of one the API registers', async () => {
      await expectWordTablesExact(api.database.owner)
      const response = await api.app.inject({
        method: 'POST',
        url: '/v1/clients',
        headers: bearer(await api.tokenFor('supervisor')),
        payload: {
          kind: 'business',
          registrationNumber: '40003052911',
          name: 'SIA „Ziemeļu Vārti-2”',
          phones: [],
          language: 'lv'
        }
      })
      expect(response.statusCode, response.body).toBe(201)
      const id = (response.json() as { id: string }).id
      const words = await api.database.owner
        .selectFrom('client_name_words')
        .select('word')
        .where('client_id', '=', id)
        .orderBy('word')
        .execute()
      expect(words.map((row) => row.word)).toEqual(['2', 'sia', 'varti', 'ziemelu'])
      await expectWordTablesExact(api.database.owner)
    })

    it('follow inserts, renames and deletes inside the transaction, and its rollback', async () => {
      const owner = api.database.owner
      const before = await owner.selectFrom('name_words').selectAll().orderBy('word').execute()
      const rows = [
        privateRow('Zelma', 'Ūdre'),
        privateRow('Zelma', 'Ūdre'),
        privateRow('Ojārs', 'Ūdris')
      ]
      await expect(
        owner.transaction().execute(async (trx) => {
          await trx.insertInto('clients').values(rows).execute()
          await expectWordTablesExact(trx)
          expect(
            await trx
              .selectFrom('name_words')
              .selectAll()
              .where('word', 'in', ['udre', 'zelma'])
              .orderBy('word')
              .execute()
          ).toEqual([
            { word: 'udre', clients: 2 },
            { word: 'zelma', clients: 2 }
          ])

          // A rename (what PATCH /v1/clients/{id} does to search_name): the old words go.
          await trx
            .updateTable('clients')
            .set({ last_name: 'Ūdre-Kalna', search_name: foldForSearch('Zelma Ūdre-Kalna') })
            .where('id', '=', rows[0]!.id)
            .execute()
          // An update that leaves the name alone changes no word.
          await trx
            .updateTable('clients')
            .set({ email: 'z@example.lv' })
            .where('id', '=', rows[1]!.id)
            .execute()
          await expectWordTablesExact(trx)
          expect(
            (
              await trx
                .selectFrom('name_words')
                .select('clients')
                .where('word', '=', 'udre')
                .executeTakeFirst()
            )?.clients
          ).toBe(2)

          // Several rows in one statement, one of them swapping words.
          await trx
            .updateTable('clients')
            .set((eb) => ({ search_name: eb.fn('upper', ['search_name']) }))
            .where('id', 'in', [rows[1]!.id, rows[2]!.id])
            .execute()
          await trx
            .updateTable('clients')
            .set({ search_name: 'udris ojars' })
            .where('id', '=', rows[2]!.id)
            .execute()
          await expectWordTablesExact(trx)

          await trx
            .deleteFrom('clients')
            .where(
              'id',
              'in',
              rows.map((row) => row.id)
            )
            .execute()
          await expectWordTablesExact(trx)
          expect(
            await trx
              .selectFrom('name_words')
              .select('word')
              .where('word', 'in', ['udre', 'udris', 'zelma', 'ZELMA'])
              .execute()
          ).toEqual([])
          throw new Error('roll back')
        })
      ).rejects.toThrow('roll back')
      expect(await owner.selectFrom('name_words').selectAll().orderBy('word').execute()).toEqual(
        before
      )
      await expectWordTablesExact(owner)
    })

    it('stay exact when transactions add and remove the same word at once', async () => {
      const owner = api.database.owner
      const [first, second, third] = [
        privateRow('Ausma', 'Vējkalne'),
        privateRow('Ausma', 'Vējkalne'),
        privateRow('Ausma', 'Vējkalne')
      ]
      await owner.insertInto('clients').values(first!).execute()
      // The last client with a word leaves while others bring it: on PostgreSQL the word's row
      // lock orders them, on PGlite they take turns.
      await Promise.all([
        owner
          .transaction()
          .execute((trx) => trx.deleteFrom('clients').where('id', '=', first!.id).execute()),
        owner.transaction().execute((trx) => trx.insertInto('clients').values(second!).execute()),
        owner.transaction().execute((trx) => trx.insertInto('clients').values(third!).execute())
      ])
      await expectWordTablesExact(owner)
      const row = await owner
        .selectFrom('name_words')
        .select('clients')
        .where('word', '=', 'vejkalne')
        .executeTakeFirst()
      expect(row?.clients).toBe(2)
    })

    it('are searched the moment the client is committed', async () => {
      const row = privateRow('Ieva', 'Kūliņa')
      await api.database.owner.insertInto('clients').values(row).execute()
      expect(names(await search('kulina'))).toContain('Ieva Kūliņa')
      await api.database.owner
        .updateTable('clients')
        .set({ last_name: 'Ūpe', search_name: 'ieva upe' })
        .where('id', '=', row.id)
        .execute()
      expect(names(await search('kulina'))).not.toContain('Ieva Kūliņa')
      expect(names(await search('upe'))).toContain('Ieva Ūpe')
    })
  })

  describe('one typo in a short surname', () => {
    beforeAll(async () => {
      const rows = [
        privateRow('Ilze', 'Upīte'),
        privateRow('Gatis', 'Upītis'),
        privateRow('Rūta', 'Vītola'),
        privateRow('Uldis', 'Vītols'),
        privateRow('Dace', 'Kalna'),
        privateRow('Aivars', 'Kalns'),
        privateRow('Inga', 'Lāce'),
        privateRow('Juris', 'Celms'),
        privateRow('Marta', 'Ozola-Bērziņa')
      ]
      await api.database.owner.insertInto('clients').values(rows).execute()
      await api.database.owner
        .insertInto('clients')
        .values({
          kind: 'business',
          registration_number: '40003000001',
          name: 'SIA "Upmalas Dzirnavas"',
          language: 'lv',
          search_name: foldForSearch('SIA "Upmalas Dzirnavas"')
        })
        .execute()
    })

    it.each([
      ['upite', 'Ilze Upīte'],
      ['Upīte', 'Ilze Upīte'],
      ['upie', 'Ilze Upīte'],
      ['upītte', 'Ilze Upīte'],
      ['uptie', 'Ilze Upīte'],
      ['upote', 'Ilze Upīte'],
      ['vitla', 'Rūta Vītola'],
      ['vītloa', 'Rūta Vītola'],
      ['kalma', 'Dace Kalna'],
      ['klana', 'Dace Kalna'],
      ['kalnna', 'Dace Kalna'],
      ['lace', 'Inga Lāce'],
      ['lakce', 'Inga Lāce'],
      ['cems', 'Celms'],
      ['ilze upie', 'Ilze Upīte'],
      ['upite ilze', 'Ilze Upīte'],
      ['dace kalma', 'Dace Kalna']
    ])('%j finds %s first', async (q, expected) => {
      // The seeded clients may have namesakes: a whole name is then expected among the best.
      const found = await search(q)
      expect(found[0]!.displayName.endsWith(expected.split(' ').at(-1)!)).toBe(true)
      if (expected.includes(' ')) {
        const best = found.filter((item) => item.score === found[0]!.score)
        expect(names(best)).toContain(expected)
      }
    })

    it.each([
      ['ozola-berzina', 'Marta Ozola-Bērziņa'],
      ['Ozola-Bērziņa', 'Marta Ozola-Bērziņa'],
      ['berzina ozola', 'Marta Ozola-Bērziņa'],
      ['marta ozola-berzna', 'Marta Ozola-Bērziņa'],
      ['ozola-berz', 'Marta Ozola-Bērziņa'],
      ['dzirnavass upmalas', 'SIA "Upmalas Dzirnavas"'],
      ['upmlas', 'SIA "Upmalas Dzirnavas"']
    ])('a hyphenated surname or a company, %j, finds %s first', async (q, expected) => {
      expect(names(await search(q))[0]).toBe(expected)
    })

    it('lists exact matches before one-edit ones: Kalna before Kalns for "kalna"', async () => {
      const found = await search('kalna')
      expect(names(found).slice(0, 2)).toEqual(['Dace Kalna', 'Aivars Kalns'])
      expect(found[0]!.score).toBe(1)
      expect(found[1]!.score).toBeLessThan(1)
    })

    it('finds both gender forms from a typo one edit from each', async () => {
      const found = names(await search('vitolz'))
      expect(found).toEqual(expect.arrayContaining(['Rūta Vītola', 'Uldis Vītols']))
    })
  })
})
