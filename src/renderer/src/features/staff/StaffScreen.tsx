import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import type { Staff } from '../../../../shared/domain/staff'
import type { StaffAccount } from '../../../../shared/domain/staff-admin'
import { currentLanguage } from '../../i18n'
import { formatDate, formatTime } from '../../lib/format'
import { CreateStaffDialog, EditStaffDialog } from './StaffDialogs'
import type { StaffAdminStore } from './store'
import './staff.css'

// Core features only: the API orders the accounts (centre, then name).
const features = tableFeatures({})
const helper = createColumnHelper<typeof features, StaffAccount>()

export interface StaffScreenProps {
  store: StaffAdminStore
  /** The signed-in admin: their own row says so, and cannot lose its admin role. */
  self: Staff
}

/** Active, disabled, locked, must change the password: each a word, never a colour alone. */
export function AccountStatus({
  account
}: {
  account: StaffAccount['account']
}): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  return (
    <span className="staff-status">
      {account.disabled ? (
        <span className="staff-badge staff-badge--disabled">{t('staff.status.disabled')}</span>
      ) : (
        <span className="staff-badge staff-badge--active">{t('staff.status.active')}</span>
      )}
      {account.lockedUntil && (
        <span className="staff-badge staff-badge--locked">
          <span aria-hidden="true">🔒 </span>
          {t('staff.status.lockedUntil', { time: formatTime(account.lockedUntil, language) })}
        </span>
      )}
      {account.mustChangePassword && (
        <span className="staff-badge staff-badge--password">{t('staff.status.mustChange')}</span>
      )}
    </span>
  )
}

/**
 * The admin's desk: every staff account, a new one (Alt+N), and an account's edit dialog (Enter
 * on a row). Admins see no client data, so this is their whole workspace.
 */
export function StaffScreen({ store, self }: StaffScreenProps): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const { status, items, centres, errorCode } = useStore(
    store,
    useShallow((s) => ({
      status: s.status,
      items: s.items,
      centres: s.centres,
      errorCode: s.errorCode
    }))
  )
  const [creating, setCreating] = useState(false)
  const [editingId, setEditingId] = useState<string | null>(null)
  const newButton = useRef<HTMLButtonElement>(null)
  const bodyRef = useRef<HTMLTableSectionElement>(null)
  const editing = items.find((item) => item.id === editingId) ?? null

  useEffect(() => {
    void store.getState().load()
  }, [store])

  useEffect(() => {
    function onKey(event: KeyboardEvent): void {
      if (event.altKey && !event.ctrlKey && !event.metaKey && event.key.toLowerCase() === 'n') {
        if (creating || editingId !== null) return
        event.preventDefault()
        setCreating(true)
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [creating, editingId])

  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor('displayName', {
          header: () => t('staff.col.name'),
          cell: (info) => (
            <span className="staff-name">
              <span className="cell-name">{info.getValue()}</span>
              <span className="muted staff-username">
                {info.row.original.username}
                {info.row.original.id === self.id && ` · ${t('staff.you')}`}
              </span>
            </span>
          )
        }),
        helper.accessor('roles', {
          header: () => t('staff.col.roles'),
          cell: (info) =>
            info
              .getValue()
              .map((role) => t(`app.roles.${role}`))
              .join(', ')
        }),
        helper.accessor((row) => row.centre.name, {
          id: 'centre',
          header: () => t('staff.col.centre')
        }),
        helper.accessor('account', {
          header: () => t('staff.col.status'),
          cell: (info) => <AccountStatus account={info.getValue()} />
        }),
        helper.accessor((row) => row.account.createdAt, {
          id: 'created',
          header: () => t('staff.col.created'),
          cell: (info) => formatDate(info.getValue(), language)
        })
      ]),
    [t, language, self.id]
  )

  const table = useTable({ features, columns, data: items, getRowId: (row) => row.id })

  function moveFocus(from: HTMLElement, delta: number): void {
    const rows = Array.from(bodyRef.current?.querySelectorAll<HTMLElement>('tr') ?? [])
    const index = rows.indexOf(from)
    rows[Math.min(rows.length - 1, Math.max(0, index + delta))]?.focus()
  }

  const disabledCount = items.filter((item) => item.account.disabled).length

  return (
    <main className="staff-screen">
      <header className="staff-screen__header">
        <div>
          <h1>{t('staff.heading')}</h1>
          {status === 'ready' && (
            <p className="muted" role="status">
              {t('staff.count', { count: items.length })}
              {disabledCount > 0 && ` · ${t('staff.disabledCount', { count: disabledCount })}`}
            </p>
          )}
        </div>
        <button
          ref={newButton}
          type="button"
          className="button button--primary"
          onClick={() => setCreating(true)}
        >
          {t('staff.new')} <kbd aria-hidden="true">Alt+N</kbd>
        </button>
      </header>
      {status === 'error' ? (
        <div className="staff-state staff-state--error" role="alert">
          <p>{t([`errors.${errorCode ?? 'generic'}`, 'errors.generic'])}</p>
          <button type="button" className="button" onClick={() => void store.getState().load()}>
            {t('staff.retry')}
          </button>
        </div>
      ) : (
        <div className="staff-table-scroll">
          <table
            className={`data-table staff-table ${status === 'loading' ? 'is-stale' : ''}`}
            aria-label={t('staff.tableLabel')}
            aria-busy={status === 'loading'}
          >
            <thead>
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => (
                    <th key={header.id} scope="col" className={`col-${header.column.id}`}>
                      <table.FlexRender header={header} />
                    </th>
                  ))}
                </tr>
              ))}
            </thead>
            <tbody ref={bodyRef}>
              {table.getRowModel().rows.map((row) => (
                <tr
                  key={row.id}
                  tabIndex={0}
                  className="staff-row"
                  data-testid="staff-row"
                  data-username={row.original.username}
                  aria-label={t('staff.editRow', { name: row.original.displayName })}
                  onClick={() => setEditingId(row.id)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') {
                      event.preventDefault()
                      setEditingId(row.id)
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
          {(status === 'loading' || status === 'idle') && items.length === 0 && (
            <p className="staff-state" role="status">
              <span className="spinner" aria-hidden="true" /> {t('staff.loading')}
            </p>
          )}
          {status === 'ready' && items.length === 0 && (
            <p className="staff-state" role="status">
              {t('staff.empty')}
            </p>
          )}
        </div>
      )}
      {creating && (
        <CreateStaffDialog store={store} centres={centres} onClose={() => setCreating(false)} />
      )}
      {editing && (
        <EditStaffDialog
          key={editing.id}
          store={store}
          account={editing}
          centres={centres}
          isSelf={editing.id === self.id}
          onClose={() => setEditingId(null)}
        />
      )}
    </main>
  )
}
