import type { ReactElement } from 'react'
import { PURPOSES } from '../../domain/consent'
import type { ConsentReport } from '../../domain/receipt'
import type { Decision } from '../../domain/review'
import type { PrintContext } from '../print-i18n'
import {
  DocumentHeader,
  Facts,
  NoticeText,
  POLICY_SITES,
  Section,
  type StateRow,
  StateTable
} from '../PrintParts'
import type { PrintTemplate } from '../template'
import type { ReportPrintData } from '../types'
import { FactorTable, outcomeText } from './review-letter'

/**
 * The client's consent report (GDPR Art. 15): the current state of every purpose with the notice
 * text in force, the full history (who, when, where, how identity was verified), the automated
 * decisions with the right to ask for human review, the client's rights and the controller.
 */
export const reportTemplate: PrintTemplate<ReportPrintData> = {
  title: (data, ctx) => `${ctx.t('report.title')} — ${data.client.name}`,
  Body: ReportBody
}

type ReportPurpose = ConsentReport['purposes'][number]

function ReportBody({ data, ctx }: { data: ReportPrintData; ctx: PrintContext }): ReactElement {
  const { t } = ctx
  const purposes = orderedPurposes(data)
  return (
    <>
      <DocumentHeader
        controller={data.piiControllers[0]!}
        title={t('report.title')}
        subtitle={t('report.subtitle')}
        reference={[{ label: t('report.issuedAt'), value: ctx.dateTime(data.issuedAt) }]}
        ctx={ctx}
      />
      <Facts
        items={[
          { label: t('common.client'), value: data.client.name, strong: true, wide: true },
          { label: t('common.code'), value: data.client.maskedCode ?? t('common.none') },
          {
            label: t('report.issuedBy'),
            value: `${data.issuedBy.name}, ${data.issuedBy.centre.name}`
          },
          { label: t('report.reportId'), value: data.reportId }
        ]}
      />
      <Section title={t('report.currentTitle')}>
        <StateTable rows={reportRows(purposes)} ctx={ctx} showNotice />
        {purposes.map(({ number, purpose }) => (
          <div key={purpose.purposeId} className="notice-block">
            <h3>
              {number}. {purpose.title}
            </h3>
            <p className="caption">{t('report.noticeText', { version: purpose.noticeVersion })}</p>
            <NoticeText text={purpose.noticeText} />
          </div>
        ))}
      </Section>
      <Section title={t('report.historyTitle')} className="history">
        <p className="count">{t('report.eventCount', { count: data.history.length })}</p>
        {data.history.length === 0 ? (
          <p className="empty">{t('report.historyEmpty')}</p>
        ) : (
          <HistoryTable data={data} ctx={ctx} />
        )}
      </Section>
      <Section title={t('report.decisionsTitle')} className="decisions">
        {data.decisions.length === 0 ? (
          <p className="empty">{t('report.decisionsNone')}</p>
        ) : (
          <>
            <p className="count">{t('report.decisionCount', { count: data.decisions.length })}</p>
            {data.decisions.map((decision) => (
              <ReportDecision key={decision.id} decision={decision} ctx={ctx} />
            ))}
          </>
        )}
        <p>{t('report.humanReview')}</p>
      </Section>
      <Section title={t('report.rightsTitle')} className="rights">
        <p>{t('report.rights')}</p>
        <p className="policy">{t('common.policy', { sites: POLICY_SITES })}</p>
      </Section>
      <p className="signed">
        {t('report.signed')} {t('report.reportId')}: <span className="id">{data.reportId}</span>
      </p>
    </>
  )
}

function orderedPurposes(data: ReportPrintData): { number: number; purpose: ReportPurpose }[] {
  return PURPOSES.flatMap((purposeId, index) => {
    const purpose = data.purposes.find((item) => item.purposeId === purposeId)
    return purpose ? [{ number: index + 1, purpose }] : []
  })
}

function reportRows(purposes: { number: number; purpose: ReportPurpose }[]): StateRow[] {
  return purposes.flatMap(({ number, purpose }) => [
    {
      key: purpose.purposeId,
      number,
      title: purpose.title,
      state: purpose.state,
      since: purpose.since,
      noticeVersion: purpose.noticeVersion
    },
    ...(purpose.channels ?? []).map((channel) => ({
      key: `${purpose.purposeId}/${channel.channel}`,
      number: null,
      title: '',
      channel: channel.channel,
      state: channel.state,
      since: channel.since
    }))
  ])
}

function HistoryTable({ data, ctx }: { data: ReportPrintData; ctx: PrintContext }): ReactElement {
  const { t } = ctx
  const titles = new Map(data.purposes.map((purpose) => [purpose.purposeId, purpose.title]))
  return (
    <table className="history-table">
      <colgroup>
        <col className="c-time" />
        <col className="c-purpose" />
        <col className="c-action" />
        <col className="c-who" />
        <col className="c-identity" />
        <col className="c-notice" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">{t('col.time')}</th>
          <th scope="col">{t('col.purpose')}</th>
          <th scope="col">{t('col.action')}</th>
          <th scope="col">{t('col.who')}</th>
          <th scope="col">{t('col.identity')}</th>
          <th scope="col">{t('col.notice')}</th>
        </tr>
      </thead>
      <tbody>
        {data.history.map((event) => {
          const number = PURPOSES.indexOf(event.purposeId) + 1
          const title = titles.get(event.purposeId) ?? event.purposeId
          return (
            <tr key={event.eventId}>
              <td>{ctx.dateTime(event.at)}</td>
              <td>
                {number}. {title}
                {event.channel ? (
                  <span className="sub">{t(`channel.${event.channel}`)}</span>
                ) : null}
              </td>
              <td>{t(`action.${event.action}`)}</td>
              <td>
                {event.actor.name ?? t(`actor.${event.actor.kind}`)}
                <span className="sub">
                  {[event.source ? t(`source.${event.source}`) : null, event.centre]
                    .filter(Boolean)
                    .join(', ')}
                </span>
              </td>
              <td>
                {event.identityMethod ? t(`method.${event.identityMethod}`) : t('common.none')}
              </td>
              <td>
                {event.noticeVersion === null
                  ? t('common.none')
                  : t('common.version', { version: event.noticeVersion })}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

/**
 * An automated decision. Their shape arrives with the review queue; until then each is printed
 * as the label and value pairs it holds, as text.
 */
/**
 * One automated decision as the client reads it: when, what kind, the result in words, the model,
 * the factors that weighed most (explained in the report's language) and its human review.
 */
function ReportDecision({
  decision,
  ctx
}: {
  decision: Decision
  ctx: PrintContext
}): ReactElement {
  const { t } = ctx
  return (
    <div className="decision">
      <p className="decision-head">
        <strong>
          {ctx.date(decision.decidedAt)} · {t(`review.decisionKind.${decision.kind}`)}:{' '}
          {outcomeText(decision.outcome, ctx)}
        </strong>
      </p>
      <p className="decision-model">
        {t('report.decisionModel', {
          name: decision.model.name,
          version: decision.model.version
        })}
      </p>
      <FactorTable factors={decision.factors} ctx={ctx} />
      <p className="decision-review">
        {decision.review
          ? t('report.decisionReview', {
              number: decision.review.number,
              status: t(`report.reviewStatus.${decision.review.status}`)
            })
          : t('report.decisionNoReview')}
      </p>
    </div>
  )
}
