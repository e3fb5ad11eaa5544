/**
 * Name material for demo clients. Latvian surnames change their ending with gender
 * (Bērziņš/Bērziņa, Jansons/Jansone, Podnieks/Podniece; a few such as Liepa are the same for
 * both), so surnames are listed as [masculine, feminine] pairs. Names of Russian origin are
 * written the way Latvian documents write them (Jevgēņijs, Kuzņecovs), which is what staff type.
 */

export type SurnamePair = readonly [masculine: string, feminine: string]

export const LATVIAN_MALE_FIRST_NAMES: readonly string[] = [
  'Jānis', 'Andris', 'Edgars', 'Māris', 'Aivars', 'Juris', 'Mārtiņš', 'Kristaps', 'Roberts',
  'Artūrs', 'Raivis', 'Gints', 'Uldis', 'Valdis', 'Pēteris', 'Kārlis', 'Dainis', 'Ivars',
  'Armands', 'Rihards', 'Dāvis', 'Oskars', 'Toms', 'Emīls', 'Ēriks', 'Gatis', 'Normunds',
  'Guntis', 'Agris', 'Aigars', 'Reinis', 'Krišjānis', 'Ģirts', 'Rolands', 'Intars', 'Kaspars',
  'Renārs', 'Ilmārs', 'Voldemārs', 'Ojārs', 'Edvīns', 'Gundars', 'Imants', 'Viesturs', 'Ansis',
  'Mikus', 'Miķelis', 'Aleksandrs', 'Linards', 'Jurģis'
]

export const LATVIAN_FEMALE_FIRST_NAMES: readonly string[] = [
  'Anna', 'Līga', 'Ilze', 'Inese', 'Kristīne', 'Laura', 'Dace', 'Baiba', 'Santa', 'Zane',
  'Elīna', 'Agnese', 'Ieva', 'Dzintra', 'Sandra', 'Inga', 'Anita', 'Līva', 'Marta', 'Evelīna',
  'Sanita', 'Gunta', 'Ināra', 'Rūta', 'Aija', 'Vija', 'Māra', 'Daina', 'Ligita', 'Signe',
  'Madara', 'Sintija', 'Antra', 'Elza', 'Katrīna', 'Zaiga', 'Velta', 'Skaidrīte', 'Dagnija',
  'Ārija', 'Iveta', 'Solvita', 'Gita', 'Lelde', 'Una', 'Estere', 'Ance', 'Rasma', 'Ērika'
]

export const RUSSIAN_MALE_FIRST_NAMES: readonly string[] = [
  'Aleksejs', 'Jevgēņijs', 'Sergejs', 'Dmitrijs', 'Vladimirs', 'Igors', 'Andrejs', 'Nikolajs',
  'Mihails', 'Olegs', 'Vitālijs', 'Konstantīns', 'Jurijs', 'Artjoms', 'Maksims', 'Deniss',
  'Iļja', 'Vadims', 'Pāvels', 'Romāns', 'Viktors', 'Aleksandrs', 'Genādijs', 'Staņislavs',
  'Vjačeslavs', 'Valērijs', 'Anatolijs', 'Kirils'
]

export const RUSSIAN_FEMALE_FIRST_NAMES: readonly string[] = [
  'Jeļena', 'Olga', 'Tatjana', 'Natālija', 'Svetlana', 'Irina', 'Jekaterina', 'Marina',
  'Ludmila', 'Gaļina', 'Anastasija', 'Valentīna', 'Oksana', 'Jūlija', 'Viktorija', 'Darja',
  'Nadežda', 'Ksenija', 'Alla', 'Ņina', 'Larisa', 'Tamāra', 'Aļona', 'Sofija'
]

