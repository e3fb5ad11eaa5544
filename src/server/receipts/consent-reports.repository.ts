import { sql, type Kysely } from 'kysely'
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
 * Logs an issued report, and the client read it is in the access log (who looked at whom,
 * product §8), in one statement.
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
  await sql`with report as (
      insert into consent_reports (id, client_id, staff_id, issued_at, language, jws)
      values (${report.id}, ${report.clientId}, ${report.staffId}, ${report.issuedAt},
              ${report.language}, ${report.jws})
      returning client_id, staff_id, issued_at)
    insert into access_log (staff_id, client_id, action, at)
    select staff_id, client_id, 'view', issued_at from report`.execute(db)
}
