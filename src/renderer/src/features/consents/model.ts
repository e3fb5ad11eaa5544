import {
  OFFER_CHANNELS,
  PURPOSES,
  type ConsentChange,
  type ConsentState,
  type ConsentStateValue,
  type OfferChannel,
  type Purpose,
  type RequestedAction
} from '../../../../shared/domain/consent'
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

/** A stable signature of what a save would send, to tell a retry from a new save. */
export function signatureOf(
  version: number,
  pending: Readonly<Record<ChangeKey, RequestedAction>>
): string {
  return JSON.stringify([version, toChanges(pending)])
}
