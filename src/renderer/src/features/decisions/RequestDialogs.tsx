import { useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from 'zustand'
import {
  DOCUMENT_TYPES,
  REPLY_CHANNELS,
  type CreateReviewCaseRequest,
  type Decision,
  type DocumentType,
  type ProvidedDocument,
  type ReplyChannel,
  type ReviewCase
} from '../../../../shared/domain/review'
import type { Language } from '../../../../shared/domain/staff'
import { currentLanguage } from '../../i18n'
import { formatDateTime } from '../../lib/format'
import { outcomeWords } from '../../lib/outcomeWords'
import { FormDialog } from './FormDialog'
import type { DecisionsStore } from './store'

/** The client's statement: Art. 22(3) lets them put their point of view; the API takes 4000. */
export const STATEMENT_MAX = 4000
/** What the client wants to buy or sign, and the note on an "other" document. */
const SHORT_TEXT_MAX = 300

interface DialogProps {
  store: DecisionsStore
  clientId: string
  clientLanguage: Language
  onClose(): void
  /** The case was filed: the caller closes the dialog and shows the confirmation letter. */
  onCreated(created: ReviewCase): void
}

function ReplyChannelField(props: {
  value: ReplyChannel
  disabled: boolean
  onChange(value: ReplyChannel): void
}): React.JSX.Element {
  const { t } = useTranslation()
  const name = useId()
  return (
    <fieldset className="decision-form__choices">
      <legend>{t('decisions.reply.label')}</legend>
      {REPLY_CHANNELS.map((channel) => (
        <label key={channel} className="check">
          <input
            type="radio"
            name={name}
            value={channel}
            checked={props.value === channel}
            disabled={props.disabled}
            onChange={() => props.onChange(channel)}
          />
          {t(`decisions.reply.${channel}`)}
        </label>
      ))}
    </fieldset>
  )
}

/** Review of an automated decision: the client's point of view and how they want the answer. */
export function RequestReviewDialog(
  props: DialogProps & { decision: Decision }
): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const language = currentLanguage(i18n)
  const { store, decision } = props
  const creating = useStore(store, (s) => s.creating)
  const error = useStore(store, (s) => s.createError)
  const [statement, setStatement] = useState('')
  const [reply, setReply] = useState<ReplyChannel>('letter')
  const statementRef = useRef<HTMLTextAreaElement>(null)
  const statementId = useId()
  const hintId = useId()
  const counterId = useId()

  const submit = async (): Promise<void> => {
    const text = statement.trim()
    const request: CreateReviewCaseRequest = {
      kind: 'decision_review',
      clientId: props.clientId,
      decisionId: decision.id,
      ...(text === '' ? {} : { clientStatement: text }),
      replyChannel: reply
    }
    const created = await store.getState().create(request)
    if (created) props.onCreated(created)
  }

  return (
    <FormDialog
      title={t('decisions.request.title')}
      intro={
        <p className="decision-form__about" data-testid="request-about">
          {t(`decisions.kind.${decision.kind}`)}, {formatDateTime(decision.decidedAt, language)}
          {' — '}
          <strong>{outcomeWords(decision.outcome, language, t)}</strong>
        </p>
      }
      dirty={statement.trim() !== '' || reply !== 'letter'}
      busy={creating}
      error={error}
      submitLabel={t('decisions.request.submit')}
      clientLanguage={props.clientLanguage}
      initialFocus={statementRef}
      onSubmit={() => void submit()}
      onClose={props.onClose}
    >
      <div className="field">
        <label htmlFor={statementId} className="decision-form__label">
          {t('decisions.request.statement')}
        </label>
        <p id={hintId} className="decision-form__hint">
          {t('decisions.request.statementHint')}
        </p>
        <textarea
          ref={statementRef}
          id={statementId}
          rows={6}
          maxLength={STATEMENT_MAX}
          value={statement}
          readOnly={creating}
          aria-describedby={`${hintId} ${counterId}`}
          onChange={(event) => {
            setStatement(event.target.value)
            if (error) store.getState().clearCreateError()
          }}
        />
        <p
          id={counterId}
          className={`decision-form__counter ${statement.length >= STATEMENT_MAX ? 'is-full' : ''}`}
        >
          {t('decisions.request.counter', {
            used: statement.length,
            max: STATEMENT_MAX
          })}
        </p>
      </div>
      <ReplyChannelField value={reply} disabled={creating} onChange={setReply} />
    </FormDialog>
  )
}

type ManualField = 'purpose' | 'documents' | 'otherNote'

/**
 * Manual creditworthiness assessment, for a client who does not consent to the automated check:
 * what they want to buy or sign, and the documents they brought.
 */
