import { Fragment, type ReactElement, type ReactNode } from 'react'
import { CONTROLLER } from '../../domain/receipt'
import type {
  CaseHistoryEntry,
  DecisionFactor,
  DecisionKind,
  DecisionOutcome,
  ReviewCase
} from '../../domain/review'
import { formatPrintAmount, formatPrintPercent } from '../print-format'
import type { PrintContext, PrintKey } from '../print-i18n'
import { DocumentHeader, Facts, POLICY_SITES, Section, type HeaderFact } from '../PrintParts'
import type { PrintTemplate } from '../template'
import type { ReviewLetterPrintData } from '../types'

/**
 * A review case's letters to the client (issue 9; GDPR Art. 12(3) and 22(3)), on A4 in the
 * print language: the confirmation that the request was received (`request`), the notice that
 * the time limit was extended (`extension`) and the outcome (`outcome`). The letters name roles,
 * never the staff who handled the case; what the client and the reviewer wrote is printed as
 * they wrote it, as text. Main refuses an outcome before the case is closed and an extension
 * notice for a case that was not extended; should such data reach the template anyway, it
 * prints that the letter cannot be issued instead of pretending otherwise.
 */
export const reviewLetterTemplate: PrintTemplate<ReviewLetterPrintData> = {
  title: (data, ctx) => `${letterTitle(data, ctx)} ${data.reviewCase.number}`,
  Body: ReviewLetterBody
}

/** How many of an automated decision's factors the outcome letter lists, the weightiest first. */
export const MAIN_FACTORS = 6

type Letter = ReviewLetterPrintData['letter']

function letterTitle(data: ReviewLetterPrintData, ctx: PrintContext): string {
  const { letter, reviewCase } = data
  if (letter === 'outcome') return ctx.t(`review.title.outcome_${reviewCase.kind}`)
  return ctx.t(`review.title.${letter}`)
}

/** Why this letter cannot be issued for this case (null: it can). */
export function letterRefusal(letter: Letter, reviewCase: ReviewCase): PrintKey | null {
  if (letter === 'outcome' && (reviewCase.status !== 'closed' || reviewCase.resolution === null)) {
    return 'review.notClosed'
  }
  if (letter === 'extension' && reviewCase.extension === null) return 'review.notExtended'
  return null
}

function ReviewLetterBody({
  data,
  ctx
}: {
  data: ReviewLetterPrintData
  ctx: PrintContext
}): ReactElement {
  const { t } = ctx
  const { letter, reviewCase } = data
  const refusal = letterRefusal(letter, reviewCase)
  return (
    <>
      <DocumentHeader
        controller={CONTROLLER}
        title={letterTitle(data, ctx)}
        subtitle={t(`review.kind.${reviewCase.kind}`)}
        reference={[
          { label: t('review.caseNumber'), value: reviewCase.number, strong: true },
          { label: t('review.date'), value: ctx.date(data.printedAt) },
          { label: t('review.recipient'), value: <Addressee reviewCase={reviewCase} ctx={ctx} /> }
        ]}
        ctx={ctx}
      />
      {refusal ? (
        <p className="copy-mark refusal">{t(refusal, { number: reviewCase.number })}</p>
      ) : (
        <>
          {letter === 'request' ? <RequestLetter reviewCase={reviewCase} ctx={ctx} /> : null}
          {letter === 'extension' ? <ExtensionLetter reviewCase={reviewCase} ctx={ctx} /> : null}
          {letter === 'outcome' ? <OutcomeLetter reviewCase={reviewCase} ctx={ctx} /> : null}
          <div className="closing">
            <p>{t('review.closing')}</p>
            <p className="closing-name">{CONTROLLER.piiController}</p>
          </div>
          <p className="electronic">{t('review.electronic')}</p>
        </>
      )}
    </>
  )
}

/** The client, as the case names them (the case carries no postal address). */
function Addressee({ reviewCase, ctx }: { reviewCase: ReviewCase; ctx: PrintContext }) {
  const { client } = reviewCase
  return (
    <span className="addressee">
      <span className="addressee-name">{client.displayName}</span>
      {client.maskedIdentifier ? (
        <span className="addressee-code">
          {ctx.t('common.code')}: {client.maskedIdentifier}
        </span>
      ) : null}
    </span>
  )
}

