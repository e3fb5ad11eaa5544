import { describe, expect, it } from 'vitest'
import { isAccountNumber } from '../../src/shared/identifiers/accountNumber'
import { parsePersonalCode } from '../../src/shared/identifiers/personalCode'
import { isLatvianMobile, normalizeLatvianPhone } from '../../src/shared/identifiers/phone'
import { parseRegistrationNumber } from '../../src/shared/identifiers/registrationNumber'
import { classifyQuery, foldForSearch } from '../../src/shared/identifiers/searchText'
import {
  DEMO_SEED,
  FIXTURE_CLIENTS,
  FIXTURES,
  SEED_REFERENCE_DATE,
  generateClient,
  generateClients,
  maxClientCount,
  type SeedClient,
  type SeedContract
} from '../../src/server/seed/generator'
import {
  ACCOUNT_NUMBERS,
  MOBILE_PHONES,
  NEW_PERSONAL_CODES,
  OLD_PERSONAL_CODES,
  REGISTRATION_NUMBERS
} from '../../src/server/seed/identifierSpaces'
import { createIdentifierSpace, createPermutation } from '../../src/server/seed/permutation'

const LARGE_RUN = 200_000

function take(count: number, seed = DEMO_SEED, startIndex = 0): SeedClient[] {
  return [...generateClients({ seed, count, startIndex })]
}

function identifiersOf(client: SeedClient): string[] {
  return [
    client.kind === 'private' ? client.personalCode : client.registrationNumber,
    ...client.phones,
    ...client.contracts.map((contract) => contract.number)
  ]
}

// Generated once and shared: the expensive part of the suite.
const largeRun = take(LARGE_RUN)

describe('generateClients', () => {
  it('gives the same clients for the same seed', () => {
    expect(take(1000)).toEqual(take(1000))
  })

  it('gives different clients for a different seed, but the same fixtures', () => {
    const other = take(1000, DEMO_SEED + 1)
    const demo = take(1000)
    expect(other.slice(0, FIXTURE_CLIENTS.length)).toEqual(demo.slice(0, FIXTURE_CLIENTS.length))
    expect(other.slice(FIXTURE_CLIENTS.length)).not.toEqual(demo.slice(FIXTURE_CLIENTS.length))
  })

  it('gives the same client at an index however the run is sliced', () => {
    expect(take(50, DEMO_SEED, 120_000)).toEqual(largeRun.slice(120_000, 120_050))
    expect(generateClient(DEMO_SEED, 777)).toEqual(largeRun[777])
  })

  it('streams instead of building the whole list', () => {
    const stream = generateClients({ seed: DEMO_SEED, count: 1_500_000 })
    expect(stream.next().done).toBe(false)
    expect(Array.isArray(stream)).toBe(false)
  })

  it('refuses bad options and ranges past what stays unique', () => {
    expect(() => generateClients({ seed: 1, count: -1 })).toThrow(RangeError)
    expect(() => generateClients({ seed: 1.5, count: 1 })).toThrow(RangeError)
    expect(() => generateClients({ seed: 1, count: maxClientCount() + 1 })).toThrow(RangeError)
    expect(maxClientCount()).toBeGreaterThan(4_000_000)
  })
})

