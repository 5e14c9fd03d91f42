// A seeded generator: the same CHAOS_SEED gives the same delays and choices, so a run
// that found something can be run again the same way (timing on a busy machine still varies).

/** mulberry32: small, fast, good enough to spread delays. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A whole number of milliseconds in [min, max). */
export function between(random: () => number, min: number, max: number): number {
  return Math.floor(min + random() * (max - min))
}
