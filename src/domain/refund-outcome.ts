import { JetpayApiError, JetpayInvalidRequestError, JetpayNetworkError, JetpayResponseError, JetpayTimeoutError } from "../jetpay-api"

/** A refund credit's outcome as this store knows it (jetpay_transaction.refund_outcome). */
export const REFUND_OUTCOME = {
  /** Recorded before Jetpay was asked. */
  pending: "pending",
  /** Jetpay made the credit. */
  sent: "sent",
  /** Jetpay's answer was lost: the credit may or may not exist. Blocks further refunds of the payment. */
  unknown: "unknown",
  /** Jetpay surely did not make it. */
  notSent: "not_sent",
  /**
   * A person said it was sent (older versions of the plugin wrote this before recording it in
   * Medusa; a refund now goes from unknown to recorded). Recorded only by the Needs attention
   * action that names it, never by another refund of the same amount.
   */
  confirmedSent: "confirmed_sent",
  /** Confirmed and recorded in Medusa. */
  recorded: "recorded",
} as const

/**
 * After `PUT /credit` failed: did Jetpay surely not make the credit (`not_sent`), or may it have
 * (`unknown`)? Money may be on its way in the second case, so it is never sent again blindly.
 * - a refusal (4xx) and a rate limit (429) were not performed;
 * - a request that never left (connection refused) or was never valid was not sent;
 * - a timeout or a broken connection after sending, any other 5xx, and a success whose body
 *   could not be read may all have created the credit; so may a 503, which a proxy in front of
 *   Jetpay can answer after Jetpay acted.
 */
export function creditOutcomeOfError(error: unknown): "not_sent" | "unknown" {
  if (error instanceof JetpayInvalidRequestError) return "not_sent"
  if (error instanceof JetpayNetworkError) return error.reachedServer ? "unknown" : "not_sent"
  if (error instanceof JetpayTimeoutError) return error.outcomeUnknown ? "unknown" : "not_sent"
  if (error instanceof JetpayResponseError) return "unknown"
  if (error instanceof JetpayApiError && error.status !== undefined) {
    if (error.status === 429) return "not_sent"
    if (error.status >= 400 && error.status < 500 && error.status !== 408) return "not_sent"
    return "unknown"
  }
  return "unknown"
}
