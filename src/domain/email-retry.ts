/**
 * How the plugin's emails that failed are tried again by the reconciliation (staff emails about
 * Needs attention items, a refund's email to the customer): a delay that doubles from the run's
 * interval, at most an hour, and a bounded number of tries before the email is given up and shown.
 *
 * And how one is never sent twice. Each sending (a first try, a retry, a resend) takes its own
 * numbered idempotency key, recorded before the Notification Module is asked: the module sends a
 * key it has not seen, and a key it has whose notification failed, again, so a retry under the key
 * of a failed try would be a second email once the provider accepted the first. A sending whose
 * outcome was never recorded (its process died, or the module threw after asking the provider) is
 * looked up by its key at the next one.
 */

/** Tries of one email (the first included) before it is given up. */
export const EMAIL_TRIES = 8
/** The longest wait between two tries. */
export const EMAIL_RETRY_MAX_DELAY_MS = 3_600_000

/** The wait after the `tries`-th failed try: `baseMs`, then twice as long each time, at most an hour. */
export function emailRetryDelayMs(tries: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, tries - 1), EMAIL_RETRY_MAX_DELAY_MS)
}

/** The Notification Module's idempotency key of an email's `n`-th sending (`<email's key>:<n>`). */
export const emailSendingKey = (emailKey: string, n: number) => `${emailKey}:${n}`

/**
 * Whether a sending whose outcome was not recorded counts as sent, from the notification the
 * Notification Module has under its key: sent unless the module has none or recorded it failed. One
 * the module was sending (`pending`) when its process died may have reached the provider: it is
 * never sent again.
 */
export function sendingCountsAsSent(notification: { status?: string | null } | null | undefined): boolean {
  return !!notification && notification.status !== "failure"
}
