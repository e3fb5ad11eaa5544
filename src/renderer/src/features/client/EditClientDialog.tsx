import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { RevealResponse } from '../../../../shared/domain/access-log'
import type { Client } from '../../../../shared/domain/client'
import type { ClientChangeField } from '../../../../shared/domain/client-change'
import type { IdentityVerification } from '../../../../shared/domain/consent'
import type { Language } from '../../../../shared/domain/staff'
import type { UpdateClientInput } from '../../../../shared/ipc/contract'
import type { BridgeError } from '../../../../shared/ipc/result'
import { formatPersonalCode, formatPhone } from '../../lib/format'
import { ModalDialog } from '../../components/ModalDialog'
import type { SaveClientOutcome } from './store'

export interface EditClientDialogProps {
  /** The client as the card shows it: its `version` goes with the save as If-Match. */
  client: Client
  /** The full phones and e-mail (and personal code): the form edits the real values. */
  revealed: RevealResponse
  /** Supervisors may change names (e.g. after a marriage); agents see them read-only. */
  canEditNames: boolean
  /** How the client's identity was verified at the counter; recorded with the change. */
  identity: IdentityVerification
  onSave(change: UpdateClientInput['change']): Promise<SaveClientOutcome>
  /** Reads the client again after someone else's change (412); true when it worked. */
  onReload(): Promise<boolean>
  onClose(): void
}

interface FormValues {
  phones: string
  email: string
  address: string
  language: Language
  firstName: string
  lastName: string
  name: string
}

function valuesOf(client: Client, revealed: RevealResponse): FormValues {
  return {
    phones: revealed.phones.map(formatPhone).join('\n'),
    email: revealed.email ?? '',
    address: client.address ?? '',
    language: client.language,
    firstName: client.firstName ?? '',
    lastName: client.lastName ?? '',
    name: client.name ?? ''
  }
}

function phoneLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/** Only what the agent changed goes to the API: a field left as it was is not sent. */
function changeOf(
  form: FormValues,
  baseline: FormValues,
  kind: Client['kind'],
  canEditNames: boolean
): Omit<UpdateClientInput['change'], 'identityVerification'> {
  const change: Omit<UpdateClientInput['change'], 'identityVerification'> = {}
  const lines = phoneLines(form.phones)
  const baselineLines = phoneLines(baseline.phones)
  if (lines.join('\n') !== baselineLines.join('\n')) change.phones = lines
  if (form.email.trim() !== baseline.email.trim()) {
    change.email = form.email.trim() === '' ? null : form.email.trim()
  }
  if (form.address.trim() !== baseline.address.trim()) {
    change.address = form.address.trim() === '' ? null : form.address.trim()
  }
  if (form.language !== baseline.language) change.language = form.language
  if (canEditNames) {
    if (kind === 'private') {
      if (form.firstName.trim() !== baseline.firstName.trim()) {
        change.firstName = form.firstName.trim()
      }
      if (form.lastName.trim() !== baseline.lastName.trim()) {
        change.lastName = form.lastName.trim()
      }
    } else if (form.name.trim() !== baseline.name.trim()) change.name = form.name.trim()
  }
  return change
}

const LANGUAGES: readonly Language[] = ['lv', 'en', 'ru']

/**
 * Changing a client's data at the counter: phones, e-mail, postal address, contact language, and
 * for a supervisor the names. The personal code or registration number is shown, never editable.
 * A failed save keeps everything typed; a 412 (someone else changed the client meanwhile) says so
 * and offers to read the client again, keeping the form.
 */