// ---- the three letters ---------------------------------------------------------------------

function RequestLetter({ reviewCase, ctx }: { reviewCase: ReviewCase; ctx: PrintContext }) {
  const { t } = ctx
  const review = reviewCase.kind === 'decision_review'
  const extended = reviewCase.extension !== null && reviewCase.dueAt !== reviewCase.firstDueAt
  return (
    <>
      <Facts
        items={[
          { label: t('review.fact.received'), value: ctx.date(reviewCase.requestedAt) },
          {
            label: t('review.fact.due'),
            value: ctx.date(reviewCase.firstDueAt),
            strong: true
          },
          { label: t('review.fact.replyChannel'), value: channelLabel(reviewCase, ctx) }
        ]}
      />
      <div className="letter-text">
        <p>{t('review.salutation')}</p>
        <p>
          {t(`review.request.intro_${reviewCase.kind}`, {
            date: ctx.date(reviewCase.requestedAt),
            number: reviewCase.number
          })}
        </p>
      </div>
      {review ? (
        <DecisionSection
          reviewCase={reviewCase}
          ctx={ctx}
          title="review.section.decisionToReview"
        />
      ) : (
        <AssessmentRequestSection reviewCase={reviewCase} ctx={ctx} />
      )}
      {review || reviewCase.clientStatement ? (
        <Section title={t('review.section.statement')} className="statement">
          {reviewCase.clientStatement ? (
            <>
              <p className="lead">{t('review.request.statementLead')}</p>
              <Quote text={reviewCase.clientStatement} />
            </>
          ) : (
            <p>{t('review.request.noStatement')}</p>
          )}
        </Section>
      ) : null}
      <Section title={t('review.section.answer')} className="answer">
        <p>
          <AnswerSentence reviewCase={reviewCase} due={reviewCase.firstDueAt} ctx={ctx} />
        </p>
        <p>{t('review.request.timeLimit', { firstDue: ctx.date(reviewCase.firstDueAt) })}</p>
        {extended ? (
          <p className="note">{t('review.request.since', { due: ctx.date(reviewCase.dueAt) })}</p>
        ) : null}
      </Section>
      <Rights
        ctx={ctx}
        items={[
          t('review.rights.add', { email: CONTROLLER.email }),
          ...(review ? [t('review.rights.contest')] : []),
          t('review.rights.free'),
          t('review.rights.complaint')
        ]}
      />
    </>
  )
}

function ExtensionLetter({ reviewCase, ctx }: { reviewCase: ReviewCase; ctx: PrintContext }) {
  const { t } = ctx
  const extension = reviewCase.extension!
  return (
    <>
      <Facts
        items={[
          { label: t('review.fact.received'), value: ctx.date(reviewCase.requestedAt) },
          { label: t('review.fact.extendedOn'), value: ctx.date(extension.at) },
          { label: t('review.fact.firstDue'), value: ctx.date(reviewCase.firstDueAt) },
          { label: t('review.fact.newDue'), value: ctx.date(reviewCase.dueAt), strong: true }
        ]}
      />
      <div className="letter-text">
        <p>{t('review.salutation')}</p>
        <p>
          {t('review.extension.intro', {
            date: ctx.date(reviewCase.requestedAt),
            number: reviewCase.number,
            months: t('review.extension.months', { count: extension.months }),
            due: ctx.date(reviewCase.dueAt)
          })}
        </p>
      </div>
      <Section title={t('review.section.reason')} className="reason">
        <p className="lead">{t('review.extension.reasonLead')}</p>
        <Quote text={extension.reason} />
      </Section>
      <Section title={t('review.section.rules')} className="rules">
        <p>{t('review.extension.rules')}</p>
        <p>
          <AnswerSentence reviewCase={reviewCase} due={reviewCase.dueAt} ctx={ctx} />
        </p>
      </Section>
      <Rights
        ctx={ctx}
        items={[t('review.rights.add', { email: CONTROLLER.email }), t('review.rights.complaint')]}
      />
    </>
  )
}

