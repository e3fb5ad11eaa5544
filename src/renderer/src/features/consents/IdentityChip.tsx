import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import {
  DOCUMENT_METHODS,
  IDENTITY_METHODS,
  type IdentityMethod
} from '../../../../shared/domain/consent'
import { currentLanguage } from '../../i18n'
import { formatTime } from '../../lib/format'
import type { ConsentsStore } from './store'

export interface IdentityChipProps {
  store: ConsentsStore
}

/** "Not verified" → a small form → "Verified by ID card …1234 at 10:42". */
export function IdentityChip({ store }: IdentityChipProps): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const verification = useStore(store, (s) => s.verification)
  const open = useStore(store, (s) => s.verifyFormOpen)
  const setOpen = (value: boolean): void => store.getState().setVerifyFormOpen(value)
  const [method, setMethod] = useState<IdentityMethod>('id_card')
  const [last4, setLast4] = useState('')
  const [invalid, setInvalid] = useState(false)
  const formId = useId()
  const selectRef = useRef<HTMLSelectElement>(null)
  const chipRef = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (open) selectRef.current?.focus()
  }, [open])

  const needsDocument = DOCUMENT_METHODS.includes(method)

  function close(): void {
    setOpen(false)
    setInvalid(false)
    // A half-typed number is not kept for the next client or the next attempt.
    setLast4('')
    // Focus returns to the chip, so the keyboard user is not dropped at the top of the page.
    setTimeout(() => chipRef.current?.focus(), 0)
  }

  function submit(event: React.FormEvent): void {
    event.preventDefault()
    if (needsDocument && !/^[A-Za-z0-9]{4}$/.test(last4)) {
      setInvalid(true)
      return
    }
    store.getState().verify({
      method,
      ...(needsDocument ? { documentLast4: last4.toUpperCase() } : {})
    })
    close()
  }

  const label = verification
    ? verification.documentLast4
      ? t('identity.verifiedByDocument', {
          method: t(`identity.methods.${verification.method}`),
          last4: verification.documentLast4,
          time: formatTime(verification.at, language)
        })
      : t('identity.verifiedBy', {
          method: t(`identity.methods.${verification.method}`),
          time: formatTime(verification.at, language)
        })
    : t('identity.notVerified')

  return (
    <div className="identity">
      <button
        ref={chipRef}
        type="button"
        className={`identity__chip ${verification ? 'identity__chip--ok' : 'identity__chip--no'}`}
        aria-expanded={open}
        aria-controls={formId}
        data-testid="identity-chip"
        onClick={() => (open ? close() : setOpen(true))}
      >
        <span aria-hidden="true">{verification ? '✓' : '!'}</span> {label}
        {!open && (
          <span className="identity__action">
            {verification ? t('identity.change') : t('identity.verify')}
          </span>
        )}
      </button>
      {open && (
        <form
          id={formId}
          className="identity__form"
          aria-label={t('identity.formLabel')}
          onSubmit={submit}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault()
              event.stopPropagation()
              close()
            }
          }}
          noValidate
        >
          <label>
            <span>{t('identity.method')}</span>
            <select
              ref={selectRef}
              value={method}
              onChange={(event) => {
                setMethod(event.target.value as IdentityMethod)
                setInvalid(false)
              }}
            >
              {IDENTITY_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`identity.methods.${m}`)}
                </option>
              ))}
            </select>
          </label>
          {needsDocument && (
            <label>
              <span>{t('identity.last4')}</span>
              <input
                className="mono"
                value={last4}
                maxLength={4}
                size={6}
                autoComplete="off"
                aria-invalid={invalid}
                aria-describedby={invalid ? `${formId}-error` : undefined}
                onChange={(event) => {
                  setLast4(event.target.value.replace(/\s/g, ''))
                  setInvalid(false)
                }}
              />
            </label>
          )}
          {invalid && (
            <p id={`${formId}-error`} className="identity__error" role="alert">
              {t('identity.last4Invalid')}
            </p>
          )}
          <div className="identity__buttons">
            <button type="submit" className="button button--primary button--small">
              {t('identity.confirm')}
            </button>
            <button type="button" className="button button--small" onClick={close}>
              {t('identity.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  )
}
