import {
  JetpayApiError,
  JetpayInvalidRequestError,
  JetpayNetworkError,
  JetpayResponseError,
  JetpayTimeoutError,
} from "../jetpay-api"

/**
 * After `PUT /credit` failed: did Jetpay surely not make the credit (`not_sent`), or may it have
 * (`unknown`)? Money may be on its way in the second case, so it is never sent again blindly.
 * - a refusal (4xx) and a "come back later" (429, 503) were not performed;
 * - a request that never left (connection refused) or was never valid was not sent;
 * - a timeout or a broken connection after sending, any other 5xx, and a success whose body
 *   could not be read may all have created the credit.
 */
export function creditOutcomeOfError(error: unknown): "not_sent" | "unknown" {
  if (error instanceof JetpayInvalidRequestError) return "not_sent"
  if (error instanceof JetpayNetworkError) return error.reachedServer ? "unknown" : "not_sent"
  if (error instanceof JetpayTimeoutError) return error.outcomeUnknown ? "unknown" : "not_sent"
  if (error instanceof JetpayResponseError) return "unknown"
  if (error instanceof JetpayApiError && error.status !== undefined) {
    if (error.status === 429 || error.status === 503) return "not_sent"
    if (error.status >= 400 && error.status < 500 && error.status !== 408) return "not_sent"
    return "unknown"
  }
  return "unknown"
}
