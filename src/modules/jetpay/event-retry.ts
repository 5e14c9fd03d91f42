/** In-process retries of an event whose processing failed; what is left is the reconciliation job's. */
export const EVENT_RETRY = {
  baseMs: 1_000,
  capMs: 60_000,
  /** After this many attempts the event waits for the reconciliation job. */
  maxInProcessAttempts: 5,
} as const

/** Delay before the next try after `attempts` failed ones: doubling, capped. */
export function nextEventAttemptDelayMs(attempts: number, baseMs: number = EVENT_RETRY.baseMs): number {
  return Math.min(EVENT_RETRY.capMs, baseMs * 2 ** Math.max(0, attempts - 1))
}
