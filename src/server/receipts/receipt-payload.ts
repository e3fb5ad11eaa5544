import type {
  ConsentEvent,
  ConsentSource,
  ConsentState,
  IdentityVerification
} from '../../shared/domain/consent'
import { applyEvent, cellOf, dayOf, type Cells } from '../../shared/domain/consent-rules'
import {
  CONTROLLER,
  KANTARA_VERSION,
  POLICY_URL,
  RECEIPT_SCHEMA_VERSION,
  type ReceiptPayload,
  type ReceiptPurpose
} from '../../shared/domain/receipt'
import type { Language, Staff } from '../../shared/domain/staff'
import {
  COLLECTION_METHOD,
  PURPOSE_KANTARA,
  SERVICE_NAME,
  TERMINATION,
  WITHDRAWAL_METHOD
} from './receipt-texts'

/** What the ledger writer computed for a write with a receipt: all a receipt says. */
export interface ReceiptFacts {
  id: string
  verificationCode: string
  issuedAt: Date
  clientId: string
  client: { name: string; maskedCode: string | null }
  staff: Staff
  language: Language
  source: ConsentSource
  identity: IdentityVerification
  /** The write's events as recorded, hashes included, in seq order. */
  events: readonly ConsentEvent[]
  /** The client's cells before the write. */
  before: Cells
  /** The full state after it. */
  state: ConsentState
  /** The current notices' titles in `language`, by purpose. */
  noticeTitles: ReadonlyMap<string, string>
  rightsNoticeVersion: number | null
}

/** What people read out: `LMT-20261201-8F3A2C1D` (the Riga date of issue, the id's first 8). */
export function receiptNumber(id: string, issuedAt: Date): string {
  const day = dayOf(issuedAt).replaceAll('-', '')
  return `LMT-${day}-${id.replaceAll('-', '').slice(0, 8).toUpperCase()}`
}

/**
 * The receipt's payload (Kantara CR v1.1 names, ISO 27560 additions), from the facts alone: no
 * reads. The full state is on it, each purpose saying whether this request changed it; each
 * change carries its event's hash, which anchors the client's chain.
 */
export function buildReceiptPayload(facts: ReceiptFacts): ReceiptPayload {
  const { language } = facts
  const working: Cells = new Map(facts.before)
  const changes = facts.events.map((event) => {
    const previous = cellOf(working, event.purpose, event.channel).state
    applyEvent(working, event)
    return {
      eventId: event.id,
      seq: event.seq,
      purposeId: event.purpose,
      channel: event.channel,
      action: event.action,
      previousState: previous,
      noticeVersion: event.noticeVersion,
      hash: event.hash
    }
  })
  const changed = new Set(facts.events.map((event) => event.purpose))
  const purposes = facts.state.purposes.map((purpose): ReceiptPurpose => {
    const kantara = PURPOSE_KANTARA[purpose.purpose]
    return {
      purposeId: purpose.purpose,
      purpose: facts.noticeTitles.get(purpose.purpose) ?? purpose.purpose,
      purposeCategory: [...kantara.purposeCategory],
      consentType: 'EXPLICIT',
      piiCategory: [...kantara.piiCategory],
      primaryPurpose: false,
      termination:
        purpose.purpose === 'loyalty'
          ? TERMINATION.loyalty[language]
          : TERMINATION.untilWithdrawn[language],
      thirdPartyDisclosure: kantara.thirdPartyDisclosure,
      state: purpose.state,
      since: purpose.since,
      ...(purpose.channels
        ? {
            channels: purpose.channels.map((channel) => ({
              channel: channel.channel,
              state: channel.state,
              since: channel.since
            }))
          }
        : {}),
      noticeVersion: purpose.noticeVersion,
      changed: changed.has(purpose.purpose)
    }
  })
  const { method, documentLast4, representative } = facts.identity
  return {
    version: KANTARA_VERSION,
    schemaVersion: RECEIPT_SCHEMA_VERSION,
    jurisdiction: 'LV',
    consentTimestamp: Math.floor(facts.issuedAt.getTime() / 1000),
    issuedAt: facts.issuedAt.toISOString(),
    consentReceiptID: facts.id,
    receiptNumber: receiptNumber(facts.id, facts.issuedAt),
    verificationCode: facts.verificationCode,
    collectionMethod: COLLECTION_METHOD[facts.source][language],
    language,
    piiPrincipalId: facts.clientId,
    piiPrincipal: { name: facts.client.name, maskedCode: facts.client.maskedCode },
    piiControllers: [{ ...CONTROLLER, address: { ...CONTROLLER.address } }],
    policyUrl: POLICY_URL,
    collectedBy: {
      centre: { id: facts.staff.centre.id, name: facts.staff.centre.name },
      agent: {
        id: facts.staff.id,
        name: facts.staff.displayName,
        roles: [...facts.staff.roles]
      }
    },
    source: facts.source,
    // The representative's personal code stays in the chain (the proof), off the paper.
    identityVerification: {
      method,
      ...(documentLast4 === undefined ? {} : { documentLast4 }),
      ...(representative
        ? { representative: { name: representative.name, basis: representative.basis } }
        : {})
    },
    services: [{ service: SERVICE_NAME[language], purposes }],
    changes,
    rightsNoticeVersion: facts.rightsNoticeVersion,
    withdrawalMethod: WITHDRAWAL_METHOD[language],
    sensitive: false,
    spiCat: [],
    clientVersion: facts.state.version
  }
}
