/**
 * Clients that every seeded database starts with (generated indexes 0..n−1, whatever the seed),
 * so tests and demos can search for known people. Their identifiers are held back from the
 * generated clients, so each one finds exactly its fixture.
 */

import type { SeedClient } from './types'

export const FIXTURES = {
  janisBerzins: {
    kind: 'private',
    personalCode: '12038912346',
    firstName: 'Jānis',
    lastName: 'Bērziņš',
    birthDate: '1989-03-12',
    town: 'Rīga',
    phones: ['+37129123456'],
    email: 'janis.berzins@inbox.lv',
    language: 'lv',
    contracts: [{ number: 'K10234567', status: 'active', startDate: '2012-04-16' }]
  },
  // Shares the surname with Pēteris Ozoliņš in the other gender form: `ozolin` finds both.
  annaOzolina: {
    kind: 'private',
    personalCode: '05079214565',
    firstName: 'Anna',
    lastName: 'Ozoliņa',
    birthDate: '1992-07-05',
    town: 'Jelgava',
    phones: ['+37126111222', '+37120555123'],
    email: 'anna.ozolina@gmail.com',
    language: 'lv',
    contracts: [
      { number: 'K10234569', status: 'ended', startDate: '2010-02-11', endDate: '2019-06-30' },
      { number: 'K10234568', status: 'active', startDate: '2015-09-01' }
    ]
  },
  peterisOzolins: {
    kind: 'private',
    personalCode: '23115810786',
    firstName: 'Pēteris',
    lastName: 'Ozoliņš',
    birthDate: '1958-11-23',
    town: 'Liepāja',
    phones: ['+37129876543'],
    language: 'lv',
    contracts: [{ number: 'K10234570', status: 'suspended', startDate: '2001-03-05' }]
  },
  // A new-format code (from 2017), which carries no birth date: his is the one recorded.
  jevgenijsKuznecovs: {
    kind: 'private',
    personalCode: '32114578027',
    firstName: 'Jevgēņijs',
    lastName: 'Kuzņecovs',
    birthDate: '1984-02-17',
    town: 'Daugavpils',
    phones: ['+37125432109'],
    email: 'jevgenijs.kuznecovs@mail.ru',
    language: 'ru',
    contracts: [{ number: 'K10234571', status: 'active', startDate: '2019-11-20' }]
  },
  // Check digit 0 (the raw mod-11 result is 10), which some validators wrongly reject.
  emilsEglitis: {
    kind: 'private',
    personalCode: '12128211210',
    firstName: 'Emīls',
    lastName: 'Eglītis',
    birthDate: '1982-12-12',
    town: 'Rīga',
    phones: ['+37122345678'],
    email: 'emils.eglitis@outlook.com',
    language: 'en',
    contracts: [{ number: 'K10234572', status: 'active', startDate: '2021-01-15' }]
  },
  kalnini: {
    kind: 'business',
    registrationNumber: '40003512345',
    name: 'SIA "Kalniņi"',
    town: 'Valmiera',
    phones: ['+37127001122'],
    email: 'info@kalnini.lv',
    language: 'lv',
    contracts: [
      { number: 'K10234573', status: 'active', startDate: '2016-05-10' },
      { number: 'K10234574', status: 'active', startDate: '2018-08-01' }
    ]
  },
  baltijasKoks: {
    kind: 'business',
    registrationNumber: '40103987655',
    name: 'AS "Baltijas Koks"',
    town: 'Rīga',
    phones: ['+37128003344'],
    email: 'birojs@baltijaskoks.lv',
    language: 'lv',
    contracts: [
      { number: 'K10234575', status: 'active', startDate: '2009-10-01' },
      { number: 'K10234576', status: 'ended', startDate: '2009-10-01', endDate: '2020-12-31' }
    ]
  }
} satisfies Record<string, SeedClient>

export type FixtureName = keyof typeof FIXTURES

/**
 * The fixtures in generation order: `FIXTURE_CLIENTS[i]` is generated client `i`. Frozen, because
 * every test shares them; the generator yields copies.
 */
export const FIXTURE_CLIENTS: readonly SeedClient[] = Object.values(FIXTURES).map(deepFreeze)

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}
