/**
 * Nearest-rank percentile: the smallest sample such that at least p % of the samples are
 * at or below it. Always a value that was measured (no interpolation). NaN for no samples.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`)
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[rank - 1]
}

export type Summary = { n: number; p50: number; p95: number }

export function summarize(samples: readonly number[]): Summary {
  return { n: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95) }
}