export function ManualAssessmentDialog(props: DialogProps): React.JSX.Element {
  const { t } = useTranslation()
  const { store } = props
  const creating = useStore(store, (s) => s.creating)
  const error = useStore(store, (s) => s.createError)
  const [purpose, setPurpose] = useState('')
  const [documents, setDocuments] = useState<ReadonlySet<DocumentType>>(new Set())
  const [otherNote, setOtherNote] = useState('')
  const [reply, setReply] = useState<ReplyChannel>('letter')
  const [tried, setTried] = useState(false)
  const purposeRef = useRef<HTMLInputElement>(null)
  const firstDocumentRef = useRef<HTMLInputElement>(null)
  const otherNoteRef = useRef<HTMLInputElement>(null)
  const ids = { purpose: useId(), documents: useId(), otherNote: useId() }

  const problems: Partial<Record<ManualField, string>> = {}
  if (purpose.trim() === '') problems.purpose = t('decisions.manual.purposeRequired')
  if (documents.size === 0) problems.documents = t('decisions.manual.documentsRequired')
  if (documents.has('other') && otherNote.trim() === '') {
    problems.otherNote = t('decisions.manual.otherNoteRequired')
  }
  const shown = tried ? problems : {}

  const edited = (): void => {
    if (error) store.getState().clearCreateError()
  }
  const toggle = (type: DocumentType): void => {
    const next = new Set(documents)
    if (next.has(type)) next.delete(type)
    else next.add(type)
    setDocuments(next)
    edited()
  }

  const submit = async (): Promise<void> => {
    setTried(true)
    // The first field that needs attention gets the focus; nothing is sent until all is well.
    if (problems.purpose) return purposeRef.current?.focus()
    if (problems.documents) return firstDocumentRef.current?.focus()
    if (problems.otherNote) return otherNoteRef.current?.focus()
    const provided: ProvidedDocument[] = DOCUMENT_TYPES.filter((type) => documents.has(type)).map(
      (type) => (type === 'other' ? { type, note: otherNote.trim() } : { type })
    )
    const request: CreateReviewCaseRequest = {
      kind: 'manual_credit',
      clientId: props.clientId,
      replyChannel: reply,
      creditPurpose: purpose.trim(),
      documents: provided
    }
    const created = await store.getState().create(request)
    if (created) props.onCreated(created)
  }

  return (
    <FormDialog
      title={t('decisions.manual.title')}
      intro={<p className="decision-form__about muted">{t('decisions.manual.intro')}</p>}
      dirty={
        purpose.trim() !== '' || documents.size > 0 || otherNote.trim() !== '' || reply !== 'letter'
      }
      busy={creating}
      error={error}
      submitLabel={t('decisions.manual.submit')}
      clientLanguage={props.clientLanguage}
      initialFocus={purposeRef}
      onSubmit={() => void submit()}
      onClose={props.onClose}
    >
      <div className="field">
        <label htmlFor={ids.purpose} className="decision-form__label">
          {t('decisions.manual.purpose')}
        </label>
        <input
          ref={purposeRef}
          id={ids.purpose}
          value={purpose}
          maxLength={SHORT_TEXT_MAX}
          readOnly={creating}
          autoComplete="off"
          aria-required="true"
          aria-invalid={shown.purpose ? true : undefined}
          aria-describedby={shown.purpose ? `${ids.purpose}-error` : undefined}
          onChange={(event) => {
            setPurpose(event.target.value)
            edited()
          }}
        />
        {shown.purpose && (
          <p id={`${ids.purpose}-error`} className="field__error">
            {shown.purpose}
          </p>
        )}
      </div>

      <fieldset
        className="decision-form__choices"
        aria-describedby={shown.documents ? `${ids.documents}-error` : undefined}
      >
        <legend>{t('decisions.manual.documents')}</legend>
        {DOCUMENT_TYPES.map((type, index) => (
          <label key={type} className="check">
            <input
              ref={index === 0 ? firstDocumentRef : undefined}
              type="checkbox"
              checked={documents.has(type)}
              disabled={creating}
              onChange={() => toggle(type)}
            />
            {t(`decisions.documents.${type}`)}
          </label>
        ))}
        {documents.has('other') && (
          <div className="field decision-form__other">
            <label htmlFor={ids.otherNote} className="decision-form__label">
              {t('decisions.manual.otherNote')}
            </label>
            <input
              ref={otherNoteRef}
              id={ids.otherNote}
              value={otherNote}
              maxLength={SHORT_TEXT_MAX}
              readOnly={creating}
              autoComplete="off"
              aria-required="true"
              aria-invalid={shown.otherNote ? true : undefined}
              aria-describedby={shown.otherNote ? `${ids.otherNote}-error` : undefined}
              onChange={(event) => {
                setOtherNote(event.target.value)
                edited()
              }}
            />
            {shown.otherNote && (
              <p id={`${ids.otherNote}-error`} className="field__error">
                {shown.otherNote}
              </p>
            )}
          </div>
        )}
        {shown.documents && (
          <p id={`${ids.documents}-error`} className="field__error">
            {shown.documents}
          </p>
        )}
      </fieldset>

      <ReplyChannelField value={reply} disabled={creating} onChange={setReply} />
    </FormDialog>
  )
}
