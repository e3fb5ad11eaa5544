import type { ReactElement } from 'react'
import { PURPOSES, type ConsentStateValue } from '../../domain/consent'
import type { ReceiptPayload, ReceiptPurpose } from '../../domain/receipt'
import type { PrintContext } from '../print-i18n'
import {
  DocumentHeader,
  Facts,
  NoticeText,
  POLICY_SITES,
  Section,
  StateTable,
  VerificationBox,
  type HeaderFact,
  type StateRow
} from '../PrintParts'
import type { PrintTemplate } from '../template'
import type { ReceiptPrintData } from '../types'

/**
 * The consent receipt (Kantara's human-readable receipt): who recorded what for whom, the full
 * state after the change with the changes marked, the notice versions, the rights statement the
 * client confirmed, and the verification code with its QR code. Everything is read from the
 * signed payload; labels come from the print language, the client's texts as given.
 */
export const receiptTemplate: PrintTemplate<ReceiptPrintData> = {
  title: (data, ctx) => `${ctx.t('receipt.title')} ${data.receipt.receiptNumber}`,
  Body: ReceiptBody
}

function ReceiptBody({ data, ctx }: { data: ReceiptPrintData; ctx: PrintContext }): ReactElement {
  const { t } = ctx
  const { receipt } = data
  const controller = receipt.piiControllers[0]!
  return (
    <>
      {data.copy ? (
        <p className="copy-mark">
          {t('receipt.copy', { time: ctx.dateTime(data.copy.reprintedAt) })}
        </p>
      ) : null}
      <DocumentHeader
        controller={controller}
        title={t('receipt.title')}
        reference={[
          { label: t('common.number'), value: receipt.receiptNumber, strong: true },
          { label: t('common.time'), value: ctx.dateTime(receipt.issuedAt) }
        ]}
        ctx={ctx}
      />
      <Facts items={receiptFacts(receipt, ctx)} />
      <Section title={t('receipt.stateTitle')} className="state-section">
        <p className="legend">
          <span className="legend-swatch" aria-hidden="true" />
          {t('receipt.legend', {
            changes: t('common.changeCount', { count: receipt.changes.length })
          })}
        </p>
        <StateTable rows={receiptRows(data)} ctx={ctx} showNotice />
      </Section>
      <Section title={t('receipt.rightsTitle')} className="rights">
        <NoticeText text={data.rightsText} />
        {receipt.withdrawalMethod.trim() ? (
          <>
            <h3>{t('receipt.withdrawalTitle')}</h3>
            <NoticeText text={receipt.withdrawalMethod} />
          </>
        ) : null}
        <p className="policy">{t('common.policy', { sites: POLICY_SITES })}</p>
      </Section>
      <VerificationBox code={receipt.verificationCode} qrContent={data.qrContent} ctx={ctx}>
        <p className="signed">
          {t('common.signed')} {t('common.receiptId')}:{' '}
          <span className="id">{receipt.consentReceiptID}</span>
        </p>
      </VerificationBox>
    </>
  )
}

export function receiptFacts(receipt: ReceiptPayload, ctx: PrintContext): HeaderFact[] {
  const { t } = ctx
  const identity = receipt.identityVerification
  const method = t(`method.${identity.method}`)
  const facts: HeaderFact[] = [
    { label: t('common.client'), value: receipt.piiPrincipal.name, strong: true, wide: true },
    { label: t('common.code'), value: receipt.piiPrincipal.maskedCode ?? t('common.none') },
    { label: t('common.centre'), value: receipt.collectedBy.centre.name },
    { label: t('common.agent'), value: receipt.collectedBy.agent.name },
    {
      label: t('receipt.identity'),
      value: identity.documentLast4 ? `${method} …${identity.documentLast4}` : method
    }
  ]
  if (identity.representative) {
    const basis = identity.representative.basis
    const basisLabel =
      basis === 'board_member' || basis === 'power_of_attorney' ? t(`basis.${basis}`) : basis
    facts.push({
      label: t('receipt.representative'),
      value: `${identity.representative.name} (${basisLabel})`,
      wide: true
    })
  }
  const texts = [t(`language.${receipt.language}`)]
  if (receipt.rightsNoticeVersion !== null) {
    texts.push(t('receipt.rightsVersion', { version: receipt.rightsNoticeVersion }))
  }
  facts.push(
    { label: t('receipt.source'), value: t(`source.${receipt.source}`) },
    // The language of every text the client saw; each purpose's version is in the table.
    { label: t('receipt.textsShown'), value: texts.join(', ') }
  )
  return facts
}

/** All seven purposes in the catalogue's order, offers followed by its channels. */
export function receiptRows(data: ReceiptPrintData): StateRow[] {
  const { receipt } = data
  const purposes = new Map<string, ReceiptPurpose>()
  for (const service of receipt.services) {
    for (const purpose of service.purposes) purposes.set(purpose.purposeId, purpose)
  }
  // The state before each change this receipt records; the earliest wins when a cell changed twice.
  const before = new Map<string, ConsentStateValue>()
  for (const change of [...receipt.changes].sort((a, b) => a.seq - b.seq)) {
    const key = `${change.purposeId}/${change.channel ?? ''}`
    if (!before.has(key)) before.set(key, change.previousState)
  }

  const rows: StateRow[] = []
  PURPOSES.forEach((purposeId, index) => {
    const purpose = purposes.get(purposeId)
    const ownBefore = before.get(`${purposeId}/`)
    const channelChanged = [...before.keys()].some(
      (key) => key.startsWith(`${purposeId}/`) && key !== `${purposeId}/`
    )
    rows.push({
      key: purposeId,
      number: index + 1,
      title: data.purposeTitles[purposeId],
      state: purpose?.state ?? 'never_given',
      since: purpose?.since ?? null,
      noticeVersion: purpose?.noticeVersion ?? null,
      ...(ownBefore !== undefined ? { before: ownBefore } : {}),
      changed: ownBefore !== undefined || (Boolean(purpose?.changed) && !channelChanged)
    })
    for (const channel of purpose?.channels ?? []) {
      const channelBefore = before.get(`${purposeId}/${channel.channel}`)
      rows.push({
        key: `${purposeId}/${channel.channel}`,
        number: null,
        title: '',
        channel: channel.channel,
        state: channel.state,
        since: channel.since,
        ...(channelBefore !== undefined ? { before: channelBefore } : {}),
        changed: channelBefore !== undefined
      })
    }
  })
  return rows
}
