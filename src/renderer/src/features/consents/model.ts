import {
  OFFER_CHANNELS,
  PURPOSES,
  type ConsentChange,
  type ConsentState,
  type ConsentStateValue,
  type OfferChannel,
  type Purpose,
  type PurposeDefinition,
  type RequestedAction,
  type RightsNotice
} from '../../../../shared/domain/consent'
import type { Language } from '../../../../shared/domain/staff'
import { parseCellKey } from '../../../../shared/domain/consent-rules'

/** A pending change's key: the shared cell key (`offers:sms`, `location`). */
export type ChangeKey = string

/** The recorded state of one purpose or one channel of `offers`. */
export function baseStateOf(
  consent: ConsentState | null,
  purpose: Purpose,
  channel?: OfferChannel
): ConsentStateValue {
  const row = consent?.purposes.find((p) => p.purpose === purpose)
  if (!row) return 'never_given'
  if (!channel) return row.state
  return row.channels?.find((c) => c.channel === channel)?.state ?? 'never_given'
}

const ORDER = new Map<string, number>(
  PURPOSES.flatMap((purpose, i) => [
    [purpose, i * 10] as const,
    ...OFFER_CHANNELS.map((channel, j) => [`${purpose}:${channel}`, i * 10 + j + 1] as const)
  ])
)

/** Pending changes in the card's order, as the API takes them. */
export function toChanges(pending: Readonly<Record<ChangeKey, RequestedAction>>): ConsentChange[] {
  return Object.keys(pending)
    .sort((a, b) => (ORDER.get(a) ?? 0) - (ORDER.get(b) ?? 0))
    .map((key) => ({ ...parseCellKey(key), action: pending[key]! }))
}

export interface StateDifference {
  purpose: Purpose
  channel?: OfferChannel
  before: ConsentStateValue
  after: ConsentStateValue
}

/** What changed between two readings of a client's consents (for a 412 conflict). */
export function diffStates(seen: ConsentState | null, current: ConsentState): StateDifference[] {
  const out: StateDifference[] = []
  for (const purpose of PURPOSES) {
    const before = baseStateOf(seen, purpose)
    const after = baseStateOf(current, purpose)
    if (before !== after) out.push({ purpose, before, after })
    if (purpose !== 'offers') continue
    for (const channel of OFFER_CHANNELS) {
      const b = baseStateOf(seen, purpose, channel)
      const a = baseStateOf(current, purpose, channel)
      if (b !== a) out.push({ purpose, channel, before: b, after: a })
    }
  }
  return out
}

/** One wording of a notice as the client is shown it. */
export interface ShownNotice {
  version: number
  title: string
  text: string
}

/**
 * The wording the client is shown of a notice (a purpose's, or the rights statement): the newest
 * published version in the client's language, which is what the API checks a write against.
 */
export function shownNotice(
  notices: readonly (ShownNotice & { language: Language })[] | undefined,
  language: Language
): ShownNotice | null {
  let shown: ShownNotice | null = null
  for (const notice of notices ?? []) {
    if (notice.language !== language) continue
    if (!shown || notice.version > shown.version) {
      shown = { version: notice.version, title: notice.title, text: notice.text }
    }
  }
  return shown
}

export function purposeNotice(
  definitions: readonly PurposeDefinition[] | null,
  purpose: Purpose,
  language: Language
): ShownNotice | null {
  return shownNotice(definitions?.find((d) => d.purpose === purpose)?.notices, language)
}

/**
 * The changes as the API takes them, each naming the version of its purpose's notice the client
 * is shown, and the version of the rights statement; null while any of those texts is missing
 * (the client cannot confirm what they have not been shown).
 */
export function withNoticeVersions(
  changes: readonly ConsentChange[],
  definitions: readonly PurposeDefinition[] | null,
  rights: RightsNotice | null,
  language: Language
): { changes: ConsentChange[]; rightsNoticeVersion: number } | null {
  const rightsNotice = shownNotice(rights?.notices, language)
  if (!rightsNotice) return null
  const out: ConsentChange[] = []
  for (const change of changes) {
    const notice = purposeNotice(definitions, change.purpose, language)
    if (!notice) return null
    out.push({ ...change, noticeVersion: notice.version })
  }
  return { changes: out, rightsNoticeVersion: rightsNotice.version }
}

/**
 * A stable signature of what a save sends (the version it is based on and the whole body), to
 * tell a retry of the same request from a new one.
 */
export function signatureOf(version: number, body: unknown): string {
  return JSON.stringify([version, body])
}