describe('fixture clients', () => {
  it('come first, in order, whatever the seed', () => {
    expect(take(FIXTURE_CLIENTS.length, 12345)).toEqual(FIXTURE_CLIENTS)
  })

  it('include the people and companies tests search for', () => {
    expect(FIXTURES.janisBerzins).toMatchObject({ firstName: 'Jānis', lastName: 'Bērziņš' })
    expect(FIXTURES.annaOzolina).toMatchObject({ firstName: 'Anna', lastName: 'Ozoliņa' })
    expect(FIXTURES.peterisOzolins).toMatchObject({ firstName: 'Pēteris', lastName: 'Ozoliņš' })
    expect(parsePersonalCode(FIXTURES.jevgenijsKuznecovs.personalCode)).toMatchObject({
      format: 'new'
    })
    expect(FIXTURES.emilsEglitis.personalCode.endsWith('0')).toBe(true)
    expect(FIXTURES.kalnini).toMatchObject({ kind: 'business', name: 'SIA "Kalniņi"' })
  })

  it('have the birth date their old-format code encodes, and a town', () => {
    for (const client of FIXTURE_CLIENTS) {
      expect(client.town).toMatch(/^\p{Lu}/u)
      if (client.kind !== 'private') continue
      const parsed = parsePersonalCode(client.personalCode)
      expect(parsed.ok).toBe(true)
      if (parsed.ok && parsed.format === 'old') expect(client.birthDate).toBe(parsed.birthDate)
    }
    // The new-format fixture has a recorded birth date: search shows a year for it too.
    expect(FIXTURES.jevgenijsKuznecovs.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it('have identifiers that the search recognises', () => {
    for (const client of FIXTURE_CLIENTS) {
      const identifier =
        client.kind === 'private' ? client.personalCode : client.registrationNumber
      expect(classifyQuery(identifier)).toEqual({
        kind: client.kind === 'private' ? 'personalCode' : 'registrationNumber',
        compact: identifier
      })
      for (const phone of client.phones) {
        expect(classifyQuery(phone)).toEqual({ kind: 'phone', e164: phone })
      }
      for (const contract of client.contracts) {
        expect(classifyQuery(contract.number)).toEqual({ kind: 'account', number: contract.number })
      }
    }
  })

  it('are handed out as copies that callers may change', () => {
    const [first] = take(1)
    first!.phones.push('+37120000000')
    expect(take(1)[0]!.phones).toEqual(FIXTURES.janisBerzins.phones)
  })
})

describe(`${LARGE_RUN.toLocaleString('en')} generated clients`, () => {
  it('never share a personal code, registration number, phone or account number', () => {
    const seen = new Set<string>()
    let identifierCount = 0
    for (const client of largeRun) {
      for (const identifier of identifiersOf(client)) {
        seen.add(identifier)
        identifierCount++
      }
    }
    expect(seen.size).toBe(identifierCount)
  })

  it('carry only identifiers that the shared parsers accept', () => {
    const failures: string[] = []
    for (const client of largeRun) {
      const identifierOk =
        client.kind === 'private'
          ? parsePersonalCode(client.personalCode).ok
          : parseRegistrationNumber(client.registrationNumber).ok
      const phonesOk = client.phones.every(
        (phone) => isLatvianMobile(phone) && normalizeLatvianPhone(phone) === phone
      )
      const accountsOk = client.contracts.every((contract) => isAccountNumber(contract.number))
      if (!identifierOk || !phonesOk || !accountsOk) failures.push(JSON.stringify(client))
    }
    expect(failures.slice(0, 5)).toEqual([])
  })

  it('mix private persons and about 8% companies', () => {
    const businessShare = share(largeRun, (client) => client.kind === 'business')
    expect(businessShare).toBeGreaterThan(0.07)
    expect(businessShare).toBeLessThan(0.09)
  })

  it('give a fifth of private persons a new-format code and the rest real birth dates', () => {
    const persons = largeRun.filter((client) => client.kind === 'private')
    const parsed = persons.map((client) => parsePersonalCode(client.personalCode))
    const newShare = share(parsed, (code) => code.ok && code.format === 'new')
    expect(newShare).toBeGreaterThan(0.18)
    expect(newShare).toBeLessThan(0.22)
    const birthDates = parsed.flatMap((code) => (code.ok && code.birthDate ? [code.birthDate] : []))
    expect(birthDates.every((date) => date >= '1935-01-01' && date <= '2007-12-31')).toBe(true)
  })

  it('carry the birth date an old-format code encodes, and mostly a recorded one otherwise', () => {
    const persons = largeRun.filter((client) => client.kind === 'private')
    const mismatches: string[] = []
    let newFormat = 0
    let newFormatWithDate = 0
    for (const person of persons) {
      const parsed = parsePersonalCode(person.personalCode)
      if (!parsed.ok) continue
      if (parsed.format === 'old') {
        if (person.birthDate !== parsed.birthDate) mismatches.push(JSON.stringify(person))
        continue
      }
      newFormat++
      if (person.birthDate === undefined) continue
      newFormatWithDate++
      const isRealDate =
        /^\d{4}-\d{2}-\d{2}$/.test(person.birthDate) &&
        new Date(`${person.birthDate}T00:00:00Z`).toISOString().startsWith(person.birthDate)
      if (!isRealDate || person.birthDate < '1940-01-01' || person.birthDate > '2006-12-31') {
        mismatches.push(JSON.stringify(person))
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([])
    expect(newFormatWithDate / newFormat).toBeGreaterThan(0.85)
    expect(newFormatWithDate / newFormat).toBeLessThan(0.95)
    const companies = largeRun.filter((client) => client.kind === 'business')
    expect(companies.some((company) => 'birthDate' in company)).toBe(false)
  })

  it('live in Latvian towns, Rīga most often, then the next largest cities', () => {
    const byTown = new Map<string, number>()
    for (const client of largeRun) byTown.set(client.town, (byTown.get(client.town) ?? 0) + 1)
    const ranked = [...byTown].sort((a, b) => b[1] - a[1]).map(([town]) => town)
    expect(ranked.slice(0, 5)).toEqual(['Rīga', 'Daugavpils', 'Liepāja', 'Jelgava', 'Jūrmala'])
    expect(ranked).toEqual(
      expect.arrayContaining(['Ventspils', 'Rēzekne', 'Valmiera', 'Ogre', 'Cēsis', 'Sigulda'])
    )
    const rigaShare = byTown.get('Rīga')! / largeRun.length
    expect(rigaShare).toBeGreaterThan(0.4)
    expect(rigaShare).toBeLessThan(0.65)
  })

  it('mostly register a company named after a town in that town', () => {
    const liepajas = largeRun.filter(
      (client) => client.kind === 'business' && client.name.includes('"Liepājas ')
    )
    expect(liepajas.length).toBeGreaterThan(100)
    expect(share(liepajas, (company) => company.town === 'Liepāja')).toBeGreaterThan(0.75)
  })

  it('speak mostly Latvian, about a quarter Russian and a few English', () => {
    const ru = share(largeRun, (client) => client.language === 'ru')
    const en = share(largeRun, (client) => client.language === 'en')
    expect(ru).toBeGreaterThan(0.2)
    expect(ru).toBeLessThan(0.3)
    expect(en).toBeGreaterThan(0.03)
    expect(en).toBeLessThan(0.07)
  })

  it('mostly have one phone and sometimes two', () => {
    const twoPhones = share(largeRun, (client) => client.phones.length === 2)
    expect(twoPhones).toBeGreaterThan(0.05)
    expect(twoPhones).toBeLessThan(0.3)
    expect(largeRun.every((client) => client.phones.length >= 1)).toBe(true)
  })

  it('have at least one contract each, with dates that make sense', () => {
    const makesSense = (contract: SeedContract): boolean => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(contract.startDate)) return false
      if (contract.startDate > SEED_REFERENCE_DATE) return false
      if (contract.status !== 'ended') return contract.endDate === undefined
      return contract.endDate! > contract.startDate && contract.endDate! <= SEED_REFERENCE_DATE
    }
    const nonsense = largeRun.filter(
      (client) => client.contracts.length === 0 || !client.contracts.every(makesSense)
    )
    expect(nonsense).toEqual([])
  })
})

describe('generated names', () => {
  const persons = largeRun.filter((client) => client.kind === 'private')
  const lastNames = new Set(persons.map((client) => client.lastName))

  it('keep their Latvian diacritics', () => {
    const withDiacritics = share(persons, (client) =>
      /[āčēģīķļņšūž]/i.test(client.firstName + client.lastName)
    )
    expect(withDiacritics).toBeGreaterThan(0.3)
  })

  it('use both gender forms of surnames', () => {
    for (const [masculine, feminine] of [
      ['Bērziņš', 'Bērziņa'],
      ['Jansons', 'Jansone'],
      ['Eglītis', 'Eglīte'],
      ['Ivanovs', 'Ivanova'],
      ['Kuzņecovs', 'Kuzņecova']
    ]) {
      expect(lastNames).toContain(masculine)
      expect(lastNames).toContain(feminine)
    }
    expect(lastNames).toContain('Liepa')
  })

  it('come in a few hundred combinations at least', () => {
    const fullNames = new Set(persons.map((client) => `${client.firstName} ${client.lastName}`))
    expect(fullNames.size).toBeGreaterThan(500)
  })

  it('give e-mail addresses in plain ASCII made from the folded name', () => {
    const withEmail = persons.filter((client) => client.email !== undefined).slice(0, 5000)
    expect(withEmail.length).toBeGreaterThan(3000)
    for (const client of withEmail) {
      expect(client.email).toMatch(/^[a-z0-9._]+@[a-z0-9.]+\.[a-z]+$/)
      const foldedFirstName = foldForSearch(client.firstName).replace(/[^a-z0-9]/g, '')
      const foldedLastName = foldForSearch(client.lastName).replace(/[^a-z0-9]/g, '')
      const madeFromName =
        client.email!.includes(foldedLastName) || client.email!.startsWith(foldedFirstName)
      expect(madeFromName).toBe(true)
    }
  })

  it('name companies with a legal form and a quoted name', () => {
    const companies = largeRun.filter((client) => client.kind === 'business')
    for (const company of companies.slice(0, 2000)) {
      expect(company.name).toMatch(/^(SIA|AS|IK) ".+"$/)
      expect(company.registrationNumber[0]).toMatch(/[459]/)
    }
  })
})

describe('identifier spaces', () => {
  it('are permuted one-to-one', () => {
    for (const size of [1, 2, 7, 1000, 4097]) {
      const permute = createPermutation(size, 42)
      const images = new Set(Array.from({ length: size }, (_, index) => permute(index)))
      expect(images.size).toBe(size)
      expect(Math.max(...images)).toBe(size - 1)
    }
  })

  it('never hand out a reserved position', () => {
    const space = createIdentifierSpace({ size: 100, reserved: [0, 17, 99], key: 7 })
    const positions = Array.from({ length: space.capacity }, (_, slot) => space.positionAt(slot))
    expect(new Set(positions).size).toBe(97)
    expect(positions).not.toContain(0)
    expect(positions).not.toContain(17)
    expect(positions).not.toContain(99)
  })

  it('decode every identifier they encode back to its position', () => {
    for (const encoding of [
      OLD_PERSONAL_CODES,
      NEW_PERSONAL_CODES,
      MOBILE_PHONES,
      ACCOUNT_NUMBERS,
      REGISTRATION_NUMBERS
    ]) {
      for (const position of [0, 1, 999, 1000, Math.floor(encoding.size / 3), encoding.size - 1]) {
        expect(encoding.decode(encoding.encode(position))).toBe(position)
      }
    }
  })
})

function share<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.filter(predicate).length / items.length
}