function OutcomeLetter({ reviewCase, ctx }: { reviewCase: ReviewCase; ctx: PrintContext }) {
  const { t } = ctx
  const resolution = reviewCase.resolution!
  const review = reviewCase.kind === 'decision_review'
  return (
    <>
      <Facts
        items={[
          { label: t('review.fact.received'), value: ctx.date(reviewCase.requestedAt) },
          {
            label: t('review.fact.completed'),
            value: ctx.date(reviewCase.closedAt ?? resolution.decidedAt)
          }
        ]}
      />
      <div className="letter-text">
        <p>{t('review.salutation')}</p>
        <p>
          {t(`review.outcome.intro_${reviewCase.kind}`, {
            date: ctx.date(reviewCase.requestedAt),
            number: reviewCase.number
          })}
        </p>
      </div>
      {review ? (
        <DecisionSection
          reviewCase={reviewCase}
          ctx={ctx}
          title="review.section.decisionReviewed"
        />
      ) : (
        <AssessmentRequestSection reviewCase={reviewCase} ctx={ctx} />
      )}
      <section className="doc-section result" aria-label={t('review.section.result')}>
        <ResultBox reviewCase={reviewCase} ctx={ctx} />
      </section>
      <Section title={t('review.section.reasons')} className="reasons">
        <p>{t(`review.reason.${resolution.reasonCode}`)}</p>
        <p className="lead">{t('review.outcome.explanationLead')}</p>
        <Quote text={resolution.rationale} />
      </Section>
      {review && reviewCase.decision && reviewCase.decision.factors.length > 0 ? (
        <Section title={t('review.section.factors')} className="factors">
          <p className="lead">{t('review.outcome.factorsIntro')}</p>
          <FactorTable factors={reviewCase.decision.factors} ctx={ctx} />
          {reviewCase.decision.factors.length > MAIN_FACTORS ? (
            <p className="note">{t('review.outcome.factorsMore')}</p>
          ) : null}
        </Section>
      ) : null}
      <Section
        title={t(review ? 'review.section.whoReviewed' : 'review.section.whoAssessed')}
        className="who"
      >
        <p>{whoDecided(reviewCase, ctx)}</p>
        {reviewCase.approval?.approved ? (
          <p>{t(`review.outcome.approvedBy_${reviewCase.kind}`)}</p>
        ) : null}
        <p>{t(`review.outcome.byPeople_${reviewCase.kind}`)}</p>
      </Section>
      <Rights
        ctx={ctx}
        items={[
          t('review.outcome.disagree', { email: CONTROLLER.email }),
          t('review.rights.complaint')
        ]}
      />
    </>
  )
}

// ---- parts ---------------------------------------------------------------------------------

/** The automated decision a review is about: its kind, date and result. */
function DecisionSection({
  reviewCase,
  ctx,
  title
}: {
  reviewCase: ReviewCase
  ctx: PrintContext
  title: PrintKey
}) {
  const { t } = ctx
  const decision = reviewCase.decision
  if (!decision) return null
  const items: HeaderFact[] = [
    { label: t('review.decision.kind'), value: t(`review.decisionKind.${decision.kind}`) },
    { label: t('review.decision.date'), value: ctx.date(decision.decidedAt) },
    {
      label: t('review.decision.result'),
      value: outcomeText(decision.outcome, ctx, { capital: true }),
      strong: true
    }
  ]
  if (decision.outcome.offers && decision.outcome.offers.length > 0) {
    items.push({
      label: t('review.decision.offers'),
      value: decision.outcome.offers.join(', '),
      wide: true
    })
  }
  return (
    <Section title={t(title)} className="decision-reviewed">
      <Facts items={items} className="facts letter-facts" />
    </Section>
  )
}

/** A manual assessment's request: what the client wants to buy or sign, and their documents. */
function AssessmentRequestSection({
  reviewCase,
  ctx
}: {
  reviewCase: ReviewCase
  ctx: PrintContext
}) {
  const { t } = ctx
  return (
    <Section title={t('review.section.request')} className="assessment-request">
      <Facts
        className="facts letter-facts"
        items={[
          {
            label: t('review.fact.creditPurpose'),
            value: reviewCase.creditPurpose ?? t('common.none'),
            wide: true
          },
          {
            label: t('review.fact.documents'),
            value:
              reviewCase.documents.length === 0 ? (
                t('common.none')
              ) : (
                <ul className="documents">
                  {reviewCase.documents.map((document, index) => (
                    <li key={index}>
                      {t(`review.document.${document.type}`)}
                      {document.note ? `: ${document.note}` : ''}
                    </li>
                  ))}
                </ul>
              ),
            wide: true
          }
        ]}
      />
    </Section>
  )
}

