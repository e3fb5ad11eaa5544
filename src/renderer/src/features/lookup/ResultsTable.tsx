import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { ClientSearchItem } from '../../../../shared/domain/client'

// Core features only: the API ranks the rows, so the table neither sorts nor filters them.
const features = tableFeatures({})
const helper = createColumnHelper<typeof features, ClientSearchItem>()

export interface ResultsTableProps {
  id: string
  rows: ClientSearchItem[]
  activeIndex: number
  label: string
  /** The rows answer an older text: dimmed and inert until the new answer replaces them. */
  stale: boolean
  /** The text the rows answer ('' for recent clients); marked on the table for tests and bench. */
  resultsFor: string
  onOpen(index: number): void
  onHover(index: number): void
}

export function rowDomId(tableId: string, clientId: string): string {
  return `${tableId}-row-${clientId}`
}

/**
 * A `grid` owned by the search combobox: focus stays in the field and the active row is announced
 * through aria-activedescendant, so typing and arrowing never fight over focus.
 */
export function ResultsTable(props: ResultsTableProps): React.JSX.Element {
  const { t } = useTranslation()
  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor('displayName', {
          header: () => t('lookup.col.name'),
          cell: (info) => <span className="cell-name">{info.getValue()}</span>
        }),
        helper.accessor((row) => row.personalCodeMasked ?? row.registrationNumber ?? '', {
          id: 'identifier',
          header: () => t('lookup.col.identifier'),
          cell: (info) => <span className="mono">{info.getValue() || '—'}</span>
        }),
        // Birth year, phone and town tell apart two clients with the same name.
        helper.accessor((row) => row.birthYear, {
          id: 'birthYear',
          header: () => t('lookup.col.birthYear'),
          cell: (info) => info.getValue() ?? <span className="muted">—</span>
        }),
        helper.accessor('phonesMasked', {
          header: () => t('lookup.col.phones'),
          cell: (info) => {
            const phones = info.getValue()
            return phones.length === 0 ? (
              '—'
            ) : (
              <span className="mono">{phones.join(', ')}</span>
            )
          }
        }),
        helper.accessor((row) => row.town, {
          id: 'town',
          header: () => t('lookup.col.town'),
          cell: (info) => info.getValue() ?? <span className="muted">—</span>
        }),
        helper.accessor((row) => row.contracts, {
          id: 'contracts',
          header: () => t('lookup.col.contracts'),
          cell: (info) => info.getValue() ?? '—'
        }),
        helper.accessor('kind', {
          header: () => t('lookup.col.kind'),
          cell: (info) => (
            <span className={`kind kind--${info.getValue()}`}>
              {t(`lookup.kind.${info.getValue()}`)}
            </span>
          )
        })
      ]),
    // Headers and cells are translated; `t` changes with the language, which rebuilds them.
    [t]
  )

  const table = useTable({
    features,
    columns,
    data: props.rows,
    getRowId: (row) => row.id
  })

  return (
    <table
      id={props.id}
      role="grid"
      aria-label={props.label}
      aria-readonly="true"
      aria-busy={props.stale}
      className={`data-table results ${props.stale ? 'is-stale' : ''}`}
      data-stale={props.stale}
      data-results-for={props.resultsFor}
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
        {table.getRowModel().rows.map((row, index) => {
          const active = index === props.activeIndex
          return (
            <tr
              key={row.id}
              id={rowDomId(props.id, row.id)}
              aria-selected={active}
              className={active ? 'is-active' : undefined}
              onClick={() => props.onOpen(index)}
              onMouseMove={() => {
                if (!active && !props.stale) props.onHover(index)
              }}
            >
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className={`col-${cell.column.id}`}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
