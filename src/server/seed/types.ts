import type { ContractStatus } from '../../shared/domain/client'
import type { Language } from '../../shared/domain/staff'

/** A generated contract. Dates are ISO `YYYY-MM-DD`; only ended contracts have an end date. */
export interface SeedContract {
  number: string
  status: ContractStatus
  startDate: string
  endDate?: string
}

interface SeedClientBase {
  /** Town of the address; for a business, of its registered address. */
  town: string
  /** E.164, `+3712XXXXXXX`. */
  phones: string[]
  language: Language
  contracts: SeedContract[]
}

export interface SeedPrivateClient extends SeedClientBase {
  kind: 'private'
  /** 11 digits, no hyphen. */
  personalCode: string
  firstName: string
  lastName: string
  /**
   * ISO `YYYY-MM-DD`. Always the date an old-format code encodes; for a new-format code, which
   * encodes none, the recorded date, or absent when none was recorded.
   */
  birthDate?: string
  email?: string
}

export interface SeedBusinessClient extends SeedClientBase {
  kind: 'business'
  /** 11 digits, no `LV` prefix. */
  registrationNumber: string
  /** Legal form and name, e.g. `SIA "Kalniņi"`. */
  name: string
  email: string
}

export type SeedClient = SeedPrivateClient | SeedBusinessClient