export function EditClientDialog(props: EditClientDialogProps): React.JSX.Element {
  const { t } = useTranslation()
  const { client, revealed, canEditNames } = props
  const ids = {
    phones: useId(),
    phonesHint: useId(),
    email: useId(),
    address: useId(),
    addressHint: useId(),
    language: useId(),
    firstName: useId(),
    lastName: useId(),
    name: useId(),
    namesHint: useId()
  }
  const [baseline, setBaseline] = useState(() => valuesOf(client, revealed))
  const [form, setForm] = useState(baseline)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<BridgeError | null>(null)
  const [notice, setNotice] = useState<'nothingChanged' | 'reloaded' | null>(null)
  const firstRef = useRef<HTMLTextAreaElement>(null)

  // After a reload the client may hold someone else's change: the fields the agent left alone
  // take the new values, and what the agent typed stays.
  const version = client.version
  const [shownVersion, setShownVersion] = useState(version)
  useEffect(() => {
    if (version === shownVersion) return
    setShownVersion(version)
    const next = { ...valuesOf(client, revealed), phones: baseline.phones, email: baseline.email }
    setForm((current) => {
      const merged = { ...current }
      for (const key of Object.keys(next) as (keyof FormValues)[]) {
        if (current[key] === baseline[key]) (merged[key] as string) = next[key]
      }
      return merged
    })
    setBaseline(next)
  }, [version, shownVersion, client, revealed, baseline])

  function set<K extends keyof FormValues>(key: K, value: FormValues[K]): void {
    setForm((current) => ({ ...current, [key]: value }))
    setNotice(null)
  }

  const fieldLabel = (field: ClientChangeField): string => t(`client.edit.${field}`)

  /** The API's field errors in the desk's words: a phone by what was typed, else the field. */
  function fieldMessages(failure: BridgeError): string[] {
    const lines = phoneLines(form.phones)
    return (failure.fields ?? []).map((field) => {
      const phone = /^phones\.(\d+)$/.exec(field.path)
      if (phone) {
        return t('client.edit.errors.phone', { number: lines[Number(phone[1])] ?? '' })
      }
      const root = field.path.split('.')[0] ?? field.path
      const known = ['phones', 'email', 'address', 'language', 'firstName', 'lastName', 'name']
      return t('client.edit.errors.invalidField', {
        field: known.includes(root) ? fieldLabel(root as ClientChangeField) : root
      })
    })
  }

  async function submit(): Promise<void> {
    if (busy) return
    const change = changeOf(form, baseline, client.kind, canEditNames)
    if (Object.keys(change).length === 0) {
      setNotice('nothingChanged')
      return
    }
    setBusy(true)
    setError(null)
    setNotice(null)
    const outcome = await props.onSave({ ...change, identityVerification: props.identity })
    setBusy(false)
    if (outcome.ok) props.onClose()
    else setError(outcome.error)
  }

  async function reload(): Promise<void> {
    setBusy(true)
    const reloaded = await props.onReload()
    setBusy(false)
    if (reloaded) {
      setError(null)
      setNotice('reloaded')
    }
  }

  const identifier =
    client.kind === 'business'
      ? { label: t('client.registrationNumber'), value: client.registrationNumber ?? '' }
      : {
          label: t('client.personalCode'),
          value: revealed.personalCode
            ? formatPersonalCode(revealed.personalCode)
            : (client.personalCodeMasked ?? '')
        }

  return (
    <ModalDialog
      title={t('client.edit.title')}
      header={<p className="muted">{t('client.edit.revealNote')}</p>}
      className="edit-client"
      initialFocus={firstRef}
      onEscape={() => {
        if (!busy) props.onClose()
      }}
    >
      <form
        className="dialog__form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <div className="dialog__body edit-client__body">
          <dl className="edit-client__identifier">
            <dt>{identifier.label}</dt>
            <dd className="mono">{identifier.value}</dd>
            <dd className="muted">{t('client.edit.identifierReadOnly')}</dd>
          </dl>

          {client.kind === 'private' ? (
            <div className="edit-client__names">
              <div className="field">
                <label htmlFor={ids.firstName}>{t('client.edit.firstName')}</label>
                <input
                  id={ids.firstName}
                  value={form.firstName}
                  readOnly={!canEditNames}
                  maxLength={100}
                  aria-describedby={canEditNames ? undefined : ids.namesHint}
                  onChange={(event) => set('firstName', event.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor={ids.lastName}>{t('client.edit.lastName')}</label>
                <input
                  id={ids.lastName}
                  value={form.lastName}
                  readOnly={!canEditNames}
                  maxLength={100}
                  aria-describedby={canEditNames ? undefined : ids.namesHint}
                  onChange={(event) => set('lastName', event.target.value)}
                />
              </div>
            </div>
          ) : (
            <div className="field">
              <label htmlFor={ids.name}>{t('client.edit.name')}</label>
              <input
                id={ids.name}
                value={form.name}
                readOnly={!canEditNames}
                maxLength={200}
                aria-describedby={canEditNames ? undefined : ids.namesHint}
                onChange={(event) => set('name', event.target.value)}
              />
            </div>
          )}
          {!canEditNames && (
            <p id={ids.namesHint} className="muted edit-client__hint">
              {t('client.edit.namesSupervisorOnly')}
            </p>
          )}

          <div className="field">
            <label htmlFor={ids.phones}>{t('client.edit.phones')}</label>
            <textarea
              ref={firstRef}
              id={ids.phones}
              className="mono"
              rows={3}
              value={form.phones}
              aria-describedby={ids.phonesHint}
              onChange={(event) => set('phones', event.target.value)}
            />
            <span id={ids.phonesHint}>{t('client.edit.phonesHint')}</span>
          </div>
          <div className="field">
            <label htmlFor={ids.email}>{t('client.edit.email')}</label>
            <input
              id={ids.email}
              type="email"
              className="mono"
              maxLength={200}
              value={form.email}
              onChange={(event) => set('email', event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.address}>{t('client.edit.address')}</label>
            <input
              id={ids.address}
              maxLength={300}
              value={form.address}
              aria-describedby={ids.addressHint}
              onChange={(event) => set('address', event.target.value)}
            />
            <span id={ids.addressHint}>{t('client.edit.addressHint')}</span>
          </div>
          <div className="field">
            <label htmlFor={ids.language}>{t('client.edit.language')}</label>
            <select
              id={ids.language}
              value={form.language}
              onChange={(event) => set('language', event.target.value as Language)}
            >
              {LANGUAGES.map((language) => (
                <option key={language} value={language}>
                  {t(`client.languages.${language}`)}
                </option>
              ))}
            </select>
          </div>

          {notice && (
            <p className="edit-client__notice" role="status">
              {t(`client.edit.${notice}`)}
            </p>
          )}
          {error && (
            <div className="edit-client__error" role="alert">
              <p>
                {t([
                  `client.edit.errors.${error.code}`,
                  `errors.${error.code}`,
                  'client.edit.errors.generic'
                ])}
              </p>
              {error.code === 'validation_failed' && (
                <ul>
                  {fieldMessages(error).map((message) => (
                    <li key={message}>{message}</li>
                  ))}
                </ul>
              )}
              {error.code === 'version_mismatch' && (
                <button
                  type="button"
                  className="button button--small"
                  disabled={busy}
                  onClick={() => void reload()}
                >
                  {t('client.edit.reload')}
                </button>
              )}
            </div>
          )}
        </div>
        <footer className="dialog__footer">
          <button
            type="button"
            className="button button--ghost"
            disabled={busy}
            onClick={props.onClose}
          >
            {t('client.edit.cancel')} <kbd aria-hidden="true">Esc</kbd>
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy && <span className="spinner" aria-hidden="true" />}
            {busy ? t('client.edit.saving') : t('client.edit.save')}
          </button>
        </footer>
      </form>
    </ModalDialog>
  )
}
