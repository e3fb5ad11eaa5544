import type { ReactElement } from 'react'
import { PURPOSES } from '../../domain/consent'
import { CONTROLLER } from '../../domain/receipt'
import type { PrintContext } from '../print-i18n'
import {
  DocumentHeader,
  Facts,
  POLICY_SITES,
  Section,
  StateTable,
  VerificationBox,
  type StateRow
} from '../PrintParts'
import type { PrintTemplate } from '../template'
import type { ConfirmationPrintData } from '../types'

/**
 * A consent confirmation for one client: the current state of every purpose and the signed
 * receipt of the latest change (its number, time and verification code). Supervisors print
 * them in batches, one client per page.
 */
export const confirmationTemplate: PrintTemplate<ConfirmationPrintData> = {
  title: (data, ctx) => `${ctx.t('confirmation.title')} — ${data.client.name}`,
  Body: ConfirmationBody
}

function ConfirmationBody({
  data,
  ctx
}: {
  data: ConfirmationPrintData
  ctx: PrintContext
}): ReactElement {
  const { t } = ctx
  const latest = data.latestReceipt
  return (
    <>
      <DocumentHeader
        controller={latest?.piiControllers[0] ?? CONTROLLER}
        title={t('confirmation.title')}
        reference={[
          { label: t('confirmation.printed'), value: ctx.dateTime(data.printedAt) },
          { label: t('confirmation.asOf'), value: ctx.dateTime(data.state.asOf) }
        ]}
        ctx={ctx}
      />
      <Facts
        items={[
          { label: t('common.client'), value: data.client.name, strong: true },
          { label: t('common.code'), value: data.client.maskedCode ?? t('common.none') }
        ]}
      />
      <Section title={t('confirmation.stateTitle')}>
        <StateTable rows={confirmationRows(data)} ctx={ctx} showNotice />
      </Section>
      <Section title={t('confirmation.latestTitle')} className="latest">
        {latest && data.qrContent ? (
          <VerificationBox
            code={latest.verificationCode}
            qrContent={data.qrContent}
            ctx={ctx}
            facts={[
              { label: t('common.number'), value: latest.receiptNumber, strong: true },
              { label: t('common.time'), value: ctx.dateTime(latest.issuedAt) },
              {
                label: t('confirmation.recordedBy'),
                value: `${latest.collectedBy.centre.name} · ${latest.collectedBy.agent.name}`
              }
            ]}
          />
        ) : (
          <p className="empty">{t('confirmation.noReceipt')}</p>
        )}
      </Section>
      <p className="policy">{t('common.policy', { sites: POLICY_SITES })}</p>
    </>
  )
}

export function confirmationRows(data: ConfirmationPrintData): StateRow[] {
  const rows: StateRow[] = []
  PURPOSES.forEach((purposeId, index) => {
    const purpose = data.state.purposes.find((item) => item.purpose === purposeId)
    rows.push({
      key: purposeId,
      number: index + 1,
      title: data.purposeTitles[purposeId],
      state: purpose?.state ?? 'never_given',
      since: purpose?.since ?? null,
      noticeVersion: purpose?.noticeVersion ?? null
    })
    for (const channel of purpose?.channels ?? []) {
      rows.push({
        key: `${purposeId}/${channel.channel}`,
        number: null,
        title: '',
        channel: channel.channel,
        state: channel.state,
        since: channel.since
      })
    }
  })
  return rows
}