/** The result, large: upheld or changed (with the new outcome), or the assessment's ending. */
function ResultBox({ reviewCase, ctx }: { reviewCase: ReviewCase; ctx: PrintContext }) {
  const { t } = ctx
  const resolution = reviewCase.resolution!
  const { outcome, newOutcome } = resolution
  const previous = reviewCase.decision?.outcome
  let detail: ReactNode = null
  if (outcome === 'upheld') {
    detail = previous
      ? rich(ctx, 'review.outcome.upheld', { result: outcomeText(previous, ctx) })
      : null
  } else if (outcome === 'overridden') {
    const before = previous ? outcomeText(previous, ctx) : t('common.none')
    detail = newOutcome
      ? rich(ctx, 'review.outcome.overridden', {
          result: <strong>{outcomeText(newOutcome, ctx)}</strong>,
          previous: before
        })
      : rich(ctx, 'review.outcome.overriddenNoNew', { previous: before })
  } else {
    detail = t(`review.outcome.${outcome}`)
  }
  return (
    <div className={`result-box result-${outcome}`}>
      <p className="headline">{t(`review.outcome.headline.${outcome}`)}</p>
      {detail ? <p>{detail}</p> : null}
      {outcome === 'approved_with_conditions' && resolution.conditions ? (
        <Quote text={resolution.conditions} />
      ) : null}
      {reviewCase.kind === 'manual_credit' && newOutcome ? (
        <p>
          {rich(ctx, 'review.outcome.decisionLine', {
            result: <strong>{outcomeText(newOutcome, ctx)}</strong>
          })}
        </p>
      ) : null}
    </div>
  )
}

