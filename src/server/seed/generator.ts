/**
 * Deterministic demo clients: realistic Latvian private persons and companies, streamed one at a
 * time so that 1.5 million rows never sit in memory. Row `i` depends only on the seed and `i`
 * (each row has its own random stream, identifiers come from keyed bijections of `i`), so any
 * slice can be regenerated on its own and every identifier is unique by construction.
 */

import { foldForSearch } from '../../shared/identifiers/searchText'
import type { Language } from '../../shared/domain/staff'
import { FIXTURE_CLIENTS } from './fixtures'
import {
  ACCOUNT_NUMBERS,
  MOBILE_PHONES,
  NEW_PERSONAL_CODES,
  OLD_PERSONAL_CODES,
  REGISTRATION_NUMBERS,
  type IdentifierEncoding
} from './identifierSpaces'
import {
  BUSINESS_ACTIVITIES,
  BUSINESS_PLACES,
  FAMILY_BUSINESS_NAMES,
  LATVIAN_FEMALE_FIRST_NAMES,
  LATVIAN_MALE_FIRST_NAMES,
  LATVIAN_SURNAMES,
  LEGAL_FORMS,
  RUSSIAN_FEMALE_FIRST_NAMES,
  RUSSIAN_MALE_FIRST_NAMES,
  RUSSIAN_SURNAMES,
  STANDALONE_BUSINESS_NAMES
} from './names'
import { createIdentifierSpace, type IdentifierSpace } from './permutation'
import { createRandom, hash32, type Random } from './random'
import { BUSINESS_ADDRESS_TOWNS, PRIVATE_ADDRESS_TOWNS, TOWN_OF_PLACE_NAME } from './towns'
import type {
  SeedBusinessClient,
  SeedClient,
  SeedContract,
  SeedPrivateClient
} from './types'

export type { SeedBusinessClient, SeedClient, SeedContract, SeedPrivateClient } from './types'
export { FIXTURE_CLIENTS, FIXTURES, type FixtureName } from './fixtures'

/** The seed of the demo database that the desktop app creates. */
export const DEMO_SEED = 3_712_026

/**
 * "Today" for the demo data: contracts start and end before it. Fixed rather than the clock so the
 * same seed gives the same rows next year too.
 */
export const SEED_REFERENCE_DATE = '2026-11-01'

const MS_PER_DAY = 86_400_000
const referenceDay = dayNumber(SEED_REFERENCE_DATE)
// LMT's network has sold contracts since the 1990s; earlier start dates would look wrong.
const firstPrivateContractDay = dayNumber('1995-01-01')
const firstBusinessContractDay = dayNumber('1996-01-01')

const BUSINESS_SHARE = 0.08
const NEW_FORMAT_CODE_SHARE = 0.2
const RUSSIAN_ORIGIN_SHARE = 0.28
const EMAIL_SHARE_PRIVATE = 0.7
// Most holders of a new-format code showed a document with their birth date when they signed.
const NEW_FORMAT_BIRTH_DATE_RECORDED_SHARE = 0.9
// A company named after a town (`Liepājas Koks`) is mostly registered there.
const BUSINESS_IN_NAMED_TOWN_SHARE = 0.8
// Slots each client owns in the phone and account spaces, used or not, so that client i's
// identifiers never depend on what other clients drew.
const PHONE_SLOTS_PER_CLIENT = 2
const CONTRACT_SLOTS_PER_CLIENT = 4

export interface GenerateClientsOptions {
  /** Any integer; the same seed always gives the same clients. */
  seed: number
  /** How many clients to yield, fixtures included when `startIndex` is below their count. */
  count: number
  /** Index of the first client to yield (default 0), for generating in slices. */
  startIndex?: number
}

/**
 * Streams `count` clients starting at `startIndex`. Indexes below `FIXTURE_CLIENTS.length` are the
 * fixtures; the rest are random but reproducible. Throws RangeError for bad options or when the
 * range goes past `maxClientCount()`.
 */
export function generateClients(options: GenerateClientsOptions): Generator<SeedClient, void> {
  const { seed, count, startIndex = 0 } = options
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`)
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${count}`)
  }
  if (!Number.isInteger(startIndex) || startIndex < 0) {
    throw new RangeError(`startIndex must be a non-negative integer, got ${startIndex}`)
  }
  if (startIndex + count > maxClientCount()) {
    throw new RangeError(`at most ${maxClientCount()} distinct clients can be generated`)
  }
  const spaces = spacesFor(seed)
  return (function* (): Generator<SeedClient, void> {
    for (let index = startIndex; index < startIndex + count; index++) {
      yield clientAt(seed, index, spaces)
    }
  })()
}

