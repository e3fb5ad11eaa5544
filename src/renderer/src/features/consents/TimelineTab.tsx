import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table'
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import {
  CONSENT_ACTIONS,
  ConsentSourceSchema,
  PURPOSES,
  type ConsentAction,
  type ConsentEvent,
  type ConsentSource,
  type Purpose
} from '../../../../shared/domain/consent'
import type { ConsentEventFilters } from '../../../../shared/ipc/contract'
import { currentLanguage } from '../../i18n'
import { formatDate, formatDateTime, rigaLocalToIso } from '../../lib/format'
import { StateBadge } from './StateBadge'
import type { TimelineStore } from './timelineStore'

const features = tableFeatures({})
const helper = createColumnHelper<typeof features, ConsentEvent>()
const ROW_HEIGHT = 34
// Until the scroller has a size (first paint, or a layout engine without one), assume the CSS one.
const FALLBACK_RECT = { width: 1000, height: 480 }
const SOURCES = ConsentSourceSchema.options

export interface TimelineTabProps {
  store: TimelineStore
  clientId: string
}

export function TimelineTab({ store, clientId }: TimelineTabProps): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const status = useStore(store, (s) => s.status)
  const loadingMore = useStore(store, (s) => s.loadingMore)
  const errorCode = useStore(store, (s) => s.errorCode)
  const events = useStore(store, (s) => s.events)
  const filters = useStore(store, (s) => s.filters)

  // A fresh reading every time the tab is shown: a save on the other tab adds events.
  useEffect(() => {
    store.getState().open(clientId)
  }, [store, clientId])

  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor('at', {
          header: () => t('timeline.col.time'),
          cell: (info) => <span className="mono">{formatDateTime(info.getValue(), language)}</span>
        }),
        helper.accessor('purpose', {
          header: () => t('timeline.col.purpose'),
          cell: (info) => (
            <span className="cell-purpose" title={t(`consents.purpose.${info.getValue()}`)}>
              {PURPOSES.indexOf(info.getValue()) + 1}. {t(`consents.purpose.${info.getValue()}`)}
            </span>
          )
        }),
        helper.accessor('channel', {
          header: () => t('timeline.col.channel'),
          cell: (info) => {
            const channel = info.getValue()
            return channel ? t(`consents.channel.${channel}`) : <span className="muted">—</span>
          }
        }),
        helper.accessor('action', {
          header: () => t('timeline.col.action'),
          cell: (info) => {
            const action = info.getValue()
            const state = action === 'resumed' ? 'given' : action
            return <StateBadge state={state} label={t(`consents.action.${action}`)} />
          }
        }),
        helper.accessor('source', {
          header: () => t('timeline.col.source'),
          cell: (info) => {
            const source = info.getValue()
            return source ? t(`consents.source.${source}`) : <span className="muted">—</span>
          }
        }),
        helper.accessor((row) => row.actor, {
          id: 'actor',
          header: () => t('timeline.col.actor'),
          cell: (info) => {
            const actor = info.getValue()
            return actor.displayName ?? t(`timeline.actor.${actor.kind}`)
          }
        }),
        helper.accessor('centre', {
          header: () => t('timeline.col.centre'),
          cell: (info) => info.getValue() ?? <span className="muted">—</span>
        }),
        helper.accessor('identityVerification', {
          header: () => t('timeline.col.identity'),
          cell: (info) => {
            const identity = info.getValue()
            if (!identity) return <span className="muted">—</span>
            return (
              <>
                {t(`identity.methods.${identity.method}`)}
                {identity.documentLast4 && (
                  <span className="mono"> …{identity.documentLast4}</span>
                )}
              </>
            )
          }
        }),
        helper.accessor((row) => row, {
          id: 'notice',
          header: () => t('timeline.col.notice'),
          cell: (info) => {
            const event = info.getValue()
            return event.noticeVersion === null ? (
              <span className="muted">—</span>
            ) : (
              <span className="mono">
                {t('timeline.notice', {
                  version: event.noticeVersion,
                  language: event.language ?? '—'
                })}
              </span>
            )
          }
        })
      ]),
    [t, language]
  )

  const table = useTable({ features, columns, data: events, getRowId: (row) => row.id })
  const rows = table.getRowModel().rows
  const scrollRef = useRef<HTMLDivElement>(null)
  // The virtualizer hands out fresh functions every render; this component is not memoised.
  // eslint-disable-next-line react-hooks/incompatible-library -- see above
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: FALLBACK_RECT,
    observeElementRect: (instance, callback) =>
      observeElementRect(instance, (rect) => callback(rect.height > 0 ? rect : FALLBACK_RECT))
  })
  const items = virtualizer.getVirtualItems()
  const paddingTop = items[0]?.start ?? 0
  const lastItem = items[items.length - 1]
  const paddingBottom = lastItem ? virtualizer.getTotalSize() - lastItem.end : 0
  const columnCount = table.getAllLeafColumns().length

  return (
    <div className="timeline">
      <Filters
        filters={filters}
        onChange={(next) => store.getState().setFilters(next)}
        language={language}
      />
      <div className="timeline__meta">
        <p role="status" className="timeline__count">
          {status === 'loading'
            ? t('timeline.loading')
            : status === 'ready'
              ? t('timeline.count', { count: events.length })
              : ''}
          {loadingMore && <span className="muted"> · {t('timeline.loadingMore')}</span>}
        </p>
        <ChainStatus store={store} />
      </div>
      <StateOnDate store={store} language={language} />

      {status === 'error' ? (
        <div className="client__error" role="alert">
          <p>{t([`errors.${errorCode ?? 'generic'}`, 'errors.generic'])}</p>
          <button type="button" className="button" onClick={() => store.getState().reload()}>
            {t('consents.retry')}
          </button>
        </div>
      ) : status === 'ready' && events.length === 0 ? (
        <p className="timeline__empty muted">{t('timeline.empty')}</p>
      ) : (
        <div
          ref={scrollRef}
          className="timeline__scroll"
          tabIndex={0}
          role="region"
          aria-label={t('timeline.label')}
        >
          <table className="timeline__table" aria-rowcount={rows.length + 1}>
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
              {paddingTop > 0 && (
                <tr aria-hidden="true" style={{ height: paddingTop }}>
                  <td colSpan={columnCount} />
                </tr>
              )}
              {items.map((item) => {
                const row = rows[item.index]!
                return (
                  <tr
                    key={row.id}
                    aria-rowindex={item.index + 2}
                    style={{ height: ROW_HEIGHT }}
                    data-testid="timeline-row"
                  >
                    {row.getAllCells().map((cell) => (
                      <td key={cell.id} className={`col-${cell.column.id}`}>
                        <table.FlexRender cell={cell} />
                      </td>
                    ))}
                  </tr>
                )
              })}
              {paddingBottom > 0 && (
                <tr aria-hidden="true" style={{ height: paddingBottom }}>
                  <td colSpan={columnCount} />
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

function dateOnly(iso: string | undefined): string {
  if (!iso) return ''
  // Back from the instant to the Riga calendar date the agent picked.
  const [d, m, y] = formatDate(iso, 'ru').split('.')
  return y && m && d ? `${y}-${m}-${d}` : ''
}

function Filters(props: {
  filters: ConsentEventFilters
  onChange(filters: ConsentEventFilters): void
  language: ReturnType<typeof currentLanguage>
}): React.JSX.Element {
  const { t } = useTranslation()
  const { filters, onChange } = props
  const id = useId()

  function set<K extends keyof ConsentEventFilters>(
    key: K,
    value: ConsentEventFilters[K] | undefined
  ): void {
    const next = { ...filters }
    if (value === undefined || value === '') delete next[key]
    else next[key] = value
    onChange(next)
  }

  function nextDay(date: string): string | undefined {
    const start = rigaLocalToIso(date)
    if (!start) return undefined
    // The end of the picked day: midnight Riga of the following day, minus a millisecond.
    const [y, m, d] = date.split('-').map(Number) as [number, number, number]
    const following = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)
    const end = rigaLocalToIso(following)
    return end ? new Date(Date.parse(end) - 1).toISOString() : undefined
  }

  const active = Object.keys(filters).length > 0

  return (
    <fieldset className="timeline__filters">
      <legend className="visually-hidden">{t('timeline.label')}</legend>
      <label htmlFor={`${id}-purpose`}>{t('timeline.purpose')}</label>
      <select
        id={`${id}-purpose`}
        value={filters.purpose ?? ''}
        onChange={(e) => set('purpose', (e.target.value || undefined) as Purpose | undefined)}
      >
        <option value="">{t('timeline.all')}</option>
        {PURPOSES.map((p, i) => (
          <option key={p} value={p}>
            {i + 1}. {t(`consents.purpose.${p}`)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-action`}>{t('timeline.actionFilter')}</label>
      <select
        id={`${id}-action`}
        value={filters.action ?? ''}
        onChange={(e) => set('action', (e.target.value || undefined) as ConsentAction | undefined)}
      >
        <option value="">{t('timeline.all')}</option>
        {CONSENT_ACTIONS.map((a) => (
          <option key={a} value={a}>
            {t(`consents.action.${a}`)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-source`}>{t('timeline.sourceFilter')}</label>
      <select
        id={`${id}-source`}
        value={filters.source ?? ''}
        onChange={(e) => set('source', (e.target.value || undefined) as ConsentSource | undefined)}
      >
        <option value="">{t('timeline.all')}</option>
        {SOURCES.map((s) => (
          <option key={s} value={s}>
            {t(`consents.source.${s}`)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-from`}>{t('timeline.from')}</label>
      <input
        id={`${id}-from`}
        type="date"
        value={dateOnly(filters.from)}
        onChange={(e) => set('from', rigaLocalToIso(e.target.value) ?? undefined)}
      />
      <label htmlFor={`${id}-to`}>{t('timeline.to')}</label>
      <input
        id={`${id}-to`}
        type="date"
        value={filters.to ? dateOnly(filters.to) : ''}
        onChange={(e) => set('to', e.target.value ? nextDay(e.target.value) : undefined)}
      />
      <button
        type="button"
        className="button button--small"
        disabled={!active}
        onClick={() => onChange({})}
      >
        {t('timeline.clear')}
      </button>
    </fieldset>
  )
}

function ChainStatus({ store }: { store: TimelineStore }): React.JSX.Element {
  const { t } = useTranslation()
  const chain = useStore(store, (s) => s.chain)
  const chainStatus = useStore(store, (s) => s.chainStatus)
  if (chainStatus === 'loading' || chainStatus === 'idle') {
    return <p className="chain muted">{t('timeline.chainChecking')}</p>
  }
  if (chainStatus === 'error' || !chain) {
    return <p className="chain chain--error">{t('timeline.chainError')}</p>
  }
  return chain.intact ? (
    <p className="chain chain--ok" data-testid="chain">
      <span aria-hidden="true">✓</span> {t('timeline.chainIntact')} ·{' '}
      {t('timeline.count', { count: chain.events })}
    </p>
  ) : (
    <p className="chain chain--broken" data-testid="chain" role="alert">
      <span aria-hidden="true">✗</span> {t('timeline.chainBroken', { id: chain.brokenAt ?? '?' })}
    </p>
  )
}

function StateOnDate(props: {
  store: TimelineStore
  language: ReturnType<typeof currentLanguage>
}): React.JSX.Element {
  const { t } = useTranslation()
  const { store } = props
  const [value, setValue] = useState('')
  const stateAt = useStore(store, (s) => s.stateAt)
  const status = useStore(store, (s) => s.stateAtStatus)
  const result = useStore(store, (s) => s.stateAtResult)
  const id = useId()

  return (
    <section className="state-at">
      <form
        className="state-at__form"
        onSubmit={(event) => {
          event.preventDefault()
          const at = rigaLocalToIso(value)
          if (at) void store.getState().showStateAt(at)
        }}
      >
        <label id={`${id}-label`} htmlFor={`${id}-at`}>
          {t('timeline.stateOn')}
        </label>
        <input
          id={`${id}-at`}
          type="datetime-local"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" className="button button--small" disabled={!value}>
          {t('timeline.show')}
        </button>
        {stateAt && (
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => {
              setValue('')
              void store.getState().showStateAt(null)
            }}
          >
            {t('timeline.clearState')}
          </button>
        )}
      </form>
      {status === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {status === 'error' && (
        <p className="client__error" role="alert">
          {t('timeline.stateAtError')}
        </p>
      )}
      {status === 'ready' && result && stateAt && (
        <div className="state-at__result" data-testid="state-at">
          <h3>{t('timeline.stateAtTitle', { date: formatDateTime(stateAt, props.language) })}</h3>
          <ul>
            {PURPOSES.map((purpose, index) => {
              const row = result.purposes.find((p) => p.purpose === purpose)
              const state = row?.state ?? 'never_given'
              return (
                <li key={purpose}>
                  <span className="state-at__purpose">
                    {index + 1}. {t(`consents.purpose.${purpose}`)}
                  </span>
                  <StateBadge state={state} label={t(`consents.state.${state}`)} />
                  <span className="state-at__channels">
                    {purpose === 'offers' &&
                      row?.channels
                        ?.filter((c) => c.state === 'given')
                        .map((c) => (
                          <span key={c.channel} className="kind">
                            {t(`consents.channel.${c.channel}`)}
                          </span>
                        ))}
                  </span>
                </li>
              )
            })}
          </ul>
        </div>
      )}
    </section>
  )
}
