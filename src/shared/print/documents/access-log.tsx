import type { ReactElement } from 'react'
import { CONTROLLER } from '../../domain/receipt'
import type { AccessLogPrintData } from '../../ipc/print-contract'
import type { PrintContext } from '../print-i18n'
import { DocumentHeader, Facts, POLICY_SITES, Section } from '../PrintParts'
import type { PrintTemplate } from '../template'

/**
 * Who consulted the client's data, for the client (GDPR Art. 15 as read by CJEU C-579/21): the
 * date and time, the role (not the person: the judgment does not owe employees' names by
 * default), what was done and why. The full personal code is not printed: the client knows it,
 * and the masked one identifies the extract as theirs.
 */
export const accessLogTemplate: PrintTemplate<AccessLogPrintData> = {
  title: (data, ctx) => `${ctx.t('accessLog.title')} — ${data.client.name}`,
  Body: AccessLogBody
}

function AccessLogBody({
  data,
  ctx
}: {
  data: AccessLogPrintData
  ctx: PrintContext
}): ReactElement {
  const { t } = ctx
  return (
    <>
      <DocumentHeader
        controller={CONTROLLER}
        title={t('accessLog.title')}
        subtitle={t('accessLog.subtitle')}
        reference={[{ label: t('accessLog.printed'), value: ctx.dateTime(data.printedAt) }]}
        ctx={ctx}
      />
      <Facts
        items={[
          { label: t('common.client'), value: data.client.name, strong: true, wide: true },
          { label: t('common.code'), value: data.client.maskedCode ?? t('common.none') }
        ]}
      />
      <Section title={t('accessLog.listTitle')}>
        <p className="count">{t('accessLog.count', { count: data.entries.length })}</p>
        {data.truncated && <p>{t('accessLog.truncated')}</p>}
        {data.entries.length === 0 ? (
          <p className="empty">{t('accessLog.empty')}</p>
        ) : (
          <table className="history-table access-log-table">
            <thead>
              <tr>
                <th scope="col">{t('col.time')}</th>
                <th scope="col">{t('accessLog.col.role')}</th>
                <th scope="col">{t('col.action')}</th>
                <th scope="col">{t('accessLog.col.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((entry, index) => (
                <tr key={index}>
                  <td>{ctx.dateTime(entry.at)}</td>
                  <td>{entry.role ? t(`accessLog.role.${entry.role}`) : t('common.none')}</td>
                  <td>{t(`accessLog.action.${entry.action}`)}</td>
                  <td>
                    {entry.reason
                      ? t(`accessLog.reason.${entry.reason}`)
                      : t(`accessLog.purpose.${entry.action}`)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={t('accessLog.rightsTitle')} className="rights">
        <p>{t('accessLog.rights')}</p>
        <p className="policy">{t('common.policy', { sites: POLICY_SITES })}</p>
      </Section>
    </>
  )
}
