import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

/**
 * Full names found by intersecting posting lists in the index, not by reading them (issue 11).
 * "Aleksandrs Liepa" is a search for clients with both words whole. Through `client_name_words`
 * that meant reading every client of one word (16,000 Aleksandrs) and probing or hashing the
 * other's (18,000 Liepa) to keep the 177 with both: 27–50 ms at 1.5 million clients, the slowest
 * of the counter's everyday queries (bench/search.bench.ts, "name + first name" p50 63 ms).
 *
 * A GIN index over each client's set of name words answers `words @> '{aleksandrs,liepa}'` by
 * intersecting the two words' compressed posting lists inside the index: 2 ms for the same
 * query, and a word nobody has (a typo) ends it at once. The set is `name_words_of` (migration
 * 020) as an array, so the index holds exactly the words `client_name_words` holds, and keeps
 * itself current with `search_name` in the same statement: no trigger or writer to change.
 *
 * `name_words_of` is named with its schema: PostgreSQL 17 (PGlite) evaluates index expressions
 * during maintenance (CREATE INDEX, VACUUM, ANALYZE) with only pg_catalog on the search path.
 *
 * Built over the existing clients in one pass: about 30 s at 1.5 million on 2 cores, during which
 * writes to `clients` wait (a migration runs in a transaction, so not CONCURRENTLY).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function name_word_set_of(search_name text) returns text[]
    language sql immutable strict parallel safe
    as $$ select coalesce(array_agg(word), '{}') from public.name_words_of(search_name) word $$`.execute(
    db
  )
  await sql`
    create index clients_name_word_set_idx on clients using gin (name_word_set_of(search_name))`.execute(
    db
  )
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index clients_name_word_set_idx`.execute(db)
  await sql`drop function name_word_set_of(text)`.execute(db)
}
