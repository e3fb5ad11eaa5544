import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table'
import { useEffect, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import type { AccessLogEntry } from '../../../../shared/domain/access-log'
import { rigaDate, rigaEndOfDay, rigaInstant } from '../../../../shared/domain/dates'
import { DateField } from '../../components/DateField'
import { currentLanguage } from '../../i18n'
import { formatDateTime } from '../../lib/format'
import type { PrintPreviewStore } from '../receipts'
import type { AccessLogFilters, AccessLogStore } from './store'
import './access-log.css'

const features = tableFeatures({})
const helper = createColumnHelper<typeof features, AccessLogEntry>()

export interface AccessLogScreenProps {
  store: AccessLogStore
  preview: PrintPreviewStore
}

/**
 * Supervisors: who looked at which client, when, in which role, what they did and why. Opened
 * from a client card it shows that client's rows and prints them for the client (the extract
 * names roles, not people: CJEU C-579/21); opened from the top bar it filters by staff and date.
 */
export function AccessLogScreen({ store, preview }: AccessLogScreenProps): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const client = useStore(store, (s) => s.client)

  useEffect(() => {
    if (store.getState().status === 'idle') void store.getState().load()
    void store.getState().loadStaff()
  }, [store])

  return (
    <main className="access-log-screen" aria-labelledby="access-log-heading">
      <div className="access-log-screen__head">
        <h1 id="access-log-heading">
          {client ? t('accessLog.titleFor', { name: client.name }) : t('accessLog.title')}
        </h1>
        {client && (
          <div className="access-log-screen__actions">
            <button
              type="button"
              className="button button--primary"
              onClick={() =>
                void preview.getState().open({ kind: 'access-log', clientId: client.id }, language)
              }
            >
              {t('accessLog.print')}
            </button>
            <button
              type="button"
              className="button button--ghost"
              onClick={() => void store.getState().clientCleared()}
            >
              {t('accessLog.allClients')}
            </button>
          </div>
        )}
      </div>
      <p className="muted">{t('accessLog.intro')}</p>
      <Filters store={store} />
      <AccessLogTable store={store} showClient={client === null} />
    </main>
  )
}

function Filters({ store }: { store: AccessLogStore }): React.JSX.Element {
  const { t } = useTranslation()
  const filters = useStore(store, (s) => s.filters)
  const staff = useStore(store, (s) => s.staff) ?? []
  const { clientId: _, ...rest } = filters
  const set = (next: Omit<AccessLogFilters, 'clientId'>): void =>
    void store.getState().filtersChanged(next)
  const without = (key: 'from' | 'to' | 'staffId'): Omit<AccessLogFilters, 'clientId'> => {
    const { [key]: _removed, ...others } = rest
    return others
  }
  return (
    <div className="receipts-filters" role="group" aria-label={t('accessLog.filters')}>
      <DateField
        label={t('accessLog.from')}
        mode="date"
        commitWhileTyping
        value={rest.from ? { date: rigaDate(rest.from), time: null } : null}
        onCommit={(value) =>
          set(value ? { ...rest, from: rigaInstant(value.date) } : without('from'))
        }
      />
      <DateField
        label={t('accessLog.to')}
        mode="date"
        commitWhileTyping
        value={rest.to ? { date: rigaDate(rest.to), time: null } : null}
        onCommit={(value) => set(value ? { ...rest, to: rigaEndOfDay(value.date) } : without('to'))}
      />
      <label className="field">
        <span>{t('accessLog.staff')}</span>
        <select
          value={rest.staffId ?? ''}
          onChange={(event) =>
            set(event.target.value ? { ...rest, staffId: event.target.value } : without('staffId'))
          }
        >
          <option value="">{t('accessLog.allStaff')}</option>
          {staff.map((member) => (
            <option key={member.id} value={member.id}>
              {member.displayName}
            </option>
          ))}
        </select>
      </label>
    </div>
  )
}

function AccessLogTable(props: { store: AccessLogStore; showClient: boolean }): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const status = useStore(props.store, (s) => s.status)
  const items = useStore(props.store, (s) => s.items)
  const nextCursor = useStore(props.store, (s) => s.nextCursor)
  const loadingMore = useStore(props.store, (s) => s.loadingMore)
  const errorCode = useStore(props.store, (s) => s.errorCode)
  const { showClient } = props

  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor('at', {
          header: () => t('accessLog.col.at'),
          cell: (info) => formatDateTime(info.getValue(), language)
        }),
        ...(showClient
          ? [
              helper.accessor((row) => row.client.displayName, {
                id: 'client',
                header: () => t('accessLog.col.client')
              })
            ]
          : []),
        helper.accessor((row) => row.staff.name, {
          id: 'staff',
          header: () => t('accessLog.col.staff'),
          cell: (info) => (
            <>
              <span className="cell-name">{info.getValue()}</span>
              {info.row.original.role && (
                <span className="muted access-log__role">
                  {t(`app.roles.${info.row.original.role}`)}
                </span>
              )}
            </>
          )
        }),
        helper.accessor('action', {
          header: () => t('accessLog.col.action'),
          cell: (info) => t(`accessLog.action.${info.getValue()}`)
        }),
        helper.accessor('reason', {
          header: () => t('accessLog.col.reason'),
          cell: (info) =>
            info.getValue() ? (
              <>
                {t(`accessLog.reason.${info.getValue()}`)}
                {info.row.original.reasonNote && (
                  <span className="muted access-log__note">{info.row.original.reasonNote}</span>
                )}
              </>
            ) : (
              <span className="muted">—</span>
            )
        })
      ]),
    [t, language, showClient]
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
        className="data-table access-log-table"
        aria-label={t('accessLog.tableLabel')}
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
            <tr key={row.id} data-testid="access-log-row">
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className={`col-${cell.column.id}`}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {status === 'ready' && items.length === 0 && <p className="muted">{t('accessLog.empty')}</p>}
      {status === 'loading' && (
        <p role="status">
          <span className="spinner" aria-hidden="true" /> {t('accessLog.loading')}
        </p>
      )}
      {status === 'ready' && items.length > 0 && (
        <p className="muted">{t('accessLog.shown', { count: items.length })}</p>
      )}
      {nextCursor && (
        <button
          type="button"
          className="button button--ghost"
          disabled={loadingMore}
          onClick={() => void props.store.getState().loadMore()}
        >
          {t('accessLog.more')}
        </button>
      )}
    </>
  )
}
