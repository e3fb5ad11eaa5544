import {
  OFFER_CHANNELS,
  PURPOSES,
  type ConsentAction,
  type ConsentSource,
  type ConsentStateValue,
  type OfferChannel,
  type Purpose,
  type PurposeState,
  type RequestedAction
} from '../../shared/domain/consent'

/**
 * The pure rules of consent state, shared by the write path (projection rows), the `?at=` read
 * (a fold of events up to a moment) and the tests (fold of the timeline = GET state).
 *
 * Decisions (documented in the API description):
 * - `offers` is chosen per channel only: a change of `offers` must name a channel, and the
 *   purpose's own state is derived: `given` while any channel is given (since the earliest of the
 *   given channels), otherwise the state of the most recently changed channel, or `never_given`.
 * - `paused` and `resumed` exist for `location` only (ePrivacy Art. 9 temporary refusal);
 *   `resumed` makes it `given` again.
 * - `expired` is recorded only by the API (the loyalty clock).
 */

/** One state cell: a purpose (channel null) or one channel of `offers`. */
export interface Cell {
  state: ConsentStateValue
  since: string | null
  eventId: string | null
  source: ConsentSource | null
  noticeVersion: number | null
}

export interface FoldableEvent {
  id: string
  seq: number
  purpose: Purpose
  channel: OfferChannel | null
  action: ConsentAction
  at: string
  source: ConsentSource | null
  noticeVersion: number | null
}

export type Cells = Map<string, Cell>

export const NEVER_GIVEN: Cell = {
  state: 'never_given',
  since: null,
  eventId: null,
  source: null,
  noticeVersion: null
}

export function cellKey(purpose: Purpose, channel: OfferChannel | null): string {
  return channel === null ? purpose : `${purpose}:${channel}`
}

export function stateAfter(action: ConsentAction): ConsentStateValue {
  return action === 'resumed' ? 'given' : action
}

/** Applies one event to the cells (mutates). Events must come in seq order. */
export function applyEvent(cells: Cells, event: FoldableEvent): void {
  cells.set(cellKey(event.purpose, event.channel), {
    state: stateAfter(event.action),
    since: event.at,
    eventId: event.id,
    source: event.source,
    noticeVersion: event.noticeVersion
  })
}

/** The state of every cell after `events` (sorted by seq here, whatever order they come in). */
export function foldEvents(events: readonly FoldableEvent[]): Cells {
  const cells: Cells = new Map()
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) applyEvent(cells, event)
  return cells
}

export function cellOf(cells: Cells, purpose: Purpose, channel: OfferChannel | null): Cell {
  return cells.get(cellKey(purpose, channel)) ?? NEVER_GIVEN
}

/** The derived purpose-level state of `offers` from its channels (see the decisions above). */
export function offersSummary(cells: Cells): Cell {
  const channels = OFFER_CHANNELS.map((channel) => cellOf(cells, 'offers', channel))
  const given = channels.filter((cell) => cell.state === 'given')
  const byTime = (a: Cell, b: Cell): number =>
    (a.since ?? '').localeCompare(b.since ?? '') || (a.eventId ?? '').localeCompare(b.eventId ?? '')
  if (given.length > 0) return [...given].sort(byTime)[0]!
  const touched = channels.filter((cell) => cell.eventId !== null)
  if (touched.length === 0) return NEVER_GIVEN
  return [...touched].sort(byTime).at(-1)!
}

/** The seven purposes in catalogue order, as GET /v1/clients/{id}/consents returns them. */
export function toPurposeStates(cells: Cells): PurposeState[] {
  return PURPOSES.map((purpose) => {
    if (purpose === 'offers') {
      return {
        purpose,
        ...offersSummary(cells),
        channels: OFFER_CHANNELS.map((channel) => {
          const cell = cellOf(cells, purpose, channel)
          return { channel, state: cell.state, since: cell.since, eventId: cell.eventId }
        })
      }
    }
    return { purpose, ...cellOf(cells, purpose, null) }
  })
}

export type TransitionProblem =
  | { kind: 'invalid'; message: string }
  | { kind: 'no_op'; message: string }

/**
 * Whether `action` changes a cell in state `current`. Invalid requests (400) are told apart from
 * changes that would change nothing (409 no_op_change), which are refused so that a double click
 * or a stale screen never records a meaningless event.
 */
export function checkTransition(
  purpose: Purpose,
  current: ConsentStateValue,
  action: RequestedAction
): TransitionProblem | null {
  switch (action) {
    case 'given':
      if (current === 'given') return { kind: 'no_op', message: 'is already given' }
      if (current === 'paused') return { kind: 'no_op', message: 'is given and paused; resume it' }
      return null
    case 'withdrawn':
      if (current === 'given' || current === 'paused') return null
      return { kind: 'no_op', message: `cannot be withdrawn: it is ${current}` }
    case 'paused':
      if (purpose !== 'location') return { kind: 'invalid', message: 'only location can be paused' }
      if (current === 'given') return null
      return { kind: 'no_op', message: `cannot be paused: it is ${current}` }
    case 'resumed':
      if (purpose !== 'location') return { kind: 'invalid', message: 'only location can be resumed' }
      if (current === 'paused') return null
      return { kind: 'no_op', message: `cannot be resumed: it is ${current}` }
  }
}
