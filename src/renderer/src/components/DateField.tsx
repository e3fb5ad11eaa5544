import { useId, useImperativeHandle, useRef, useState, type Ref } from 'react'
import { useTranslation } from 'react-i18next'
import {
  formatWallTimeText,
  parseDateText,
  type DateTextError,
  type DateTextOptions,
  type WallTime
} from '../../../shared/domain/dates'
import { currentLanguage } from '../i18n'
import './date-field.css'

export interface DateFieldHandle {
  /**
   * Reads what is in the box now: a valid value (null for an empty optional field) is committed
   * and returned; otherwise the error is shown and `undefined` returned, and nothing changes.
   */
  commit(): WallTime | null | undefined
  focus(): void
}

export interface DateFieldProps {
  label: string
  /** `date`: a day. `datetime`: a day and, optionally, a 24-hour time. */
  mode: 'date' | 'datetime'
  /** The value in force (a filter, a chosen moment); null when there is none. */
  value: WallTime | null
  /** Receives each newly committed value; null when an optional field is emptied. */
  onCommit(value: WallTime | null): void
  /**
   * Commit valid text as it is typed, and check it on Enter and on leaving the field (filters).
   * Without it the owner commits, through the handle (a form's submit).
   */
  commitWhileTyping?: boolean
  /** An empty field is an error (`required`) when committed. */
  required?: boolean
  ref?: Ref<DateFieldHandle>
}

function sameWallTime(a: WallTime | null | undefined, b: WallTime | null | undefined): boolean {
  return (a ?? null) === (b ?? null) || (!!a && !!b && a.date === b.date && a.time === b.time)
}

/**
 * A date (or date and time) typed as text, in the app's language, never the operating system's:
 * lv `dd.mm.gggg`, en `dd/mm/yyyy` (en-GB), ru `дд.мм.гггг`, times `hh:mm` on the 24-hour clock.
 * One input, so one Tab stop (a native date input has a stop per segment and follows Chromium's
 * locale). The format is the placeholder and, for screen readers, the description; a date that
 * does not exist (31.02.2026) is refused with a message tied to the input.
 */
export function DateField({
  label,
  mode,
  value,
  onCommit,
  commitWhileTyping = false,
  required = false,
  ref
}: DateFieldProps): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const options: DateTextOptions = {
    time: mode === 'datetime' ? 'optional' : 'forbidden',
    required
  }
  const id = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  const [text, setText] = useState(() => (value ? formatWallTimeText(value, language) : ''))
  const [error, setError] = useState<DateTextError | null>(null)

  // The value changed from outside (filters cleared, another moment chosen): show it, unless the
  // box already says the same in the agent's own words. The language changed: write a valid
  // date in the new language's form; leave a wrong one as typed, it is still to be corrected.
  const [shown, setShown] = useState({ value, language })
  const valueChanged = !sameWallTime(shown.value, value)
  const languageChanged = shown.language !== language
  if (valueChanged || languageChanged) {
    setShown({ value, language })
    const typed = parseDateText(text, options)
    const boxSaysValue = typed.ok && sameWallTime(typed.value, value)
    if (valueChanged && !boxSaysValue) {
      setText(value ? formatWallTimeText(value, language) : '')
      setError(null)
    } else if (languageChanged && boxSaysValue && value) {
      setText(formatWallTimeText(value, language))
    }
  }

  function commit(): WallTime | null | undefined {
    const result = parseDateText(text, options)
    if (!result.ok) {
      setError(result.error)
      return undefined
    }
    setError(null)
    if (!sameWallTime(result.value, value)) onCommit(result.value)
    return result.value
  }

  useImperativeHandle(ref, () => ({ commit, focus: () => inputRef.current?.focus() }))

  function onChange(next: string): void {
    setText(next)
    const result = parseDateText(next, options)
    if (result.ok) {
      // A shown error goes as soon as the text is right; a new one waits for Enter or leaving.
      setError(null)
      if (commitWhileTyping && !sameWallTime(result.value, value)) onCommit(result.value)
    } else if (error !== null) {
      setError(result.error === 'required' ? null : result.error)
    }
  }

  const format = t(mode === 'datetime' ? 'dateField.format.datetime' : 'dateField.format.date')
  const hintId = `${id}-hint`
  const errorId = `${id}-error`

  return (
    <span className={`date-field date-field--${mode}`}>
      <label htmlFor={`${id}-input`} className="date-field__label">
        {label}
      </label>
      <input
        ref={inputRef}
        id={`${id}-input`}
        type="text"
        className="date-field__input"
        value={text}
        placeholder={format}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        onChange={(event) => onChange(event.target.value)}
        onBlur={() => {
          // Leaving an empty field is not a mistake; leaving a wrong date is.
          if (text.trim() === '') setError(null)
          else if (commitWhileTyping) commit()
          else {
            const result = parseDateText(text, options)
            setError(result.ok ? null : result.error)
          }
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && commitWhileTyping) {
            event.preventDefault()
            commit()
          }
        }}
      />
      <span id={hintId} className="visually-hidden">
        {t(mode === 'datetime' ? 'dateField.hint.datetime' : 'dateField.hint.date', { format })}
      </span>
      {error && (
        <span id={errorId} className="date-field__error" role="alert">
          {t(`dateField.error.${error}`, { format, text: text.trim() })}
        </span>
      )}
    </span>
  )
}
