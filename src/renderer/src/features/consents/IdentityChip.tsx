import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import type { ClientKind } from '../../../../shared/domain/client'
import {
  DOCUMENT_METHODS,
  IDENTITY_METHODS,
  REPRESENTATIVE_BASES,
  type IdentityMethod,
  type Representative,
  type RepresentativeBasis
} from '../../../../shared/domain/consent'
import { parsePersonalCode } from '../../../../shared/identifiers/personalCode'
import { currentLanguage } from '../../i18n'
import { formatTime } from '../../lib/format'
import type { ConsentsStore, Verification } from './store'

export interface IdentityChipProps {
  store: ConsentsStore
  /**
   * A company cannot show a document: for a business client the person at the counter acts for
   * it, and the form records that representative. Unknown until the client's kind has arrived.
   */
  clientKind: ClientKind | undefined
}

type FormField = 'name' | 'personalCode' | 'basis' | 'last4'
/** Per field, the i18n key of what is wrong with it. */
type FieldErrors = Partial<Record<FormField, string>>

const FIELD_ORDER: readonly FormField[] = ['name', 'personalCode', 'basis', 'last4']

/** The chip's wording: who was verified, by what, and when. */
function verificationLabel(
  verification: Verification,
  t: (key: string, options?: Record<string, string>) => string,
  time: string
): string {
  const method = t(`identity.methods.${verification.method}`)
  const last4 = verification.documentLast4
  const representative = verification.representative
  if (representative) {
    const options = {
      name: representative.name,
      basis: t(`identity.basesInline.${representative.basis}`),
      method,
      time
    }
    return last4
      ? t('identity.verifiedRepresentativeByDocument', { ...options, last4 })
      : t('identity.verifiedRepresentative', options)
  }
  return last4
    ? t('identity.verifiedByDocument', { method, last4, time })
    : t('identity.verifiedBy', { method, time })
}

/**
 * "Not verified" → a small form → "Verified by ID card …1234 at 10:42", or for a business
 * client "Verified: representative Jānis Bērziņš (board member), ID card …1234, 10:42".
 */
