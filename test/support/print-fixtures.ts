import { PURPOSES, type ConsentState, type Purpose } from '../../src/shared/domain/consent'
import {
  CONTROLLER,
  ConsentReportSchema,
  KANTARA_VERSION,
  POLICY_URL,
  RECEIPT_SCHEMA_VERSION,
  ReceiptPayloadSchema,
  type ConsentReport,
  type ReceiptPayload
} from '../../src/shared/domain/receipt'
import type { Language } from '../../src/shared/domain/staff'
import type { ConfirmationPrintData, PrintDocument, ReceiptPrintData } from '../../src/shared/print'

/**
 * Print fixtures built through the contract's own schemas (ReceiptPayloadSchema,
 * ConsentReportSchema), so they stay in step with what the API signs.
 */

export const HOSTILE = {
  img: '<img src=x onerror=alert(1)>',
  script: '<script>alert("x")</script>',
  svg: '"><svg onload=alert(1)>'
} as const

/** Purpose titles as the catalogue has them, per language (the seed's texts). */
export const PURPOSE_TITLES: Record<Language, Record<Purpose, string>> = {
  lv: {
    offers: 'LMT piedāvājumi',
    usage_metadata: 'Elektronisko sakaru metadati individuālai sadarbībai',
    automated_profiling: 'Automatizēta apstrāde, tostarp profilēšana individuālai sadarbībai',
    credit_information: 'Kredītinformācija individuālai sadarbībai',
    location: 'Atrašanās vietas dati individuālai sadarbībai',
    loyalty: 'Lojalitātes dati individuālai sadarbībai - LMT piedāvājumi',
    research_metadata: 'Elektronisko sakaru metadati viedo iespēju attīstībai'
  },
  en: {
    offers: 'LMT offers',
    usage_metadata: 'Electronic communications metadata for personalised cooperation',
    automated_profiling: 'Automated processing, including profiling, for personalised cooperation',
    credit_information: 'Credit information for personalised cooperation',
    location: 'Location data for personalised cooperation',
    loyalty: 'Loyalty data for personalised cooperation – LMT offers',
    research_metadata: 'Electronic communications metadata for the development of smart solutions'
  },
  ru: {
    offers: 'Предложения LMT',
    usage_metadata: 'Метаданные электронных коммуникаций для индивидуального сотрудничества',
    automated_profiling:
      'Автоматизированная обработка, включая профилирование, для индивидуального сотрудничества',
    credit_information: 'Кредитная информация для индивидуального сотрудничества',
    location: 'Данные о местоположении для индивидуального сотрудничества',
    loyalty: 'Данные лояльности для индивидуального сотрудничества — предложения LMT',
    research_metadata: 'Метаданные электронных коммуникаций для развития умных решений'
  }
}

