import { useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Centre, Role } from '../../../../shared/domain/staff'
import type { StaffAccount, UpdateStaffRequest } from '../../../../shared/domain/staff-admin'
import type { BridgeError } from '../../lib/ipc-client'
import {
  fieldErrorTexts,
  generateOneTimePassword,
  localPasswordProblems,
  passwordProblemTexts
} from '../../lib/passwordWords'
import { ModalDialog } from '../../components/ModalDialog'
import { AccountStatus } from './StaffScreen'
import type { StaffAdminStore } from './store'

/** The roles an admin hands out, in the order the form lists them. */
const ASSIGNABLE_ROLES: readonly Role[] = [
  'agent',
  'reviewer',
  'supervisor',
  'admin',
  'integration'
]

/** Shown once after the API accepted a one-time password; closing the dialog forgets it. */
function OneTimePasswordNotice(props: {
  name: string
  password: string
  onClose(): void
}): React.JSX.Element {
  const { t } = useTranslation()
  const closeRef = useRef<HTMLButtonElement>(null)
  return (
    <ModalDialog
      title={t('staff.reveal.heading')}
      initialFocus={closeRef}
      onEscape={props.onClose}
      className="dialog--small"
    >
      <div className="dialog__body staff-reveal">
        <p>{t('staff.reveal.intro', { name: props.name })}</p>
        <p className="staff-reveal__password" data-testid="one-time-password">
          {props.password}
        </p>
        <p className="muted">{t('staff.reveal.once')}</p>
      </div>
      <footer className="dialog__footer">
        <button
          ref={closeRef}
          type="button"
          className="button button--primary"
          onClick={props.onClose}
        >
          {t('staff.reveal.done')}
        </button>
      </footer>
    </ModalDialog>
  )
}

function RoleChoices(props: {
  roles: Role[]
  onChange(roles: Role[]): void
  lockedRole?: Role
  error: string | null
}): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <fieldset aria-invalid={props.error ? true : undefined}>
      <legend>{t('staff.form.roles')}</legend>
      {ASSIGNABLE_ROLES.map((role) => {
        const checked = props.roles.includes(role)
        const locked = props.lockedRole === role
        return (
          <label key={role} className="checkbox">
            <input
              type="checkbox"
              checked={checked}
              disabled={locked}
              onChange={() =>
                props.onChange(
                  checked ? props.roles.filter((held) => held !== role) : [...props.roles, role]
                )
              }
            />{' '}
            {t(`app.roles.${role}`)}
            {locked && <span className="muted"> ({t('staff.form.ownAdmin')})</span>}
          </label>
        )
      })}
      {props.error && <p className="field__error">{props.error}</p>}
    </fieldset>
  )
}

function CentreChoice(props: {
  id: string
  centres: Centre[]
  value: string
  onChange(value: string): void
  error: string | null
}): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <div className="field">
      <label htmlFor={props.id}>{t('staff.form.centre')}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        aria-invalid={props.error ? true : undefined}
      >
        {props.value === '' && <option value="">{t('staff.form.chooseCentre')}</option>}
        {props.centres.map((centre) => (
          <option key={centre.id} value={centre.id}>
            {centre.name}
          </option>
        ))}
      </select>
      {props.error && <p className="field__error">{props.error}</p>}
    </div>
  )
}

