/**
 * How the plugin's emails that failed are tried again by the reconciliation (staff emails about
 * Needs attention items, a refund's email to the customer): a delay that doubles from the run's
 * interval, at most an hour, and a bounded number of tries before the email is given up and shown.
 */

/** Tries of one email (the first included) before it is given up. */
export const EMAIL_TRIES = 8
/** The longest wait between two tries. */
export const EMAIL_RETRY_MAX_DELAY_MS = 3_600_000

/** The wait after the `tries`-th failed try: `baseMs`, then twice as long each time, at most an hour. */
export function emailRetryDelayMs(tries: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, tries - 1), EMAIL_RETRY_MAX_DELAY_MS)
}
