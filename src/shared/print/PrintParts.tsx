import type { ReactElement, ReactNode } from 'react'
import type { ConsentStateValue, OfferChannel } from '../domain/consent'
import type { ReceiptPayload } from '../domain/receipt'
import type { PrintContext } from './print-i18n'
import { QrCode } from './QrCode'

/** Parts every document shares: the controller block, the header, facts, state cells. */

export type PiiController = ReceiptPayload['piiControllers'][number]

/** Where the full privacy policy is, as the rights notice names it. */
export const POLICY_SITES = 'lmt.lv, mans.lmt.lv'

/** `LV50003050931`: the registration number as LMT prints it. */
function registrationNumber(number: string): string {
  return /^LV/i.test(number) ? number : `LV${number}`
}

export function ControllerBlock({
  controller,
  ctx
}: {
  controller: PiiController
  ctx: PrintContext
}): ReactElement {
  const { t } = ctx
  const { address } = controller
  return (
    <section className="controller">
      <p className="label">{t('common.controller')}</p>
      <p className="controller-name">{controller.piiController}</p>
      <p>{t('common.regNo', { number: registrationNumber(controller.registrationNumber) })}</p>
      <p>{[address.streetAddress, address.addressLocality, address.addressCountry].join(', ')}</p>
      <p>
        {t('common.email', { email: controller.email })}
        {' · '}
        {t('common.phone', { phone: controller.phone })}
      </p>
    </section>
  )
}

export interface HeaderFact {
  label: string
  value: ReactNode
  /** Printed larger and bold. */
  strong?: boolean
  /** Takes the whole width of a two-column list. */
  wide?: boolean
}

function factClass(fact: HeaderFact, base?: string): string | undefined {
  const classes = [base, fact.strong ? 'strong' : undefined, fact.wide ? 'wide' : undefined]
  return classes.filter(Boolean).join(' ') || undefined
}

/** The controller on the left, the document's reference on the right, then the title. */
export function DocumentHeader({
  controller,
  title,
  subtitle,
  reference,
  ctx
}: {
  controller: PiiController
  title: string
  subtitle?: string
  reference: HeaderFact[]
  ctx: PrintContext
}): ReactElement {
  return (
    <>
      <header className="doc-header">
        <ControllerBlock controller={controller} ctx={ctx} />
        <dl className="doc-reference">
          {reference.map((fact) => (
            <div key={fact.label} className={factClass(fact)}>
              <dt>{fact.label}</dt>
              <dd>{fact.value}</dd>
            </div>
          ))}
        </dl>
      </header>
      <h1 className="doc-title">{title}</h1>
      {subtitle ? <p className="doc-subtitle">{subtitle}</p> : null}
    </>
  )
}

/** Label and value pairs in two columns. */
export function Facts({
  items,
  className = 'facts'
}: {
  items: HeaderFact[]
  className?: string
}): ReactElement {
  return (
    <dl className={className}>
      {items.map((fact) => (
        <div key={fact.label} className={factClass(fact, 'fact')}>
          <dt>{fact.label}</dt>
          <dd>{fact.value}</dd>
        </div>
      ))}
    </dl>
  )
}

export function StateLabel({
  state,
  ctx
}: {
  state: ConsentStateValue
  ctx: PrintContext
}): ReactElement {
  return <span className={`state state-${state}`}>{ctx.t(`state.${state}`)}</span>
}

/** `before → after` for what a receipt changed; the state alone otherwise. */
export function StateCell({
  state,
  before,
  ctx
}: {
  state: ConsentStateValue
  before?: ConsentStateValue | undefined
  ctx: PrintContext
}): ReactElement {
  if (before === undefined) return <StateLabel state={state} ctx={ctx} />
  return (
    <span className="state-change">
      <span className="before">
        <StateLabel state={before} ctx={ctx} />
      </span>{' '}
      <svg className="arrow" viewBox="0 0 18 10" aria-hidden="true">
        <path d="M1 5h14M11 1.5 15 5l-4 3.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
      </svg>{' '}
      <span className="after">
        <StateLabel state={state} ctx={ctx} />
      </span>
    </span>
  )
}

