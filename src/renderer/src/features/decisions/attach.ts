import type { ConsentsStore } from '../consents'
import type { DecisionsStore } from './store'

/**
 * Which Decisions store belongs to a card. The tab sits in the consents panel and shares its
 * identity check, so the card's consents store names it: services attach the decisions store to
 * it once, and the panel looks it up, without every component between them passing it on.
 */
const attached = new WeakMap<ConsentsStore, DecisionsStore>()

export function attachDecisionsStore(consents: ConsentsStore, decisions: DecisionsStore): void {
  attached.set(consents, decisions)
}

export function decisionsStoreOf(consents: ConsentsStore): DecisionsStore | null {
  return attached.get(consents) ?? null
}
