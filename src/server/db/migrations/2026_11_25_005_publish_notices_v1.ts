import { sql, type Kysely } from 'kysely'
import { LanguageSchema } from '../../../shared/domain/staff'
import { PURPOSES } from '../../../shared/domain/consent'
import { NOTICES_V1, NOTICE_V1_PUBLISHED_AT } from '../../consents/purposes.catalogue'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.
// NOTICES_V1 is frozen with it (purposes.catalogue.ts): new wordings are new versions.

export async function up(db: Kysely<unknown>): Promise<void> {
  const rows = PURPOSES.flatMap((purpose) =>
    LanguageSchema.options.map((language) => ({
      purpose,
      version: 1,
      language,
      title: NOTICES_V1[purpose][language].title,
      text: NOTICES_V1[purpose][language].text,
      published_at: NOTICE_V1_PUBLISHED_AT
    }))
  )
  await (db as Kysely<{ notice_versions: (typeof rows)[number] }>)
    .insertInto('notice_versions')
    .values(rows)
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from notice_versions where version = 1`.execute(db)
}
