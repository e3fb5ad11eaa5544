import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

/**
 * Typo-tolerant name search that scales (issue 11). Ranking trigram similarity over every client
 * sharing a typed name's trigrams took half a second at 1.5 million clients and still missed
 * one-letter typos of short surnames. Instead a search now corrects each typed word over the
 * distinct words of all names (tens of thousands, not 1.5 million) and then finds the clients by
 * the corrected words:
 *
 * - `name_words`: each distinct word of any client's `search_name` (first names, surnames, company
 *   name words; already folded like search_name, as it is split from it), with how many clients
 *   have it. Its own trigram index answers fuzzy and prefix lookups over the words alone.
 * - `name_word_deletions`: every one-deletion form of each word of three letters or more, by code
 *   point (`upite` → `pite`, `uite`, `upte`, `upie`, `upit`). A typed word one edit from a name
 *   word (deletion, insertion, substitution, transposition) shares a form with it, so one-edit
 *   corrections are exact index lookups rather than trigram guesses, however short the word.
 * - `client_name_words`: the inverted index, word → clients.
 *
 * Words are split from `search_name` here, in the database, at the separators
 * `name-words.ts` (NAME_WORD_SEPARATORS) uses on the typed text: the two must stay the same. They
 * are kept current by statement-level triggers on `clients` (insert, update, delete, truncate), in
 * the same transaction as the change, whoever makes it (the API, the seed, an operator, a later
 * PATCH of names): set-based over the statement's transition tables, so a seed batch of thousands
 * of rows costs one pass. The trigger functions are SECURITY DEFINER: the API's role only reads
 * these tables (least privilege, migration 015).
 *
 * Backfills the words of every existing client.
 */

