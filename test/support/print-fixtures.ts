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
import {
  ReviewCaseSchema,
  type Decision,
  type CaseHistoryEntry,
  type CaseOutcome,
  type CaseResolution,
  type DecisionFactor,
  type DecisionKind,
  type DecisionOutcome,
  type ReasonCode,
  type ReplyChannel,
  type ReviewCase,
  type ReviewCaseKind,
  type ReviewCaseStatus
} from '../../src/shared/domain/review'
import { extendedDueDate, firstDueDate } from '../../src/shared/domain/review-deadlines'
import type { Language } from '../../src/shared/domain/staff'
import type {
  ConfirmationPrintData,
  PrintDocument,
  ReceiptPrintData,
  ReviewLetterPrintData
} from '../../src/shared/print'

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
  overrides: { clientName?: string; events?: number; decisions?: Decision[] } = {}
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

// ---------------------------------------------------------------------------------------------
// Review cases (issue 9) and their letters
// ---------------------------------------------------------------------------------------------

/** Staff who handle the fixture case: the letters must name their roles, never them. */
export const REVIEW_STAFF = {
  agent: { id: 'a0000000-0000-4000-8000-000000000001', displayName: 'Anna Bērziņa' },
  reviewer: { id: 'a0000000-0000-4000-8000-000000000002', displayName: 'Pēteris Zariņš' },
  supervisor: { id: 'a0000000-0000-4000-8000-000000000003', displayName: 'Inese Kalniņa' }
} as const

export const REVIEW_CASE_ID = 'c0000000-0000-4000-8000-000000000123'
export const REVIEW_CASE_NUMBER = 'P-000123'
/** 31 January 2027, 10:00 in Riga: due on 28 February (the end-of-month rule). */
export const REVIEW_REQUESTED_AT = '2027-01-31T08:00:00.000Z'
export const REVIEW_PRINTED_AT = '2027-03-03T09:30:00.000Z'

/** The client's point of view as the agent typed it, line breaks and all. */
export const CLIENT_STATEMENT: Record<Language, string> = {
  lv: 'Man ir stabili ienākumi jau 6 gadus.\nKavējums 2025. gadā bija bankas kļūda — izziņa pielikumā.',
  en: 'I have had a steady income for 6 years.\nThe late payment in 2025 was a bank error — the statement is attached.',
  ru: 'У меня стабильный доход уже 6 лет.\nПросрочка в 2025 году была ошибкой банка — справка приложена.'
}

/** The reviewer's rationale, written for the client in their language. */
export const RATIONALE: Record<Language, string> = {
  lv: 'Bankas izziņa apliecina, ka 2025. gada maksājums tika veikts laikā; kavējums radās bankas kļūdas dēļ. Bez šī kavējuma Jūsu maksājumu vēsture ir nevainojama.',
  en: 'The bank statement shows that the 2025 payment was made on time; the delay was caused by a bank error. Without it, your payment history is spotless.',
  ru: 'Справка банка подтверждает, что платёж 2025 года был выполнен вовремя; просрочка возникла из-за ошибки банка. Без неё история Ваших платежей безупречна.'
}

export const EXTENSION_REASON: Record<Language, string> = {
  lv: 'Lai pārbaudītu Jūsu iesniegto bankas izziņu, esam lūguši bankai apstiprinājumu, un tās atbilde vēl nav saņemta.',
  en: 'To check the bank statement you provided we have asked the bank to confirm it, and its answer has not arrived yet.',
  ru: 'Чтобы проверить представленную Вами справку, мы запросили подтверждение у банка, и его ответ ещё не получен.'
}

const FACTORS: DecisionFactor[] = [
  {
    name: 'late_payments_24m',
    direction: 'lowered',
    weight: 0.42,
    explanation: {
      lv: 'Pēdējo 24 mēnešu laikā reģistrēts viens maksājuma kavējums, ilgāks par 30 dienām.',
      en: 'One payment more than 30 days late was recorded in the last 24 months.',
      ru: 'За последние 24 месяца зарегистрирована одна просрочка платежа более чем на 30 дней.'
    }
  },
  {
    name: 'tenure',
    direction: 'raised',
    weight: 0.27,
    explanation: {
      lv: 'Jūs esat LMT klients jau vairāk nekā 8 gadus.',
      en: 'You have been an LMT customer for more than 8 years.',
      ru: 'Вы являетесь клиентом LMT более 8 лет.'
    }
  },
  {
    name: 'instalment_to_spend',
    direction: 'lowered',
    weight: 0.19,
    explanation: {
      lv: 'Pieprasītā ikmēneša maksājuma summa ir liela salīdzinājumā ar Jūsu līdzšinējiem rēķiniem.',
      en: 'The monthly instalment asked for is high compared with your bills so far.',
      ru: 'Запрошенный ежемесячный платёж велик по сравнению с Вашими прежними счетами.'
    }
  },
  {
    name: 'open_instalments',
    direction: 'raised',
    weight: 0.12,
    explanation: {
      lv: 'Jums nav citu atvērtu nomaksas līgumu ar LMT.',
      en: 'You have no other open instalment agreements with LMT.',
      ru: 'У Вас нет других действующих договоров рассрочки с LMT.'
    }
  }
]

