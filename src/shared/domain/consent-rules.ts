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
} from './consent'
import { rigaDate } from './dates'

/**
 * The pure rules of consent state, written once and used everywhere: the API's write path
 * (projection rows), its `?at=` read (a fold of events up to a moment), the loyalty job, the
 * desk's pending changes, and the tests (fold of the timeline = GET state).
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

/** A cell's key: `offers:sms` for a channel, `location` for a whole purpose. */
export function cellKey(purpose: Purpose, channel?: OfferChannel | null): string {
  return channel ? `${purpose}:${channel}` : purpose
}

export function parseCellKey(key: string): { purpose: Purpose; channel?: OfferChannel } {
  const [purpose, channel] = key.split(':') as [Purpose, OfferChannel | undefined]
  return channel ? { purpose, channel } : { purpose }
}

/** What an action leaves behind: `resumed` gives the consent back; the rest name their state. */
export function stateAfter(action: ConsentAction): ConsentStateValue {
  return action === 'resumed' ? 'given' : action
}

/** Given or paused: the client's consent stands (a pause is a temporary refusal, design). */
export function isOn(state: ConsentStateValue): boolean {
  return state === 'given' || state === 'paused'
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
  return transitionProblem(purpose, current, action)
}

/** Whether `action` would change anything on top of `current` (the desk's pending check). */
export function changesSomething(
  purpose: Purpose,
  current: ConsentStateValue,
  action: RequestedAction
): boolean {
  return transitionProblem(purpose, current, action) === null
}

function transitionProblem(
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

/** Purpose 6: accrued loyalty is kept for two years after the end of the last contract. */
export const LOYALTY_YEARS = 2

export interface LoyaltyClock {
  endsOn: string
  daysLeft: number
}

/**
 * The calendar day an instant falls on at the counter: Europe/Riga, not UTC (between midnight
 * and 02:00/03:00 Riga time the UTC day is still yesterday).
 */
export function dayOf(instant: Date): string {
  return rigaDate(instant.toISOString())
}

function addYears(day: string, years: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  // 29 February + 2 years is 1 March (Date rolls over), which keeps the promise "two years".
  return new Date(Date.UTC(year + years, month - 1, date)).toISOString().slice(0, 10)
}

/** Whole calendar days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000)
}

/**
 * The loyalty clock of a client whose contracts are given, or null while it does not run: some
 * contract is not ended (active or suspended: the client is still with LMT), or there is none.
 * `endsOn` is the day the loyalty expires (last contract end + 2 years); `daysLeft` counts Riga
 * calendar days to it from `today` (a Riga day, see dayOf).
 */
export function loyaltyClock(
  contracts: ReadonlyArray<{ status: string; endDate: string | null }>,
  today: string
): LoyaltyClock | null {
  if (contracts.length === 0) return null
  if (contracts.some((contract) => contract.status !== 'ended')) return null
  const ends = contracts.map((contract) => contract.endDate).filter((end): end is string => !!end)
  if (ends.length === 0) return null
  const lastEnd = ends.sort().at(-1)!
  const endsOn = addYears(lastEnd, LOYALTY_YEARS)
  return { endsOn, daysLeft: Math.max(0, daysBetween(today, endsOn)) }
}

export interface CellMismatch {
  purpose: Purpose
  channel: OfferChannel | null
  stored: ConsentStateValue
  fromEvents: ConsentStateValue
}

/**
 * Cells whose stored state differs from the fold of the events: the projection is a cache of
 * the events, and an edit to it alone must not pass unnoticed. Every purpose and every channel
 * of `offers` is compared (a missing row reads as never given on both sides).
 */
export function projectionMismatches(stored: Cells, fromEvents: Cells): CellMismatch[] {
  type Place = { purpose: Purpose; channel: OfferChannel | null }
  const cells = PURPOSES.flatMap((purpose): Place[] =>
    purpose === 'offers'
      ? OFFER_CHANNELS.map((channel) => ({ purpose, channel }))
      : [{ purpose, channel: null }]
  )
  const mismatches: CellMismatch[] = []
  for (const { purpose, channel } of cells) {
    const a = cellOf(stored, purpose, channel).state
    const b = cellOf(fromEvents, purpose, channel).state
    if (a !== b) mismatches.push({ purpose, channel, stored: a, fromEvents: b })
  }
  return mismatches
}
