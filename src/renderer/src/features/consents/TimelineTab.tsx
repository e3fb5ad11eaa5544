import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table'
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useId, useLayoutEffect, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import {
  CONSENT_ACTIONS,
  ConsentSourceSchema,
  IDENTITY_METHODS,
  OFFER_CHANNELS,
  PURPOSES,
  type ConsentAction,
  type ConsentEvent,
  type ConsentSource,
  type Purpose,
  type PurposeDefinition
} from '../../../../shared/domain/consent'
import { rigaDate, rigaEndOfDay, rigaInstant } from '../../../../shared/domain/dates'
import type { Language } from '../../../../shared/domain/staff'
import type { ClientFieldChange, ClientHistoryEntry } from '../../../../shared/domain/client-change'
import type { ConsentEventFilters } from '../../../../shared/ipc/contract'
import { DateField, type DateFieldHandle } from '../../components/DateField'
import { currentLanguage } from '../../i18n'
import { formatDate, formatDateTime } from '../../lib/format'
import { fitColumns, type ColumnNeed } from './fitColumns'
import { purposeTitle } from './purposeTitle'
import { StateBadge } from './StateBadge'
import type { ConsentsStore } from './store'
import type { TimelineStore } from './timelineStore'

const features = tableFeatures({})
const helper = createColumnHelper<typeof features, ConsentEvent>()
const ROW_HEIGHT = 34
// Until the scroller has a size (first paint, or a layout engine without one), assume a usual one.
const FALLBACK_RECT = { width: 1000, height: 480 }
const SOURCES = ConsentSourceSchema.options
// A late-evening date in December: the widest a date and time gets in every language.
const WIDEST_MOMENT = '2026-12-28T20:58:00Z'
/** Columns whose text is never cut: they are always as wide as their widest text. */
const WHOLE_COLUMNS = new Set(['at', 'action', 'notice'])
/**
 * Room (in em of the table's font) a column whose text may be cut keeps in the narrowest
 * window, where the text is longer: enough to tell one value from another. The purpose, the
 * longest and the most read, keeps most.
 */
const FLOOR_EM: Record<string, number> = {
  purpose: 16,
  channel: 8,
  source: 8,
  actor: 7,
  centre: 8,
  identityVerification: 9
}

export interface TimelineTabProps {
  store: TimelineStore
  clientId: string
  /** The card's consents store: purpose titles come from its notice catalogue (`definitions`). */
  consents: ConsentsStore
}

type Translate = ReturnType<typeof useTranslation>['t']
type PurposeLabel = (purpose: Purpose) => { number: number; title: string }

/** A purpose as the timeline names it: the catalogue's number and its one title. */
function usePurposeLabel(consents: ConsentsStore, language: Language, t: Translate): PurposeLabel {
  const definitions = useStore(consents, (s) => s.definitions)
  return useMemo(() => labeller(definitions, language, t), [definitions, language, t])
}

function labeller(
  definitions: readonly PurposeDefinition[] | null,
  language: Language,
  t: Translate
): PurposeLabel {
  return (purpose) => ({
    number: PURPOSES.indexOf(purpose) + 1,
    title: purposeTitle(definitions, purpose, language, (p) => t(`consents.purpose.${p}`))
  })
}

/** Text that may be cut to fit its column: cut with an ellipsis, whole in the tooltip. */
function Cut({ text }: { text: string }): React.JSX.Element {
  return (
    <div className="cell" title={text}>
      {text}
    </div>
  )
}

function Missing(): React.JSX.Element {
  return <div className="cell muted">—</div>
}

