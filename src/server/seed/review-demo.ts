import { sql, type Kysely } from 'kysely'
import type {
  CaseDecisionRequest,
  DecisionFactor,
  RecordDecisionRequest
} from '../../shared/domain/review'
import type { Language, Staff } from '../../shared/domain/staff'
import { findStaffById } from '../auth/staff.repository'
import type { Clock } from '../clock'
import { writeToLedger } from '../consents/ledger.writer'
import type { Database } from '../db/database'
import { recordDecision } from '../review/decisions.service'
import {
  claimReviewCase,
  createReviewCase,
  decideReviewCase,
  extendReviewCase,
  type ReviewDeps
} from '../review/review-cases.service'
import { FIXTURE_CLIENTS, FIXTURES, generateClient } from './generator'

/**
 * The demo's automated decisions and review queue (issue 9): credit decisions (declined, approved
 * with a limit) and profiling segments with their offers, each with factors explained in LV, EN
 * and RU, and review cases in every state, so the queue is not empty in the demo.
 *
 * Decisions need the client's consent to profiling (purpose 3) and credit checks (purpose 4),
 * given through the ledger like any other consent. The fixture clients' consent histories are
 * left untouched (the end-to-end tests count their timeline rows), so decisions go to generated
 * clients; the fixture Pēteris Ozoliņš, who has not consented to automated credit checks, asks for
 * a manual assessment instead.
 *
 * Everything goes through the services, on a clock set to each step's moment in the past weeks,
 * so the rules (consent, due dates, claims, four eyes) and the history are the real ones.
 * Idempotent: a database that already has decisions or cases is left alone.
 */

const DAY = 86_400_000

/** The generated clients (after the fixtures) looked at for the demo's decisions. */
const CANDIDATE_INDEXES = 40

type Explained = Record<Language, string>

const FACTORS = {
  incomeToPayment: (weight: number): DecisionFactor => ({
    name: 'income_to_payment',
    direction: 'lowered',
    weight,
    explanation: {
      lv: 'Jūsu ienākumi pēdējos sešos mēnešos bija mazāki par trīskāršu ikmēneša maksājumu, ko prasītu šis līgums.',
      en: 'Your income over the last six months was less than three times the monthly payment this contract would require.',
      ru: 'Ваш доход за последние шесть месяцев был меньше трёхкратного ежемесячного платежа по этому договору.'
    }
  }),
  latePayments: (weight: number): DecisionFactor => ({
    name: 'payment_history',
    direction: 'lowered',
    weight,
    explanation: {
      lv: 'Pēdējā gada laikā divi rēķini tika apmaksāti vairāk nekā 30 dienas pēc termiņa.',
      en: 'In the last year, two bills were paid more than 30 days after they were due.',
      ru: 'За последний год два счёта были оплачены более чем через 30 дней после срока.'
    }
  }),
  onTimePayments: (weight: number): DecisionFactor => ({
    name: 'payment_history',
    direction: 'raised',
    weight,
    explanation: {
      lv: 'Visi pēdējo 24 mēnešu rēķini ir apmaksāti laikā.',
      en: 'All your bills of the last 24 months were paid on time.',
      ru: 'Все ваши счета за последние 24 месяца оплачены вовремя.'
    }
  }),
  tenure: (weight: number): DecisionFactor => ({
    name: 'customer_tenure',
    direction: 'raised',
    weight,
    explanation: {
      lv: 'Jūs esat mūsu klients vairāk nekā piecus gadus.',
      en: 'You have been our customer for more than five years.',
      ru: 'Вы являетесь нашим клиентом более пяти лет.'
    }
  }),
  existingInstalments: (weight: number): DecisionFactor => ({
    name: 'existing_instalments',
    direction: 'lowered',
    weight,
    explanation: {
      lv: 'Jums jau ir divi aktīvi nomaksas līgumi par ierīcēm.',
      en: 'You already have two active instalment plans for devices.',
      ru: 'У вас уже есть два действующих договора рассрочки на устройства.'
    }
  }),
  householdLines: (weight: number): DecisionFactor => ({
    name: 'household_lines',
    direction: 'raised',
    weight,
    explanation: {
      lv: 'Jūsu līgumā ir četri tālruņa numuri, kā tas parasti ir ģimenēm.',
      en: 'Your contract has four phone lines, as family contracts usually do.',
      ru: 'В вашем договоре четыре телефонных номера, как обычно бывает у семей.'
    }
  }),
  streaming: (weight: number): DecisionFactor => ({
    name: 'home_streaming',
    direction: 'raised',
    weight,
    explanation: {
      lv: 'Jūs bieži izmantojat straumēšanas pakalpojumus mājas internetā.',
      en: 'You often use streaming services on your home internet.',
      ru: 'Вы часто пользуетесь стриминговыми сервисами через домашний интернет.'
    }
  }),
  lowSpend: (weight: number): DecisionFactor => ({
    name: 'monthly_spend',
    direction: 'raised',
    weight,
    explanation: {
      lv: 'Pēdējā gadā jūsu rēķins nevienu mēnesi nav pārsniedzis 15 eiro.',
      en: 'Your bill has stayed under 15 euros every month of the last year.',
      ru: 'В течение последнего года ваш счёт ни разу не превышал 15 евро в месяц.'
    }
  }),
  noRoaming: (weight: number): DecisionFactor => ({
    name: 'roaming_use',
    direction: 'lowered',
    weight,
    explanation: {
      lv: 'Jūs gandrīz neizmantojat sakarus ārzemēs, tāpēc ceļošanas piedāvājumi jums netiek rādīti.',
      en: 'You hardly ever use your phone abroad, so travel offers are not shown to you.',
      ru: 'Вы почти не пользуетесь связью за границей, поэтому предложения для путешествий вам не показываются.'
    }
  })
} as const