/** The rights notice (version 1) as the client confirms it, per language. */
export const RIGHTS_TEXT: Record<Language, string> = {
  lv:
    'PIEKRIŠANA ir klienta brīvi sniegta atļauja LMT apstrādāt datus konkrētam mērķim. Piekrišanu nesniegšana neietekmē esošo datu apstrādi, bet dod klientam papildu iespējas un priekšrocības.\n\n' +
    '- Klientam ir tiesības jebkurā laikā savas piekrišanas vieglā veidā atsaukt, neietekmējot datu apstrādi, kas veikta līdz atsaukuma saņemšanai. Pēc piekrišanas atsaukuma datu apstrāde konkrētajam mērķim vairs netiek veikta, bet klientam ir brīva izvēles iespēja to atkal dot no jauna.\n' +
    '- Klientam ir tiesības pieprasīt informāciju par savām dotajām piekrišanām un citiem datiem, kā arī veikt izmaiņas savos datos un piekrišanās, vēršoties LMT klientu centrā vai citos saziņas kanālos.\n' +
    '- Piekrišanu apstrādes pārzinis ir "Latvijas Mobilais Telefons", reģ. Nr. LV50003050931, Ropažu iela 6, Riga, Latvija, e-pasts: info@lmt.lv, tālr. 80768076.\n' +
    '- Pilna informācija par klienta tiesībām un datu apstrādi ir pieejama LMT privātuma politikā, lmt.lv un mans.lmt.lv.',
  en:
    'CONSENT is a permission the client gives freely for LMT to process data for a specific purpose. Not giving consents does not affect the existing processing of data, but gives the client additional options and benefits.\n\n' +
    '- The client has the right to withdraw their consents at any time, in an easy way, without affecting the processing carried out before the withdrawal was received. After a consent is withdrawn, data is no longer processed for that purpose, and the client remains free to give it again.\n' +
    '- The client has the right to request information about the consents they have given and about their other data, and to change their data and consents, at an LMT customer centre or through other contact channels.\n' +
    '- The controller of the processing of consents is "Latvijas Mobilais Telefons", reg. No. LV50003050931, Ropažu iela 6, Riga, Latvia, e-mail: info@lmt.lv, phone 80768076.\n' +
    "- Full information about the client's rights and the processing of data is in LMT's privacy policy, at lmt.lv and mans.lmt.lv.",
  ru:
    'СОГЛАСИЕ — это добровольно данное клиентом разрешение LMT обрабатывать данные для конкретной цели. Отказ от согласий не влияет на существующую обработку данных, но даёт клиенту дополнительные возможности и преимущества.\n\n' +
    '- Клиент вправе в любое время простым способом отозвать свои согласия; это не влияет на обработку данных, выполненную до получения отзыва. После отзыва согласия данные для этой цели больше не обрабатываются, но клиент может свободно дать его снова.\n' +
    '- Клиент вправе запросить информацию о данных им согласиях и о других своих данных, а также изменить свои данные и согласия, обратившись в клиентский центр LMT или через другие каналы связи.\n' +
    '- Контролёр обработки согласий — "Latvijas Mobilais Telefons", рег. № LV50003050931, Ropažu iela 6, Рига, Латвия, эл. почта: info@lmt.lv, тел. 80768076.\n' +
    '- Полная информация о правах клиента и обработке данных — в политике конфиденциальности LMT, на lmt.lv и mans.lmt.lv.'
}

const WITHDRAWAL: Record<Language, string> = {
  lv: 'Piekrišanu var atsaukt jebkurā laikā LMT klientu centrā, Mans LMT vai pa tālruni 80768076.',
  en: 'Consent can be withdrawn at any time at an LMT customer centre, in Mans LMT or by phone 80768076.',
  ru: 'Согласие можно отозвать в любое время в клиентском центре LMT, в Mans LMT или по телефону 80768076.'
}

export const ISSUED_AT = '2026-12-01T08:15:00.000Z' // 10:15 in Riga
export const VERIFICATION_CODE = '7K3M9QXZ'
export const RECEIPT_NUMBER = 'LMT-20261201-8F3A2C1D'

export interface ReceiptOverrides {
  language?: Language
  clientName?: string
  maskedCode?: string | null
  centreName?: string
  agentName?: string
  withdrawalMethod?: string
  verificationCode?: string
  receiptNumber?: string
  /** A company's receipt: the person who acted for it. */
  representative?: { name: string; basis: string }
}

/**
 * A receipt that gives offers by e-mail and SMS, withdraws location data and gives credit
 * information: four changes, offers with all its channels, the other purposes as they were.
 */