export function TimelineTab({ store, clientId, consents }: TimelineTabProps): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const status = useStore(store, (s) => s.status)
  const loadingMore = useStore(store, (s) => s.loadingMore)
  const errorCode = useStore(store, (s) => s.errorCode)
  const events = useStore(store, (s) => s.events)
  const filters = useStore(store, (s) => s.filters)
  const purposeLabel = usePurposeLabel(consents, language, t)

  // A fresh reading every time the tab is shown: a save on the other tab adds events.
  useEffect(() => {
    store.getState().open(clientId)
  }, [store, clientId])

  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor('at', {
          header: () => t('timeline.col.time'),
          cell: (info) => (
            <div className="cell mono">{formatDateTime(info.getValue(), language)}</div>
          )
        }),
        helper.accessor('purpose', {
          header: () => t('timeline.col.purpose'),
          cell: (info) => {
            const { number, title } = purposeLabel(info.getValue())
            return <Cut text={`${number}. ${title}`} />
          }
        }),
        helper.accessor('channel', {
          header: () => t('timeline.col.channel'),
          cell: (info) => {
            const channel = info.getValue()
            return channel ? <Cut text={t(`consents.channel.${channel}`)} /> : <Missing />
          }
        }),
        helper.accessor('action', {
          header: () => t('timeline.col.action'),
          cell: (info) => (
            <div className="cell">
              <ActionBadge action={info.getValue()} />
            </div>
          )
        }),
        helper.accessor('source', {
          header: () => t('timeline.col.source'),
          cell: (info) => {
            const source = info.getValue()
            return source ? <Cut text={t(`consents.source.${source}`)} /> : <Missing />
          }
        }),
        helper.accessor((row) => row.actor, {
          id: 'actor',
          header: () => t('timeline.col.actor'),
          cell: (info) => <Cut text={actorName(info.getValue(), t)} />
        }),
        helper.accessor((row) => row, {
          id: 'centre',
          header: () => t('timeline.col.centre'),
          cell: (info) => {
            // The name people know the centre by; the recorded id only if the API has no name.
            const { centre, centreName } = info.getValue()
            const name = centreName ?? centre
            return name ? <Cut text={name} /> : <Missing />
          }
        }),
        helper.accessor('identityVerification', {
          header: () => t('timeline.col.identity'),
          cell: (info) => {
            const identity = info.getValue()
            if (!identity) return <Missing />
            const method = t(`identity.methods.${identity.method}`)
            const representative = identity.representative
            // A company's consents are given by a person: who, and on what basis, in the tooltip
            // in full and first in the cell.
            const who = representative
              ? `${representative.name} (${t(`identity.basesInline.${representative.basis}`)}) ${representative.personalCodeMasked}`
              : null
            // When cut, the method gives way: the document's last four are what is checked.
            return (
              <div
                className="cell cell--identity"
                title={[who, identityText(method, identity.documentLast4)]
                  .filter(Boolean)
                  .join(' · ')}
              >
                {representative && (
                  <span className="cell__shrink" data-testid="representative">
                    {representative.name} ·{' '}
                  </span>
                )}
                <span className="cell__shrink">{method}</span>
                {identity.documentLast4 && <span className="mono"> …{identity.documentLast4}</span>}
              </div>
            )
          }
        }),
        helper.accessor((row) => row, {
          id: 'notice',
          header: () => t('timeline.col.notice'),
          cell: (info) => {
            const event = info.getValue()
            return event.noticeVersion === null ? (
              <Missing />
            ) : (
              <div className="cell mono">
                {t('timeline.notice', {
                  version: event.noticeVersion,
                  language: event.language ?? '—'
                })}
              </div>
            )
          }
        })
      ]),
    [t, language, purposeLabel]
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

  // What each column may have to show: every label of the language, and the names in these
  // events. Measured once (not from the rendered rows, which the virtualiser swaps while
  // scrolling), they size the columns to the window: see fitColumns.
  const actorsAndCentres = useMemo(() => {
    const actors = new Set<string>()
    const centres = new Set<string>()
    for (const event of events) {
      if (event.actor.displayName) actors.add(event.actor.displayName)
      const centre = event.centreName ?? event.centre
      if (centre) centres.add(centre)
    }
    // As one string, so that a further page with the same names measures nothing again.
    return JSON.stringify([[...actors], [...centres]])
  }, [events])
  const samples = useMemo((): Record<string, string[]> => {
    const [actors, centres] = JSON.parse(actorsAndCentres) as [string[], string[]]
    return {
      at: [formatDateTime(WIDEST_MOMENT, language)],
      purpose: PURPOSES.map((p) => {
        const { number, title } = purposeLabel(p)
        return `${number}. ${title}`
      }),
      channel: ['—', ...OFFER_CHANNELS.map((c) => t(`consents.channel.${c}`))],
      source: SOURCES.map((s) => t(`consents.source.${s}`)),
      actor: [
        ...(['staff', 'client', 'system'] as const).map((k) => t(`timeline.actor.${k}`)),
        ...actors
      ],
      centre: ['—', ...centres],
      identityVerification: IDENTITY_METHODS.map((m) => t(`identity.methods.${m}`)),
      notice: [t('timeline.notice', { version: 99, language: 'lv' })]
    }
  }, [t, language, purposeLabel, actorsAndCentres])

  const tableRef = useRef<HTMLTableElement>(null)
  const measureRef = useRef<HTMLTableElement>(null)
  const columnIds = table.getAllLeafColumns().map((column) => column.id)
  const columnKey = columnIds.join(' ')
  const showsTable = status !== 'error' && !(status === 'ready' && events.length === 0)
  // Column widths follow the window: the measured needs, fitted to the scroller's width on
  // every resize. Set on the <col>s directly: no React state changes, so no render per resize.
  useLayoutEffect(() => {
    const scroller = scrollRef.current
    const element = tableRef.current
    const needs = measureRef.current ? measureColumnNeeds(measureRef.current) : null
    // No layout engine (jsdom in tests): the browser's automatic table layout stays.
    if (!scroller || !element || !needs) return
    const lastToGrow = columnKey.split(' ').indexOf('purpose')
    const fit = (): void => {
      const widths = fitColumns(needs, scroller.clientWidth, lastToGrow)
      element.querySelectorAll('col').forEach((col, index) => {
        col.style.width = `${widths[index] ?? 0}px`
      })
      element.style.width = `${widths.reduce((total, width) => total + width, 0)}px`
      element.classList.add('timeline__table--fitted')
    }
    fit()
    const observer = new ResizeObserver(fit)
    observer.observe(scroller)
    return () => observer.disconnect()
  }, [samples, showsTable, columnKey])

  return (
    <div className="timeline">
      <div className="timeline__controls">
        <Filters
          filters={filters}
          onChange={(next) => store.getState().setFilters(next)}
          purposeLabel={purposeLabel}
        />
        <StateOnDate store={store} />
      </div>
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
      <StateAtResult store={store} language={language} purposeLabel={purposeLabel} />
      <DataChanges store={store} language={language} />

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
          <table ref={tableRef} className="timeline__table" aria-rowcount={rows.length + 1}>
            <colgroup>
              {columnIds.map((id) => (
                <col key={id} className={`col-${id}`} />
              ))}
            </colgroup>
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

      {/* What every column may show, laid out unseen at its natural width, to be measured. */}
      <div className="timeline__measure" aria-hidden="true">
        <table ref={measureRef} className="timeline__table">
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <th key={header.id} data-column={header.column.id}>
                    <span className="timeline__sample">
                      {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                    </span>
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            <tr>
              {columnIds.map((id) => (
                <td key={id} data-column={id}>
                  {id === 'action'
                    ? CONSENT_ACTIONS.map((action) => (
                        <span key={action} className="timeline__sample">
                          <ActionBadge action={action} />
                        </span>
                      ))
                    : (samples[id] ?? []).map((text, index) => (
                        <span
                          key={index}
                          className={`timeline__sample ${id === 'at' || id === 'notice' ? 'mono' : ''}`}
                        >
                          {text}
                          {id === 'identityVerification' && <span className="mono"> …0000</span>}
                        </span>
                      ))}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  )
}

/**
 * Each column's needs from the measuring table: its header and its widest possible text, each
 * with the cell's padding. Null when nothing has a size (no layout engine).
 */
function measureColumnNeeds(measure: HTMLTableElement): ColumnNeed[] | null {
  const headers = [...measure.querySelectorAll<HTMLElement>('thead th')]
  const cells = [...measure.querySelectorAll<HTMLElement>('tbody td')]
  const padded = (box: HTMLElement, width: number): number => {
    const style = getComputedStyle(box)
    const padding = (parseFloat(style.paddingLeft) || 0) + (parseFloat(style.paddingRight) || 0)
    // A pixel of slack: text widths are fractional and a cut of half a pixel still shows.
    return Math.ceil(width + padding) + 1
  }
  const widest = (box: HTMLElement): number =>
    Math.max(
      0,
      ...[...box.querySelectorAll<HTMLElement>('.timeline__sample')].map(
        (sample) => sample.getBoundingClientRect().width
      )
    )
  if (!headers.some((th) => widest(th) > 0)) return null
  return headers.map((th, index): ColumnNeed => {
    const td = cells[index]!
    const column = th.dataset.column ?? ''
    const header = padded(th, widest(th))
    const text = padded(td, widest(td))
    if (WHOLE_COLUMNS.has(column))
      return { min: Math.max(header, text), max: Math.max(header, text) }
    const floor = padded(td, (FLOOR_EM[column] ?? 0) * parseFloat(getComputedStyle(td).fontSize))
    // A column with short text needs no more than its text, however large its floor.
    return { min: Math.max(header, Math.min(floor, text)), max: Math.max(header, text) }
  })
}

/**
 * Changes of the client's data beside the consent events (issue 11): when, who, how identity
 * was verified, and each field before → after (phones and e-mail masked, as the API sends them).
 * Folded away under a summary line, so the events keep the screen; absent when there are none.
 */
function DataChanges(props: {
  store: TimelineStore
  language: Language
}): React.JSX.Element | null {
  const { t } = useTranslation()
  const entries = useStore(props.store, (s) => s.dataChanges)
  const status = useStore(props.store, (s) => s.dataChangesStatus)
  if (status === 'error') {
    return (
      <p className="timeline__data-changes-error muted" role="status">
        {t('timeline.dataChanges.loadError')}
      </p>
    )
  }
  if (entries.length === 0) return null
  return (
    <details className="data-changes" data-testid="data-changes">
      <summary>{t('timeline.dataChanges.title', { count: entries.length })}</summary>
      <table className="data-changes__table">
        <thead>
          <tr>
            <th scope="col">{t('timeline.col.time')}</th>
            <th scope="col">{t('timeline.col.actor')}</th>
            <th scope="col">{t('timeline.col.identity')}</th>
            <th scope="col">{t('timeline.dataChanges.col.field')}</th>
            <th scope="col">{t('timeline.dataChanges.col.change')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.flatMap((entry) =>
            entry.changes.map((change, index) => (
              <DataChangeRow
                key={`${entry.version}-${change.field}`}
                entry={entry}
                change={change}
                first={index === 0}
                rows={entry.changes.length}
                language={props.language}
              />
            ))
          )}
        </tbody>
      </table>
    </details>
  )
}

function DataChangeRow(props: {
  entry: ClientHistoryEntry
  change: ClientFieldChange
  first: boolean
  rows: number
  language: Language
}): React.JSX.Element {
  const { t } = useTranslation()
  const { entry, change } = props
  const value = (raw: ClientFieldChange['before']): string => {
    if (raw === null || (Array.isArray(raw) && raw.length === 0)) {
      return t('timeline.dataChanges.empty')
    }
    if (Array.isArray(raw)) return raw.join(', ')
    return change.field === 'language' ? t(`client.languages.${raw}`) : raw
  }
  return (
    <tr>
      {props.first && (
        <>
          <td rowSpan={props.rows} className="mono">
            {formatDateTime(entry.at, props.language)}
          </td>
          <td rowSpan={props.rows}>{entry.actor.displayName}</td>
          <td rowSpan={props.rows}>
            {entry.identityVerification.representative
              ? `${entry.identityVerification.representative.name} · `
              : ''}
            {identityText(
              t(`identity.methods.${entry.identityVerification.method}`),
              entry.identityVerification.documentLast4
            )}
          </td>
        </>
      )}
      <td>{t(`timeline.dataChanges.field.${change.field}`)}</td>
      <td>
        <span className="data-changes__before">{value(change.before)}</span>
        <span aria-hidden="true"> → </span>
        <span className="visually-hidden">, </span>
        <span className="data-changes__after">{value(change.after)}</span>
      </td>
    </tr>
  )
}

function actorName(actor: ConsentEvent['actor'], t: Translate): string {
  return actor.displayName ?? t(`timeline.actor.${actor.kind}`)
}

function identityText(method: string, documentLast4: string | undefined): string {
  return documentLast4 ? `${method} …${documentLast4}` : method
}

function ActionBadge({ action }: { action: ConsentAction }): React.JSX.Element {
  const { t } = useTranslation()
  const state = action === 'resumed' ? 'given' : action
  return <StateBadge state={state} label={t(`consents.action.${action}`)} />
}

function Filters(props: {
  filters: ConsentEventFilters
  onChange(filters: ConsentEventFilters): void
  purposeLabel: PurposeLabel
}): React.JSX.Element {
  const { t } = useTranslation()
  const { filters, onChange } = props
  const id = useId()
  const purposeRef = useRef<HTMLSelectElement>(null)

  function set<K extends keyof ConsentEventFilters>(
    key: K,
    value: ConsentEventFilters[K] | undefined
  ): void {
    const next = { ...filters }
    if (value === undefined || value === '') delete next[key]
    else next[key] = value
    onChange(next)
  }

  const active = Object.keys(filters).length > 0

  return (
    <fieldset className="timeline__filters">
      <legend className="visually-hidden">{t('timeline.label')}</legend>
      <span className="timeline__filter">
        <label htmlFor={`${id}-purpose`}>{t('timeline.purpose')}</label>
        <select
          ref={purposeRef}
          id={`${id}-purpose`}
          value={filters.purpose ?? ''}
          onChange={(e) => set('purpose', (e.target.value || undefined) as Purpose | undefined)}
        >
          <option value="">{t('timeline.all')}</option>
          {PURPOSES.map((p) => {
            const { number, title } = props.purposeLabel(p)
            return (
              <option key={p} value={p}>
                {number}. {title}
              </option>
            )
          })}
        </select>
      </span>
      <span className="timeline__filter">
        <label htmlFor={`${id}-action`}>{t('timeline.actionFilter')}</label>
        <select
          id={`${id}-action`}
          value={filters.action ?? ''}
          onChange={(e) =>
            set('action', (e.target.value || undefined) as ConsentAction | undefined)
          }
        >
          <option value="">{t('timeline.all')}</option>
          {CONSENT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {t(`consents.action.${a}`)}
            </option>
          ))}
        </select>
      </span>
      <span className="timeline__filter">
        <label htmlFor={`${id}-source`}>{t('timeline.sourceFilter')}</label>
        <select
          id={`${id}-source`}
          value={filters.source ?? ''}
          onChange={(e) =>
            set('source', (e.target.value || undefined) as ConsentSource | undefined)
          }
        >
          <option value="">{t('timeline.all')}</option>
          {SOURCES.map((s) => (
            <option key={s} value={s}>
              {t(`consents.source.${s}`)}
            </option>
          ))}
        </select>
      </span>
      {/* Whole Riga days: from the first moment of one to the last moment of the other. */}
      <DateField
        label={t('timeline.from')}
        mode="date"
        commitWhileTyping
        value={filters.from ? { date: rigaDate(filters.from), time: null } : null}
        onCommit={(value) => set('from', value ? rigaInstant(value.date) : undefined)}
      />
      <DateField
        label={t('timeline.to')}
        mode="date"
        commitWhileTyping
        value={filters.to ? { date: rigaDate(filters.to), time: null } : null}
        onCommit={(value) => set('to', value ? rigaEndOfDay(value.date) : undefined)}
      />
      <button
        type="button"
        className="button button--small"
        disabled={!active}
        onClick={() => {
          onChange({})
          // The button is disabled now: focus goes to the first filter, not to the page.
          purposeRef.current?.focus()
        }}
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
      <span aria-hidden="true">✗</span>{' '}
      {chain.brokenAt
        ? t('timeline.chainBroken', { id: chain.brokenAt })
        : !chain.receiptsIntact
          ? // The chain adds up, but not to what the signed receipts say: it was rewritten.
            t('timeline.receiptsMismatch', { count: chain.receiptMismatches.length })
          : t('timeline.projectionMismatch', { count: chain.mismatches.length })}
    </p>
  )
}

function StateOnDate({ store }: { store: TimelineStore }): React.JSX.Element {
  const { t } = useTranslation()
  const stateAt = useStore(store, (s) => s.stateAt)
  const field = useRef<DateFieldHandle>(null)

  return (
    <form
      className="state-at__form"
      onSubmit={(event) => {
        event.preventDefault()
        // Enter and the button act on what is in the box now (asking again for the same moment
        // is a fresh reading); a wrong date shows why and changes nothing.
        const at = field.current?.commit()
        if (at) void store.getState().showStateAt(at)
      }}
    >
      <DateField
        ref={field}
        label={t('timeline.stateOn')}
        mode="datetime"
        required
        value={stateAt?.wall ?? null}
        // Committed by the form's submit, above.
        onCommit={() => {}}
      />
      <button type="submit" className="button button--small">
        {t('timeline.show')}
      </button>
      {stateAt && (
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() => {
            void store.getState().showStateAt(null)
            // The button goes away: focus stays on the control the agent will use next.
            field.current?.focus()
          }}
        >
          {t('timeline.clearState')}
        </button>
      )}
    </form>
  )
}

