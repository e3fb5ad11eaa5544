import { describe, expect, it } from 'vitest'
import {
  ACCOUNT_NUMBER_PATTERN,
  isAccountNumber,
  normalizeAccountNumber
} from '../../src/shared/identifiers/accountNumber'
import {
  formatPersonalCode,
  looksLikePersonalCode,
  maskPersonalCode,
  parsePersonalCode,
  pkCheckDigit
} from '../../src/shared/identifiers/personalCode'
import { formatPhone, maskPhone, normalizeLatvianPhone } from '../../src/shared/identifiers/phone'
import {
  looksLikeRegistrationNumber,
  parseRegistrationNumber,
  registrationNumberCheckDigit
} from '../../src/shared/identifiers/registrationNumber'
import { classifyQuery, foldForSearch } from '../../src/shared/identifiers/searchText'

// Test vectors from domain-research.md §1.4 and §2, each with its source there.
const VALID_PERSONAL_CODES = [
  ['161175-19997', 'python-stdnum doc'],
  ['16117519997', 'the same without hyphen'],
  ['240581-15799', 'FakerPHP worked example'],
  ['121282-11210', 'DataDog; raw check 10 → 0'],
  ['280794-12344', 'DataDog'],
  ['180565-05610', 'java-personal-code'],
  ['061193-06460', 'java-personal-code; raw check 10 → 0'],
  ['290212-29381', 'java-personal-code; 29.02.1912 is a leap day'],
  ['01011012344', 'validator.js'],
  ['01011000010', 'validator.js master; raw 10, century 0'],
  ['01011010040', 'validator.js master; raw 10, century 1'],
  ['01011020070', 'validator.js master; raw 10, century 2'],
  ['030303-10012', 'Smart-ID demo account'],
  ['32579461005', 'EU TIN example, new format'],
  ['325794-61005', 'the same with hyphen'],
  ['32867300679', 'python-stdnum 2.2, new format'],
  ['328673-00679', 'the same with hyphen']
] as const

const INVALID_PERSONAL_CODES = [
  ['161175-19998', 'checksum', 'wrong check digit'],
  ['161375-19997', 'date', 'month 13'],
  ['290213-29381', 'date', '29.02.1913 does not exist'],
  ['290217-22343', 'date', '29.02.2017 does not exist'],
  ['00011012344', 'date', 'day 00'],
  ['01011012345', 'checksum', 'the EU/OECD TIN example fails its check digit'],
  ['010110123444', 'format', '12 digits'],
  ['0101101234', 'format', '10 digits'],
  ['325-442-49548', 'format', 'only one hyphen, after the sixth digit'],
  ['31123456789', 'century', 'old format, day 31, century digit 3'],
  ['32867300677', 'checksum', 'new format, check digit mismatch'],
  ['32001010003', 'checksum', 'synthetic new-format code'],
  ['33123456789', 'checksum', 'a 33 code is new-format shaped but this one fails its check'],
  ['١٦١١٧٥١٩٩٩٧', 'format', 'non-ASCII digits'],
  ['', 'format', 'empty']
] as const

describe('personal code check digit', () => {
  it('follows the worked examples of the research note', () => {
    expect(pkCheckDigit('1611751999')).toBe(7)
    expect(pkCheckDigit('2405811579')).toBe(9)
  })

  it('maps a raw result of 10 to 0 instead of rejecting the code', () => {
    expect(pkCheckDigit('1212821121')).toBe(0)
    expect(pkCheckDigit('0611930646')).toBe(0)
  })
})

describe('parsePersonalCode', () => {
  it.each(VALID_PERSONAL_CODES)('accepts %s (%s)', (input) => {
    const parsed = parsePersonalCode(input)
    expect(parsed).toMatchObject({ ok: true, checkDigitOk: true })
  })

  it.each(INVALID_PERSONAL_CODES)('rejects %s as %s (%s)', (input, reason) => {
    expect(parsePersonalCode(input)).toEqual({ ok: false, reason })
  })

  it('accepts check digit 0 codes, which validator.js 13.15.35 rejects', () => {
    expect(parsePersonalCode('121282-11210')).toEqual({
      ok: true,
      format: 'old',
      compact: '12128211210',
      birthDate: '1982-12-12',
      checkDigitOk: true
    })
    expect(parsePersonalCode('061193-06460')).toMatchObject({ ok: true, birthDate: '1893-11-06' })
  })

  it('reads the birth date and century of an old-format code', () => {
    expect(parsePersonalCode('161175-19997')).toMatchObject({
      format: 'old',
      birthDate: '1975-11-16'
    })
    expect(parsePersonalCode('290212-29381')).toMatchObject({ birthDate: '2012-02-29' })
    expect(parsePersonalCode('01011000010')).toMatchObject({ birthDate: '1810-01-01' })
  })

  it('gives a new-format code no birth date', () => {
    const parsed = parsePersonalCode('325794-61005')
    expect(parsed).toEqual({
      ok: true,
      format: 'new',
      compact: '32579461005',
      checkDigitOk: true
    })
  })

  it('accepts every second digit 2–9 of a new-format code, not only 32', () => {
    expect(parsePersonalCode('33123456780')).toMatchObject({ ok: true, format: 'new' })
    expect(parsePersonalCode('39000000000')).toMatchObject({ ok: true, format: 'new' })
  })

  it('ignores surrounding whitespace', () => {
    expect(parsePersonalCode('  161175-19997\t')).toMatchObject({
      ok: true,
      compact: '16117519997'
    })
  })
})