export function buildReceipt(overrides: ReceiptOverrides = {}): ReceiptPayload {
  const language = overrides.language ?? 'lv'
  const since = '2026-03-14T09:30:00.000Z'
  const changed = new Set<Purpose>(['offers', 'location', 'credit_information'])
  const states: Record<Purpose, 'given' | 'withdrawn' | 'never_given'> = {
    offers: 'given',
    usage_metadata: 'given',
    automated_profiling: 'never_given',
    credit_information: 'given',
    location: 'withdrawn',
    loyalty: 'given',
    research_metadata: 'never_given'
  }
  const payload = {
    version: KANTARA_VERSION,
    schemaVersion: RECEIPT_SCHEMA_VERSION,
    jurisdiction: 'LV',
    consentTimestamp: Math.floor(Date.parse(ISSUED_AT) / 1000),
    issuedAt: ISSUED_AT,
    consentReceiptID: '3f6c1d2e-8a4b-4c5d-9e0f-1a2b3c4d5e6f',
    receiptNumber: overrides.receiptNumber ?? RECEIPT_NUMBER,
    verificationCode: overrides.verificationCode ?? VERIFICATION_CODE,
    collectionMethod: 'customer_centre',
    language,
    piiPrincipalId: '0b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b',
    piiPrincipal: {
      name: overrides.clientName ?? 'Ģirts Ķēniņš-Žūriņa',
      maskedCode: overrides.maskedCode === undefined ? '120389-*****' : overrides.maskedCode
    },
    piiControllers: [CONTROLLER],
    policyUrl: POLICY_URL,
    collectedBy: {
      centre: { id: 'riga-origo', name: overrides.centreName ?? 'Rīga, Origo' },
      agent: {
        id: 'staff-agent',
        name: overrides.agentName ?? 'Anna Bērziņa',
        roles: ['agent']
      }
    },
    source: 'customer_centre',
    identityVerification: {
      method: 'id_card',
      documentLast4: 'PA12',
      ...(overrides.representative ? { representative: overrides.representative } : {})
    },
    services: [
      {
        service: 'LMT',
        purposes: PURPOSES.map((purposeId) => ({
          purposeId,
          purpose: PURPOSE_TITLES[language][purposeId],
          purposeCategory: [purposeId],
          consentType: 'EXPLICIT' as const,
          piiCategory: ['contact'],
          primaryPurpose: false as const,
          termination: 'until withdrawn',
          thirdPartyDisclosure: false,
          state: states[purposeId],
          since:
            states[purposeId] === 'never_given' ? null : changed.has(purposeId) ? ISSUED_AT : since,
          ...(purposeId === 'offers'
            ? {
                channels: [
                  { channel: 'email' as const, state: 'given' as const, since: ISSUED_AT },
                  { channel: 'sms' as const, state: 'given' as const, since: ISSUED_AT },
                  { channel: 'phone_call' as const, state: 'withdrawn' as const, since },
                  { channel: 'post' as const, state: 'never_given' as const, since: null },
                  { channel: 'app' as const, state: 'paused' as const, since }
                ]
              }
            : {}),
          noticeVersion: states[purposeId] === 'never_given' ? null : 2,
          changed: changed.has(purposeId)
        }))
      }
    ],
    changes: [
      change(1, 'offers', 'email', 'given', 'never_given'),
      change(2, 'offers', 'sms', 'given', 'withdrawn'),
      change(3, 'location', null, 'withdrawn', 'given'),
      change(4, 'credit_information', null, 'given', 'never_given')
    ],
    rightsNoticeVersion: 1,
    withdrawalMethod: overrides.withdrawalMethod ?? WITHDRAWAL[language],
    sensitive: false,
    spiCat: [],
    clientVersion: 12
  }
  return ReceiptPayloadSchema.parse(payload)
}

function change(
  seq: number,
  purposeId: Purpose,
  channel: 'email' | 'sms' | null,
  action: 'given' | 'withdrawn',
  previousState: 'given' | 'withdrawn' | 'never_given'
): ReceiptPayload['changes'][number] {
  return {
    eventId: `e0000000-0000-4000-8000-00000000000${seq}`,
    seq: 40 + seq,
    purposeId,
    channel,
    action,
    previousState,
    noticeVersion: 2,
    hash: `${seq}`.repeat(64).slice(0, 64)
  }
}

export function receiptDocument(
  language: Language,
  overrides: ReceiptOverrides & { rightsText?: string; copy?: { reprintedAt: string } } = {}
): { kind: 'receipt'; data: ReceiptPrintData } {
  const receipt = buildReceipt({ language, ...overrides })
  return {
    kind: 'receipt',
    data: {
      receipt,
      rightsText: overrides.rightsText ?? RIGHTS_TEXT[language],
      purposeTitles: PURPOSE_TITLES[language],
      qrContent: `https://verify.example.lv/receipt?code=${receipt.verificationCode}`,
      ...(overrides.copy ? { copy: overrides.copy } : {})
    }
  }
}