function StateAtResult(props: {
  store: TimelineStore
  language: Language
  purposeLabel: PurposeLabel
}): React.JSX.Element | null {
  const { t } = useTranslation()
  const { store, language } = props
  const stateAt = useStore(store, (s) => s.stateAt)
  const status = useStore(store, (s) => s.stateAtStatus)
  const result = useStore(store, (s) => s.stateAtResult)

  if (status === 'loading') return <p className="muted">{t('app.loading')}</p>
  if (status === 'error') {
    return (
      <p className="client__error" role="alert">
        {t('timeline.stateAtError')}
      </p>
    )
  }
  if (status !== 'ready' || !result || !stateAt) return null
  const title =
    stateAt.wall.time === null
      ? t('timeline.stateAtEndOfDay', { date: formatDate(stateAt.wall.date, language) })
      : t('timeline.stateAtTitle', { date: formatDateTime(stateAt.instant, language) })
  return (
    <section className="state-at__result" data-testid="state-at" aria-label={title}>
      <h3>{title}</h3>
      <ul>
        {PURPOSES.map((purpose) => {
          const row = result.purposes.find((p) => p.purpose === purpose)
          const state = row?.state ?? 'never_given'
          const { number, title: purposeName } = props.purposeLabel(purpose)
          return (
            <li key={purpose} data-purpose={purpose}>
              <span className="state-at__purpose" title={`${number}. ${purposeName}`}>
                {number}. {purposeName}
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
    </section>
  )
}