/** `count` factors: the four above, then small ones (to go past the letter's list). */
export function buildFactors(count = FACTORS.length): DecisionFactor[] {
  return Array.from({ length: count }, (_, index) => {
    const factor = FACTORS[index]
    if (factor) return factor
    return {
      name: `minor_${index}`,
      direction: index % 2 === 0 ? 'raised' : 'lowered',
      weight: 0.01,
      explanation: {
        lv: `Mazsvarīgs faktors ${index}.`,
        en: `Minor factor ${index}.`,
        ru: `Незначительный фактор ${index}.`
      }
    }
  })
}

export interface ReviewCaseOverrides {
  kind?: ReviewCaseKind
  /** The client's language (what `clientLanguage` says, and the language of the texts they wrote). */
  language?: Language
  status?: ReviewCaseStatus
  clientName?: string
  maskedIdentifier?: string | null
  clientStatement?: string | null
  replyChannel?: ReplyChannel
  centre?: { id: string; name: string } | null
  decisionKind?: DecisionKind
  decisionOutcome?: DecisionOutcome
  factors?: DecisionFactor[]
  /** Extended by this many months (with EXTENSION_REASON), or not extended. */
  extendedBy?: 1 | 2 | null
  extensionReason?: string
  /** How the case was decided; absent: open or claimed cases are undecided, others decided. */
  outcome?: CaseOutcome
  newOutcome?: DecisionOutcome | null
  conditions?: string | null
  reasonCode?: ReasonCode
  rationale?: string
  /** The role the case was decided in. */
  decidedAs?: 'reviewer' | 'supervisor'
  creditPurpose?: string
}

/**
 * A review case as `GET /v1/review-cases/{id}` answers it, parsed by the contract's schema. By
 * default: a review of a declined automated credit decision, asked for on 31 January 2027 with
 * the client's statement, answered by letter; `closed` cases were overridden to approved with a
 * limit of 1 500 EUR and approved by a supervisor.
 */