/** The decision's factors, the weightiest first, each explained in the print language. */
export function FactorTable({
  factors,
  ctx
}: {
  factors: readonly DecisionFactor[]
  ctx: PrintContext
}) {
  const { t } = ctx
  const main = mainFactors(factors)
  return (
    <table className="factor-table">
      <colgroup>
        <col className="c-factor" />
        <col className="c-effect" />
        <col className="c-weight" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">{t('review.col.factor')}</th>
          <th scope="col">{t('review.col.effect')}</th>
          <th scope="col" className="weight">
            {t('review.col.weight')}
          </th>
        </tr>
      </thead>
      <tbody>
        {main.map((factor, index) => (
          <tr key={index}>
            <td>{factor.explanation[ctx.language]}</td>
            <td className={`effect effect-${factor.direction}`}>
              <EffectArrow direction={factor.direction} />
              {t(`review.effect.${factor.direction}`)}
            </td>
            <td className="weight">{formatPrintPercent(factor.weight, ctx.language)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** ↑ or ↓, drawn: the embedded fonts have no arrows. */
function EffectArrow({ direction }: { direction: DecisionFactor['direction'] }) {
  const path = direction === 'raised' ? 'M5 9V1.8M1.8 5 5 1.8 8.2 5' : 'M5 1v7.2M1.8 5 5 8.2 8.2 5'
  return (
    <svg className="effect-arrow" viewBox="0 0 10 10" aria-hidden="true">
      <path d={path} fill="none" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  )
}

/** The factors the letter lists: by weight, heaviest first (ties keep the model's order). */
export function mainFactors(factors: readonly DecisionFactor[]): DecisionFactor[] {
  return factors
    .map((factor, index) => ({ factor, index }))
    .sort((a, b) => b.factor.weight - a.factor.weight || a.index - b.index)
    .slice(0, MAIN_FACTORS)
    .map(({ factor }) => factor)
}

function Quote({ text }: { text: string }) {
  return <blockquote className="quote">{text.trim()}</blockquote>
}

function Rights({ items, ctx }: { items: string[]; ctx: PrintContext }) {
  return (
    <Section title={ctx.t('review.section.rights')} className="rights">
      <ul className="rights-list">
        {items.map((item, index) => (
          <li key={index}>{item}</li>
        ))}
      </ul>
      <p className="policy">{ctx.t('common.policy', { sites: POLICY_SITES })}</p>
    </Section>
  )
}

/** "We will send our answer by e-mail no later than …", as the client asked to get it. */
function AnswerSentence({
  reviewCase,
  due,
  ctx
}: {
  reviewCase: ReviewCase
  due: string
  ctx: PrintContext
}) {
  const date = ctx.date(due)
  if (reviewCase.replyChannel !== 'centre') {
    return <>{ctx.t(`review.answer.${reviewCase.replyChannel}`, { date })}</>
  }
  return reviewCase.centre ? (
    <>{ctx.t('review.answer.centre', { date, centre: reviewCase.centre.name })}</>
  ) : (
    <>{ctx.t('review.answer.centreAny', { date })}</>
  )
}

function channelLabel(reviewCase: ReviewCase, ctx: PrintContext): string {
  const label = capitalize(ctx.t(`review.channel.${reviewCase.replyChannel}`), ctx)
  return reviewCase.replyChannel === 'centre' && reviewCase.centre
    ? `${label} (${reviewCase.centre.name})`
    : label
}

/** Who decided, by role: the reviewer's or supervisor's, as the case history records it. */
function whoDecided(reviewCase: ReviewCase, ctx: PrintContext): string {
  const role = deciderRole(reviewCase.history)
  if (reviewCase.kind === 'manual_credit') return ctx.t(`review.outcome.assessedBy.${role}`)
  const kind: DecisionKind = reviewCase.decision?.kind ?? reviewCase.decisionKind ?? 'credit'
  return ctx.t(`review.outcome.reviewedBy.${role}_${kind}`)
}

/** The role the case was decided in: the latest `decided` step's; a reviewer's by default. */
export function deciderRole(history: readonly CaseHistoryEntry[]): 'reviewer' | 'supervisor' {
  const decided = history.filter((entry) => entry.action === 'decided').at(-1)
  return decided?.actorRole === 'supervisor' ? 'supervisor' : 'reviewer'
}

/**
 * A decision's result in words: "declined", "approved with a limit of 1 500,00 EUR" (the amount
 * kept on one line), "assigned to the segment …".
 */
export function outcomeText(
  outcome: DecisionOutcome,
  ctx: PrintContext,
  options: { capital?: boolean } = {}
): ReactNode {
  const { t } = ctx
  let parts: ReactNode[]
  if (outcome.result === 'approved_with_limit') {
    const amount =
      outcome.limitEur === undefined
        ? t('common.none')
        : formatPrintAmount(outcome.limitEur, ctx.language)
    parts = rich(ctx, 'review.result.approved_with_limit', {
      amount: <span className="amount">{amount}</span>
    })
  } else if (outcome.result === 'segment_assigned') {
    parts = [t('review.result.segment_assigned', { segment: outcome.segment ?? t('common.none') })]
  } else {
    parts = [t(`review.result.${outcome.result}`)]
  }
  if (options.capital && typeof parts[0] === 'string') {
    parts = [capitalize(parts[0], ctx), ...parts.slice(1)]
  }
  return <>{parts}</>
}

function capitalize(text: string, ctx: PrintContext): string {
  return text.charAt(0).toLocaleUpperCase(ctx.language) + text.slice(1)
}

const MARK = '\u0001'
const MARKS = new RegExp(`${MARK}(\\d+)${MARK}`)

/**
 * A label with elements in its placeholders (an amount that must not break across lines, a
 * result in bold): the text is translated with markers, then split around them.
 */
function rich(ctx: PrintContext, key: PrintKey, values: Record<string, ReactNode>): ReactNode[] {
  const strings: Record<string, string> = {}
  const nodes: ReactNode[] = []
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string') {
      strings[name] = value.split(MARK).join('')
    } else {
      strings[name] = `${MARK}${nodes.length}${MARK}`
      nodes.push(value)
    }
  }
  return ctx
    .t(key, strings)
    .split(MARKS)
    .map((part, index) =>
      index % 2 === 1 ? <Fragment key={index}>{nodes[Number(part)]}</Fragment> : part
    )
}
