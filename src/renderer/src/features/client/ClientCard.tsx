import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import type { Client, Contract } from '../../../../shared/domain/client'
import { currentLanguage } from '../../i18n'
import {
  formatDate,
  formatPersonalCode,
  formatPhone,
  maskPersonalCode,
  maskPhone
} from '../../lib/format'
import { ConsentsPanel, IdentityChip, type ConsentsStore, type TimelineStore } from '../consents'
import type { ClientStore } from './store'
import './client.css'

export interface ClientCardProps {
  store: ClientStore
  consents: ConsentsStore
  timeline: TimelineStore
  onBack(): void
}

function clientName(client: Client): string {
  if (client.name) return client.name
  return [client.firstName, client.lastName].filter(Boolean).join(' ')
}

export function ClientCard({
  store,
  consents,
  timeline,
  onBack
}: ClientCardProps): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const { preview, status, client, errorCode, revealed, revealErrorCode } = useStore(
    store,
    useShallow((s) => ({
      preview: s.preview,
      status: s.status,
      client: s.client,
      errorCode: s.errorCode,
      revealed: s.revealed,
      revealErrorCode: s.revealErrorCode
    }))
  )
  const headingRef = useRef<HTMLHeadingElement>(null)
  const openId = useStore(store, (s) => s.openId)

  // The card is keyed by client: consents load beside the client's details, not after them.
  useEffect(() => {
    if (openId !== null) void consents.getState().open(openId)
  }, [consents, openId])

  // Screen readers hear the client's name as soon as the card opens; Tab continues from there.
  useEffect(() => {
    headingRef.current?.focus()
  }, [])

  useEffect(() => {
    function onKey(event: KeyboardEvent): void {
      // Esc never throws away pending consent changes; the Back button is the deliberate way.
      const pending = Object.keys(consents.getState().pending).length > 0
      if (event.key === 'Escape' && !event.defaultPrevented && !pending) {
        event.preventDefault()
        onBack()
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [onBack, consents])

  const name = client ? clientName(client) : (preview?.displayName ?? '')
  const kind = client?.kind ?? preview?.kind
  const phones = client?.phones ?? preview?.phones ?? []

  let identifierLabel: string | null = null
  let identifier: string | null = null
  if (kind === 'business') {
    // Company registration numbers are public (Uzņēmumu reģistrs): no masking needed.
    identifierLabel = t('client.registrationNumber')
    identifier = client?.registrationNumber ?? preview?.registrationNumber ?? null
  } else if (client?.personalCode) {
    identifierLabel = t('client.personalCode')
    identifier = revealed
      ? formatPersonalCode(client.personalCode)
      : maskPersonalCode(client.personalCode)
  } else if (preview?.personalCodeMasked) {
    identifierLabel = t('client.personalCode')
    identifier = preview.personalCodeMasked
  }
  const canReveal = status === 'ready' && (Boolean(client?.personalCode) || phones.length > 0)

  return (
    <main className="client" aria-labelledby="client-name" aria-busy={status === 'loading'}>
      <div className="client__bar">
        <button type="button" className="button button--ghost" onClick={onBack}>
          <span aria-hidden="true">←</span> {t('client.back')}
          <kbd aria-hidden="true">{t('client.backHint')}</kbd>
        </button>
      </div>

      <header className="client__header">
        <div className="client__title">
          <h1 id="client-name" ref={headingRef} tabIndex={-1}>
            {name}
          </h1>
          {kind && <span className={`kind kind--${kind}`}>{t(`lookup.kind.${kind}`)}</span>}
        </div>

        <dl className="client__facts">
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
                      {revealed ? formatPhone(phone) : maskPhone(phone)}
                    </span>
                  ))}
            </dd>
          </div>
          {client && (
            <>
              <div>
                <dt>{t('client.language')}</dt>
                <dd>{t(`client.languages.${client.language}`)}</dd>
              </div>
              <div>
                <dt>{t('client.email')}</dt>
                <dd>{client.email ?? <span className="muted">{t('client.noEmail')}</span>}</dd>
              </div>
            </>
          )}
        </dl>

        <div className="client__side">
          <IdentityChip store={consents} />
          {canReveal && (
          <button
            type="button"
            className="button"
            // A short name that speech users (and E2E) can say; the tooltip says what it covers.
            title={revealed ? t('client.hideHint') : t('client.revealHint')}
            onClick={() => void store.getState().setRevealed(!revealed)}
          >
            {revealed ? t('client.hide') : t('client.reveal')}
          </button>
          )}
          {revealErrorCode && (
            <p className="client__reveal-error" role="alert">
              {t('client.revealFailed')}
            </p>
          )}
        </div>
      </header>

      {status === 'loading' && (
        <p className="client__loading" role="status">
          <span className="spinner" aria-hidden="true" /> {t('client.loading')}
        </p>
      )}

      {status === 'error' && (
        <div className="client__error" role="alert">
          <p>{t([`errors.${errorCode ?? 'generic'}`, 'errors.generic'])}</p>
          <button type="button" className="button" onClick={() => void store.getState().retry()}>
            {t('client.retry')}
          </button>
        </div>
      )}

      {client && (
        <section className="client__contracts" aria-labelledby="contracts-heading">
          <h2 id="contracts-heading">{t('client.contracts')}</h2>
          {client.contracts.length === 0 ? (
            <p className="muted">{t('client.noContracts')}</p>
          ) : (
            <ContractsTable contracts={client.contracts} language={language} />
          )}
        </section>
      )}

      {openId !== null && (
        <ConsentsPanel
          store={consents}
          timeline={timeline}
          clientId={openId}
          clientLanguage={client?.language ?? null}
          onVerify={() => consents.getState().setVerifyFormOpen(true)}
        />
      )}
    </main>
  )
}

function ContractsTable(props: {
  contracts: Contract[]
  language: Client['language']
}): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <table className="data-table contracts" aria-labelledby="contracts-heading">
      <thead>
        <tr>
          <th scope="col">{t('client.col.number')}</th>
          <th scope="col">{t('client.col.status')}</th>
          <th scope="col">{t('client.col.start')}</th>
          <th scope="col">{t('client.col.end')}</th>
        </tr>
      </thead>
      <tbody>
        {props.contracts.map((contract) => (
          <tr key={contract.number}>
            <td className="mono">{contract.number}</td>
            <td>
              {/* The word carries the meaning; the colour only repeats it. */}
              <span className={`status status--${contract.status}`}>
                {t(`client.status.${contract.status}`)}
              </span>
            </td>
            <td>{formatDate(contract.startDate, props.language)}</td>
            <td>
              {contract.endDate ? (
                formatDate(contract.endDate, props.language)
              ) : (
                <span className="muted">{t('client.openEnded')}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
