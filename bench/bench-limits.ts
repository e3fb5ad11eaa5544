import type { RateLimits } from '../src/server/http/rate-limits'

/**
 * The benchmarks measure the API under the load of one account (thousands of searches and reads
 * a minute); the per-account limits (300 a minute by default) would turn them into a measure of
 * 429s. Raised here for the benchmarks only, never in the API's defaults.
 */
export const BENCH_RATE_LIMITS: RateLimits = {
  staffReadsPerMinute: 10_000_000,
  integrationReadsPerMinute: 10_000_000,
  signInsPerMinutePerSource: 10_000_000
}