function PasswordChoice(props: {
  id: string
  label: string
  value: string
  onChange(value: string): void
  errors: string[]
}): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <div className="field field--wide">
      <label htmlFor={props.id}>{props.label}</label>
      <div className="staff-form__password">
        {/* Visible on purpose: the admin reads it out or writes it down for the person. */}
        <input
          id={props.id}
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
          aria-invalid={props.errors.length > 0 || undefined}
          aria-describedby={`${props.id}-hint`}
        />
        <button
          type="button"
          className="button"
          onClick={() => props.onChange(generateOneTimePassword())}
        >
          {t('staff.form.generate')}
        </button>
      </div>
      <p id={`${props.id}-hint`} className="muted">
        {t('staff.form.passwordHint')}
      </p>
      {props.errors.length > 0 && (
        <ul className="field__error change-password__problems">
          {props.errors.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** True when the error names none of the form's fields, so nothing under a field explains it. */
function unexplained(error: BridgeError | null, fields: readonly string[]): error is BridgeError {
  if (!error || error.code === 'version_mismatch') return false
  return !error.fields?.some((field) => fields.includes(field.path))
}

const CREATE_FIELDS = ['username', 'displayName', 'roles', 'centreId', 'oneTimePassword']
const EDIT_FIELDS = ['displayName', 'roles', 'centreId', 'oneTimePassword']

/** The error above the buttons: what happened, and that nothing typed was lost. */
function SaveError({ error }: { error: BridgeError }): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <div className="staff-form__error" role="alert">
      <p>{t([`staff.errors.${error.code}`, `errors.${error.code}`, 'errors.generic'])}</p>
      <p>{t('staff.errors.kept')}</p>
    </div>
  )
}

export function CreateStaffDialog(props: {
  store: StaffAdminStore
  centres: Centre[]
  onClose(): void
}): React.JSX.Element {
  const { t } = useTranslation()
  const ids = { username: useId(), name: useId(), centre: useId(), password: useId() }
  const firstField = useRef<HTMLInputElement>(null)
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [roles, setRoles] = useState<Role[]>(['agent'])
  const [centreId, setCentreId] = useState(props.centres.length === 1 ? props.centres[0]!.id : '')
  const [password, setPassword] = useState(() => generateOneTimePassword())
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<BridgeError | null>(null)
  const [local, setLocal] = useState<Record<string, string[]>>({})
  const [created, setCreated] = useState<{ name: string; password: string } | null>(null)

  if (created) {
    return <OneTimePasswordNotice {...created} onClose={props.onClose} />
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    if (busy) return
    const problems: Record<string, string[]> = {}
    if (username.trim() === '') problems['username'] = [t('staff.form.required')]
    if (displayName.trim() === '') problems['displayName'] = [t('staff.form.required')]
    if (roles.length === 0) problems['roles'] = [t('staff.form.noRole')]
    if (centreId === '') problems['centreId'] = [t('staff.form.required')]
    const passwordProblems = passwordProblemTexts(
      t,
      localPasswordProblems(password, { username: username.trim(), displayName })
    )
    if (passwordProblems.length > 0) problems['oneTimePassword'] = passwordProblems
    setLocal(problems)
    setError(null)
    if (Object.keys(problems).length > 0) return
    setBusy(true)
    const outcome = await props.store.getState().create({
      username: username.trim(),
      displayName: displayName.trim(),
      roles,
      centreId,
      oneTimePassword: password
    })
    setBusy(false)
    if (outcome.ok) setCreated({ name: outcome.account.displayName, password })
    else setError(outcome.error)
  }

  const errorsOf = (field: string): string[] => [
    ...(local[field] ?? []),
    ...fieldErrorTexts(t, error, field)
  ]
  const fieldError = (field: string): string | null => errorsOf(field).join(' ') || null

  return (
    <ModalDialog
      title={t('staff.create.heading')}
      initialFocus={firstField}
      onEscape={props.onClose}
      className="dialog--small"
    >
      <form className="dialog__form" noValidate onSubmit={(event) => void submit(event)}>
        <div className="dialog__body staff-form">
          <div className="field">
            <label htmlFor={ids.username}>{t('staff.form.username')}</label>
            <input
              id={ids.username}
              ref={firstField}
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="off"
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              aria-invalid={fieldError('username') ? true : undefined}
            />
            {fieldError('username') && <p className="field__error">{fieldError('username')}</p>}
          </div>
          <div className="field">
            <label htmlFor={ids.name}>{t('staff.form.displayName')}</label>
            <input
              id={ids.name}
              autoComplete="off"
              value={displayName}
              onChange={(event) => setDisplayName(event.target.value)}
              aria-invalid={fieldError('displayName') ? true : undefined}
            />
            {fieldError('displayName') && (
              <p className="field__error">{fieldError('displayName')}</p>
            )}
          </div>
          <RoleChoices roles={roles} onChange={setRoles} error={fieldError('roles')} />
          <CentreChoice
            id={ids.centre}
            centres={props.centres}
            value={centreId}
            onChange={setCentreId}
            error={fieldError('centreId')}
          />
          <PasswordChoice
            id={ids.password}
            label={t('staff.form.oneTimePassword')}
            value={password}
            onChange={setPassword}
            errors={errorsOf('oneTimePassword')}
          />
          {unexplained(error, CREATE_FIELDS) && <SaveError error={error} />}
        </div>
        <footer className="dialog__footer">
          <button type="button" className="button" onClick={props.onClose}>
            {t('staff.form.cancel')} <kbd aria-hidden="true">Esc</kbd>
          </button>
          <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
            {busy ? t('staff.form.saving') : t('staff.create.submit')}
          </button>
        </footer>
      </form>
    </ModalDialog>
  )
}

export function EditStaffDialog(props: {
  store: StaffAdminStore
  account: StaffAccount
  centres: Centre[]
  /** The admin's own account: the admin role and the account itself stay on. */
  isSelf: boolean
  onClose(): void
}): React.JSX.Element {
  const { t } = useTranslation()
  const { account } = props
  const ids = { name: useId(), centre: useId(), password: useId(), disabled: useId() }
  const firstField = useRef<HTMLInputElement>(null)
  // The version the edit started from: a save against a newer one is refused (412).
  const [baseVersion, setBaseVersion] = useState(account.account.version)
  const [displayName, setDisplayName] = useState(account.displayName)
  const [roles, setRoles] = useState<Role[]>(account.roles)
  const [centreId, setCentreId] = useState(account.centre.id)
  const [disabled, setDisabled] = useState(account.account.disabled)
  const [resetPassword, setResetPassword] = useState(false)
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [unlock, setUnlock] = useState<'idle' | 'busy' | 'done'>('idle')
  const [error, setError] = useState<BridgeError | null>(null)
  const [local, setLocal] = useState<Record<string, string[]>>({})
  const [revealed, setRevealed] = useState<string | null>(null)

  if (revealed !== null) {
    return (
      <OneTimePasswordNotice
        name={account.displayName}
        password={revealed}
        onClose={props.onClose}
      />
    )
  }

  function change(): UpdateStaffRequest {
    const sameRoles =
      roles.length === account.roles.length && roles.every((role) => account.roles.includes(role))
    return {
      ...(displayName.trim() !== account.displayName ? { displayName: displayName.trim() } : {}),
      ...(sameRoles ? {} : { roles }),
      ...(centreId !== account.centre.id ? { centreId } : {}),
      ...(disabled !== account.account.disabled ? { disabled } : {}),
      ...(resetPassword ? { oneTimePassword: password } : {})
    }
  }

  async function unlockAccount(): Promise<void> {
    setUnlock('busy')
    const failure = await props.store.getState().unlock(account.id)
    setError(failure)
    setUnlock(failure ? 'idle' : 'done')
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    if (busy) return
    const problems: Record<string, string[]> = {}
    if (displayName.trim() === '') problems['displayName'] = [t('staff.form.required')]
    if (roles.length === 0) problems['roles'] = [t('staff.form.noRole')]
    if (resetPassword) {
      const texts = passwordProblemTexts(
        t,
        localPasswordProblems(password, { username: account.username, displayName })
      )
      if (texts.length > 0) problems['oneTimePassword'] = texts
    }
    setLocal(problems)
    setError(null)
    if (Object.keys(problems).length > 0) return
    const request = change()
    if (Object.keys(request).length === 0) {
      props.onClose()
      return
    }
    setBusy(true)
    const outcome = await props.store.getState().update(account.id, baseVersion, request)
    setBusy(false)
    if (!outcome.ok) {
      setError(outcome.error)
      return
    }
    if (resetPassword) setRevealed(password)
    else props.onClose()
  }

  const errorsOf = (field: string): string[] => [
    ...(local[field] ?? []),
    ...fieldErrorTexts(t, error, field)
  ]
  const fieldError = (field: string): string | null => errorsOf(field).join(' ') || null

  return (
    <ModalDialog
      title={t('staff.edit.heading', { name: account.displayName })}
      initialFocus={firstField}
      onEscape={props.onClose}
      className="dialog--small"
    >
      <form className="dialog__form" noValidate onSubmit={(event) => void submit(event)}>
        <div className="dialog__body staff-form">
          <p className="field--wide muted staff-form__who">
            <span className="staff-username">{account.username}</span>
            <AccountStatus account={account.account} />
          </p>
          <div className="field field--wide">
            <label htmlFor={ids.name}>{t('staff.form.displayName')}</label>
            <input
              id={ids.name}
              ref={firstField}
              autoComplete="off"
              value={displayName}
              onChange={(event) => setDisplayName(event.target.value)}
              aria-invalid={fieldError('displayName') ? true : undefined}
            />
            {fieldError('displayName') && (
              <p className="field__error">{fieldError('displayName')}</p>
            )}
          </div>
          <RoleChoices
            roles={roles}
            onChange={setRoles}
            error={fieldError('roles')}
            {...(props.isSelf ? { lockedRole: 'admin' as const } : {})}
          />
          <CentreChoice
            id={ids.centre}
            centres={props.centres}
            value={centreId}
            onChange={setCentreId}
            error={fieldError('centreId')}
          />
          <div className="field">
            <span>{t('staff.form.access')}</span>
            <label className="checkbox" htmlFor={ids.disabled}>
              <input
                id={ids.disabled}
                type="checkbox"
                checked={disabled}
                disabled={props.isSelf}
                onChange={(event) => setDisabled(event.target.checked)}
              />{' '}
              {t('staff.form.disabled')}
            </label>
            <p className="muted">
              {props.isSelf ? t('staff.form.ownAccount') : t('staff.form.disabledHint')}
            </p>
          </div>
          <div className="field field--wide">
            <label className="checkbox">
              <input
                type="checkbox"
                checked={resetPassword}
                onChange={(event) => {
                  setResetPassword(event.target.checked)
                  if (event.target.checked && password === '')
                    setPassword(generateOneTimePassword())
                }}
              />{' '}
              {t('staff.form.resetPassword')}
            </label>
          </div>
          {resetPassword && (
            <PasswordChoice
              id={ids.password}
              label={t('staff.form.oneTimePassword')}
              value={password}
              onChange={setPassword}
              errors={errorsOf('oneTimePassword')}
            />
          )}
          {/* Unlocking is its own request (POST /v1/staff/{id}/unlock), not part of the save:
              it takes effect at once, whatever happens to the rest of the form. The block stays
              after unlocking, when the reloaded account is no longer locked, to confirm it. */}
          {(account.account.lockedUntil || unlock !== 'idle') && (
            <div className="staff-unlock">
              {unlock === 'done' ? (
                <span role="status">{t('staff.form.unlocked')}</span>
              ) : (
                <>
                  <button
                    type="button"
                    className="button"
                    disabled={unlock === 'busy'}
                    onClick={() => void unlockAccount()}
                  >
                    {unlock === 'busy' ? t('staff.form.unlocking') : t('staff.form.unlock')}
                  </button>
                  <span className="muted">{t('staff.form.lockedHint')}</span>
                </>
              )}
            </div>
          )}
          {error && error.code === 'version_mismatch' && (
            <div className="staff-form__error" role="alert">
              <p>{t('staff.errors.version_mismatch')}</p>
              <button
                type="button"
                className="button button--small"
                onClick={() => {
                  const latest = props.store.getState().items.find((item) => item.id === account.id)
                  if (latest) setBaseVersion(latest.account.version)
                  setError(null)
                }}
              >
                {t('staff.errors.keepMine')}
              </button>
            </div>
          )}
          {unexplained(error, EDIT_FIELDS) && <SaveError error={error} />}
        </div>
        <footer className="dialog__footer">
          <button type="button" className="button" onClick={props.onClose}>
            {t('staff.form.cancel')} <kbd aria-hidden="true">Esc</kbd>
          </button>
          <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
            {busy ? t('staff.form.saving') : t('staff.edit.submit')}
          </button>
        </footer>
      </form>
    </ModalDialog>
  )
}
