import { FIXTURES } from '../../src/server/seed/generator'
import { announced, openSignIn, resultRows, searchBox, signIn } from '../support/e2e-actions'
import { expect, test } from '../support/e2e-fixtures'
import { t } from '../support/e2e-i18n'

const janis = FIXTURES.janisBerzins
const anna = FIXTURES.annaOzolina
const peteris = FIXTURES.peterisOzolins
const newCode = FIXTURES.jevgenijsKuznecovs
const kalnini = FIXTURES.kalnini

/** The item, or a failing test naming what the fixture data lacks. */
function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`fixture data has no ${what}`)
  return value
}

const fullName = (client: { firstName: string; lastName: string }): string =>
  `${client.firstName} ${client.lastName}`
/** `120389-12346` from `12038912346`. */
const hyphenated = (code: string): string => `${code.slice(0, 6)}-${code.slice(6)}`
/** `+37126111222` → `26111222`. */
const national = (e164: string): string => e164.replace(/^\+371/, '')

test.beforeEach(async ({ page }) => {
  await openSignIn(page)
  await signIn(page, 'agent')
})

const annaPhone = must(anna.phones[0], 'phone for Anna')
const annaOtherPhone = must(anna.phones[1], 'second phone for Anna')
const peterisPhone = must(peteris.phones[0], 'phone for Pēteris')
const peterisNational = national(peterisPhone)
const peterisAccount = must(peteris.contracts[0], 'contract for Pēteris').number
const groups = (digits: string, separator: string): string =>
  digits.replace(/^(\d{2})(\d{3})(\d{3})$/, `$1${separator}$2${separator}$3`)

// [what the agent types, the query, whom it must find]
const cases: [title: string, query: string, expected: string][] = [
  ['an old-format personal code with a hyphen', hyphenated(janis.personalCode), fullName(janis)],
  ['an old-format personal code without a hyphen', janis.personalCode, fullName(janis)],
  ['a new-format personal code', newCode.personalCode, fullName(newCode)],
  ['a new-format personal code with a hyphen', hyphenated(newCode.personalCode), fullName(newCode)],
  ['a registration number', kalnini.registrationNumber, kalnini.name],
  ['a registration number in VAT form', `LV${kalnini.registrationNumber}`, kalnini.name],
  ['a phone in E.164', annaPhone, fullName(anna)],
  ['a phone without the country code', national(annaPhone), fullName(anna)],
  ['a phone with spaces', groups(national(annaOtherPhone), ' '), fullName(anna)],
  ['a phone with 00371 and dashes', `00371 ${groups(peterisNational, '-')}`, fullName(peteris)],
  ['a phone with (+371) and dots', `(+371) ${groups(peterisNational, '.')}`, fullName(peteris)],
  ['an account number', peterisAccount, fullName(peteris)],
  ['an account number in lower case', peterisAccount.toLowerCase(), fullName(peteris)]
]

for (const [title, query, expected] of cases) {
  test(`finds a client by ${title} (${query})`, async ({ page }) => {
    await searchBox(page).fill(query)
    await expect(resultRows(page)).toHaveCount(1)
    await expect(resultRows(page).first()).toContainText(expected)
  })
}

test('finds Bērziņš from a name typed without diacritics', async ({ page }) => {
  await searchBox(page).fill('berzins')
  await expect(resultRows(page).filter({ hasText: fullName(janis) })).toHaveCount(1)
})

test('finds Bērziņš despite a one-letter typo', async ({ page }) => {
  await searchBox(page).fill('Bērzimš')
  await expect(resultRows(page).filter({ hasText: fullName(janis) })).toHaveCount(1)
})

test('opens the only match with Enter and shows the header and contracts', async ({ page }) => {
  await searchBox(page).fill(janis.personalCode)
  await expect(resultRows(page)).toHaveCount(1)
  await searchBox(page).press('Enter')

  await expect(page.getByRole('heading', { level: 1, name: fullName(janis) })).toBeVisible()
  const contracts = page.getByRole('region', {
    name: t('lv', 'client.contractsCount_one', { count: String(janis.contracts.length) })
  })
  for (const contract of janis.contracts) {
    await expect(contracts.getByRole('listitem').filter({ hasText: contract.number })).toBeVisible()
  }
  // The code is masked until revealed; the reveal asks why and goes through the access log.
  const identifier = page.getByTestId('client-identifier')
  await expect(identifier).toHaveText(`${janis.personalCode.slice(0, 6)}-*****`)
  await page.getByRole('button', { name: t('lv', 'client.reveal'), exact: true }).click()
  const dialog = page.getByRole('dialog', { name: t('lv', 'client.revealDialog.title') })
  await dialog.getByRole('radio', { name: t('lv', 'accessLog.reason.client_at_counter') }).check()
  await dialog.getByRole('button', { name: t('lv', 'client.revealDialog.submit') }).click()
  await expect(identifier).toHaveText(
    `${janis.personalCode.slice(0, 6)}-${janis.personalCode.slice(6)}`
  )
  // Escape goes back to the search, ready for the next client.
  await page.keyboard.press('Escape')
  await expect(searchBox(page)).toBeVisible()
})

test('opens a business with Enter after arrowing to it', async ({ page }) => {
  await searchBox(page).fill(kalnini.registrationNumber)
  await expect(resultRows(page)).toHaveCount(1)
  await searchBox(page).press('ArrowDown')
  await searchBox(page).press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: kalnini.name })).toBeVisible()
  const contracts = page.getByRole('region', {
    name: t('lv', 'client.contractsCount_other', { count: String(kalnini.contracts.length) })
  })
  // More than two contracts fold into one line on a 1280 px window, until asked for.
  if (kalnini.contracts.length > 2) {
    await contracts.getByRole('button', { name: t('lv', 'client.showContracts') }).click()
  }
  await expect(contracts.getByRole('listitem')).toHaveCount(kalnini.contracts.length)
})

test('a personal code with a wrong check digit shows the invalid-identifier message', async ({
  page
}) => {
  const code = janis.personalCode
  const wrong = `${code.slice(0, 10)}${(Number(code.slice(10)) + 1) % 10}`
  await searchBox(page).fill(hyphenated(wrong))
  await expect(
    announced(page, 'alert', t('lv', 'lookup.invalid.personalCode_checksum'))
  ).toBeVisible()
  await expect(searchBox(page)).toHaveAttribute('aria-invalid', 'true')
})
