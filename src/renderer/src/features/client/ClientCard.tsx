import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import type { Client, Contract } from '../../../../shared/domain/client'
import type { LeaveGuardStore } from '../../app/leaveGuard'
import { currentLanguage } from '../../i18n'
import { formatDate, formatPersonalCode, formatPhone } from '../../lib/format'
import { useMediaQuery } from '../../lib/useMediaQuery'
import {
  ConsentsPanel,
  IdentityChip,
  PendingBar,
  type ConsentsStore,
  type TimelineStore
} from '../consents'
import { RevealDialog } from './RevealDialog'
import { EditClientDialog } from './EditClientDialog'
import type { ClientStore } from './store'
import './client.css'
import type { DecisionsStore } from '../decisions'
import type { PrintPreviewStore, ReceiptRegisterStore } from '../receipts'

export interface ClientCardProps {
  store: ClientStore
  consents: ConsentsStore
  timeline: TimelineStore
  decisions: DecisionsStore
  printPreview: PrintPreviewStore
  clientReceipts: ReceiptRegisterStore
  /** Asks before pending changes would be thrown away (the pending bar's Discard). */
  leave: LeaveGuardStore
  /** Back to the search; the caller asks first when changes are pending. */
  onBack(): void
  /** Supervisors: the client's rows of the access log (who looked, when, why); else absent. */
  onOpenAccessLog?: (client: { id: string; name: string }) => void
  /** Counter staff may change the client's contact data; absent or false: no "Edit details". */
  canEdit?: boolean
  /** Supervisors: names too (e.g. after a marriage). */
  canEditNames?: boolean
}

/** Side-by-side panes from this width; below it the details sit above the tabs. */
export const WIDE_LAYOUT_QUERY = '(min-width: 1500px)'
/** More contracts than this collapse to one line on a narrow window. */
const CONTRACTS_SHOWN = 2

function clientName(client: Client): string {
  if (client.name) return client.name
  return [client.firstName, client.lastName].filter(Boolean).join(' ')
}