const CREDIT_MODEL = { name: 'credit-score', version: '4.2.0' }
const PROFILING_MODEL = { name: 'customer-segments', version: '2026.10' }

/** What a client said at the counter, in their language. */
const STATEMENTS: Record<string, Explained> = {
  newJob: {
    lv: 'Kopš oktobra strādāju jaunā darbā ar lielāku algu, un kavētie rēķini bija slimības laikā. Lūdzu, pārskatiet lēmumu.',
    en: 'Since October I have a new job with a higher salary, and the late bills were while I was ill. Please review the decision.',
    ru: 'С октября у меня новая работа с более высокой зарплатой, а просроченные счета были во время болезни. Прошу пересмотреть решение.'
  },
  higherLimit: {
    lv: 'Mani ienākumi ir pieauguši, un varu maksāt vairāk. Lūdzu, pārskatiet limitu.',
    en: 'My income has grown and I can pay more. Please review the limit.',
    ru: 'Мой доход вырос, и я могу платить больше. Прошу пересмотреть лимит.'
  },
  notFamily: {
    lv: 'Mājās dzīvoju tikai es; pārējie numuri līgumā ir darba numuri. Ģimenes piedāvājumi man nav vajadzīgi.',
    en: 'Nobody else lives with me; the other numbers on my contract are work lines. I do not need family offers.',
    ru: 'Кроме меня, дома никто не живёт; остальные номера в договоре — рабочие. Семейные предложения мне не нужны.'
  },
  travels: {
    lv: 'Darba dēļ bieži braucu uz ārzemēm, tikai izmantoju tur citu SIM karti. Gribu redzēt arī ceļošanas piedāvājumus.',
    en: 'I often travel abroad for work, I just use another SIM card there. I would like to see travel offers too.',
    ru: 'Я часто езжу за границу по работе, просто пользуюсь там другой SIM-картой. Хочу видеть и предложения для путешествий.'
  },
  declined: {
    lv: 'Es vienmēr maksāju laikā, nesaprotu, kāpēc man atteica.',
    en: 'I always pay on time and do not understand why I was refused.',
    ru: 'Я всегда плачу вовремя и не понимаю, почему мне отказали.'
  }
}

