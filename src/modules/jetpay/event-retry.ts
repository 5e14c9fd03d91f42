/**
 * When an event whose processing failed is tried again: the delay doubles with each
 * attempt up to a cap, and there is no last attempt. An event is about money that moved
 * at Jetpay, so it is retried until it applies; the admin shows what keeps failing.
 */
export const EVENT_RETRY = {
  baseMs: 2_000,
  capMs: 10 * 60_000,
} as const

export function nextEventAttemptDelayMs(attempts: number): number {
  return Math.min(EVENT_RETRY.capMs, EVENT_RETRY.baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)))
}

export function nextEventAttemptAt(attempts: number, now: Date): Date {
  return new Date(now.getTime() + nextEventAttemptDelayMs(attempts))
}
