/**
 * Index → identifier mappings that are bijections, so generated identifiers are unique by
 * construction rather than by luck, at any row count up to a space's capacity, while still looking
 * random. Each space maps a slot number onto the positions of its identifier space (e.g. position
 * p of the phone space is a phone number) through a keyed permutation.
 */

import { hash32, mix32 } from './random'

const FEISTEL_ROUNDS = 6

/**
 * A keyed permutation of [0, domainSize): a balanced Feistel network over the smallest even
 * number of bits that covers the domain, with cycle walking to stay inside it. Cycle walking
 * terminates because the network is itself a permutation of the wider bit range.
 */
export function createPermutation(domainSize: number, key: number): (index: number) => number {
  if (!Number.isSafeInteger(domainSize) || domainSize < 1 || domainSize > 2 ** 30) {
    throw new RangeError(`permutation domain must be 1..2^30, got ${domainSize}`)
  }
  const halfBits = Math.max(1, Math.ceil(Math.ceil(Math.log2(domainSize)) / 2))
  const halfMask = (1 << halfBits) - 1
  const roundKeys = Array.from({ length: FEISTEL_ROUNDS }, (_, round) => hash32(key, round))

  const encrypt = (value: number): number => {
    let left = value >>> halfBits
    let right = value & halfMask
    for (const roundKey of roundKeys) {
      const mixed = left ^ (mix32(roundKey, right) & halfMask)
      left = right
      right = mixed
    }
    return left * (halfMask + 1) + right
  }

  return (index: number): number => {
    if (!Number.isInteger(index) || index < 0 || index >= domainSize) {
      throw new RangeError(`index ${index} is outside the permutation domain 0..${domainSize - 1}`)
    }
    let value = encrypt(index)
    while (value >= domainSize) value = encrypt(value)
    return value
  }
}

export interface IdentifierSpace {
  /** How many distinct slots the space can hand out. */
  readonly capacity: number
  /** The position for a slot: distinct slots get distinct positions, never a reserved one. */
  positionAt(slot: number): number
}

/**
 * A permuted space of `size` positions with some positions held back (the fixture clients'
 * identifiers). Slots are permuted over the unreserved count, then stepped over the reserved
 * positions in order, which keeps the mapping one-to-one.
 */
export function createIdentifierSpace(options: {
  size: number
  reserved: readonly number[]
  key: number
}): IdentifierSpace {
  const reserved = [...new Set(options.reserved)].sort((a, b) => a - b)
  for (const position of reserved) {
    if (!Number.isInteger(position) || position < 0 || position >= options.size) {
      throw new RangeError(`reserved position ${position} is outside the space`)
    }
  }
  const capacity = options.size - reserved.length
  const permute = createPermutation(capacity, options.key)
  return {
    capacity,
    positionAt(slot: number): number {
      let position = permute(slot)
      for (const held of reserved) {
        if (held > position) break
        position++
      }
      return position
    }
  }
}
