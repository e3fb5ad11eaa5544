import type { Kysely } from 'kysely'
import type { Database } from '../db/database'
import type { ClientIdentityRow } from './client-identity'

/** The client a report is about, as it names them; null when there is no such client. */
export async function findReportClient(
  db: Kysely<Database>,
  clientId: string
): Promise<ClientIdentityRow | null> {
  const row = await db
    .selectFrom('clients')
    .select(['kind', 'first_name', 'last_name', 'name', 'personal_code', 'registration_number'])
    .where('id', '=', clientId)
    .executeTakeFirst()
  return row ?? null
}

/** Every published notice version in one language (a few dozen rows). */
export async function noticesIn(
  db: Kysely<Database>,
  language: string
): Promise<Array<{ purpose: string; version: number; title: string; text: string }>> {
  return db
    .selectFrom('notice_versions')
    .select(['purpose', 'version', 'title', 'text'])
    .where('language', '=', language)
    .orderBy('purpose')
    .orderBy('version')
    .execute()
}

/**
 * Logs an issued report. Its access-log row (action `report`, with role and request id) is
 * written by the route layer like every other read's (src/server/access-log).
 */
export async function logReport(
  db: Kysely<Database>,
  report: {
    id: string
    clientId: string
    staffId: string
    issuedAt: Date
    language: string
    jws: string
  }
): Promise<void> {
  await db
    .insertInto('consent_reports')
    .values({
      id: report.id,
      client_id: report.clientId,
      staff_id: report.staffId,
      issued_at: report.issuedAt,
      language: report.language,
      jws: report.jws
    })
    .execute()
}