/** Keep in step with NAME_WORD_SEPARATORS in src/server/clients/name-words.ts. */
const SEPARATORS =
  '[\\x01-/:-@\\[-`{-\\x7f\\u00a0-\\u00bf\\u00d7\\u00f7\\u2000-\\u206f\\u3000-\\u303f\\ufeff]+'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db)

  await sql`
    create function name_words_of(search_name text) returns setof text
    language sql immutable strict parallel safe
    as $$
      select distinct word from regexp_split_to_table(search_name, ${sql.raw(`'${SEPARATORS}'`)}) word
      where word <> ''
    $$`.execute(db)
  await sql`
    create function name_word_deletions_of(word text) returns setof text
    language sql immutable strict parallel safe
    as $$
      select distinct substr(word, 1, i - 1) || substr(word, i + 1)
      from generate_series(1, length(word)) i
      where length(word) >= 3
    $$`.execute(db)

  await sql`
    create table name_words (
      word text primary key,
      clients integer not null
    )`.execute(db)
  await sql`
    create table name_word_deletions (
      deletion text not null,
      word text not null references name_words (word) on delete cascade,
      primary key (deletion, word)
    )`.execute(db)
  // Removing a word's deletions when the word goes uses this index, not a scan.
  await sql`create index name_word_deletions_word_idx on name_word_deletions (word)`.execute(db)
  // No foreign key to clients: the triggers keep it exact, and checking one per word of 1.5M
  // clients at seed time would cost more than the insert itself.
  await sql`
    create table client_name_words (
      word text not null,
      client_id uuid not null,
      primary key (word, client_id)
    )`.execute(db)

  // Backfill, then the indexes that only searches need (faster built once than row by row).
  await sql`
    insert into client_name_words (word, client_id)
    select word, id from clients cross join lateral name_words_of(search_name) word`.execute(db)
  await sql`
    insert into name_words (word, clients)
    select word, count(*) from client_name_words group by word`.execute(db)
  await sql`
    insert into name_word_deletions (deletion, word)
    select distinct deletion, word
    from name_words cross join lateral name_word_deletions_of(word) deletion`.execute(db)
  await sql`create index name_words_trgm_idx on name_words using gin (word gin_trgm_ops)`.execute(
    db
  )
  // Prefixes (`ozolin%`, and one or two letters, which have no trigram) in byte order.
  await sql`create index name_words_prefix_idx on name_words ((word collate "C"))`.execute(db)
  // "Has this client also one of these words?" for every typed word after the rarest one.
  await sql`create index client_name_words_client_idx on client_name_words (client_id, word)`.execute(
    db
  )

  // The words a statement took away and added, applied as one set. Words are upserted in
  // word order so that two transactions adding the same words lock them in the same order.
  await sql`
    create function apply_name_word_changes(
      removed_words text[], removed_ids uuid[], added_words text[], added_ids uuid[]
    ) returns void
    language plpgsql security definer set search_path = public, pg_temp
    as $$
    declare
      delta_words text[];
      delta_counts integer[];
    begin
      if cardinality(removed_words) > 0 then
        delete from client_name_words c
        using unnest(removed_words, removed_ids) r(word, id)
        where c.word = r.word and c.client_id = r.id;
      end if;
      if cardinality(added_words) > 0 then
        insert into client_name_words (word, client_id)
        select word, id from unnest(added_words, added_ids) a(word, id);
      end if;
      select array_agg(word order by word), array_agg(delta order by word)
      into delta_words, delta_counts
      from (
        select word, sum(change)::integer as delta
        from (
          select unnest(added_words) as word, 1 as change
          union all
          select unnest(removed_words), -1
        ) changes
        group by word
        having sum(change) <> 0
      ) deltas;
      if delta_words is null then
        return;
      end if;
      insert into name_words (word, clients)
      select word, delta from unnest(delta_words, delta_counts) d(word, delta)
      where delta > 0
      order by word
      on conflict (word) do update set clients = name_words.clients + excluded.clients;
      insert into name_word_deletions (deletion, word)
      select deletion, word
      from unnest(delta_words, delta_counts) d(word, delta)
      cross join lateral name_word_deletions_of(word) deletion
      where delta > 0
      on conflict do nothing;
      -- A word nobody has any more goes, with its deletions (cascade).
      delete from name_words n
      using unnest(delta_words, delta_counts) d(word, delta)
      where n.word = d.word and d.delta < 0 and n.clients + d.delta <= 0;
      update name_words n set clients = n.clients + d.delta
      from unnest(delta_words, delta_counts) d(word, delta)
      where n.word = d.word and d.delta < 0;
    end
    $$`.execute(db)

  await sql`
    create function clients_sync_name_words() returns trigger
    language plpgsql security definer set search_path = public, pg_temp
    as $$
    declare
      removed_words text[] := '{}';
      removed_ids uuid[] := '{}';
      added_words text[] := '{}';
      added_ids uuid[] := '{}';
    begin
      if tg_op = 'INSERT' then
        select coalesce(array_agg(word), '{}'), coalesce(array_agg(id), '{}')
        into added_words, added_ids
        from new_rows cross join lateral name_words_of(search_name) word;
      elsif tg_op = 'DELETE' then
        select coalesce(array_agg(word), '{}'), coalesce(array_agg(id), '{}')
        into removed_words, removed_ids
        from old_rows cross join lateral name_words_of(search_name) word;
      else
        -- Only rows whose search_name changed: an update of other columns costs no word work.
        select coalesce(array_agg(word), '{}'), coalesce(array_agg(id), '{}')
        into removed_words, removed_ids
        from (
          select o.id, word
          from old_rows o left join new_rows n on n.id = o.id
          cross join lateral name_words_of(o.search_name) word
          where n.search_name is distinct from o.search_name
          except
          select n.id, word
          from new_rows n left join old_rows o on o.id = n.id
          cross join lateral name_words_of(n.search_name) word
          where o.search_name is distinct from n.search_name
        ) removed;
        select coalesce(array_agg(word), '{}'), coalesce(array_agg(id), '{}')
        into added_words, added_ids
        from (
          select n.id, word
          from new_rows n left join old_rows o on o.id = n.id
          cross join lateral name_words_of(n.search_name) word
          where o.search_name is distinct from n.search_name
          except
          select o.id, word
          from old_rows o left join new_rows n on n.id = o.id
          cross join lateral name_words_of(o.search_name) word
          where n.search_name is distinct from o.search_name
        ) added;
      end if;
      perform apply_name_word_changes(removed_words, removed_ids, added_words, added_ids);
      return null;
    end
    $$`.execute(db)

  await sql`
    create function clients_truncate_name_words() returns trigger
    language plpgsql security definer set search_path = public, pg_temp
    as $$
    begin
      truncate client_name_words, name_word_deletions, name_words;
      return null;
    end
    $$`.execute(db)

  await sql`
    create trigger clients_name_words_insert after insert on clients
    referencing new table as new_rows
    for each statement execute function clients_sync_name_words()`.execute(db)
  await sql`
    create trigger clients_name_words_update after update on clients
    referencing old table as old_rows new table as new_rows
    for each statement execute function clients_sync_name_words()`.execute(db)
  await sql`
    create trigger clients_name_words_delete after delete on clients
    referencing old table as old_rows
    for each statement execute function clients_sync_name_words()`.execute(db)
  await sql`
    create trigger clients_name_words_truncate after truncate on clients
    for each statement execute function clients_truncate_name_words()`.execute(db)

  // The API reads the words; only the triggers (as the owner) write them.
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'consent_app') then
        execute 'grant select on name_words, name_word_deletions, client_name_words to consent_app';
      end if;
    end
    $$`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger clients_name_words_truncate on clients`.execute(db)
  await sql`drop trigger clients_name_words_delete on clients`.execute(db)
  await sql`drop trigger clients_name_words_update on clients`.execute(db)
  await sql`drop trigger clients_name_words_insert on clients`.execute(db)
  await sql`drop function clients_truncate_name_words()`.execute(db)
  await sql`drop function clients_sync_name_words()`.execute(db)
  await sql`drop function apply_name_word_changes(text[], uuid[], text[], uuid[])`.execute(db)
  await sql`drop table client_name_words`.execute(db)
  await sql`drop table name_word_deletions`.execute(db)
  await sql`drop table name_words`.execute(db)
  await sql`drop function name_word_deletions_of(text)`.execute(db)
  await sql`drop function name_words_of(text)`.execute(db)
}
