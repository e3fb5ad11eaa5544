import type { Kysely } from 'kysely'
import {
  PURPOSES,
  type PurposeDefinition
} from '../../shared/domain/consent'
import type { Language } from '../../shared/domain/staff'
import type { Database } from '../db/database'
import { listNotices } from './events.repository'
import { PURPOSE_CHANNELS, PURPOSE_NUMBERS } from './purposes.catalogue'

/** The catalogue as stored (every published version stays readable), in seed order. */
export async function listPurposes(db: Kysely<Database>): Promise<PurposeDefinition[]> {
  const notices = await listNotices(db)
  return PURPOSES.map((purpose) => {
    const own = notices.filter((notice) => notice.purpose === purpose)
    const channels = PURPOSE_CHANNELS[purpose]
    return {
      purpose,
      number: PURPOSE_NUMBERS[purpose],
      ...(channels ? { channels: [...channels] } : {}),
      currentVersion: Math.max(1, ...own.map((notice) => notice.version)),
      notices: own.map((notice) => ({
        version: notice.version,
        language: notice.language as Language,
        title: notice.title,
        text: notice.text
      }))
    }
  })
}