export function buildReviewCase(overrides: ReviewCaseOverrides = {}): ReviewCase {
  const kind = overrides.kind ?? 'decision_review'
  const language = overrides.language ?? 'lv'
  const status = overrides.status ?? 'open'
  const review = kind === 'decision_review'
  const decisionKind = review ? (overrides.decisionKind ?? 'credit') : null
  const decided = status === 'closed' || status === 'awaiting_approval'
  const outcome: CaseOutcome = overrides.outcome ?? (review ? 'overridden' : 'approved')
  const requestedAt = REVIEW_REQUESTED_AT
  const extendedBy = overrides.extendedBy ?? null
  const extensionAt = '2027-02-20T09:00:00.000Z'
  const decidedAt = '2027-03-02T13:45:00.000Z'
  const closedAt = '2027-03-03T08:10:00.000Z'
  const staff = REVIEW_STAFF
  const decider = overrides.decidedAs === 'supervisor' ? staff.supervisor : staff.reviewer
  const needsApproval =
    kind === 'manual_credit' || (decisionKind === 'credit' && outcome === 'overridden')

  const decision = review
    ? {
        id: 'd0000000-0000-4000-8000-000000000042',
        clientId: '0b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b',
        kind: decisionKind!,
        outcome:
          overrides.decisionOutcome ??
          (decisionKind === 'credit'
            ? { result: 'declined' as const }
            : {
                result: 'segment_assigned' as const,
                segment: 'Ģimenes',
                offers: ['TV+', 'Ģimenes pakete']
              }),
        model: { name: 'lmt-credit-score', version: '2026.11' },
        factors: overrides.factors ?? FACTORS,
        inputs: { tenureMonths: 101, latePayments24m: 1, requestedInstalmentEur: 62.5 },
        decidedAt: '2027-01-28T15:20:00.000Z',
        recordedAt: '2027-01-28T15:20:01.000Z',
        review: { caseId: REVIEW_CASE_ID, number: REVIEW_CASE_NUMBER, status }
      }
    : null

  const resolution: CaseResolution | null = decided
    ? {
        outcome,
        newOutcome:
          overrides.newOutcome !== undefined
            ? overrides.newOutcome
            : outcome === 'overridden' && decisionKind === 'credit'
              ? { result: 'approved_with_limit', limitEur: 1500 }
              : null,
        conditions:
          overrides.conditions !== undefined
            ? overrides.conditions
            : outcome === 'approved_with_conditions'
              ? {
                  lv: 'Pirmā iemaksa 20 % apmērā no iekārtas cenas.',
                  en: 'A first payment of 20% of the price of the device.',
                  ru: 'Первый взнос в размере 20 % от цены устройства.'
                }[language]
              : null,
        reasonCode: overrides.reasonCode ?? (review ? 'input_data_incorrect' : 'income_sufficient'),
        rationale: overrides.rationale ?? RATIONALE[language],
        decidedAt,
        decidedBy: decider
      }
    : null

  const history: CaseHistoryEntry[] = [
    { at: requestedAt, actor: staff.agent, actorRole: 'agent', action: 'created', details: {} }
  ]
  if (status !== 'open') {
    history.push({
      at: '2027-02-01T07:00:00.000Z',
      actor: decider,
      actorRole: overrides.decidedAs ?? 'reviewer',
      action: 'claimed',
      details: {}
    })
  }
  if (extendedBy) {
    history.push({
      at: extensionAt,
      actor: staff.reviewer,
      actorRole: 'reviewer',
      action: 'extended',
      details: { months: extendedBy }
    })
  }
  if (decided) {
    history.push({
      at: decidedAt,
      actor: decider,
      actorRole: overrides.decidedAs ?? 'reviewer',
      action: 'decided',
      details: { outcome }
    })
  }
  if (status === 'closed') {
    if (needsApproval) {
      history.push({
        at: closedAt,
        actor: staff.supervisor,
        actorRole: 'supervisor',
        action: 'approved',
        details: {}
      })
    }
    history.push({ at: closedAt, actor: null, actorRole: null, action: 'closed', details: {} })
  }

  const firstDueAt = firstDueDate(requestedAt)
  return ReviewCaseSchema.parse({
    id: REVIEW_CASE_ID,
    number: REVIEW_CASE_NUMBER,
    kind,
    status,
    client: {
      id: '0b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b',
      displayName: overrides.clientName ?? 'Ģirts Ķēniņš-Žūriņa',
      maskedIdentifier:
        overrides.maskedIdentifier === undefined ? '120389-*****' : overrides.maskedIdentifier
    },
    decisionKind,
    requestedAt,
    dueAt: extendedBy ? extendedDueDate(requestedAt, extendedBy) : firstDueAt,
    extended: extendedBy !== null,
    assignee: status === 'claimed' || status === 'awaiting_approval' ? decider : null,
    claimExpiresAt: status === 'claimed' ? '2027-02-01T07:15:00.000Z' : null,
    closedAt: status === 'closed' ? closedAt : null,
    clientLanguage: language,
    decision,
    clientStatement:
      overrides.clientStatement !== undefined
        ? overrides.clientStatement
        : review
          ? CLIENT_STATEMENT[language]
          : null,
    replyChannel: overrides.replyChannel ?? 'letter',
    creditPurpose: review
      ? null
      : (overrides.creditPurpose ??
        {
          lv: 'iPhone 16 Pro ar nomaksu uz 24 mēnešiem',
          en: 'An iPhone 16 Pro in 24 monthly instalments',
          ru: 'iPhone 16 Pro в рассрочку на 24 месяца'
        }[language]),
    documents: review
      ? []
      : [
          { type: 'income_statement' },
          { type: 'employment_certificate' },
          { type: 'other', note: 'VID izziņa par 2026. gada ienākumiem' }
        ],
    requestedBy: staff.agent,
    centre:
      overrides.centre === undefined ? { id: 'riga-origo', name: 'Rīga, Origo' } : overrides.centre,
    firstDueAt,
    extension: extendedBy
      ? {
          months: extendedBy,
          reason: overrides.extensionReason ?? EXTENSION_REASON[language],
          at: extensionAt,
          by: staff.reviewer
        }
      : null,
    resolution,
    approval:
      status === 'closed' && needsApproval
        ? { approved: true, note: '', at: closedAt, by: staff.supervisor }
        : null,
    history
  })
}

export function reviewLetterDocument(
  letter: ReviewLetterPrintData['letter'],
  overrides: ReviewCaseOverrides = {}
): { kind: 'review'; data: ReviewLetterPrintData } {
  const defaults: ReviewCaseOverrides =
    letter === 'outcome'
      ? { status: 'closed' }
      : letter === 'extension'
        ? { status: 'claimed', extendedBy: 2 }
        : {}
  return {
    kind: 'review',
    data: {
      letter,
      reviewCase: buildReviewCase({ ...defaults, ...overrides }),
      printedAt: REVIEW_PRINTED_AT
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The client's access-log extract (issue 10)
// ---------------------------------------------------------------------------------------------

/** An extract for Anna Ozoliņa: roles, actions and reasons, never staff names (C-579/21). */
export function accessLogDocument(language: Language, entries = 3): PrintDocument {
  const actions = ['view', 'reveal', 'consents', 'report', 'search'] as const
  return {
    kind: 'access-log',
    data: {
      client: { name: 'Anna Ozoliņa', maskedCode: '050792-*****' },
      entries: Array.from({ length: entries }, (_, index) => ({
        at: new Date(Date.UTC(2026, 10, 25, 9 + index, 15)).toISOString(),
        role: index % 2 === 0 ? ('agent' as const) : ('supervisor' as const),
        action: actions[index % actions.length]!,
        reason: actions[index % actions.length] === 'reveal' ? ('client_at_counter' as const) : null
      })),
      truncated: false,
      printedAt: '2026-11-25T12:00:00Z'
    }
  }
}