/** A row of a purposes table: a purpose, or (indented) one of the offers' channels. */
export interface StateRow {
  key: string
  number: number | null
  /** The purpose's title; a channel row prints the channel's name instead. */
  title: string
  channel?: OfferChannel
  state: ConsentStateValue
  since: string | null
  noticeVersion?: number | null
  /** Set when this row changed: the state before. */
  before?: ConsentStateValue
  changed?: boolean
}

/** The seven purposes (offers with its channels) and their states. */
export function StateTable({
  rows,
  ctx,
  showNotice
}: {
  rows: StateRow[]
  ctx: PrintContext
  showNotice: boolean
}): ReactElement {
  const { t } = ctx
  return (
    <table className={showNotice ? 'state-table with-notice' : 'state-table'}>
      <colgroup>
        <col className="c-number" />
        <col className="c-purpose" />
        <col className="c-state" />
        <col className="c-since" />
        {showNotice ? <col className="c-notice" /> : null}
      </colgroup>
      <thead>
        <tr>
          <th scope="col">{t('col.number')}</th>
          <th scope="col">{t('col.purpose')}</th>
          <th scope="col">{t('col.state')}</th>
          <th scope="col">{t('col.since')}</th>
          {showNotice ? <th scope="col">{t('col.notice')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const classes = [row.channel ? 'channel-row' : 'purpose-row']
          if (row.changed) classes.push('changed')
          return (
            <tr key={row.key} className={classes.join(' ')}>
              <td className="number">{row.number ?? ''}</td>
              <td className="purpose">{row.channel ? t(`channel.${row.channel}`) : row.title}</td>
              <td>
                <StateCell state={row.state} before={row.before} ctx={ctx} />
              </td>
              <td className="since">{row.since ? ctx.date(row.since) : t('common.none')}</td>
              {showNotice ? (
                <td className="notice">
                  {row.noticeVersion === null || row.noticeVersion === undefined
                    ? ''
                    : t('common.version', { version: row.noticeVersion })}
                </td>
              ) : null}
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

type TextBlock = { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] }

/** A notice's text as blocks: blank lines end paragraphs, "- " lines are bullets. */
export function textBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = []
  let previousLineBlank = true
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    const last = blocks[blocks.length - 1]
    if (line === '') {
      previousLineBlank = true
      continue
    }
    const bullet = /^[-•–]\s+(.*)$/.exec(line)
    if (bullet) {
      if (last?.kind === 'list') last.items.push(bullet[1]!)
      else blocks.push({ kind: 'list', items: [bullet[1]!] })
    } else if (last?.kind === 'paragraph' && !previousLineBlank) {
      last.text = `${last.text} ${line}`
    } else {
      blocks.push({ kind: 'paragraph', text: line })
    }
    previousLineBlank = false
  }
  return blocks
}

export function NoticeText({ text }: { text: string }): ReactElement {
  return (
    <div className="notice-text">
      {textBlocks(text).map((block, index) =>
        block.kind === 'paragraph' ? (
          <p key={index}>{block.text}</p>
        ) : (
          <ul key={index}>
            {block.items.map((item, itemIndex) => (
              <li key={itemIndex}>{item}</li>
            ))}
          </ul>
        )
      )}
    </div>
  )
}

/** The QR code with the verification code beside it, large, and how to use them. */
export function VerificationBox({
  code,
  qrContent,
  ctx,
  facts,
  children
}: {
  code: string
  qrContent: string
  ctx: PrintContext
  /** What the code verifies (a confirmation names the receipt), above the code. */
  facts?: HeaderFact[]
  children?: ReactNode
}): ReactElement {
  const { t } = ctx
  return (
    <section className="verification">
      <QrCode content={qrContent} label={t('common.verificationCode')} />
      <div className="verification-text">
        {facts ? <Facts items={facts} className="verification-facts" /> : null}
        <p className="label">{t('common.verificationCode')}</p>
        <p className="code">{code}</p>
        <p className="hint">{t('common.verifyHint')}</p>
        {children}
      </div>
    </section>
  )
}

export function Section({
  title,
  className,
  children
}: {
  title: string
  className?: string
  children: ReactNode
}): ReactElement {
  return (
    <section className={className ? `doc-section ${className}` : 'doc-section'}>
      <h2>{title}</h2>
      {children}
    </section>
  )
}
