import { describe, expect, it } from 'vitest'
import { migrationUrlFrom, ownerUrlFrom } from '../../src/server/db/migrate-config'

const OWNER = 'postgres://consent_owner:secret@db/consent'
const API = 'postgres://consent_api:secret@db/consent'

// `npm run migrate` connects as the tables' owner; the API's DATABASE_URL is only a fallback.
describe('the migration URL', () => {
  it('is MIGRATION_DATABASE_URL when both are set', () => {
    expect(migrationUrlFrom({ MIGRATION_DATABASE_URL: OWNER, DATABASE_URL: API })).toBe(OWNER)
  })

  it('falls back to DATABASE_URL (a developer with one owner URL)', () => {
    expect(migrationUrlFrom({ DATABASE_URL: OWNER, MIGRATION_DATABASE_URL: ' ' })).toBe(OWNER)
  })

  it('is refused when neither is set, saying what to set', () => {
    expect(() => migrationUrlFrom({})).toThrow(/MIGRATION_DATABASE_URL/)
  })

  it('is refused when it is not a postgres:// URL', () => {
    expect(() => migrationUrlFrom({ MIGRATION_DATABASE_URL: 'mysql://x' })).toThrow(
      /MIGRATION_DATABASE_URL: must be a postgres:\/\/ URL/
    )
  })

  it('is absent for the seed in demo mode (PGlite)', () => {
    expect(ownerUrlFrom({})).toBeUndefined()
    expect(ownerUrlFrom({ DATABASE_URL: OWNER })).toBe(OWNER)
  })
})
