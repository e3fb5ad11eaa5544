import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table'
import { useEffect, useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import { rigaDate, rigaEndOfDay, rigaInstant } from '../../../../shared/domain/dates'
import type { ReceiptPayload, ReceiptSummary } from '../../../../shared/domain/receipt'
import type { Staff } from '../../../../shared/domain/staff'
import { DateField } from '../../components/DateField'
import { currentLanguage } from '../../i18n'
import { formatDateTime } from '../../lib/format'
import type { PrintPreviewStore } from './previewStore'
import type { ReceiptFilters, ReceiptRegisterStore } from './registerStore'
import './receipts.css'

const features = tableFeatures({})
const helper = createColumnHelper<typeof features, ReceiptSummary>()

export interface ReceiptsScreenProps {
  store: ReceiptRegisterStore
  preview: PrintPreviewStore
  staff: Staff
}

/**
 * A client's receipts, for the card's Receipts tab: the register filtered to the client, with
 * reprint. Saves made on the card since add to it, so it loads afresh each time it is shown.
 */
export function ClientReceipts(props: {
  store: ReceiptRegisterStore
  preview: PrintPreviewStore
  clientId: string
}): React.JSX.Element {
  const { store, clientId } = props
  useEffect(() => {
    void store.getState().setFilters({ clientId })
  }, [store, clientId])
  return <RegisterTable store={store} preview={props.preview} />
}

/**
 * The receipts register (supervisors see every receipt, agents their own): check a printed code,
 * find receipts by date, agent and centre, and reprint one as a marked copy.
 */
export function ReceiptsScreen({ store, preview, staff }: ReceiptsScreenProps): React.JSX.Element {
  const { t } = useTranslation()
  const supervisor = staff.roles.includes('supervisor')

  useEffect(() => {
    if (store.getState().status === 'idle') void store.getState().load()
    if (supervisor) void store.getState().loadStaff()
  }, [store, supervisor])

  return (
    <main className="receipts-screen">
      <h1>{t('receipts.register.title')}</h1>
      <VerifyPanel store={store} />
      <section className="receipts-register" aria-labelledby="receipts-register-heading">
        <h2 id="receipts-register-heading">{t('receipts.register.listTitle')}</h2>
        {!supervisor && <p className="muted">{t('receipts.register.ownOnly')}</p>}
        <Filters store={store} staff={staff} supervisor={supervisor} />
        <RegisterTable store={store} preview={preview} />
      </section>
    </main>
  )
}

function VerifyPanel({ store }: { store: ReceiptRegisterStore }): React.JSX.Element {
  const { t } = useTranslation()
  const verification = useStore(store, (s) => s.verification)
  const [code, setCode] = useState('')
  const inputId = useId()
  return (
    <section className="receipts-verify" aria-labelledby={`${inputId}-heading`}>
      <h2 id={`${inputId}-heading`}>{t('receipts.verify.title')}</h2>
      <form
        className="receipts-verify__form"
        onSubmit={(event) => {
          event.preventDefault()
          void store.getState().verifyCode(code)
        }}
      >
        <label className="field" htmlFor={inputId}>
          <span>{t('receipts.verify.label')}</span>
          <input
            id={inputId}
            className="mono"
            value={code}
            autoComplete="off"
            spellCheck={false}
            maxLength={300}
            onChange={(event) => setCode(event.target.value)}
          />
        </label>
        <button type="submit" className="button" disabled={code.trim() === ''}>
          {t('receipts.verify.submit')}
        </button>
      </form>
      {verification && (
        <div role="status" data-testid="verify-result">
          {verification.status === 'checking' && (
            <p>
              <span className="spinner" aria-hidden="true" /> {t('receipts.verify.checking')}
            </p>
          )}
          {verification.status === 'error' && (
            <p className="receipts-verify__bad">
              {t([`errors.${verification.errorCode ?? 'generic'}`, 'errors.generic'])}
            </p>
          )}
          {verification.status === 'done' &&
            verification.answer?.genuine &&
            verification.answer.receipt && <GenuineReceipt receipt={verification.answer.receipt} />}
          {verification.status === 'done' &&
            verification.answer &&
            !verification.answer.genuine && (
              <div className="receipts-verify__bad">
                <p className="receipts-verify__verdict">
                  <span aria-hidden="true">✗</span>{' '}
                  {t('receipts.verify.notGenuine', { code: verification.code })}
                </p>
                <p>{t(`receipts.verify.reason.${verification.answer.reason ?? 'unknown_code'}`)}</p>
              </div>
            )}
        </div>
      )}
    </section>
  )
}

/** What a genuine receipt says, read from its signed payload. */
function GenuineReceipt({ receipt }: { receipt: ReceiptPayload }): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const purposes = receipt.services.flatMap((service) => service.purposes)
  const titleOf = (id: string): string =>
    purposes.find((purpose) => purpose.purposeId === id)?.purpose ?? id
  return (
    <div className="receipts-verify__good">
      <p className="receipts-verify__verdict">
        <span aria-hidden="true">✓</span> {t('receipts.verify.genuine')}
      </p>
      <dl className="receipts-verify__facts">
        <div>
          <dt>{t('receipts.col.number')}</dt>
          <dd className="mono">{receipt.receiptNumber}</dd>
        </div>
        <div>
          <dt>{t('receipts.col.issuedAt')}</dt>
          <dd>{formatDateTime(receipt.issuedAt, language)}</dd>
        </div>
        <div>
          <dt>{t('receipts.col.client')}</dt>
          <dd>
            {receipt.piiPrincipal.name}
            {receipt.piiPrincipal.maskedCode && (
              <span className="mono muted"> {receipt.piiPrincipal.maskedCode}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('receipts.col.centre')}</dt>
          <dd>{receipt.collectedBy.centre.name}</dd>
        </div>
        <div>
          <dt>{t('receipts.col.agent')}</dt>
          <dd>{receipt.collectedBy.agent.name}</dd>
        </div>
      </dl>
      <h3>{t('receipts.verify.changes', { count: receipt.changes.length })}</h3>
      <ul className="receipts-verify__changes">
        {receipt.changes.map((change) => (
          <li key={change.eventId}>
            {/* The purpose's title as signed, in the language the client was shown. */}
            <span lang={receipt.language}>{titleOf(change.purposeId)}</span>
            {change.channel && ` — ${t(`consents.channel.${change.channel}`)}`}
            {': '}
            {t(`consents.state.${change.previousState}`)} → {t(`consents.action.${change.action}`)}
          </li>
        ))}
      </ul>
    </div>
  )
}

function Filters(props: {
  store: ReceiptRegisterStore
  staff: Staff
  supervisor: boolean
}): React.JSX.Element {
  const { t } = useTranslation()
  const filters = useStore(props.store, (s) => s.filters)
  // The signed-in supervisor is always offered, even before (or without) the directory.
  const staff = useStore(props.store, (s) => s.staff) ?? [props.staff]
  const centres = [...new Map(staff.map((member) => [member.centre.id, member.centre])).values()]
  const set = (next: ReceiptFilters): void => void props.store.getState().setFilters(next)
  const without = (key: keyof ReceiptFilters): ReceiptFilters => {
    const { [key]: _, ...rest } = filters
    return rest
  }
  return (
    <div className="receipts-filters" role="group" aria-label={t('receipts.register.filters')}>
      {/* Whole Riga days: from the first moment of one to the last moment of the other. */}
      <DateField
        label={t('receipts.register.from')}
        mode="date"
        commitWhileTyping
        value={filters.from ? { date: rigaDate(filters.from), time: null } : null}
        onCommit={(value) =>
          set(value ? { ...filters, from: rigaInstant(value.date) } : without('from'))
        }
      />
      <DateField
        label={t('receipts.register.to')}
        mode="date"
        commitWhileTyping
        value={filters.to ? { date: rigaDate(filters.to), time: null } : null}
        onCommit={(value) =>
          set(value ? { ...filters, to: rigaEndOfDay(value.date) } : without('to'))
        }
      />
      {props.supervisor && (
        <>
          <label className="field">
            <span>{t('receipts.register.agent')}</span>
            <select
              value={filters.agent ?? ''}
              onChange={(event) =>
                set(
                  event.target.value ? { ...filters, agent: event.target.value } : without('agent')
                )
              }
            >
              <option value="">{t('receipts.register.allAgents')}</option>
              {staff.map((member) => (
                <option key={member.id} value={member.id}>
                  {member.id === props.staff.id
                    ? t('receipts.register.me', { name: member.displayName })
                    : member.displayName}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('receipts.register.centre')}</span>
            <select
              value={filters.centre ?? ''}
              onChange={(event) =>
                set(
                  event.target.value
                    ? { ...filters, centre: event.target.value }
                    : without('centre')
                )
              }
            >
              <option value="">{t('receipts.register.allCentres')}</option>
              {centres.map((centre) => (
                <option key={centre.id} value={centre.id}>
                  {centre.name}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
    </div>
  )
}

export function RegisterTable(props: {
  store: ReceiptRegisterStore
  preview: PrintPreviewStore
}): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const status = useStore(props.store, (s) => s.status)
  const items = useStore(props.store, (s) => s.items)
  const nextCursor = useStore(props.store, (s) => s.nextCursor)
  const loadingMore = useStore(props.store, (s) => s.loadingMore)
  const errorCode = useStore(props.store, (s) => s.errorCode)
  const { preview } = props

  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor('receiptNumber', {
          header: () => t('receipts.col.number'),
          cell: (info) => <span className="mono">{info.getValue()}</span>
        }),
        helper.accessor('issuedAt', {
          header: () => t('receipts.col.issuedAt'),
          cell: (info) => formatDateTime(info.getValue(), language)
        }),
        helper.accessor('clientName', {
          header: () => t('receipts.col.client'),
          cell: (info) => (
            <>
              <span className="cell-name">{info.getValue()}</span>{' '}
              <span className="mono muted">{info.row.original.clientMaskedCode ?? ''}</span>
            </>
          )
        }),
        helper.accessor((row) => row.agent?.name ?? '—', {
          id: 'agent',
          header: () => t('receipts.col.agent')
        }),
        helper.accessor((row) => row.centre?.name ?? '—', {
          id: 'centre',
          header: () => t('receipts.col.centre')
        }),
        helper.accessor('changes', {
          header: () => t('receipts.col.changes'),
          cell: (info) => info.getValue()
        }),
        helper.display({
          id: 'actions',
          header: () => <span className="visually-hidden">{t('receipts.col.actions')}</span>,
          cell: (info) => (
            <button
              type="button"
              className="button button--small"
              aria-label={t('receipts.register.reprintLabel', {
                number: info.row.original.receiptNumber
              })}
              onClick={() =>
                void preview
                  .getState()
                  .open(
                    { kind: 'receipt', receiptId: info.row.original.id, copy: true },
                    info.row.original.language ?? language
                  )
              }
            >
              {t('receipts.register.reprint')}
            </button>
          )
        })
      ]),
    [t, language, preview]
  )
  const table = useTable({ features, columns, data: items, getRowId: (row) => row.id })

  if (status === 'error') {
    return (
      <div className="client__error" role="alert">
        <p>{t([`errors.${errorCode ?? 'generic'}`, 'errors.generic'])}</p>
        <button type="button" className="button" onClick={() => void props.store.getState().load()}>
          {t('consents.retry')}
        </button>
      </div>
    )
  }
  return (
    <>
      <table
        className="data-table receipts-table"
        aria-label={t('receipts.register.tableLabel')}
        aria-busy={status === 'loading'}
      >
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className={`col-${header.column.id}`}>
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} data-testid="receipt-row">
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className={`col-${cell.column.id}`}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {status === 'ready' && items.length === 0 && (
        <p className="muted">{t('receipts.register.empty')}</p>
      )}
      {status === 'loading' && (
        <p role="status">
          <span className="spinner" aria-hidden="true" /> {t('receipts.register.loading')}
        </p>
      )}
      {nextCursor && (
        <button
          type="button"
          className="button button--ghost"
          disabled={loadingMore}
          onClick={() => void props.store.getState().loadMore()}
        >
          {t('receipts.register.more')}
        </button>
      )}
    </>
  )
}
