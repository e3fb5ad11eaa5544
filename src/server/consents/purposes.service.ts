import type { Kysely } from 'kysely'
import { PURPOSES, type PurposeDefinition, type RightsNotice } from '../../shared/domain/consent'
import type { Language } from '../../shared/domain/staff'
import type { Database } from '../db/database'
import { listNotices } from './notices.repository'
import { PURPOSE_CHANNELS, PURPOSE_NUMBERS } from './purposes.catalogue'

type StoredNotice = Awaited<ReturnType<typeof listNotices>>[number]

function versionsOf(notices: StoredNotice[]): RightsNotice {
  return {
    currentVersion: Math.max(1, ...notices.map((notice) => notice.version)),
    notices: notices.map((notice) => ({
      version: notice.version,
      language: notice.language as Language,
      title: notice.title,
      text: notice.text
    }))
  }
}

/**
 * The catalogue as stored (every published version stays readable), in seed order, and the
 * rights statement the client confirms with every change.
 */
export async function listPurposes(
  db: Kysely<Database>
): Promise<{ items: PurposeDefinition[]; rights: RightsNotice }> {
  const notices = await listNotices(db)
  const items = PURPOSES.map((purpose) => {
    const channels = PURPOSE_CHANNELS[purpose]
    return {
      purpose,
      number: PURPOSE_NUMBERS[purpose],
      ...(channels ? { channels: [...channels] } : {}),
      ...versionsOf(notices.filter((notice) => notice.purpose === purpose))
    }
  })
  return { items, rights: versionsOf(notices.filter((notice) => notice.purpose === 'rights')) }
}