/** One client by index, the same object `generateClients` yields at that index. */
export function generateClient(seed: number, index: number): SeedClient {
  const [client] = generateClients({ seed, count: 1, startIndex: index })
  return client!
}

/** The most clients one seed can produce before an identifier space runs out (~4.5 million). */
export function maxClientCount(): number {
  const capacities = [
    OLD_PERSONAL_CODES.size,
    NEW_PERSONAL_CODES.size,
    REGISTRATION_NUMBERS.size,
    Math.floor(MOBILE_PHONES.size / PHONE_SLOTS_PER_CLIENT),
    Math.floor(ACCOUNT_NUMBERS.size / CONTRACT_SLOTS_PER_CLIENT)
  ]
  // A safe lower bound: fixtures hold back at most this many slots' worth of any space.
  const heldBack = FIXTURE_CLIENTS.length * CONTRACT_SLOTS_PER_CLIENT
  return Math.min(...capacities) - heldBack
}

interface IdentifierSpaces {
  oldPersonalCodes: IdentifierSpace
  newPersonalCodes: IdentifierSpace
  registrationNumbers: IdentifierSpace
  phones: IdentifierSpace
  accounts: IdentifierSpace
}

let cachedSpaces: { seed: number; spaces: IdentifierSpaces } | undefined

function spacesFor(seed: number): IdentifierSpaces {
  if (cachedSpaces?.seed === seed) return cachedSpaces.spaces
  const fixturePrivateCodes = FIXTURE_CLIENTS.flatMap((client) =>
    client.kind === 'private' ? [client.personalCode] : []
  )
  const fixtureRegistrationNumbers = FIXTURE_CLIENTS.flatMap((client) =>
    client.kind === 'business' ? [client.registrationNumber] : []
  )
  const space = (
    encoding: IdentifierEncoding,
    salt: number,
    held: readonly string[]
  ): IdentifierSpace =>
    createIdentifierSpace({
      size: encoding.size,
      key: hash32(seed, salt),
      reserved: held.flatMap((value) => {
        const position = encoding.decode(value)
        return position === null ? [] : [position]
      })
    })
  const spaces: IdentifierSpaces = {
    oldPersonalCodes: space(OLD_PERSONAL_CODES, 1, fixturePrivateCodes),
    newPersonalCodes: space(NEW_PERSONAL_CODES, 2, fixturePrivateCodes),
    registrationNumbers: space(REGISTRATION_NUMBERS, 3, fixtureRegistrationNumbers),
    phones: space(
      MOBILE_PHONES,
      4,
      FIXTURE_CLIENTS.flatMap((client) => client.phones)
    ),
    accounts: space(
      ACCOUNT_NUMBERS,
      5,
      FIXTURE_CLIENTS.flatMap((client) => client.contracts.map((contract) => contract.number))
    )
  }
  cachedSpaces = { seed, spaces }
  return spaces
}

function clientAt(seed: number, index: number, spaces: IdentifierSpaces): SeedClient {
  const fixture = FIXTURE_CLIENTS[index]
  if (fixture) return structuredClone(fixture)
  // Generated clients number their slots from 0, after the fixtures.
  const slot = index - FIXTURE_CLIENTS.length
  const random = createRandom(hash32(seed, index, 0x5eed))
  // Birth dates and towns came later and draw from a stream of their own, so that adding them
  // left every earlier field of every client (names, identifiers, contracts) as it was.
  const details = createRandom(hash32(seed, index, 0xadd2e55))
  return random.chance(BUSINESS_SHARE)
    ? generateBusinessClient(random, details, slot, spaces)
    : generatePrivateClient(random, details, slot, spaces)
}

