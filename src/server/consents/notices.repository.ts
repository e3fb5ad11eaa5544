import type { Kysely } from 'kysely'
import type { Database } from '../db/database'

/**
 * The published notices: every purpose's text, and the rights statement (`purpose = 'rights'`),
 * each in every version and language. Published by migrations; never changed, only added to.
 * The writer reads the current versions with its snapshot (ledger.repository `readSnapshot`).
 */
export async function listNotices(
  db: Kysely<Database>
): Promise<
  Array<{ purpose: string; version: number; language: string; title: string; text: string }>
> {
  return db
    .selectFrom('notice_versions')
    .select(['purpose', 'version', 'language', 'title', 'text'])
    .orderBy('purpose')
    .orderBy('version')
    .orderBy('language')
    .execute()
}
