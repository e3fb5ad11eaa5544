/**
 * Deterministic randomness for the seed generator. Hand-written (a few lines each) so the demo data
 * never changes because a dependency changed its algorithm.
 */

/** Mixes 32-bit integers into one well-spread 32-bit hash (murmur3's finaliser per value). */
export function hash32(...values: number[]): number {
  let hash = 0x9e3779b9
  for (const value of values) hash = mix32(hash, value)
  return hash
}

/** `hash32` for exactly two values without the rest-array, for the permutation's hot loop. */
export function mix32(hash: number, value: number): number {
  let mixed = Math.imul(hash ^ (value >>> 0), 0x85ebca6b)
  mixed ^= mixed >>> 13
  mixed = Math.imul(mixed, 0xc2b2ae35)
  mixed ^= mixed >>> 16
  return mixed >>> 0
}

export interface Random {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform integer in [0, bound). */
  int(bound: number): number
  /** Uniform integer in [min, max], both included. */
  between(min: number, max: number): number
  /** True with the given probability. */
  chance(probability: number): boolean
  pick<T>(items: readonly T[]): T
  /** Picks by relative weight: `weighted([['lv', 70], ['ru', 25]])`. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T
}

/** mulberry32: tiny, fast and good enough for test data (not for anything secret). */
export function createRandom(seed: number): Random {
  return new Mulberry32(seed)
}

// A class rather than closures: one is created per generated row, so the shared prototype matters.
class Mulberry32 implements Random {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  int(bound: number): number {
    return Math.floor(this.next() * bound)
  }

  between(min: number, max: number): number {
    return min + this.int(max - min + 1)
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!
  }

  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    let total = 0
    for (const [, weight] of choices) total += weight
    let ticket = this.next() * total
    for (const [choice, weight] of choices) {
      ticket -= weight
      if (ticket < 0) return choice
    }
    return choices[choices.length - 1]![0]
  }
}