export function IdentityChip({ store, clientKind }: IdentityChipProps): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const verification = useStore(store, (s) => s.verification)
  const open = useStore(store, (s) => s.verifyFormOpen)
  const setOpen = (value: boolean): void => store.getState().setVerifyFormOpen(value)
  const [method, setMethod] = useState<IdentityMethod>('id_card')
  const [last4, setLast4] = useState('')
  const [representativeName, setRepresentativeName] = useState('')
  const [representativeCode, setRepresentativeCode] = useState('')
  // No default basis: which one applies is a fact the agent must check, not a guess.
  const [basis, setBasis] = useState<RepresentativeBasis | ''>('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const formId = useId()
  const formRef = useRef<HTMLFormElement>(null)
  const chipRef = useRef<HTMLButtonElement>(null)
  const nameRef = useRef<HTMLInputElement>(null)
  const personalCodeRef = useRef<HTMLInputElement>(null)
  const basisRef = useRef<HTMLSelectElement>(null)
  const last4Ref = useRef<HTMLInputElement>(null)

  const isBusiness = clientKind === 'business'
  const needsDocument = DOCUMENT_METHODS.includes(method)

  // The form's first field: the representative's name for a company, else the method. Only on
  // opening, so that nothing moves the focus under the agent's hands afterwards.
  useEffect(() => {
    if (open) formRef.current?.querySelector<HTMLElement>('input, select')?.focus()
  }, [open])

  function clearError(field: FormField): void {
    setErrors((current) => {
      if (!current[field]) return current
      const next = { ...current }
      delete next[field]
      return next
    })
  }

  function close(): void {
    setOpen(false)
    setErrors({})
    // Half-typed numbers and a stranger's personal code are not kept for the next client.
    setLast4('')
    setRepresentativeName('')
    setRepresentativeCode('')
    setBasis('')
    // Focus returns to the chip, so the keyboard user is not dropped at the top of the page.
    setTimeout(() => chipRef.current?.focus(), 0)
  }

  /** The representative as the API takes it, or the errors that stop the form. */
  function readRepresentative(found: FieldErrors): Representative | undefined {
    const name = representativeName.trim().replace(/\s+/g, ' ')
    if (name === '') found.name = 'identity.representativeNameRequired'
    const parsed = parsePersonalCode(representativeCode)
    // The same check, and the same specific message, as a personal code typed into the search.
    if (!parsed.ok) found.personalCode = `lookup.invalid.personalCode_${parsed.reason}`
    if (basis === '') found.basis = 'identity.basisRequired'
    if (name === '' || !parsed.ok || basis === '') return undefined
    return { name, personalCode: parsed.compact, basis }
  }

  function submit(event: React.FormEvent): void {
    event.preventDefault()
    const found: FieldErrors = {}
    const representative = isBusiness ? readRepresentative(found) : undefined
    if (needsDocument && !/^[A-Za-z0-9]{4}$/.test(last4)) found.last4 = 'identity.last4Invalid'
    const firstInvalid = FIELD_ORDER.find((field) => found[field])
    if (firstInvalid) {
      setErrors(found)
      // The agent lands on what to fix; its message is read out with it (aria-describedby).
      const inputs = { name: nameRef, personalCode: personalCodeRef, basis: basisRef, last4: last4Ref }
      inputs[firstInvalid].current?.focus()
      return
    }
    store.getState().verify({
      method,
      ...(needsDocument ? { documentLast4: last4.toUpperCase() } : {}),
      ...(representative ? { representative } : {})
    })
    close()
  }

  const label = verification
    ? verificationLabel(verification, t, formatTime(verification.at, language))
    : t('identity.notVerified')

  const errorId = (field: FormField): string => `${formId}-${field}-error`
  const invalidProps = (field: FormField) => ({
    'aria-invalid': errors[field] !== undefined,
    'aria-describedby': errors[field] ? errorId(field) : undefined
  })
  const errorMessage = (field: FormField): React.JSX.Element | null => {
    const key = errors[field]
    if (!key) return null
    return (
      <p id={errorId(field)} className="identity__error" role="alert">
        {t(key)}
      </p>
    )
  }

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
          ref={formRef}
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
          {isBusiness && (
            <fieldset className="identity__representative">
              <legend>{t('identity.representative')}</legend>
              <p className="identity__hint">{t('identity.representativeHint')}</p>
              <label>
                <span>{t('identity.representativeName')}</span>
                <input
                  ref={nameRef}
                  value={representativeName}
                  maxLength={200}
                  autoComplete="off"
                  {...invalidProps('name')}
                  onChange={(event) => {
                    setRepresentativeName(event.target.value)
                    clearError('name')
                  }}
                />
              </label>
              {errorMessage('name')}
              <label>
                <span>{t('identity.representativePersonalCode')}</span>
                <input
                  ref={personalCodeRef}
                  className="mono"
                  value={representativeCode}
                  maxLength={20}
                  inputMode="numeric"
                  autoComplete="off"
                  {...invalidProps('personalCode')}
                  onChange={(event) => {
                    setRepresentativeCode(event.target.value)
                    clearError('personalCode')
                  }}
                />
              </label>
              {errorMessage('personalCode')}
              <label>
                <span>{t('identity.representativeBasis')}</span>
                <select
                  ref={basisRef}
                  value={basis}
                  {...invalidProps('basis')}
                  onChange={(event) => {
                    setBasis(event.target.value as RepresentativeBasis | '')
                    clearError('basis')
                  }}
                >
                  <option value="" disabled>
                    {t('identity.basisChoose')}
                  </option>
                  {REPRESENTATIVE_BASES.map((b) => (
                    <option key={b} value={b}>
                      {t(`identity.bases.${b}`)}
                    </option>
                  ))}
                </select>
              </label>
              {errorMessage('basis')}
            </fieldset>
          )}
          <label>
            <span>{t('identity.method')}</span>
            <select
              value={method}
              onChange={(event) => {
                setMethod(event.target.value as IdentityMethod)
                clearError('last4')
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
                ref={last4Ref}
                className="mono"
                value={last4}
                maxLength={4}
                size={6}
                autoComplete="off"
                {...invalidProps('last4')}
                onChange={(event) => {
                  setLast4(event.target.value.replace(/\s/g, ''))
                  clearError('last4')
                }}
              />
            </label>
          )}
          {errorMessage('last4')}
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
