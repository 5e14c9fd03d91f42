/**
 * The errors the Jetpay client throws. Each carries what a merchant or the calling code needs to
 * act (method, path, status, Jetpay's detail, whether trying again later is safe) and nothing
 * else: no API token, no headers, no request or response body, no axios error or config. Errors end
 * up in logs, admin screens and error trackers, which must never learn a secret or a shopper's data.
 */

export type JetpayHttpMethod = "GET" | "PUT" | "POST" | "PATCH" | "DELETE"

export interface JetpayErrorInit {
  method: JetpayHttpMethod
  path: string
  status?: number
  detail?: string
  retryable: boolean
  /** How many requests were sent (or tried) before giving up. */
  attempts?: number
}

export class JetpayError extends Error {
  readonly method: JetpayHttpMethod
  readonly path: string
  readonly status: number | undefined
  /** Jetpay's own explanation, flattened to one line and with personal data masked. */
  readonly detail: string | undefined
  /** True when the same call may be made again later without risk of doing it twice. */
  readonly retryable: boolean
  readonly attempts: number

  constructor(message: string, init: JetpayErrorInit) {
    super(message)
    this.name = "JetpayError"
    this.method = init.method
    this.path = init.path
    this.status = init.status
    this.detail = init.detail
    this.retryable = init.retryable
    this.attempts = init.attempts ?? 1
  }
}

function afterAttempts(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : ""
}

function withDetail(detail: string | undefined): string {
  return detail ? `: ${detail}` : ""
}

/** Jetpay answered with a status that is not a success. */
export class JetpayApiError extends JetpayError {
  constructor(init: {
    method: JetpayHttpMethod
    path: string
    status: number
    detail?: string
    retryable: boolean
    attempts?: number
  }) {
    super(JetpayApiError.describe(init), init)
    this.name = "JetpayApiError"
  }

  private static describe(init: {
    method: JetpayHttpMethod
    path: string
    status: number
    detail?: string
    attempts?: number
  }): string {
    const { method, path, status, detail } = init
    const tries = afterAttempts(init.attempts ?? 1)
    if (status === 401 || status === 403) {
      return (
        `Jetpay refused ${method} ${path} (${status})${tries}${withDetail(detail)}. ` +
        "Check the API token and that its scopes allow this call."
      )
    }
    if (status === 429) {
      return `Jetpay rate-limited ${method} ${path} (429)${tries}${withDetail(detail)}`
    }
    if (status >= 500) {
      return `Jetpay failed to handle ${method} ${path} (${status})${tries}${withDetail(detail)}`
    }
    if (status >= 400) {
      return `Jetpay rejected ${method} ${path} (${status})${tries}${withDetail(detail)}`
    }
    // Redirects are not followed (a followed redirect could replay a payment request elsewhere).
    return `Jetpay answered ${method} ${path} with an unexpected status (${status}); check the base URL`
  }
}

/**
 * Whether Jetpay answered 404: the resource (a transaction, a webhook) is unknown to Jetpay, e.g. a
 * transaction read after it was cancelled. Only an answer counts; a timeout or a network error
 * says nothing about existence.
 */
export function isNotFound(error: unknown): error is JetpayApiError {
  return error instanceof JetpayApiError && error.status === 404
}

/** No answer within the timeout. */
export class JetpayTimeoutError extends JetpayError {
  /**
   * True when the request may have been processed by Jetpay (a PUT/POST/PATCH that timed out):
   * it was not resent, since sending it again could create a second debit or credit.
   */
  readonly outcomeUnknown: boolean
  readonly timeoutMs: number

  constructor(init: {
    method: JetpayHttpMethod
    path: string
    timeoutMs: number
    outcomeUnknown: boolean
    attempts?: number
  }) {
    const { method, path, timeoutMs, outcomeUnknown } = init
    const attempts = init.attempts ?? 1
    const message = outcomeUnknown
      ? `Jetpay did not answer ${method} ${path} within ${timeoutMs} ms. ` +
        "The request may have reached Jetpay and was NOT resent, so it may or may not have taken " +
        "effect: check in Jetpay before trying again."
      : `Jetpay did not answer ${method} ${path} within ${timeoutMs} ms${afterAttempts(attempts)}`
    super(message, { method, path, retryable: !outcomeUnknown, attempts })
    this.name = "JetpayTimeoutError"
    this.outcomeUnknown = outcomeUnknown
    this.timeoutMs = timeoutMs
  }
}

