import { createHash } from 'node:crypto'

/**
 * What an event's hash covers: every recorded fact, in a fixed key order, times as ISO strings
 * with milliseconds, absent values as explicit nulls. Computed in app code (node:crypto) so that
 * PostgreSQL and PGlite chains are byte-identical and the verifier needs no database function.
 */
export interface ChainedEventFields {
  id: string
  clientId: string
  seq: number
  version: number
  purpose: string
  channel: string | null
  action: string
  at: string
  source: string | null
  actorKind: string
  actorId: string | null
  centre: string | null
  identityMethod: string | null
  documentLast4: string | null
  noticeVersion: number | null
  language: string | null
  receiptId: string | null
  /**
   * Who acted for a business client (added by migration 008). Hashed only when recorded, so the
   * canonical JSON of every other event, and with it every chain written before, is unchanged.
   */
  representativeName?: string | null
  /** Compact, as stored: the chain covers the proof itself, not its masked form. */
  representativePersonalCode?: string | null
  representativeBasis?: string | null
}

/**
 * The canonical JSON of an event. The key order below IS the format: never reorder it. A
 * representative is appended as one last key, present exactly when any of its columns is set
 * (then with explicit nulls), so that setting, changing or clearing one breaks the hash.
 */
export function canonicalEventJson(event: ChainedEventFields): string {
  const ordered = {
    id: event.id,
    clientId: event.clientId,
    seq: event.seq,
    version: event.version,
    purpose: event.purpose,
    channel: event.channel,
    action: event.action,
    at: new Date(event.at).toISOString(),
    source: event.source,
    actorKind: event.actorKind,
    actorId: event.actorId,
    centre: event.centre,
    identityMethod: event.identityMethod,
    documentLast4: event.documentLast4,
    noticeVersion: event.noticeVersion,
    language: event.language,
    receiptId: event.receiptId
  }
  const representative = {
    name: event.representativeName ?? null,
    personalCode: event.representativePersonalCode ?? null,
    basis: event.representativeBasis ?? null
  }
  const hasRepresentative = Object.values(representative).some((value) => value !== null)
  return JSON.stringify(hasRepresentative ? { ...ordered, representative } : ordered)
}

/** hash_n = SHA-256(hash_{n-1} ‖ canonical JSON of event n), hex; the first event has no prev. */
export function eventHash(prevHash: string | null, event: ChainedEventFields): string {
  return createHash('sha256')
    .update(prevHash ?? '')
    .update(canonicalEventJson(event))
    .digest('hex')
}

export interface StoredChainEvent extends ChainedEventFields {
  prevHash: string | null
  hash: string
}

export interface ChainVerification {
  intact: boolean
  events: number
  brokenAt?: string
}

/**
 * Recomputes a client's chain from its stored events (any order; sorted by seq here). The first
 * event that does not fit is `brokenAt`:
 * - a changed event: its recomputed hash differs from the stored one;
 * - a deleted event: the next one has a seq gap and a prev_hash that is not the running hash;
 * - an inserted event: its hash or prev_hash does not fit, or it lies beyond the recorded head.
 * `head` is the chain head the writer recorded in client_consent_versions (same transaction), so
 * that events appended or removed at the end are caught too.
 */
export function verifyChain(
  stored: readonly StoredChainEvent[],
  head?: { lastSeq: number; headHash: string | null }
): ChainVerification {
  const events = [...stored].sort((a, b) => a.seq - b.seq)
  let running: string | null = null
  for (const [index, event] of events.entries()) {
    const broken =
      event.seq !== index + 1 ||
      event.prevHash !== running ||
      eventHash(running, event) !== event.hash ||
      (head !== undefined && event.seq > head.lastSeq)
    if (broken) return { intact: false, events: events.length, brokenAt: event.id }
    running = event.hash
  }
  if (head !== undefined && (head.lastSeq !== events.length || head.headHash !== running)) {
    // Events missing at the end: the last one still present is where the chain stops short.
    const last = events.at(-1)
    return {
      intact: false,
      events: events.length,
      ...(last ? { brokenAt: last.id } : {})
    }
  }
  return { intact: true, events: events.length }
}