/** What a reviewer wrote for the client, in the client's language. */
const RATIONALES: Record<string, Explained> = {
  raiseLimit: {
    lv: 'Jūs iesniedzāt izziņu par pēdējo trīs mēnešu ienākumiem: tie ļauj maksāt līdz 40 eiro mēnesī. Tāpēc limits tiek palielināts līdz 900 eiro.',
    en: 'You gave us a statement of your income for the last three months: it allows a monthly payment of up to 40 euros. The limit is therefore raised to 900 euros.',
    ru: 'Вы предоставили справку о доходах за последние три месяца: доход позволяет ежемесячный платёж до 40 евро. Поэтому лимит повышается до 900 евро.'
  },
  upheld: {
    lv: 'Mēs pārbaudījām jūsu ienākumus un maksājumu vēsturi. Ikmēneša maksājums būtu vairāk nekā trešdaļa no jūsu ienākumiem, tāpēc lēmums paliek spēkā.',
    en: 'We checked your income and payment history. The monthly payment would be more than a third of your income, so the decision stands.',
    ru: 'Мы проверили ваш доход и историю платежей. Ежемесячный платёж составил бы больше трети вашего дохода, поэтому решение остаётся в силе.'
  }
}

interface DemoClient {
  id: string
  language: Language
}

/** A clock the seed sets to each step's moment. */
function settableClock(): Clock & { set(at: Date): void } {
  let at = new Date()
  return {
    now: () => at,
    set: (moment) => {
      at = moment
    }
  }
}

async function staffNamed(db: Kysely<Database>, username: string): Promise<Staff | null> {
  const row = await db
    .selectFrom('staff')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst()
  return row ? findStaffById(db, row.id) : null
}

/**
 * Generated private clients (after the fixtures) that are in the database and have no consent
 * history yet, in generation order: the same ones for the same seed.
 */
async function demoClients(db: Kysely<Database>, seed: number): Promise<DemoClient[]> {
  const codes: string[] = []
  for (
    let index = FIXTURE_CLIENTS.length;
    index < FIXTURE_CLIENTS.length + CANDIDATE_INDEXES;
    index++
  ) {
    const client = generateClient(seed, index)
    if (client.kind === 'private') codes.push(client.personalCode)
  }
  if (codes.length === 0) return []
  const rows = await db
    .selectFrom('clients as c')
    .leftJoin('client_consent_versions as v', 'v.client_id', 'c.id')
    .select(['c.id', 'c.personal_code', 'c.language'])
    .where('c.personal_code', 'in', codes)
    .where('v.client_id', 'is', null)
    .execute()
  const byCode = new Map(rows.map((row) => [row.personal_code, row]))
  return codes.flatMap((code) => {
    const row = byCode.get(code)
    return row ? [{ id: row.id, language: row.language }] : []
  })
}

/**
 * Seeds the demo decisions and cases, relative to `now`. Returns how many cases it filed (0 when
 * the database has some already, or lacks the demo staff or clients).
 */