export function ClientCard({
  store,
  consents,
  timeline,
  decisions,
  printPreview,
  clientReceipts,
  leave,
  onBack,
  onOpenAccessLog,
  canEdit = false,
  canEditNames = false
}: ClientCardProps): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const { preview, status, client, errorCode, revealed, revealBusy, revealErrorCode } = useStore(
    store,
    useShallow((s) => ({
      preview: s.preview,
      status: s.status,
      client: s.client,
      errorCode: s.errorCode,
      revealed: s.revealed,
      revealBusy: s.revealBusy,
      revealErrorCode: s.revealErrorCode
    }))
  )
  const [asking, setAsking] = useState(false)
  const [editing, setEditing] = useState(false)
  const [editOpening, setEditOpening] = useState(false)
  const [editRevealFailed, setEditRevealFailed] = useState(false)
  const [editSaved, setEditSaved] = useState(false)
  const editHintId = useId()
  // Data are changed only for a client whose identity was verified, as consents are.
  const verification = useStore(consents, (s) => s.verification)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const openId = useStore(store, (s) => s.openId)
  const wide = useMediaQuery(WIDE_LAYOUT_QUERY)

  // Opening from the search already asked for the consents beside the client's details; a card
  // opened any other way asks here. Never twice: a second open would drop pending changes.
  useEffect(() => {
    if (openId !== null && consents.getState().clientId !== openId) {
      void consents.getState().open(openId)
    }
  }, [consents, openId])

  // Screen readers hear the client's name as soon as the card opens; Tab continues from there.
  useEffect(() => {
    headingRef.current?.focus()
  }, [])

  useEffect(() => {
    function onKey(event: KeyboardEvent): void {
      // Esc is "back"; with pending changes the caller asks before anything is lost.
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault()
        onBack()
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [onBack])

  const name = client ? clientName(client) : (preview?.displayName ?? '')
  const kind = client?.kind ?? preview?.kind
  // Masked as the API sent them; whole only from the reveal's answer.
  const phones = revealed
    ? revealed.phones.map(formatPhone)
    : (client?.phonesMasked ?? preview?.phonesMasked ?? [])
  const email = revealed ? revealed.email : (client?.emailMasked ?? null)
  const maskedCode = client?.personalCodeMasked ?? preview?.personalCodeMasked

  let identifierLabel: string | null = null
  let identifier: string | null = null
  if (kind === 'business') {
    // Company registration numbers are public (Uzņēmumu reģistrs): no masking needed.
    identifierLabel = t('client.registrationNumber')
    identifier = client?.registrationNumber ?? preview?.registrationNumber ?? null
  } else if (maskedCode) {
    identifierLabel = t('client.personalCode')
    identifier = revealed?.personalCode ? formatPersonalCode(revealed.personalCode) : maskedCode
  }
  async function startEditing(): Promise<void> {
    setEditSaved(false)
    setEditRevealFailed(false)
    // The form edits the real phones and e-mail: shown for this change, with the reveal logged
    // as one made for the client at the counter.
    if (!store.getState().revealed) {
      setEditOpening(true)
      const shown = await store.getState().reveal({ reason: 'client_at_counter' })
      setEditOpening(false)
      if (!shown) {
        setEditRevealFailed(true)
        return
      }
    }
    setEditing(true)
  }

  const hasCode = Boolean(client?.personalCodeMasked)
  const canReveal =
    status === 'ready' && (hasCode || phones.length > 0 || (client?.emailMasked ?? null) !== null)

  return (
    <main
      className="client"
      aria-labelledby="client-name"
      aria-busy={status === 'loading'}
      data-client-id={openId ?? undefined}
    >
      {/* Whose consents these are stays on screen: the header is outside the scrolling body. */}
      <header className="client__header" data-testid="client-header">
        <button type="button" className="button button--ghost client__back" onClick={onBack}>
          <span aria-hidden="true">←</span> {t('client.back')}
          <kbd aria-hidden="true">{t('client.backHint')}</kbd>
        </button>
        <div className="client__title">
          <h1 id="client-name" ref={headingRef} tabIndex={-1}>
            {name}
          </h1>
          {kind && <span className={`kind kind--${kind}`}>{t(`lookup.kind.${kind}`)}</span>}
        </div>
        <dl className="client__facts client__facts--key">
          {identifierLabel && (
            <div>
              <dt>{identifierLabel}</dt>
              <dd className="mono" data-testid="client-identifier">
                {identifier}
              </dd>
            </div>
          )}
          <div>
            <dt>{t('client.phones')}</dt>
            <dd className="mono">
              {phones.length === 0
                ? t('client.noPhones')
                : phones.map((phone) => (
                    <span key={phone} className="phone">
                      {phone}
                    </span>
                  ))}
            </dd>
          </div>
        </dl>
        <div className="client__side">
          {canReveal && (
            <button
              type="button"
              className="button button--small"
              // A short name that speech users (and E2E) can say; the tooltip says what it covers.
              title={
                hasCode ? (revealed ? t('client.hideHint') : t('client.revealHint')) : undefined
              }
              onClick={() => {
                if (revealed) store.getState().hide()
                else setAsking(true)
              }}
            >
              {/* A company's registration number is public: its reveal covers the phones. */}
              {hasCode
                ? revealed
                  ? t('client.hide')
                  : t('client.reveal')
                : revealed
                  ? t('client.hidePhones')
                  : t('client.revealPhones')}
            </button>
          )}
          {onOpenAccessLog && client && (
            <button
              type="button"
              className="button button--small button--ghost"
              onClick={() => onOpenAccessLog({ id: client.id, name: clientName(client) })}
            >
              {t('accessLog.open')}
            </button>
          )}
          <IdentityChip store={consents} clientKind={kind} />
        </div>
      </header>
      {asking && (
        <RevealDialog
          busy={revealBusy}
          errorCode={revealErrorCode}
          onClose={() => setAsking(false)}
          onReveal={(request) => {
            void store
              .getState()
              .reveal(request)
              .then((shown) => {
                if (shown) setAsking(false)
              })
          }}
        />
      )}

      {editing && client && revealed && verification && (
        <EditClientDialog
          client={client}
          revealed={revealed}
          canEditNames={canEditNames}
          identity={{
            method: verification.method,
            ...(verification.documentLast4 ? { documentLast4: verification.documentLast4 } : {}),
            ...(verification.representative ? { representative: verification.representative } : {})
          }}
          onSave={async (change) => {
            const outcome = await store.getState().save(change)
            if (outcome.ok) setEditSaved(true)
            return outcome
          }}
          onReload={() => store.getState().refresh()}
          onClose={() => setEditing(false)}
        />
      )}

      <div className="client__body">
        <aside className="client__details" aria-label={t('client.details')}>
          {status === 'loading' && (
            <p className="client__loading" role="status">
              <span className="spinner" aria-hidden="true" /> {t('client.loading')}
            </p>
          )}
          {status === 'error' && (
            <div className="client__error" role="alert">
              <p>{t([`errors.${errorCode ?? 'generic'}`, 'errors.generic'])}</p>
              <button
                type="button"
                className="button"
                onClick={() => void store.getState().retry()}
              >
                {t('client.retry')}
              </button>
            </div>
          )}
          {client && (
            <>
              <dl className="client__facts">
                <div>
                  <dt>{t('client.language')}</dt>
                  <dd>{t(`client.languages.${client.language}`)}</dd>
                </div>
                <div>
                  <dt>{t('client.email')}</dt>
                  <dd className="client__email mono" title={email ?? undefined}>
                    {email ?? <span className="muted">{t('client.noEmail')}</span>}
                  </dd>
                </div>
                {client.address && (
                  <div>
                    <dt>{t('client.address')}</dt>
                    <dd>{client.address}</dd>
                  </div>
                )}
              </dl>
              {canEdit && (
                <div className="client__edit">
                  <button
                    type="button"
                    className="button button--small"
                    disabled={verification === null || editOpening}
                    title={verification === null ? t('client.edit.verifyFirst') : undefined}
                    aria-describedby={verification === null ? editHintId : undefined}
                    onClick={() => void startEditing()}
                  >
                    {editOpening && <span className="spinner" aria-hidden="true" />}
                    {t('client.edit.open')}
                  </button>
                  {verification === null && (
                    // Said, not shown: the identity chip in the header already shows the check is
                    // missing, and the card must keep the seven purposes in view at 1366×768.
                    <p id={editHintId} className="visually-hidden">
                      {t('client.edit.verifyFirst')}
                    </p>
                  )}
                  {editRevealFailed && (
                    <p className="client__reveal-error" role="alert">
                      {t('client.edit.errors.revealFailed')}
                    </p>
                  )}
                  {editSaved && (
                    <p className="client__edit-saved" role="status">
                      {t('client.edit.saved')}
                    </p>
                  )}
                </div>
              )}
              <Contracts contracts={client.contracts} language={language} expanded={wide} />
            </>
          )}
        </aside>

        {openId !== null && (
          <ConsentsPanel
            store={consents}
            timeline={timeline}
            decisions={decisions}
            printPreview={printPreview}
            clientReceipts={clientReceipts}
            leave={leave}
            clientId={openId}
            clientLanguage={client?.language ?? null}
            onVerify={() => consents.getState().setVerifyFormOpen(true)}
          />
        )}
      </div>
      <PendingBar store={consents} leave={leave} ready={client !== null} />
    </main>
  )
}

/** Contracts as short lines; more than two collapse to a summary line until asked for. */
function Contracts(props: {
  contracts: Contract[]
  language: Client['language']
  expanded: boolean
}): React.JSX.Element {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const listId = useId()
  const { contracts } = props
  const collapsible = contracts.length > CONTRACTS_SHOWN && !props.expanded
  const counts = (['active', 'suspended', 'ended'] as const)
    .map((status) => ({ status, count: contracts.filter((c) => c.status === status).length }))
    .filter((entry) => entry.count > 0)

  return (
    <section className="client__contracts" aria-labelledby={`${listId}-heading`}>
      <div className="client__contracts-head">
        <h2 id={`${listId}-heading`}>{t('client.contractsCount', { count: contracts.length })}</h2>
        {collapsible && (
          <>
            <span className="client__contracts-summary">
              {counts.map(({ status, count }) => (
                <span key={status} className={`status status--${status}`}>
                  {t(`client.statusCount.${status}`, { count })}
                </span>
              ))}
            </span>
            <button
              type="button"
              className="button button--ghost button--small"
              aria-expanded={open}
              aria-controls={listId}
              onClick={() => setOpen((value) => !value)}
            >
              <span aria-hidden="true">{open ? '▾' : '▸'}</span>{' '}
              {open ? t('client.hideContracts') : t('client.showContracts')}
            </button>
          </>
        )}
      </div>
      {contracts.length === 0 ? (
        <p className="muted">{t('client.noContracts')}</p>
      ) : (
        (!collapsible || open) && (
          <ul id={listId} className="contracts">
            {contracts.map((contract) => (
              <li key={contract.number}>
                <span className="mono contracts__number">{contract.number}</span>
                {/* The word carries the meaning; the colour only repeats it. */}
                <span className={`status status--${contract.status}`}>
                  {t(`client.status.${contract.status}`)}
                </span>
                <span className="contracts__dates">
                  {formatDate(contract.startDate, props.language)} –{' '}
                  {contract.endDate ? (
                    formatDate(contract.endDate, props.language)
                  ) : (
                    <span className="muted">{t('client.openEnded')}</span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )
      )}
    </section>
  )
}