describe('personal code display', () => {
  it('writes the official hyphenated form', () => {
    expect(formatPersonalCode('16117519997')).toBe('161175-19997')
  })

  it('masks everything after the first six digits', () => {
    expect(maskPersonalCode('12038912346')).toBe('120389-*****')
    expect(maskPersonalCode('120389-12346')).toBe('120389-*****')
  })
})

describe('looksLikePersonalCode', () => {
  it.each(['120389-12346', '12038912346', '32579461005', '311299-12345', ' 010110-12344 '])(
    'treats %s as a personal code',
    (query) => {
      expect(looksLikePersonalCode(query)).toBe(true)
    }
  )

  it.each(['40003521600', '1203891234', '120-389-12346', '29123456', 'Bērziņš'])(
    'does not treat %s as a personal code',
    (query) => {
      expect(looksLikePersonalCode(query)).toBe(false)
    }
  )
})

describe('parseRegistrationNumber', () => {
  it.each([
    'LV 4000 3521 600',
    '40003189718',
    'LV 5000 399 3021',
    '90000528023',
    '40003009497',
    '54103040601',
    '90000069281',
    '40203551190',
    '40003567907',
    '50003050931'
  ])('accepts %s', (input) => {
    expect(parseRegistrationNumber(input)).toMatchObject({ ok: true })
  })

  it('accepts the VAT prefix in any case and spacing', () => {
    for (const input of ['40003521600', 'LV40003521600', 'LV 4000 3521 600', 'lv40003521600']) {
      expect(parseRegistrationNumber(input)).toEqual({ ok: true, compact: '40003521600' })
    }
  })

  it.each(['40003521601', '40003189715', '90000528022', 'LV-42103048181'])(
    'rejects %s for its checksum',
    (input) => {
      expect(parseRegistrationNumber(input)).toEqual({ ok: false, reason: 'checksum' })
    }
  )

  it.each(['30003521600', '4000352160', '400035216000', 'LV4000352160X', 'SIA Kalniņi'])(
    'rejects %s for its format',
    (input) => {
      expect(parseRegistrationNumber(input)).toEqual({ ok: false, reason: 'format' })
    }
  )

  it('finds the check digit for LMT’s own number, and none when it would be 10', () => {
    expect(registrationNumberCheckDigit('5000305093')).toBe(1)
    expect(registrationNumberCheckDigit('3211457802')).toBeNull()
  })
})

describe('looksLikeRegistrationNumber', () => {
  it('treats 11 digits starting 4–9, or LV and any 11 digits, as a registration number', () => {
    expect(looksLikeRegistrationNumber('50003050931')).toBe(true)
    expect(looksLikeRegistrationNumber('LV 4000 3521 600')).toBe(true)
    expect(looksLikeRegistrationNumber('LV16117519997')).toBe(true)
  })

  it('leaves personal codes, phones and names alone', () => {
    expect(looksLikeRegistrationNumber('16117519997')).toBe(false)
    expect(looksLikeRegistrationNumber('29123456')).toBe(false)
    expect(looksLikeRegistrationNumber('Liepa')).toBe(false)
  })
})

describe('normalizeLatvianPhone', () => {
  it.each([
    '29123456',
    '2912 3456',
    '+371 2912 3456',
    '+37129123456',
    '00371 29123456',
    '0037129123456',
    '(+371) 29-123-456',
    '371 29123456',
    '+371 29 123 456'
  ])('reads %s as +37129123456', (input) => {
    expect(normalizeLatvianPhone(input)).toBe('+37129123456')
  })

  it('accepts fixed-line, toll-free and premium numbers too', () => {
    expect(normalizeLatvianPhone('67033000')).toBe('+37167033000')
    expect(normalizeLatvianPhone('8076 8076')).toBe('+37180768076')
    expect(normalizeLatvianPhone('90012345')).toBe('+37190012345')
  })

  it.each(['2912345', '291234567', '12345678', '+371 1234 5678', '+372 5123 4567', '', 'abc'])(
    'rejects %s',
    (input) => {
      expect(normalizeLatvianPhone(input)).toBeNull()
    }
  )
})

