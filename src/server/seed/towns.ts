/**
 * Address towns for demo clients, weighted roughly by population (CSP, 2023, in thousands). Rīga
 * is weighted above its own population because its suburbs (Mārupe, Ķekava, Ādaži) mostly give a
 * Rīga address too, and a mobile operator's clients live where the people do.
 */
export const PRIVATE_ADDRESS_TOWNS: ReadonlyArray<readonly [town: string, weight: number]> = [
  ['Rīga', 640],
  ['Daugavpils', 79],
  ['Liepāja', 67],
  ['Jelgava', 55],
  ['Jūrmala', 50],
  ['Ventspils', 33],
  ['Rēzekne', 27],
  ['Valmiera', 23],
  ['Ogre', 23],
  ['Jēkabpils', 22],
  ['Salaspils', 17],
  ['Cēsis', 15],
  ['Tukums', 16],
  ['Sigulda', 14],
  ['Kuldīga', 11],
  ['Olaine', 10],
  ['Saldus', 10],
  ['Talsi', 9],
  ['Dobele', 9],
  ['Bauska', 9],
  ['Mārupe', 9],
  ['Ādaži', 7],
  ['Ķekava', 6],
  ['Madona', 7],
  ['Gulbene', 7],
  ['Līvāni', 7],
  ['Limbaži', 7],
  ['Aizkraukle', 7],
  ['Alūksne', 6],
  ['Krāslava', 7],
  ['Ludza', 7],
  ['Smiltene', 5],
  ['Preiļi', 6],
  ['Balvi', 6]
]

/** Companies register in the capital even more than people live there. */
export const BUSINESS_ADDRESS_TOWNS: ReadonlyArray<readonly [town: string, weight: number]> =
  PRIVATE_ADDRESS_TOWNS.map(([town, weight]) => [town, town === 'Rīga' ? weight * 2 : weight])

/**
 * The town a business name's place word names (`Liepājas Koks` → Liepāja); regions such as
 * `Kurzemes` name no single town.
 */
export const TOWN_OF_PLACE_NAME: Readonly<Record<string, string>> = {
  Rīgas: 'Rīga',
  Jūrmalas: 'Jūrmala',
  Liepājas: 'Liepāja',
  Ventspils: 'Ventspils',
  Valmieras: 'Valmiera',
  Cēsu: 'Cēsis',
  Siguldas: 'Sigulda',
  Ogres: 'Ogre',
  Jelgavas: 'Jelgava'
}
