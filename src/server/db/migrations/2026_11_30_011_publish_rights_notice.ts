import { type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead.

/**
 * The statement a client confirms with every change, their rights and who the controller is,
 * becomes a published notice like the purposes' texts (key `rights`), so that a request can name
 * the version the client saw and the receipt can record it. Until now the desk showed a shorter
 * wording of its own; version 1 is the seed's opening statements VERBATIM in Latvian
 * (shared/seed/lmt-klientu-piekrisanas.lv.txt, lines 5 to 10, "Riga" as written there), with our
 * English and Russian translations pending LMT's approval.
 *
 * Each receipt records the language and the rights notice version of its request.
 */

const PUBLISHED_AT = '2026-11-30T00:00:00Z'

export const RIGHTS_NOTICE_V1 = {
  lv: {
    title: 'Jūsu tiesības',
    text:
      'PIEKRIŠANA ir klienta brīvi sniegta atļauja LMT apstrādāt datus konkrētam mērķim. Piekrišanu nesniegšana neietekmē esošo datu apstrādi, bet dod klientam papildu iespējas un priekšrocības.\n\n' +
      '- Klientam ir tiesības jebkurā laikā savas piekrišanas vieglā veidā atsaukt, neietekmējot datu apstrādi, kas veikta līdz atsaukuma saņemšanai. Pēc piekrišanas atsaukuma datu apstrāde konkrētajam mērķim vairs netiek veikta, bet klientam ir brīva izvēles iespēja to atkal dot no jauna.\n' +
      '- Klientam ir tiesības pieprasīt informāciju par savām dotajām piekrišanām un citiem datiem, kā arī veikt izmaiņas savos datos un piekrišanās, vēršoties LMT klientu centrā vai citos saziņas kanālos.\n' +
      '- Piekrišanu apstrādes pārzinis ir "Latvijas Mobilais Telefons", reģ. Nr. LV50003050931, Ropažu iela 6, Riga, Latvija, e-pasts: info@lmt.lv, tālr. 80768076.\n' +
      '- Pilna informācija par klienta tiesībām un datu apstrādi ir pieejama LMT privātuma politikā, lmt.lv un mans.lmt.lv.'
  },
  en: {
    title: 'Your rights',
    text:
      'CONSENT is a permission the client gives freely for LMT to process data for a specific purpose. Not giving consents does not affect the existing processing of data, but gives the client additional options and benefits.\n\n' +
      '- The client has the right to withdraw their consents at any time, in an easy way, without affecting the processing carried out before the withdrawal was received. After a consent is withdrawn, data is no longer processed for that purpose, and the client remains free to give it again.\n' +
      '- The client has the right to request information about the consents they have given and about their other data, and to change their data and consents, at an LMT customer centre or through other contact channels.\n' +
      '- The controller of the processing of consents is "Latvijas Mobilais Telefons", reg. No. LV50003050931, Ropažu iela 6, Riga, Latvia, e-mail: info@lmt.lv, phone 80768076.\n' +
      "- Full information about the client's rights and the processing of data is in LMT's privacy policy, at lmt.lv and mans.lmt.lv."
  },
  ru: {
    title: 'Ваши права',
    text:
      'СОГЛАСИЕ — это добровольно данное клиентом разрешение LMT обрабатывать данные для конкретной цели. Отказ от согласий не влияет на существующую обработку данных, но даёт клиенту дополнительные возможности и преимущества.\n\n' +
      '- Клиент вправе в любое время простым способом отозвать свои согласия; это не влияет на обработку данных, выполненную до получения отзыва. После отзыва согласия данные для этой цели больше не обрабатываются, но клиент может свободно дать его снова.\n' +
      '- Клиент вправе запросить информацию о данных им согласиях и о других своих данных, а также изменить свои данные и согласия, обратившись в клиентский центр LMT или через другие каналы связи.\n' +
      '- Контролёр обработки согласий — "Latvijas Mobilais Telefons", рег. № LV50003050931, Ropažu iela 6, Рига, Латвия, эл. почта: info@lmt.lv, тел. 80768076.\n' +
      '- Полная информация о правах клиента и обработке данных — в политике конфиденциальности LMT, на lmt.lv и mans.lmt.lv.'
  }
} as const

export async function up(db: Kysely<unknown>): Promise<void> {
  const rows = (['lv', 'en', 'ru'] as const).map((language) => ({
    purpose: 'rights',
    version: 1,
    language,
    title: RIGHTS_NOTICE_V1[language].title,
    text: RIGHTS_NOTICE_V1[language].text,
    published_at: PUBLISHED_AT
  }))
  await (db as Kysely<{ notice_versions: (typeof rows)[number] }>)
    .insertInto('notice_versions')
    .values(rows)
    .execute()
  await db.schema
    .alterTable('receipts')
    .addColumn('language', 'text')
    .addColumn('rights_notice_version', 'integer')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('receipts')
    .dropColumn('rights_notice_version')
    .dropColumn('language')
    .execute()
  await (db as Kysely<{ notice_versions: { purpose: string } }>)
    .deleteFrom('notice_versions')
    .where('purpose', '=', 'rights')
    .execute()
}