describe('phone display', () => {
  it('groups the number like libphonenumber does', () => {
    expect(formatPhone('+37129123456')).toBe('+371 29 123 456')
  })

  it('masks the middle three digits', () => {
    expect(maskPhone('+37129123456')).toBe('+371 29 *** 456')
  })
})

describe('account numbers', () => {
  it('are K followed by 8 digits', () => {
    expect(ACCOUNT_NUMBER_PATTERN.test('K10234567')).toBe(true)
    expect(ACCOUNT_NUMBER_PATTERN.test('K1023456')).toBe(false)
  })

  it('are recognised in any case and with spaces', () => {
    expect(normalizeAccountNumber('k10234567')).toBe('K10234567')
    expect(normalizeAccountNumber(' K 1023 4567 ')).toBe('K10234567')
    expect(isAccountNumber('K10234567')).toBe(true)
    expect(isAccountNumber('10234567')).toBe(false)
    expect(isAccountNumber('Kalniņš')).toBe(false)
  })
})

describe('foldForSearch', () => {
  it.each([
    ['Bērziņš', 'berzins'],
    ['ŌZOLS', 'ozols'],
    ['ĀĒĪŪ', 'aeiu'],
    ['ČŠŽ', 'csz'],
    ['ĢĶĻŅ', 'gkln'],
    ['Kuzņecovs', 'kuznecovs'],
    ['  Jānis \t  Bērziņš  ', 'janis berzins'],
    ['SIA "Kalniņi"', 'sia "kalnini"']
  ])('folds %s to %s', (input, folded) => {
    expect(foldForSearch(input)).toBe(folded)
  })
})

describe('classifyQuery', () => {
  it('recognises personal codes with or without hyphen', () => {
    expect(classifyQuery('161175-19997')).toEqual({ kind: 'personalCode', compact: '16117519997' })
    expect(classifyQuery(' 32579461005 ')).toEqual({ kind: 'personalCode', compact: '32579461005' })
  })

  it('reports a personal code that fails its checks instead of searching names for it', () => {
    expect(classifyQuery('161175-19998')).toEqual({
      kind: 'invalidIdentifier',
      identifier: 'personalCode',
      reason: 'checksum'
    })
    expect(classifyQuery('290217-22343')).toMatchObject({
      identifier: 'personalCode',
      reason: 'date'
    })
    expect(classifyQuery('32867300677')).toMatchObject({ reason: 'checksum' })
  })

  it('recognises registration numbers, bare or with the VAT prefix', () => {
    expect(classifyQuery('50003050931')).toEqual({
      kind: 'registrationNumber',
      compact: '50003050931'
    })
    expect(classifyQuery('LV 4000 3521 600')).toEqual({
      kind: 'registrationNumber',
      compact: '40003521600'
    })
  })

  it('reports a registration number that fails its checksum', () => {
    expect(classifyQuery('40003521601')).toEqual({
      kind: 'invalidIdentifier',
      identifier: 'registrationNumber',
      reason: 'checksum'
    })
    expect(classifyQuery('LV16117519997')).toMatchObject({
      identifier: 'registrationNumber',
      reason: 'format'
    })
  })

  it('recognises phone numbers in every common form', () => {
    for (const query of ['29123456', '+371 2912 3456', '00371 29123456', '371 29123456']) {
      expect(classifyQuery(query)).toEqual({ kind: 'phone', e164: '+37129123456' })
    }
    expect(classifyQuery('(+371) 29-123-456')).toEqual({ kind: 'phone', e164: '+37129123456' })
  })

  it('recognises account numbers in any case', () => {
    expect(classifyQuery('k10234567')).toEqual({ kind: 'account', number: 'K10234567' })
  })

  it('searches everything else as a folded name', () => {
    expect(classifyQuery('Bērziņš')).toEqual({ kind: 'name', folded: 'berzins' })
    expect(classifyQuery('  ANNA   ozoliņa ')).toEqual({ kind: 'name', folded: 'anna ozolina' })
    expect(classifyQuery('SIA "Kalniņi"')).toEqual({ kind: 'name', folded: 'sia "kalnini"' })
  })

  it('leaves partial numbers to the name search rather than rejecting them', () => {
    expect(classifyQuery('120389')).toEqual({ kind: 'name', folded: '120389' })
    expect(classifyQuery('12345678')).toEqual({ kind: 'name', folded: '12345678' })
  })
})
