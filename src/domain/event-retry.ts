import { DEFAULT_TIMINGS, type JetpayTimings } from "./timings"

type RetryTimings = Pick<JetpayTimings, "eventRetryBaseMs" | "eventRetryCapMs">

/**
 * When an event whose processing failed is tried again: the delay doubles with each
 * attempt up to a cap, and there is no last attempt. An event is about money that moved
 * at Jetpay, so it is retried until it applies; the admin shows what keeps failing.
 */
export function nextEventAttemptDelayMs(attempts: number, { eventRetryBaseMs, eventRetryCapMs }: RetryTimings = DEFAULT_TIMINGS): number {
  return Math.min(eventRetryCapMs, eventRetryBaseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)))
}

export function nextEventAttemptAt(attempts: number, now: Date, timings: RetryTimings = DEFAULT_TIMINGS): Date {
  return new Date(now.getTime() + nextEventAttemptDelayMs(attempts, timings))
}
