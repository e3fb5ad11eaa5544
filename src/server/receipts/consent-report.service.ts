import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { PURPOSES, type Purpose } from '../../shared/domain/consent'
import { foldEvents, toPurposeStates } from '../../shared/domain/consent-rules'
import {
  CONTROLLER,
  POLICY_URL,
  type ConsentReport,
  type PiiControllerSchema
} from '../../shared/domain/receipt'
import type { Language, Staff } from '../../shared/domain/staff'
import type { Clock } from '../clock'
import { allEvents, toConsentEvent, type EventRow } from '../consents/ledger.repository'
import type { Database } from '../db/database'
import { DomainError } from '../domain-error'
import { clientIdentity } from './client-identity'
import { listDecisionsOfClient } from '../review/decisions.repository'
import { toDecision } from '../review/decisions.service'
import { findReportClient, logReport, noticesIn } from './consent-reports.repository'
import type { ReceiptSigner } from './signing-keys'
import type { z } from 'zod'

export interface ReportDeps {
  db: Kysely<Database>
  clock: Clock
  signing: { signer: ReceiptSigner }
}

type Notice = Awaited<ReturnType<typeof noticesIn>>[number]

/**
 * The notice a purpose's state rests on: the version its latest event recorded, or, for a
 * purpose never decided, the current one; in `language` (every version is published in all three).
 */
function noticeInForce(
  purpose: Purpose,
  events: readonly EventRow[],
  notices: readonly Notice[]
): Notice | undefined {
  const own = notices.filter((notice) => notice.purpose === purpose)
  const recorded = events.findLast((event) => event.purpose === purpose)?.notice_version ?? null
  return (
    (recorded === null ? undefined : own.find((notice) => notice.version === recorded)) ??
    own.at(-1)
  )
}

/**
 * GET /v1/clients/{id}/consent-report: the client's GDPR Art. 15 report on their consents. The
 * state is the fold of the events (the ledger itself, not its cache); the history says who, when,
 * where and how the person was identified. Signed like a receipt, and logged with who issued it.
 */
export async function issueConsentReport(
  deps: ReportDeps,
  args: { clientId: string; language: Language; staff: Staff }
): Promise<ConsentReport> {
  const [client, events, notices, decisionRows] = await Promise.all([
    findReportClient(deps.db, args.clientId),
    allEvents(deps.db, args.clientId),
    noticesIn(deps.db, args.language),
    listDecisionsOfClient(deps.db, args.clientId, deps.clock.now())
  ])
  if (!client) throw new DomainError('not_found', 'No client with this id')

  const states = toPurposeStates(foldEvents(events.map(toConsentEvent)))
  const purposes = PURPOSES.map((purpose) => {
    const state = states.find((candidate) => candidate.purpose === purpose)!
    const notice = noticeInForce(purpose, events, notices)
    return {
      purposeId: purpose,
      title: notice?.title ?? purpose,
      noticeText: notice?.text ?? '',
      noticeVersion: notice?.version ?? 1,
      state: state.state,
      since: state.since,
      ...(state.channels
        ? {
            channels: state.channels.map((channel) => ({
              channel: channel.channel,
              state: channel.state,
              since: channel.since
            }))
          }
        : {})
    }
  })
  const history = events.map((row) => {
    const event = toConsentEvent(row)
    return {
      eventId: event.id,
      at: event.at,
      purposeId: event.purpose,
      channel: event.channel,
      action: event.action,
      source: event.source,
      actor: { kind: event.actor.kind, name: event.actor.displayName },
      centre: event.centreName ?? event.centre,
      identityMethod: event.identityVerification?.method ?? null,
      noticeVersion: event.noticeVersion,
      receiptId: event.receiptId
    }
  })

  const issuedAt = deps.clock.now()
  const controller: z.infer<typeof PiiControllerSchema> = {
    ...CONTROLLER,
    address: { ...CONTROLLER.address }
  }
  const report: Omit<ConsentReport, 'jws'> = {
    reportId: randomUUID(),
    issuedAt: issuedAt.toISOString(),
    language: args.language,
    issuedBy: {
      id: args.staff.id,
      name: args.staff.displayName,
      centre: { id: args.staff.centre.id, name: args.staff.centre.name }
    },
    client: { id: args.clientId, ...clientIdentity(client) },
    piiControllers: [controller],
    policyUrl: POLICY_URL,
    purposes,
    history,
    decisions: decisionRows.map(toDecision)
  }
  const jws = await deps.signing.signer.sign(report)
  await logReport(deps.db, {
    id: report.reportId,
    clientId: args.clientId,
    staffId: args.staff.id,
    issuedAt,
    language: args.language,
    jws
  })
  return { ...report, jws }
}