export const LATVIAN_SURNAMES: readonly SurnamePair[] = [
  ['Bērziņš', 'Bērziņa'], ['Kalniņš', 'Kalniņa'], ['Ozoliņš', 'Ozoliņa'], ['Jansons', 'Jansone'],
  ['Ozols', 'Ozola'], ['Liepiņš', 'Liepiņa'], ['Krūmiņš', 'Krūmiņa'], ['Balodis', 'Balode'],
  ['Eglītis', 'Eglīte'], ['Zariņš', 'Zariņa'], ['Pētersons', 'Pētersone'], ['Vītols', 'Vītola'],
  ['Kļaviņš', 'Kļaviņa'], ['Kārkliņš', 'Kārkliņa'], ['Vanags', 'Vanaga'], ['Lapiņš', 'Lapiņa'],
  ['Šmits', 'Šmite'], ['Zvaigzne', 'Zvaigzne'], ['Liepa', 'Liepa'], ['Kalns', 'Kalna'],
  ['Siliņš', 'Siliņa'], ['Ziemelis', 'Ziemele'], ['Grīnbergs', 'Grīnberga'], ['Cīrulis', 'Cīrule'],
  ['Sproģis', 'Sproģe'], ['Dzenis', 'Dzene'], ['Strazds', 'Strazda'], ['Āboliņš', 'Āboliņa'],
  ['Podnieks', 'Podniece'], ['Kalējs', 'Kalēja'], ['Lācis', 'Lāce'], ['Priede', 'Priede'],
  ['Skuja', 'Skuja'], ['Jēkabsons', 'Jēkabsone'], ['Andersons', 'Andersone'],
  ['Freimanis', 'Freimane'], ['Rozenbergs', 'Rozenberga'], ['Celms', 'Celma'],
  ['Gailis', 'Gaile'], ['Vilks', 'Vilka'], ['Lūsis', 'Lūse'], ['Upītis', 'Upīte'],
  ['Ķiploks', 'Ķiploka'], ['Feldmanis', 'Feldmane'], ['Putniņš', 'Putniņa'],
  ['Zālītis', 'Zālīte'], ['Sīlis', 'Sīle'], ['Ābele', 'Ābele'], ['Krastiņš', 'Krastiņa'],
  ['Kronbergs', 'Kronberga'], ['Mednis', 'Medne'], ['Dūmiņš', 'Dūmiņa'], ['Rudzītis', 'Rudzīte']
]

export const RUSSIAN_SURNAMES: readonly SurnamePair[] = [
  ['Ivanovs', 'Ivanova'], ['Smirnovs', 'Smirnova'], ['Kuzņecovs', 'Kuzņecova'],
  ['Popovs', 'Popova'], ['Petrovs', 'Petrova'], ['Sokolovs', 'Sokolova'], ['Volkovs', 'Volkova'],
  ['Vasiļjevs', 'Vasiļjeva'], ['Morozovs', 'Morozova'], ['Novikovs', 'Novikova'],
  ['Fjodorovs', 'Fjodorova'], ['Pavlovs', 'Pavlova'], ['Kozlovs', 'Kozlova'],
  ['Lebedevs', 'Lebedeva'], ['Semjonovs', 'Semjonova'], ['Jegorovs', 'Jegorova'],
  ['Orlovs', 'Orlova'], ['Mihailovs', 'Mihailova'], ['Nikolajevs', 'Nikolajeva'],
  ['Zaharovs', 'Zaharova'], ['Kovaļovs', 'Kovaļova'], ['Belovs', 'Belova'],
  ['Solovjovs', 'Solovjova'], ['Gromovs', 'Gromova'], ['Jakubovskis', 'Jakubovska'],
  ['Kovaļevskis', 'Kovaļevska']
]

export const LEGAL_FORMS: ReadonlyArray<readonly [form: string, weight: number]> = [
  ['SIA', 82],
  ['AS', 10],
  ['IK', 8]
]

/** Family businesses are often named after the family in the plural: SIA "Kalniņi". */
export const FAMILY_BUSINESS_NAMES: readonly string[] = [
  'Kalniņi', 'Bērziņi', 'Ozoliņi', 'Liepiņi', 'Krūmiņi', 'Zariņi', 'Kļaviņi', 'Lapiņi',
  'Siliņi', 'Putniņi', 'Āboliņi', 'Kārkliņi', 'Ozoli', 'Vītoli', 'Celmi', 'Strazdi', 'Vanagi',
  'Jansoni', 'Pētersoni', 'Eglīši'
]

/** Place names in the genitive, as in AS "Baltijas Koks" or SIA "Rīgas Maiznieks". */
export const BUSINESS_PLACES: readonly string[] = [
  'Baltijas', 'Rīgas', 'Latgales', 'Kurzemes', 'Vidzemes', 'Zemgales', 'Daugavas', 'Gaujas',
  'Jūrmalas', 'Liepājas', 'Ventspils', 'Valmieras', 'Cēsu', 'Siguldas', 'Ogres', 'Jelgavas',
  'Ziemeļu', 'Austrumu'
]

export const BUSINESS_ACTIVITIES: readonly string[] = [
  'Koks', 'Būve', 'Loģistika', 'Piens', 'Maiznieks', 'Dārzs', 'Tehnika', 'Auto', 'Enerģija',
  'Mēbeles', 'Serviss', 'Konsultācijas', 'Transports', 'Nami', 'Zivis', 'Grauds', 'Logi',
  'Tīkls', 'Aptieka', 'Grāmatvedība', 'Ceļi', 'Jumti'
]

export const STANDALONE_BUSINESS_NAMES: readonly string[] = [
  'Ziemeļblāzma', 'Saulgrieži', 'Dzintars', 'Ābeļdārzs', 'Zaļā Birze', 'Vecrīga', 'Mežvidi',
  'Lāčplēsis', 'Rīts', 'Jūras Vējš', 'Pūpoli', 'Dižozols'
]