/** The client's state as GET /consents answers it, matching buildReceipt's state. */
export function stateFrom(receipt: ReceiptPayload): ConsentState {
  const purposes = receipt.services.flatMap((service) => service.purposes)
  return {
    clientId: receipt.piiPrincipalId,
    version: receipt.clientVersion,
    asOf: '2026-12-01T09:00:00.000Z',
    purposes: purposes.map((purpose) => ({
      purpose: purpose.purposeId,
      state: purpose.state,
      since: purpose.since,
      eventId: null,
      source: 'customer_centre',
      noticeVersion: purpose.noticeVersion,
      ...(purpose.channels
        ? {
            channels: purpose.channels.map((channel) => ({
              ...channel,
              eventId: null
            }))
          }
        : {})
    }))
  }
}

export function confirmationDocument(
  language: Language,
  index = 0,
  options: { withReceipt?: boolean } = {}
): { kind: 'confirmation'; data: ConfirmationPrintData } {
  const code = `C${String(index).padStart(7, '0')}`
  const receipt = buildReceipt({
    language,
    clientName: `Klients ${index} Bērziņš`,
    verificationCode: code,
    receiptNumber: `LMT-20261201-${String(index).padStart(8, '0')}`
  })
  const withReceipt = options.withReceipt ?? true
  return {
    kind: 'confirmation',
    data: {
      client: { name: receipt.piiPrincipal.name, maskedCode: receipt.piiPrincipal.maskedCode },
      state: stateFrom(receipt),
      latestReceipt: withReceipt ? receipt : null,
      purposeTitles: PURPOSE_TITLES[language],
      qrContent: withReceipt ? code : null,
      printedAt: '2026-12-02T07:05:00.000Z'
    }
  }
}

export function buildReport(
  language: Language,
  overrides: { clientName?: string; events?: number; decisions?: unknown[] } = {}
): ConsentReport {
  const receipt = buildReceipt({ language })
  const purposes = receipt.services.flatMap((service) => service.purposes)
  const events = overrides.events ?? 5
  return ConsentReportSchema.parse({
    reportId: '9a8b7c6d-5e4f-4321-8765-43210fedcba9',
    issuedAt: '2026-12-03T12:40:00.000Z',
    language,
    issuedBy: {
      id: 'staff-supervisor',
      name: 'Inese Kalniņa',
      centre: { id: 'riga-origo', name: 'Rīga, Origo' }
    },
    client: {
      id: receipt.piiPrincipalId,
      name: overrides.clientName ?? receipt.piiPrincipal.name,
      maskedCode: '120389-*****'
    },
    piiControllers: [CONTROLLER],
    policyUrl: POLICY_URL,
    purposes: purposes.map((purpose) => ({
      purposeId: purpose.purposeId,
      title: PURPOSE_TITLES[language][purpose.purposeId],
      noticeText: `${PURPOSE_TITLES[language][purpose.purposeId]}.\n\n- ${RIGHTS_TEXT[language].split('\n')[2]!.slice(2)}`,
      noticeVersion: 2,
      state: purpose.state,
      since: purpose.since,
      ...(purpose.channels ? { channels: purpose.channels } : {})
    })),
    history: Array.from({ length: events }, (_, index) => ({
      eventId: `f0000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      at: new Date(Date.parse('2026-01-05T07:00:00Z') + index * 86_400_000).toISOString(),
      purposeId: PURPOSES[index % PURPOSES.length]!,
      channel: index % PURPOSES.length === 0 ? 'email' : null,
      action: index % 3 === 2 ? 'withdrawn' : 'given',
      source: 'customer_centre',
      actor: { kind: 'staff', name: 'Anna Bērziņa' },
      centre: 'Rīga, Origo',
      identityMethod: 'id_card',
      noticeVersion: 2,
      receiptId: null
    })),
    decisions: overrides.decisions ?? [],
    jws: 'eyJhbGciOiJFZERTQSJ9.e30.sig'
  })
}

export function reportDocument(
  language: Language,
  overrides: Parameters<typeof buildReport>[1] = {}
): PrintDocument {
  return { kind: 'report', data: buildReport(language, overrides) }
}
