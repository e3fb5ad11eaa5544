import { useEffect, useRef, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { ResultsTable, rowDomId } from './ResultsTable'
import { isPartialPersonalCode, rowsAreCurrent, visibleRows, type LookupStore } from './store'
import './lookup.css'

export interface LookupScreenProps {
  store: LookupStore
}

const RESULTS_ID = 'lookup-results'

export function LookupScreen({ store }: LookupScreenProps): React.JSX.Element {
  const { t } = useTranslation()
  const state = useStore(
    store,
    useShallow((s) => ({
      query: s.query,
      status: s.status,
      items: s.items,
      resultsFor: s.resultsFor,
      hasMore: s.hasMore,
      enterPending: s.enterPending,
      recent: s.recent,
      error: s.error,
      activeIndex: s.activeIndex,
      focusToken: s.focusToken
    }))
  )
  const inputRef = useRef<HTMLInputElement>(null)
  const rows = visibleRows(state)
  const hasQuery = state.query.trim() !== ''
  const current = rowsAreCurrent(state)
  const showTable = rows.length > 0 && (hasQuery ? state.status !== 'error' : true)
  const active = current && state.activeIndex >= 0 ? rows[state.activeIndex] : undefined

  // Focused on arrival and whenever someone asks for it (Ctrl+K); the text is selected so a new
  // identifier can be typed straight over the old one.
  useEffect(() => {
    inputRef.current?.focus()
    inputRef.current?.select()
  }, [state.focusToken])

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    const { moveActive, setQuery, submit } = store.getState()
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault()
        moveActive(1)
        break
      case 'ArrowUp':
        event.preventDefault()
        moveActive(-1)
        break
      case 'Enter':
        event.preventDefault()
        submit()
        break
      case 'Escape':
        if (state.query !== '') {
          event.preventDefault()
          setQuery('')
        }
        break
    }
  }

  let status: React.ReactNode = null
  if (hasQuery) {
    if (state.status === 'loading') status = t('lookup.loading')
    else if (state.status === 'ready' && state.items.length === 0) status = t('lookup.noResults')
    else if (state.status === 'ready' && state.hasMore)
      status = t('lookup.resultsCapped', { count: state.items.length })
    else if (state.status === 'ready') status = t('lookup.results', { count: state.items.length })
  }
  const busy = state.status === 'loading' || state.enterPending

  return (
    <main className="lookup" aria-labelledby="lookup-heading">
      <h1 id="lookup-heading" className="visually-hidden">
        {t('lookup.heading')}
      </h1>
      <div className="lookup__search">
        <label htmlFor="lookup-query" className="lookup__label">
          {t('lookup.label')}
        </label>
        <div className="lookup__field">
          <input
            id="lookup-query"
            ref={inputRef}
            type="search"
            role="combobox"
            aria-autocomplete="none"
            aria-expanded={showTable}
            aria-controls={RESULTS_ID}
            aria-activedescendant={
              showTable && active ? rowDomId(RESULTS_ID, active.id) : undefined
            }
            aria-describedby="lookup-hint"
            aria-invalid={state.error?.code === 'invalid_identifier' || undefined}
            aria-busy={busy || undefined}
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
            value={state.query}
            onChange={(event) => store.getState().setQuery(event.target.value)}
            onKeyDown={onKeyDown}
          />
          <kbd className="lookup__kbd" aria-hidden="true">
            Ctrl+K
          </kbd>
        </div>
        <p id="lookup-hint" className="lookup__hint">
          {isPartialPersonalCode(state.query) ? (
            <span className="lookup__hint--partial">{t('lookup.partialPersonalCode')}</span>
          ) : (
            t('lookup.hint')
          )}
        </p>
      </div>

      <div className="lookup__status" role="status" aria-live="polite" data-testid="lookup-status">
        {busy && <span className="spinner" aria-hidden="true" />}
        {status}
      </div>

      {hasQuery && state.status === 'error' && state.error && (
        <div className="lookup__error" role="alert">
          <p>{t([state.error.messageKey, 'errors.generic'])}</p>
          {state.error.code !== 'invalid_identifier' && (
            <button type="button" className="button" onClick={() => store.getState().retry()}>
              {t('lookup.retry')}
            </button>
          )}
        </div>
      )}

      {hasQuery && state.status === 'ready' && state.items.length === 0 && (
        <p className="lookup__empty" data-results-for={state.resultsFor ?? ''}>
          {t('lookup.noResultsHint')}
        </p>
      )}

      {!hasQuery && rows.length > 0 && (
        <h2 className="lookup__subheading" id="lookup-recent">
          {t('lookup.recentHeading')}
        </h2>
      )}
      {!hasQuery && rows.length === 0 && <p className="lookup__empty">{t('lookup.emptyHint')}</p>}

      {showTable && (
        <ResultsTable
          id={RESULTS_ID}
          rows={rows}
          activeIndex={current ? state.activeIndex : -1}
          label={hasQuery ? t('lookup.resultsLabel') : t('lookup.recentHeading')}
          stale={!current}
          resultsFor={hasQuery ? (state.resultsFor ?? '') : ''}
          onOpen={(index) => store.getState().openRow(index)}
          onHover={(index) => store.getState().setActive(index)}
        />
      )}

      <p className="lookup__shortcuts muted" aria-hidden="true">
        {t('lookup.shortcut')}
      </p>
    </main>
  )
}
