import {
  createColumnHelper,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type PaginationState,
  type SortingState,
  type Updater
} from '@tanstack/react-table'
import { useCallback, useEffect, useId, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import {
  REVIEW_CASE_KINDS,
  REVIEW_CASE_STATUSES,
  type ReviewCaseSort,
  type ReviewCaseSummary
} from '../../../../shared/domain/review'
import type { Staff } from '../../../../shared/domain/staff'
import { CaseStatusBadge } from '../../components/CaseStatusBadge'
import { DateField } from '../../components/DateField'
import { DueChip } from '../../components/DueChip'
import { currentLanguage } from '../../i18n'
import { formatCount, formatDate } from '../../lib/format'
import type { ReviewCaseStore } from './caseStore'
import { isSupervisor, REVIEW_PAGE_SIZE } from './model'
import { useErrorText, useNow } from './parts'
import type { QueueFilters, ReviewQueueStore } from './queueStore'

// Sorting and paging are the API's: the table holds their state and shows the page it is given.
const features = tableFeatures({ rowSortingFeature, rowPaginationFeature })
const helper = createColumnHelper<typeof features, ReviewCaseSummary>()

/** The columns the API sorts by, as the table names them. */
const SORTABLE = ['number', 'requestedAt', 'dueAt'] as const
type SortColumn = (typeof SORTABLE)[number]

function sortingOf(sort: ReviewCaseSort): SortingState {
  const desc = sort.startsWith('-')
  return [{ id: desc ? sort.slice(1) : sort, desc }]
}

function sortOf(sorting: SortingState): ReviewCaseSort | null {
  const first = sorting[0]
  if (!first || !(SORTABLE as readonly string[]).includes(first.id)) return null
  const column = first.id as SortColumn
  return (first.desc ? `-${column}` : column) as ReviewCaseSort
}

function resolve<T>(updater: Updater<T>, previous: T): T {
  return typeof updater === 'function' ? (updater as (old: T) => T)(previous) : updater
}

export interface QueueScreenProps {
  queue: ReviewQueueStore
  reviewCase: ReviewCaseStore
  staff: Staff
  onOpen(id: string): void
}

/**
 * The review queue: filters on the left, the cases in the middle (sorted, filtered, searched and
 * paged by the API), and Claim next, which takes the unclaimed case due soonest.
 */
export function QueueScreen({
  queue,
  reviewCase,
  staff,
  onOpen
}: QueueScreenProps): React.JSX.Element {
  const { t } = useTranslation()
  const claimNext = useStore(reviewCase, (s) => s.claimNext)
  const errorText = useErrorText()
  const claimRef = useRef<HTMLButtonElement>(null)

  // Each time the queue comes on screen its page is asked for again: cases move on while a
  // reviewer reads one (or works elsewhere); the rows shown stay until the answer.
  // Shown from the top bar, the page was asked for already (Shell starts it on the click).
  useEffect(() => {
    if (queue.getState().status !== 'loading') void queue.getState().load()
  }, [queue])

  // The queue opens with the primary action in reach: Enter claims the next case.
  useEffect(() => {
    claimRef.current?.focus()
  }, [])

  return (
    <main className="review-queue" aria-labelledby="review-queue-title">
      <header className="review-queue__head">
        <h1 id="review-queue-title">{t('review.queue.title')}</h1>
        <SearchBox queue={queue} />
        <div className="review-queue__claim">
          <button
            ref={claimRef}
            type="button"
            className="button button--primary"
            aria-keyshortcuts="Control+Shift+N"
            disabled={claimNext.status === 'claiming'}
            aria-busy={claimNext.status === 'claiming'}
            onClick={() => void reviewCase.getState().claimNextCase()}
          >
            {claimNext.status === 'claiming' && <span className="spinner" aria-hidden="true" />}
            {t('review.queue.claimNext')} <kbd aria-hidden="true">Ctrl+Shift+N</kbd>
          </button>
          <p className="review-queue__claim-status" role="status" data-testid="claim-next-status">
            {claimNext.status === 'empty' && t('review.queue.nothingToClaim')}
            {claimNext.status === 'error' && errorText(claimNext.errorCode ?? 'generic')}
          </p>
        </div>
      </header>
      <Filters queue={queue} staff={staff} />
      <section className="review-queue__list" aria-label={t('review.queue.tableLabel')}>
        <QueueTable queue={queue} onOpen={onOpen} />
      </section>
    </main>
  )
}

function SearchBox({ queue }: { queue: ReviewQueueStore }): React.JSX.Element {
  const { t } = useTranslation()
  const query = useStore(queue, (s) => s.query)
  const id = useId()
  return (
    <div className="review-queue__search field">
      <label htmlFor={id} className="visually-hidden">
        {t('review.queue.search')}
      </label>
      <input
        id={id}
        type="search"
        value={query}
        placeholder={t('review.queue.searchPlaceholder')}
        autoComplete="off"
        spellCheck={false}
        maxLength={100}
        onChange={(event) => queue.getState().setQuery(event.target.value)}
        onKeyDown={(event) => {
          // Enter acts on what is in the box now, without waiting for the pause.
          if (event.key === 'Enter') {
            event.preventDefault()
            queue.getState().searchNow()
          }
        }}
      />
    </div>
  )
}

function Filters({ queue, staff }: { queue: ReviewQueueStore; staff: Staff }): React.JSX.Element {
  const { t } = useTranslation()
  const filters = useStore(queue, (s) => s.filters)
  const id = useId()
  const supervisor = isSupervisor(staff)
  const set = (next: QueueFilters): void => queue.getState().setFilters(next)
  const without = (key: keyof QueueFilters): QueueFilters => {
    const { [key]: _, ...rest } = filters
    return rest
  }
  const awaiting = filters.status === 'awaiting_approval'
  const assignee = filters.assignee ?? 'anyone'

  return (
    <aside className="review-filters" aria-label={t('review.filter.label')}>
      <h2 className="visually-hidden">{t('review.filter.label')}</h2>
      {supervisor && (
        <button
          type="button"
          className="button review-filters__awaiting"
          aria-pressed={awaiting}
          onClick={() =>
            set(
              awaiting ? without('status') : { ...without('assignee'), status: 'awaiting_approval' }
            )
          }
        >
          {t('review.filter.awaitingApproval')}
        </button>
      )}
      <label className="field">
        <span>{t('review.filter.kind')}</span>
        <select
          value={filters.kind ?? ''}
          onChange={(event) => {
            const value = REVIEW_CASE_KINDS.find((kind) => kind === event.target.value)
            set(value ? { ...filters, kind: value } : without('kind'))
          }}
        >
          <option value="">{t('review.filter.allKinds')}</option>
          {REVIEW_CASE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`review.kind.${kind}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('review.filter.status')}</span>
        <select
          value={filters.status ?? ''}
          onChange={(event) => {
            const value = REVIEW_CASE_STATUSES.find((status) => status === event.target.value)
            set(value ? { ...filters, status: value } : without('status'))
          }}
        >
          <option value="">{t('review.filter.allStatuses')}</option>
          {REVIEW_CASE_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`review.status.${status}`)}
            </option>
          ))}
        </select>
      </label>
      <DateField
        label={t('review.filter.dueBefore')}
        mode="date"
        commitWhileTyping
        value={filters.dueBefore ? { date: filters.dueBefore, time: null } : null}
        onCommit={(value) =>
          set(value ? { ...filters, dueBefore: value.date } : without('dueBefore'))
        }
      />
      <fieldset className="review-filters__assignee">
        <legend>{t('review.filter.assignee')}</legend>
        {(['anyone', 'me', 'none'] as const).map((option) => (
          <label key={option} className="radio">
            <input
              type="radio"
              name={`${id}-assignee`}
              value={option}
              checked={assignee === option}
              onChange={() =>
                set(option === 'anyone' ? without('assignee') : { ...filters, assignee: option })
              }
            />
            {t(`review.filter.assigneeOption.${option}`)}
          </label>
        ))}
      </fieldset>
      {Object.keys(filters).length > 0 && (
        <button type="button" className="button button--ghost" onClick={() => set({})}>
          {t('review.filter.clear')}
        </button>
      )}
    </aside>
  )
}

function QueueTable({
  queue,
  onOpen
}: {
  queue: ReviewQueueStore
  onOpen(id: string): void
}): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const errorText = useErrorText()
  const now = useNow(60_000)
  const { status, items, total, nextCursor, pageIndex, sort, errorCode, filtered } = useStore(
    queue,
    useShallow((s) => ({
      status: s.status,
      items: s.items,
      total: s.total,
      nextCursor: s.nextCursor,
      pageIndex: s.pageIndex,
      sort: s.sort,
      errorCode: s.errorCode,
      filtered: Object.keys(s.filters).length > 0 || s.resultsFor !== ''
    }))
  )
  const bodyRef = useRef<HTMLTableSectionElement>(null)

  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor('number', {
          header: () => t('review.col.number'),
          cell: (info) => <span className="mono">{info.getValue()}</span>
        }),
        helper.accessor('kind', {
          header: () => t('review.col.kind'),
          enableSorting: false,
          cell: (info) => t(`review.kindShort.${info.getValue()}`)
        }),
        helper.accessor((row) => row.client.displayName, {
          id: 'client',
          header: () => t('review.col.client'),
          enableSorting: false,
          cell: (info) => (
            <span className="review-client">
              <span className="cell-name">{info.getValue()}</span>
              {info.row.original.client.maskedIdentifier && (
                <span className="mono muted">{info.row.original.client.maskedIdentifier}</span>
              )}
            </span>
          )
        }),
        helper.accessor('requestedAt', {
          header: () => t('review.col.requested'),
          cell: (info) => formatDate(info.getValue(), language)
        }),
        helper.accessor('dueAt', {
          header: () => t('review.col.due'),
          cell: (info) => (
            <span className="review-due">
              <span className="review-due__date">{formatDate(info.getValue(), language)}</span>
              {info.row.original.status === 'closed' ? null : (
                <DueChip dueAt={info.getValue()} now={now} />
              )}
            </span>
          )
        }),
        helper.accessor('status', {
          header: () => t('review.col.status'),
          enableSorting: false,
          cell: (info) => <CaseStatusBadge status={info.getValue()} />
        }),
        helper.accessor((row) => row.assignee?.displayName ?? null, {
          id: 'assignee',
          header: () => t('review.col.assignee'),
          enableSorting: false,
          cell: (info) => info.getValue() ?? <span className="muted">{t('review.unassigned')}</span>
        })
      ]),
    [t, language, now]
  )

  const sorting = useMemo(() => sortingOf(sort), [sort])
  const pagination = useMemo<PaginationState>(
    () => ({ pageIndex, pageSize: REVIEW_PAGE_SIZE }),
    [pageIndex]
  )

  const onSortingChange = useCallback(
    (updater: Updater<SortingState>) => {
      const next = sortOf(resolve(updater, sortingOf(queue.getState().sort)))
      if (next) queue.getState().setSort(next)
    },
    [queue]
  )
  const onPaginationChange = useCallback(
    (updater: Updater<PaginationState>) => {
      const current = queue.getState().pageIndex
      const next = resolve(updater, { pageIndex: current, pageSize: REVIEW_PAGE_SIZE })
      if (next.pageIndex > current) queue.getState().nextPage()
      else if (next.pageIndex < current) queue.getState().previousPage()
    },
    [queue]
  )

  const table = useTable({
    features,
    columns,
    data: items,
    getRowId: (row) => row.id,
    state: { sorting, pagination },
    onSortingChange,
    onPaginationChange,
    manualSorting: true,
    manualPagination: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    rowCount: total
  })

  function moveFocus(from: HTMLElement, delta: number): void {
    const rows = Array.from(bodyRef.current?.querySelectorAll<HTMLElement>('tr') ?? [])
    const index = rows.indexOf(from)
    rows[Math.min(rows.length - 1, Math.max(0, index + delta))]?.focus()
  }

  if (status === 'error') {
    return (
      <div className="review-state review-state--error" role="alert">
        <p>{errorText(errorCode ?? 'generic')}</p>
        <button type="button" className="button" onClick={() => void queue.getState().load()}>
          {t('review.retry')}
        </button>
      </div>
    )
  }

  const from = pageIndex * REVIEW_PAGE_SIZE + 1
  const to = pageIndex * REVIEW_PAGE_SIZE + items.length
  const loading = status === 'loading' || status === 'idle'

  return (
    <>
      <div className="review-table-scroll">
        <table
          className={`data-table review-table ${loading ? 'is-stale' : ''}`}
          aria-label={t('review.queue.tableLabel')}
          aria-busy={loading}
        >
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sortable = header.column.getCanSort()
                  const sorted = header.column.getIsSorted()
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className={`col-${header.column.id}`}
                      aria-sort={
                        !sortable
                          ? undefined
                          : sorted === 'asc'
                            ? 'ascending'
                            : sorted === 'desc'
                              ? 'descending'
                              : 'none'
                      }
                    >
                      {sortable ? (
                        <button
                          type="button"
                          className="sort-button"
                          onClick={header.column.getToggleSortingHandler()}
                        >
                          <table.FlexRender header={header} />
                          <span className="sort-button__arrow" aria-hidden="true">
                            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                          </span>
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  )
                })}
              </tr>
            ))}
          </thead>
          <tbody ref={bodyRef}>
            {table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                tabIndex={0}
                className="review-row"
                data-testid="review-row"
                data-case-id={row.id}
                onClick={() => onOpen(row.id)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') {
                    event.preventDefault()
                    onOpen(row.id)
                  } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                    event.preventDefault()
                    moveFocus(event.currentTarget, event.key === 'ArrowDown' ? 1 : -1)
                  }
                }}
              >
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className={`col-${cell.column.id}`}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {loading && items.length === 0 && (
          <p className="review-state" role="status">
            <span className="spinner" aria-hidden="true" /> {t('review.queue.loading')}
          </p>
        )}
        {status === 'ready' && items.length === 0 && (
          <p className="review-state" role="status">
            {filtered ? t('review.queue.noMatches') : t('review.queue.empty')}
          </p>
        )}
      </div>
      <nav className="review-pager" aria-label={t('review.queue.pages')}>
        <p role="status" data-testid="review-range">
          {items.length > 0 &&
            t('review.queue.range', {
              from: formatCount(from, language),
              to: formatCount(to, language),
              total: formatCount(total, language)
            })}
        </p>
        <button
          type="button"
          className="button button--small"
          disabled={!table.getCanPreviousPage() || loading}
          onClick={() => table.previousPage()}
        >
          <span aria-hidden="true">←</span> {t('review.queue.previous')}
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={nextCursor === null || loading}
          onClick={() => table.nextPage()}
        >
          {t('review.queue.next')} <span aria-hidden="true">→</span>
        </button>
      </nav>
    </>
  )
}
