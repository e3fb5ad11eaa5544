import type { OfferChannel, Purpose } from '../../shared/domain/consent'

/**
 * The purposes' fixed facts: their numbers in the seed and which are chosen per channel. Their
 * notice texts are data, published by migrations into `notice_versions` (version 1 by migration
 * 005; a changed wording is a new version in a new migration), which is what the API serves.
 */
export const PURPOSE_NUMBERS: Record<Purpose, number> = {
  offers: 1,
  usage_metadata: 2,
  automated_profiling: 3,
  credit_information: 4,
  location: 5,
  loyalty: 6,
  research_metadata: 7
}

/** Channels per purpose: only `offers` is chosen per channel. */
export const PURPOSE_CHANNELS: Partial<Record<Purpose, readonly OfferChannel[]>> = {
  offers: ['email', 'sms', 'phone_call', 'post', 'app']
}