export async function seedDemoReviews(
  db: Kysely<Database>,
  options: { seed: number; now?: Date }
): Promise<number> {
  const existing = await sql<{ any: boolean }>`
    select exists (select 1 from automated_decisions)
        or exists (select 1 from review_cases) as any`.execute(db)
  if (existing.rows[0]?.any) return 0
  const [agent, reviewer, supervisor, integration] = await Promise.all(
    ['agent', 'reviewer', 'supervisor', 'integration'].map((name) => staffNamed(db, name))
  )
  if (!agent || !reviewer || !supervisor || !integration) return 0
  const clients = await demoClients(db, options.seed)
  if (clients.length < 5) return 0
  // Russian speakers first where there is one, so the queue shows more than one language.
  const ordered = [
    ...clients.filter((client) => client.language === 'ru').slice(0, 1),
    ...clients.filter((client) => client.language !== 'ru')
  ]
  const [declinedClient, limitedClient, upheldClient, extendedClient, freshClient] = ordered as [
    DemoClient,
    DemoClient,
    DemoClient,
    DemoClient,
    DemoClient
  ]

  const base = options.now ?? new Date()
  const clock = settableClock()
  const deps: ReviewDeps = { db, clock, leaseMinutes: 15 }
  const daysAgo = (days: number, hour = 9): Date => {
    const at = new Date(base.getTime() - days * DAY)
    at.setUTCHours(hour, 0, 0, 0)
    return at
  }
  const at = (moment: Date): void => clock.set(moment)

  // 1. The consents decisions need, given at the counter two and a half months ago.
  at(daysAgo(75))
  for (const client of [declinedClient, limitedClient, upheldClient, extendedClient, freshClient]) {
    await writeToLedger(db, clock, {
      clientId: client.id,
      changes: [
        { purpose: 'automated_profiling', channel: null, action: 'given' },
        { purpose: 'credit_information', channel: null, action: 'given' }
      ],
      actor: { kind: 'staff', staff: agent },
      identity: { method: 'id_card', documentLast4: '4821' },
      source: 'customer_centre',
      language: client.language
    })
  }

  const decide = async (
    moment: Date,
    request: Omit<RecordDecisionRequest, 'decidedAt'>
  ): Promise<string> => {
    at(moment)
    const decision = await recordDecision(deps, {
      request: { ...request, decidedAt: moment.toISOString() },
      staff: integration
    })
    return decision.id
  }
  const file = async (
    moment: Date,
    client: DemoClient,
    decisionId: string,
    statement: Explained,
    replyChannel: 'letter' | 'email' | 'centre'
  ): Promise<string> => {
    at(moment)
    const filed = await createReviewCase(deps, {
      request: {
        kind: 'decision_review',
        clientId: client.id,
        decisionId,
        clientStatement: statement[client.language],
        replyChannel
      },
      staff: agent
    })
    return filed.id
  }
  const resolve = async (
    moment: Date,
    caseId: string,
    by: Staff,
    body: Omit<CaseDecisionRequest, 'token'>
  ): Promise<void> => {
    at(moment)
    const { claim } = await claimReviewCase(deps, { id: caseId, staff: by })
    at(new Date(moment.getTime() + 9 * 60_000))
    await decideReviewCase(deps, { id: caseId, body: { ...body, token: claim.token }, staff: by })
  }

  // 2. A declined credit check, reviewed at the client's request: open, due within days.
  const declinedDecision = await decide(daysAgo(27, 8), {
    clientId: declinedClient.id,
    kind: 'credit',
    outcome: { result: 'declined' },
    model: CREDIT_MODEL,
    factors: [FACTORS.incomeToPayment(0.45), FACTORS.latePayments(0.3), FACTORS.tenure(0.15)],
    inputs: {
      requestedDevice: 'iPhone 17 Pro',
      instalmentEur: 58.3,
      months: 24,
      monthlyIncomeEur: 1150
    }
  })
  await file(daysAgo(26, 12), declinedClient, declinedDecision, STATEMENTS['newJob']!, 'letter')
  await decide(daysAgo(20, 3), {
    clientId: declinedClient.id,
    kind: 'profiling',
    outcome: {
      result: 'segment_assigned',
      segment: 'digital_family',
      offers: ['family_data_pool', 'tv_streaming_bundle']
    },
    model: PROFILING_MODEL,
    factors: [FACTORS.householdLines(0.5), FACTORS.streaming(0.35)],
    inputs: { lines: 4, averageMonthlyDataGb: 41, homeInternet: true }
  })

  // 3. A limit the client thinks too low: overridden upwards, waiting for a supervisor.
  const limitedDecision = await decide(daysAgo(12, 10), {
    clientId: limitedClient.id,
    kind: 'credit',
    outcome: { result: 'approved_with_limit', limitEur: 300 },
    model: CREDIT_MODEL,
    factors: [FACTORS.existingInstalments(0.4), FACTORS.onTimePayments(0.35)],
    inputs: { requestedLimitEur: 1000, activeInstalmentPlans: 2, monthlyIncomeEur: 1400 }
  })
  const limitedCase = await file(
    daysAgo(10, 14),
    limitedClient,
    limitedDecision,
    STATEMENTS['higherLimit']!,
    'email'
  )
  await resolve(daysAgo(8, 11), limitedCase, reviewer, {
    outcome: 'overridden',
    newOutcome: { result: 'approved_with_limit', limitEur: 900 },
    reasonCode: 'new_information',
    rationale: RATIONALES['raiseLimit']![limitedClient.language]
  })

  // 4. A declined credit check upheld: closed, the outcome letter printable.
  const upheldDeclined = await decide(daysAgo(30, 15), {
    clientId: upheldClient.id,
    kind: 'credit',
    outcome: { result: 'declined' },
    model: CREDIT_MODEL,
    factors: [FACTORS.incomeToPayment(0.55), FACTORS.existingInstalments(0.25)],
    inputs: {
      requestedDevice: 'Samsung Galaxy S26',
      instalmentEur: 41.6,
      months: 24,
      monthlyIncomeEur: 780
    }
  })
  const upheldCase = await file(
    daysAgo(28, 10),
    upheldClient,
    upheldDeclined,
    STATEMENTS['declined']!,
    'letter'
  )
  await resolve(daysAgo(21, 13), upheldCase, reviewer, {
    outcome: 'upheld',
    reasonCode: 'model_correct',
    rationale: RATIONALES['upheld']![upheldClient.language]
  })
  // …and a profiling review nobody has answered for over a month: overdue.
  const upheldSegment = await decide(daysAgo(50, 2), {
    clientId: upheldClient.id,
    kind: 'profiling',
    outcome: { result: 'segment_assigned', segment: 'family', offers: ['family_plan'] },
    model: PROFILING_MODEL,
    factors: [FACTORS.householdLines(0.7)],
    inputs: { lines: 4, averageMonthlyDataGb: 12 }
  })
  await file(daysAgo(35, 11), upheldClient, upheldSegment, STATEMENTS['notFamily']!, 'centre')

  // 5. A profiling review extended by a supervisor, the client told by e-mail.
  const extendedSegment = await decide(daysAgo(16, 4), {
    clientId: extendedClient.id,
    kind: 'profiling',
    outcome: { result: 'segment_assigned', segment: 'budget_conscious', offers: ['prepaid_bonus'] },
    model: PROFILING_MODEL,
    factors: [FACTORS.lowSpend(0.6), FACTORS.noRoaming(0.2)],
    inputs: { averageMonthlyBillEur: 11.4, roamingDaysLastYear: 0 }
  })
  const extendedCase = await file(
    daysAgo(15, 9),
    extendedClient,
    extendedSegment,
    STATEMENTS['travels']!,
    'email'
  )
  at(daysAgo(14, 10))
  await extendReviewCase(deps, {
    id: extendedCase,
    body: {
      months: 1,
      reason: 'We are waiting for the usage data of the last quarter to review the segment.'
    },
    staff: supervisor
  })
  await decide(daysAgo(5, 16), {
    clientId: extendedClient.id,
    kind: 'credit',
    outcome: { result: 'approved' },
    model: CREDIT_MODEL,
    factors: [FACTORS.onTimePayments(0.5), FACTORS.tenure(0.3)],
    inputs: { requestedDevice: 'Router Wi-Fi 7', instalmentEur: 6.2, months: 12 }
  })

  // 6. A declined credit check of two days ago, not (yet) reviewed: for filing at the counter.
  await decide(daysAgo(2, 13), {
    clientId: freshClient.id,
    kind: 'credit',
    outcome: { result: 'declined' },
    model: CREDIT_MODEL,
    factors: [FACTORS.latePayments(0.5), FACTORS.incomeToPayment(0.3)],
    inputs: {
      requestedDevice: 'MacBook Air',
      instalmentEur: 49.9,
      months: 24,
      monthlyIncomeEur: 950
    }
  })

  // 7. A manual creditworthiness assessment for a client who refused the automated check.
  const peteris = await db
    .selectFrom('clients')
    .select('id')
    .where('personal_code', '=', FIXTURES.peterisOzolins.personalCode)
    .executeTakeFirst()
  let filed = 5
  if (peteris) {
    at(daysAgo(3, 12))
    await createReviewCase(deps, {
      request: {
        kind: 'manual_credit',
        clientId: peteris.id,
        replyChannel: 'centre',
        creditPurpose: 'Samsung Galaxy S26 on 24 monthly instalments',
        documents: [
          { type: 'income_statement' },
          { type: 'other', note: 'Pension certificate from VSAA' }
        ]
      },
      staff: agent
    })
    filed++
  }
  return filed
}
