import { Fragment, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import {
  OFFER_CHANNELS,
  PURPOSES,
  type ConsentStateValue,
  type OfferChannel,
  type Purpose,
  type PurposeState
} from '../../../../shared/domain/consent'
import { currentLanguage } from '../../i18n'
import { formatDate } from '../../lib/format'
import { cellKey, stateAfter } from '../../../../shared/domain/consent-rules'
import { baseStateOf } from './model'
import { ClockIcon, StateBadge } from './StateBadge'
import type { ConsentsStore } from './store'
import { usePurposeTitle } from './usePurposeTitle'

export interface ConsentsTabProps {
  store: ConsentsStore
  gateId: string
  onVerify(): void
  /** Opens the last save's receipt again (the preview opens by itself after a save). */
  onShowReceipt(): void
}

export function purposeRowId(purpose: Purpose): string {
  return `purpose-row-${purpose}`
}

/** The seven purposes as rows; toggles make pending changes, nothing is saved from here. */
export function ConsentsTab({
  store,
  gateId,
  onVerify,
  onShowReceipt
}: ConsentsTabProps): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const status = useStore(store, (s) => s.status)
  const errorCode = useStore(store, (s) => s.errorCode)
  const consent = useStore(store, (s) => s.consent)
  const verified = useStore(store, (s) => s.verification !== null)
  const saved = useStore(store, (s) => s.saved)
  const [offersOpen, setOffersOpen] = useState(false)
  const savedRef = useRef<HTMLDivElement>(null)

  // After a save the dialog is gone; focus lands on the confirmation, not on the page body.
  useEffect(() => {
    if (saved) savedRef.current?.focus()
  }, [saved])

  // Alt+1…7 jumps to a purpose (the row header takes focus; the row's controls follow on Tab).
  useEffect(() => {
    function onKey(event: KeyboardEvent): void {
      if (!event.altKey || event.ctrlKey || event.metaKey) return
      const match = /^Digit([1-7])$/.exec(event.code)
      if (!match) return
      const purpose = PURPOSES[Number(match[1]) - 1]
      const target = purpose ? document.getElementById(purposeRowId(purpose)) : null
      if (!target) return
      event.preventDefault()
      target.focus()
      target.scrollIntoView?.({ block: 'nearest' })
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])

  if (status === 'loading' || status === 'idle') {
    return (
      <p className="client__loading" role="status">
        <span className="spinner" aria-hidden="true" /> {t('consents.loading')}
      </p>
    )
  }
  if (status === 'error' || !consent) {
    return (
      <div className="client__error" role="alert">
        <p>{t([`errors.${errorCode ?? 'generic'}`, 'errors.generic'])}</p>
        <button type="button" className="button" onClick={() => void store.getState().reload()}>
          {t('consents.retry')}
        </button>
      </div>
    )
  }

  const byPurpose = new Map(consent.purposes.map((p) => [p.purpose, p]))

  return (
    <div className="consents">
      {saved && (
        <div
          ref={savedRef}
          tabIndex={-1}
          className="consents__saved"
          role="status"
          data-testid="save-success"
        >
          <span aria-hidden="true">✓</span>
          <p>
            {t('consents.savedCount', { count: saved.count })}{' '}
            {receiptLine(saved.response.receipt, t)}
          </p>
          {saved.response.receipt.id && (
            <button type="button" className="button button--small" onClick={onShowReceipt}>
              {t('receipts.showReceipt')}
            </button>
          )}
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => store.getState().dismissSaved()}
          >
            {t('consents.dismiss')}
          </button>
        </div>
      )}
      {!verified && (
        <div className="consents__gate">
          <span aria-hidden="true">!</span>
          <p id={gateId}>{t('consents.gate')}</p>
          <button type="button" className="button button--small" onClick={onVerify}>
            {t('identity.verify')}
          </button>
        </div>
      )}
      <table className="consents__table" aria-label={t('consents.tableLabel')}>
        <thead>
          <tr>
            <th scope="col" className="col-number">
              {t('consents.col.number')}
            </th>
            <th scope="col">{t('consents.col.purpose')}</th>
            <th scope="col" className="col-state">
              {t('consents.col.state')}
            </th>
            <th scope="col" className="col-since">
              {t('consents.col.since')}
            </th>
            <th scope="col" className="col-source">
              {t('consents.col.source')}
            </th>
            <th scope="col" className="col-change">
              {t('consents.col.change')}
            </th>
          </tr>
        </thead>
        <tbody>
          {PURPOSES.map((purpose, index) => {
            const row = byPurpose.get(purpose)
            const isOffers = purpose === 'offers'
            return (
              <Fragment key={purpose}>
                <PurposeRow
                  store={store}
                  purpose={purpose}
                  number={index + 1}
                  row={row}
                  gateId={verified ? undefined : gateId}
                  loyalty={purpose === 'loyalty' ? consent.loyalty : undefined}
                  language={language}
                  offersOpen={offersOpen}
                  onToggleOffers={isOffers ? () => setOffersOpen((open) => !open) : undefined}
                />
                {isOffers &&
                  offersOpen &&
                  OFFER_CHANNELS.map((channel) => (
                    <ChannelRow
                      key={channel}
                      store={store}
                      channel={channel}
                      row={row}
                      gateId={verified ? undefined : gateId}
                      language={language}
                    />
                  ))}
              </Fragment>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

function receiptLine(
  receipt: { id?: string; verificationCode?: string },
  t: (key: string, values: Record<string, string>) => string
): string {
  return [
    receipt.id ? t('consents.receiptId', { id: receipt.id }) : null,
    receipt.verificationCode
      ? t('consents.verificationCode', { code: receipt.verificationCode })
      : null
  ]
    .filter(Boolean)
    .join(', ')
}

function usePending(store: ConsentsStore, purpose: Purpose, channel?: OfferChannel) {
  const key = cellKey(purpose, channel)
  return { key, action: useStore(store, (s) => s.pending[key]) }
}

function PendingMark(props: {
  store: ConsentsStore
  changeKeyValue: string
  after: ConsentStateValue
  name: string
}): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <span className="pending">
      <span className="pending__to">
        {t('consents.pendingTo', { state: t(`consents.state.${props.after}`) })}
      </span>
      <button
        type="button"
        className="button button--ghost button--small"
        aria-label={t('consents.undoLabel', { name: props.name })}
        onClick={() => props.store.getState().undo(props.changeKeyValue)}
      >
        ↶ {t('consents.undo')}
      </button>
    </span>
  )
}

function ConsentSwitch(props: {
  on: boolean
  name: string
  disabled: boolean
  gateId: string | undefined
  onToggle(): void
}): React.JSX.Element {
  const { t } = useTranslation()
  // The Yes/No word sits beside the switch, not in it: the switch's name is the purpose, and a
  // control's name must contain the words it shows (speech users say what they see).
  return (
    <span className="switch-field">
      <button
        type="button"
        role="switch"
        aria-checked={props.on}
        aria-label={props.name}
        aria-describedby={props.gateId}
        className="switch"
        disabled={props.disabled}
        onClick={props.onToggle}
      >
        <span className="switch__track" aria-hidden="true">
          <span className="switch__knob" />
        </span>
      </button>
      <span
        className={`switch__text ${props.disabled ? 'is-disabled' : ''}`}
        aria-hidden="true"
        onClick={props.disabled ? undefined : props.onToggle}
      >
        {props.on ? t('consents.on') : t('consents.off')}
      </span>
    </span>
  )
}

function PurposeRow(props: {
  store: ConsentsStore
  purpose: Purpose
  number: number
  row: PurposeState | undefined
  gateId: string | undefined
  loyalty: { endsOn: string; daysLeft: number } | undefined
  language: ReturnType<typeof currentLanguage>
  offersOpen: boolean
  onToggleOffers?: () => void
}): React.JSX.Element {
  const { t } = useTranslation()
  const { store, purpose, row } = props
  const { key, action } = usePending(store, purpose)
  const verified = props.gateId === undefined
  const base: ConsentStateValue = row?.state ?? 'never_given'
  const effective = action ? stateAfter(action) : base
  const title = usePurposeTitle(store)(purpose)
  const channels = row?.channels ?? []
  const pendingChannels = useStore(store, (s) =>
    Object.keys(s.pending).some((k) => k.startsWith(`${purpose}:`))
  )

  return (
    <tr className={`consents__row ${action ? 'is-pending' : ''}`} data-purpose={purpose}>
      <td className="col-number mono">{props.number}</td>
      <th scope="row" id={purposeRowId(purpose)} tabIndex={-1} className="consents__title">
        {title}
        {props.loyalty && <LoyaltyClock loyalty={props.loyalty} language={props.language} />}
      </th>
      <td>
        <StateBadge state={base} label={t(`consents.state.${base}`)} />
        {action && (
          <PendingMark store={store} changeKeyValue={key} after={effective} name={title} />
        )}
      </td>
      <td>
        {row?.since ? formatDate(row.since, props.language) : <span className="muted">—</span>}
      </td>
      <td>
        {row?.source ? t(`consents.source.${row.source}`) : <span className="muted">—</span>}
      </td>
      <td>
        <div className="consents__controls">
        {props.onToggleOffers ? (
          // The visible words are the button's name (speech users say what they see); the row
          // says whose channels these are.
          <button
            type="button"
            className={`button button--small ${pendingChannels ? 'has-pending' : ''}`}
            aria-expanded={props.offersOpen}
            onClick={props.onToggleOffers}
          >
            <span aria-hidden="true">{props.offersOpen ? '▾' : '▸'}</span>{' '}
            {t('consents.showChannels')}{' '}
            <span className="muted">
              {t('consents.channelsCount', {
                given: channels.filter((c) => c.state === 'given').length,
                total: OFFER_CHANNELS.length
              })}
            </span>
          </button>
        ) : (
          <>
            <ConsentSwitch
              on={effective === 'given' || effective === 'paused'}
              name={title}
              disabled={!verified}
              gateId={props.gateId}
              onToggle={() => store.getState().toggle(purpose)}
            />
            {purpose === 'location' && (effective === 'given' || effective === 'paused') && (
              <button
                type="button"
                className="button button--small"
                disabled={!verified}
                aria-describedby={props.gateId}
                onClick={() => store.getState().togglePause(purpose)}
              >
                {effective === 'paused' ? t('consents.resume') : t('consents.pause')}
              </button>
            )}
          </>
        )}
        </div>
      </td>
    </tr>
  )
}

function ChannelRow(props: {
  store: ConsentsStore
  channel: OfferChannel
  row: PurposeState | undefined
  gateId: string | undefined
  language: ReturnType<typeof currentLanguage>
}): React.JSX.Element {
  const { t } = useTranslation()
  const { store, channel } = props
  const consent = useStore(store, (s) => s.consent)
  const { key, action } = usePending(store, 'offers', channel)
  const base = baseStateOf(consent, 'offers', channel)
  const effective = action ? stateAfter(action) : base
  const channelRow = props.row?.channels?.find((c) => c.channel === channel)
  const name = `${usePurposeTitle(store)('offers')}: ${t(`consents.channel.${channel}`)}`
  return (
    <tr className={`consents__row consents__row--channel ${action ? 'is-pending' : ''}`}>
      <td className="col-number" />
      <th scope="row" className="consents__channel">
        {t(`consents.channel.${channel}`)}
      </th>
      <td>
        <StateBadge state={base} label={t(`consents.state.${base}`)} />
        {action && <PendingMark store={store} changeKeyValue={key} after={effective} name={name} />}
      </td>
      <td>
        {channelRow?.since ? (
          formatDate(channelRow.since, props.language)
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td />
      <td>
        <div className="consents__controls">
          <ConsentSwitch
            on={effective === 'given'}
            name={name}
            disabled={props.gateId !== undefined}
            gateId={props.gateId}
            onToggle={() => store.getState().toggle('offers', channel)}
          />
        </div>
      </td>
    </tr>
  )
}

function LoyaltyClock(props: {
  loyalty: { endsOn: string; daysLeft: number }
  language: ReturnType<typeof currentLanguage>
}): React.JSX.Element {
  const { t } = useTranslation()
  const { daysLeft, endsOn } = props.loyalty
  const level = daysLeft < 5 ? 'red' : daysLeft < 10 ? 'amber' : 'green'
  return (
    <span className={`loyalty loyalty--${level}`} data-testid="loyalty-clock">
      <ClockIcon /> {t('consents.loyaltyUntil', { date: formatDate(endsOn, props.language) })}
      {' · '}
      {daysLeft < 0 ? t('consents.loyaltyOver') : t('consents.daysLeft', { count: daysLeft })}
    </span>
  )
}