function generatePrivateClient(
  random: Random,
  details: Random,
  slot: number,
  spaces: IdentifierSpaces
): SeedPrivateClient {
  const isRussianOrigin = random.chance(RUSSIAN_ORIGIN_SHARE)
  const isFemale = random.chance(0.52)
  // Families mix: a few people carry a first name from the other tradition.
  const hasRussianFirstName = random.chance(isRussianOrigin ? 0.88 : 0.03)
  const firstName = random.pick(
    hasRussianFirstName
      ? isFemale
        ? RUSSIAN_FEMALE_FIRST_NAMES
        : RUSSIAN_MALE_FIRST_NAMES
      : isFemale
        ? LATVIAN_FEMALE_FIRST_NAMES
        : LATVIAN_MALE_FIRST_NAMES
  )
  const [masculine, feminine] = random.pick(isRussianOrigin ? RUSSIAN_SURNAMES : LATVIAN_SURNAMES)
  const lastName = isFemale ? feminine : masculine

  let personalCode: string
  let birthYear: number
  let birthDate: string | undefined
  if (random.chance(NEW_FORMAT_CODE_SHARE)) {
    personalCode = NEW_PERSONAL_CODES.encode(spaces.newPersonalCodes.positionAt(slot))
    // A new-format code says nothing about age; people of every age have switched to one.
    birthYear = random.between(1940, 2006)
    if (details.chance(NEW_FORMAT_BIRTH_DATE_RECORDED_SHARE)) {
      const firstDay = dayNumber(`${birthYear}-01-01`)
      birthDate = isoDate(firstDay + details.int(dayNumber(`${birthYear + 1}-01-01`) - firstDay))
    }
  } else {
    personalCode = OLD_PERSONAL_CODES.encode(spaces.oldPersonalCodes.positionAt(slot))
    birthYear = 1800 + 100 * Number(personalCode[6]) + Number(personalCode.slice(4, 6))
    // DDMMYY: the code's own date, which the identifier space only ever encodes as a real day.
    birthDate = `${birthYear}-${personalCode.slice(2, 4)}-${personalCode.slice(0, 2)}`
  }
  const town = details.weighted(PRIVATE_ADDRESS_TOWNS)

  const language = chooseLanguage(random, isRussianOrigin)
  const phones = choosePhones(random, slot, spaces, random.chance(0.12) ? 2 : 1)
  const email = random.chance(EMAIL_SHARE_PRIVATE)
    ? privateEmail(random, firstName, lastName, birthYear, language)
    : undefined
  const adultDay = dayNumber(`${birthYear + 18}-07-01`)
  const contracts = generateContracts(random, slot, spaces, {
    earliestDay: Math.max(firstPrivateContractDay, adultDay),
    count: random.weighted([
      [1, 70],
      [2, 21],
      [3, 7],
      [4, 2]
    ])
  })
  return {
    kind: 'private',
    personalCode,
    firstName,
    lastName,
    ...(birthDate === undefined ? {} : { birthDate }),
    town,
    phones,
    ...(email === undefined ? {} : { email }),
    language,
    contracts
  }
}

function generateBusinessClient(
  random: Random,
  details: Random,
  slot: number,
  spaces: IdentifierSpaces
): SeedBusinessClient {
  const registrationNumber = REGISTRATION_NUMBERS.encode(
    spaces.registrationNumbers.positionAt(slot)
  )
  const legalForm = random.weighted(LEGAL_FORMS)
  const nameStyle = random.weighted([
    ['family', 30],
    ['placeAndActivity', 55],
    ['standalone', 15]
  ] as const)
  let coreName: string
  let namedTown: string | undefined
  if (nameStyle === 'placeAndActivity') {
    const place = random.pick(BUSINESS_PLACES)
    coreName = `${place} ${random.pick(BUSINESS_ACTIVITIES)}`
    namedTown = TOWN_OF_PLACE_NAME[place]
  } else {
    coreName = random.pick(
      nameStyle === 'family' ? FAMILY_BUSINESS_NAMES : STANDALONE_BUSINESS_NAMES
    )
  }
  const town =
    namedTown !== undefined && details.chance(BUSINESS_IN_NAMED_TOWN_SHARE)
      ? namedTown
      : details.weighted(BUSINESS_ADDRESS_TOWNS)
  const mailbox = random.pick(['info', 'birojs', 'office', 'pasts'])
  const domain = asciiSlug(coreName)
  const language = random.weighted<Language>([
    ['lv', 85],
    ['ru', 10],
    ['en', 5]
  ])
  const phones = choosePhones(random, slot, spaces, random.chance(0.4) ? 2 : 1)
  const contracts = generateContracts(random, slot, spaces, {
    earliestDay: firstBusinessContractDay,
    count: random.weighted([
      [1, 40],
      [2, 30],
      [3, 18],
      [4, 12]
    ])
  })
  return {
    kind: 'business',
    registrationNumber,
    name: `${legalForm} "${coreName}"`,
    town,
    phones,
    email: `${mailbox}@${domain}.lv`,
    language,
    contracts
  }
}

