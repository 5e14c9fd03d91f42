/** Jetpay event ids are whole numbers; 20 digits hold any 64-bit one. */
const WIDTH = 20

/** An event id as text that sorts like the number: zero-padded, so an index can order and compare it. */
export function eventSequence(eventId: string | number): string {
  const text = String(eventId)
  if (!/^\d{1,20}$/.test(text)) throw new Error(`A Jetpay event id is a whole number, not "${text}"`)
  return text.padStart(WIDTH, "0")
}

/** How far a run of ids, ascending, continues without a gap from `through`. */
export function contiguousThrough(through: bigint, ascendingIds: readonly string[]): bigint {
  let last = through
  for (const id of ascendingIds) {
    const value = BigInt(id)
    if (value <= last) continue
    if (value !== last + 1n) break
    last = value
  }
  return last
}
