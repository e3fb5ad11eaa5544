import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

/**
 * For a business client the identity verified at the counter is that of the person acting for the
 * company: their name, personal code (kept whole: it is the proof; reads mask it) and the basis
 * they act on. Nullable, because private clients and every event written before have none; the
 * three are recorded together or not at all. Adding nullable columns rewrites no row, so the
 * append-only triggers are not involved and no existing hash changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table consent_events
    add column representative_name text,
    add column representative_personal_code text,
    add column representative_basis text
      constraint consent_events_representative_basis_check
      check (representative_basis in ('board_member', 'power_of_attorney')),
    add constraint consent_events_representative_complete_check
      check ((representative_name is null) = (representative_personal_code is null)
         and (representative_name is null) = (representative_basis is null))`.execute(db)
}

/**
 * Dropping the columns loses the representatives, and the hashes of the events that had one no
 * longer verify: run it only on a database whose history may be thrown away (development, tests).
 */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table consent_events
    drop constraint consent_events_representative_complete_check,
    drop column representative_basis,
    drop column representative_personal_code,
    drop column representative_name`.execute(db)
}