function chooseLanguage(random: Random, isRussianOrigin: boolean): Language {
  if (random.chance(0.05)) return 'en'
  return random.chance(isRussianOrigin ? 0.85 : 0.04) ? 'ru' : 'lv'
}

function choosePhones(
  random: Random,
  slot: number,
  spaces: IdentifierSpaces,
  phoneCount: number
): string[] {
  const phones: string[] = []
  for (let k = 0; k < phoneCount; k++) {
    phones.push(MOBILE_PHONES.encode(spaces.phones.positionAt(slot * PHONE_SLOTS_PER_CLIENT + k)))
  }
  return phones
}

const EMAIL_DOMAINS: Record<Language, ReadonlyArray<readonly [string, number]>> = {
  lv: [
    ['gmail.com', 40],
    ['inbox.lv', 35],
    ['outlook.com', 10],
    ['apollo.lv', 8],
    ['yahoo.com', 4]
  ],
  ru: [
    ['gmail.com', 40],
    ['inbox.lv', 30],
    ['mail.ru', 15],
    ['outlook.com', 8],
    ['yandex.ru', 5]
  ],
  en: [
    ['gmail.com', 50],
    ['outlook.com', 30],
    ['inbox.lv', 10],
    ['yahoo.com', 10]
  ]
}

function privateEmail(
  random: Random,
  firstName: string,
  lastName: string,
  birthYear: number,
  language: Language
): string {
  const first = asciiSlug(firstName)
  const last = asciiSlug(lastName)
  const localPart = random.pick([
    `${first}.${last}`,
    `${first}.${last}`,
    `${first}${last}`,
    `${first[0]}.${last}`,
    `${last}.${first}`,
    `${first}_${last}`,
    `${first}.${last}${String(birthYear % 100).padStart(2, '0')}`,
    `${first}${random.between(1, 999)}`
  ])
  return `${localPart}@${random.weighted(EMAIL_DOMAINS[language])}`
}

function generateContracts(
  random: Random,
  slot: number,
  spaces: IdentifierSpaces,
  options: { earliestDay: number; count: number }
): SeedContract[] {
  const latestStartDay = referenceDay - 30
  const earliestDay = Math.min(options.earliestDay, latestStartDay)
  const contracts: SeedContract[] = []
  for (let k = 0; k < options.count; k++) {
    const number = ACCOUNT_NUMBERS.encode(
      spaces.accounts.positionAt(slot * CONTRACT_SLOTS_PER_CLIENT + k)
    )
    // Most clients keep their first contract; later ones end more often.
    const status = random.weighted<SeedContract['status']>(
      k === 0
        ? [
            ['active', 82],
            ['suspended', 4],
            ['ended', 14]
          ]
        : [
            ['active', 58],
            ['suspended', 7],
            ['ended', 35]
          ]
    )
    const startDay = random.between(earliestDay, latestStartDay)
    const contract: SeedContract = { number, status, startDate: isoDate(startDay) }
    if (status === 'ended') contract.endDate = isoDate(random.between(startDay + 30, referenceDay))
    contracts.push(contract)
  }
  return contracts.sort((a, b) => a.startDate.localeCompare(b.startDate))
}

// Names come from short lists, so each slug is worked out once rather than once per row.
const slugCache = new Map<string, string>()

/** Lower-case ASCII letters and digits only: `Zaļā Birze` → `zalabirze`. */
function asciiSlug(text: string): string {
  let slug = slugCache.get(text)
  if (slug === undefined) {
    slug = foldForSearch(text).replace(/[^a-z0-9]/g, '')
    slugCache.set(text, slug)
  }
  return slug
}

function dayNumber(isoDate: string): number {
  return Date.parse(isoDate) / MS_PER_DAY
}

/**
 * `YYYY-MM-DD` for a day number (days since 1970-01-01), by Howard Hinnant's civil_from_days:
 * plain arithmetic, because Date#toISOString was the generator's hottest call.
 */
function isoDate(day: number): string {
  const shifted = day + 719_468
  const era = Math.floor(shifted / 146_097)
  const dayOfEra = shifted - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365
  )
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153)
  const dayOfMonth = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return `${year}-${month < 10 ? '0' : ''}${month}-${dayOfMonth < 10 ? '0' : ''}${dayOfMonth}`
}
