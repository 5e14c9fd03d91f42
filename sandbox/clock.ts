// Jetpay stamps events with microseconds ("2026-01-22T10:15:30.123456Z"). Date only has
// milliseconds, so the sandbox keeps time as integer microseconds (bigint) and formats it itself.

/** Wall-clock microseconds that never repeat or go back, so events sort the same by time and by id. */
export class MicrosClock {
  private last = 0n
  private readonly wallAtStart = BigInt(Date.now()) * 1000n
  private readonly hrAtStart = process.hrtime.bigint()

  now(): bigint {
    const elapsedMicros = (process.hrtime.bigint() - this.hrAtStart) / 1000n
    const candidate = this.wallAtStart + elapsedMicros
    this.last = candidate > this.last ? candidate : this.last + 1n
    return this.last
  }
}

/** 1769076930123456n -> "2026-01-22T10:15:30.123456Z" */
export function formatIsoMicros(micros: bigint): string {
  const millis = micros / 1000n
  const subMillis = micros % 1000n
  const iso = new Date(Number(millis)).toISOString() // "...:30.123Z"
  return `${iso.slice(0, -1)}${subMillis.toString().padStart(3, "0")}Z`
}

const ISO_WITH_FRACTION = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/

/** Parses an ISO 8601 timestamp keeping up to microsecond precision; null when it is not one. */
export function parseIsoMicros(text: string): bigint | null {
  const match = ISO_WITH_FRACTION.exec(text)
  if (!match) return null
  const [, wholeSeconds, fraction = "", zone] = match
  const millis = Date.parse(`${wholeSeconds}${zone}`)
  if (Number.isNaN(millis)) return null
  const micros = BigInt(fraction.padEnd(6, "0").slice(0, 6))
  return BigInt(millis) * 1000n + micros
}

/** Milliseconds since the epoch of a microsecond timestamp, for timers. */
export function microsToMillis(micros: bigint): number {
  return Number(micros / 1000n)
}