/** The connection failed and no answer came back. */
export class JetpayNetworkError extends JetpayError {
  /** False when the request surely never left (connection refused, DNS failure). */
  readonly reachedServer: boolean
  /** True when a PUT/POST/PATCH may have been processed: it was not resent. */
  readonly outcomeUnknown: boolean
  /** The system error code, e.g. ECONNREFUSED, when there is one. */
  readonly code: string | undefined

  constructor(init: {
    method: JetpayHttpMethod
    path: string
    code?: string
    reachedServer: boolean
    outcomeUnknown: boolean
    attempts?: number
  }) {
    const { method, path, code, reachedServer, outcomeUnknown } = init
    const attempts = init.attempts ?? 1
    const what = code ? ` (${code})` : ""
    let message: string
    if (!reachedServer) {
      message =
        `Could not connect to Jetpay for ${method} ${path}${what}${afterAttempts(attempts)}; ` +
        "the request was not sent. Check the base URL and the network."
    } else if (outcomeUnknown) {
      message =
        `The connection to Jetpay broke during ${method} ${path}${what}. ` +
        "The request may have reached Jetpay and was NOT resent, so it may or may not have taken " +
        "effect: check in Jetpay before trying again."
    } else {
      message = `The connection to Jetpay broke during ${method} ${path}${what}${afterAttempts(attempts)}`
    }
    super(message, { method, path, retryable: !outcomeUnknown, attempts })
    this.name = "JetpayNetworkError"
    this.reachedServer = reachedServer
    this.outcomeUnknown = outcomeUnknown
    this.code = code
  }
}

/**
 * A success status whose body is not what the contract says. Not retried: the request did
 * succeed, and sending a PUT again would do it twice.
 */
export class JetpayResponseError extends JetpayError {
  /** `field.path: problem` for each mismatch; never the values themselves. */
  readonly issues: readonly string[]

  constructor(init: { method: JetpayHttpMethod; path: string; status: number; issues: readonly string[] }) {
    const { method, path, status, issues } = init
    super(`Jetpay ${method} ${path} returned an unexpected response: ${issues.join("; ")}`, {
      method,
      path,
      status,
      retryable: false,
    })
    this.name = "JetpayResponseError"
    this.issues = issues
  }
}

/** A call refused before anything was sent, because its arguments are invalid. */
export class JetpayInvalidRequestError extends JetpayError {
  readonly issues: readonly string[]

  constructor(init: { method: JetpayHttpMethod; path: string; issues: readonly string[] }) {
    const { method, path, issues } = init
    super(`Cannot send ${method} ${path} to Jetpay: ${issues.join("; ")}`, {
      method,
      path,
      retryable: false,
      attempts: 0,
    })
    this.name = "JetpayInvalidRequestError"
    this.issues = issues
  }
}

/** The client's own configuration is invalid (thrown by the constructor). */
export class JetpayConfigError extends Error {
  readonly issues: readonly string[]

  constructor(issues: readonly string[]) {
    super(`Invalid Jetpay client configuration: ${issues.join("; ")}`)
    this.name = "JetpayConfigError"
    this.issues = issues
  }
}

/** A webhook body that is authentic but not in the documented shape. */
export class JetpayWebhookPayloadError extends Error {
  readonly issues: readonly string[]

  constructor(issues: readonly string[]) {
    super(`Jetpay webhook batch is not in the expected form: ${issues.join("; ")}`)
    this.name = "JetpayWebhookPayloadError"
    this.issues = issues
  }
}

export const WEBHOOK_VERIFICATION_REASONS = [
  "missing_token",
  "malformed",
  "unsupported_algorithm",
  "unknown_key",
  "unknown_key_refetch_pending",
  "bad_signature",
  "bad_claims",
  "expired",
  "not_yet_valid",
  "payload_mismatch",
  "jwks_unavailable",
] as const

export type WebhookVerificationReason = (typeof WEBHOOK_VERIFICATION_REASONS)[number]

/**
 * A webhook whose authenticity could not be established. `jwks_unavailable` and
 * `unknown_key_refetch_pending` (a key id not in the JWKS fetched moments ago, as after a key
 * rotation, while refetches are rate-limited) are not surely the sender's fault: the same delivery
 * may verify once the keys can be fetched again.
 */
export class WebhookVerificationError extends Error {
  readonly reason: WebhookVerificationReason

  constructor(reason: WebhookVerificationReason, message: string) {
    super(`Jetpay webhook refused (${reason}): ${message}`)
    this.name = "WebhookVerificationError"
    this.reason = reason
  }
}
