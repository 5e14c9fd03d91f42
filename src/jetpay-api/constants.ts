/**
 * Every fixed value of the Jetpay contract (shared/jetpay-api.md) lives here, so that a point we had
 * to guess ([inferred] in the contract) can be corrected in one line when the real API answers
 * differently. Each constant says whether Jetpay documents it or we inferred it.
 */

/** Jetpay's demo (sandbox) API host. [doc] */
export const JETPAY_DEMO_BASE_URL = "https://extapi.demo.jetpay.baselinepayments.com"

/**
 * Jetpay's production API host. [doc: the API reference lives there; that it is production is
 * inferred]
 */
export const JETPAY_PRODUCTION_BASE_URL = "https://extapi.jetpay.baselinepayments.com"

/** Paths, relative to the base URL. Ids are URL-encoded by the callers of these builders. */
export const JETPAY_PATHS = {
  contact: "/contact", // [doc]
  debit: "/debit", // [doc]
  credit: "/credit", // [doc]
  transactionStatus: (encodedId: string) => `/transaction/${encodedId}/status`, // [doc]
  transaction: (encodedId: string) => `/transaction/${encodedId}`, // [doc]
  // The trailing slash is how Jetpay's guide writes it; FastAPI redirects on a mismatch, and we
  // do not follow redirects (they would replay a POST), so it must be exact. [doc]
  webhooks: "/webhooks/",
  // [inferred] The guide names list/get/patch/delete but not their paths.
  webhook: (encodedId: string) => `/webhooks/${encodedId}`,
  // [doc: the path; inferred: that it is on the API host]
  jwks: "/.well-known/jwks.json",
} as const

/** The claims every Jetpay webhook JWT carries. [doc] */
export const WEBHOOK_JWT = {
  algorithm: "RS256",
  issuer: "jetpay",
  subject: "webhook",
  payloadHashClaim: "payload_hash",
} as const

/** The statement shown on the payer's bank statement is at most this long. [doc] */
export const STATEMENT_MAX_LENGTH = 30

/**
 * Bounds of a webhook subscription's batching settings. [doc] The client checks the batch size and
 * the upper wait bound; Jetpay's 60 s minimum wait is left to Jetpay (a 422), so that a sandbox
 * configured with a shorter minimum can be used in tests.
 */
export const WEBHOOK_MAX_BATCH_SIZE = { min: 1, max: 100 } as const
export const WEBHOOK_MAX_WAIT_SECONDS = { min: 60, max: 3600 } as const

/** States a webhook subscription can be PATCHed to. [inferred: only "active" is documented] */
export const WEBHOOK_STATES = ["active", "paused"] as const

/**
 * Webhook states that are healthy moments of delivery. [doc: the states; inferred: the wire
 * spelling of "backing off", hence every plausible one] Compared after trimming and lowercasing.
 */
export const WEBHOOK_HEALTHY_STATES = [
  "active",
  "scheduled",
  "dispatching",
  "backing off",
  "backing_off",
  "backing-off",
  "backingoff",
] as const

/** The state of a webhook Jetpay gave up on after repeated refusals; the only one to repair. [doc] */
export const WEBHOOK_FAILED_STATE = "failed"

/** The state of a webhook its owner paused: the merchant's choice, never undone by the plugin. [inferred] */
export const WEBHOOK_PAUSED_STATE = "paused"

/**
 * What `POST /webhooks/` answers for a callback_url the company already has: "a validation error"
 * [doc], status not documented [inferred: any of these].
 */
export const WEBHOOK_DUPLICATE_URL_STATUSES: readonly number[] = [400, 409, 422]

/** Languages a contact may have. [doc] */
export const CONTACT_LANGUAGES = ["en", "fr"] as const

/**
 * Other spellings of a known transaction state. [inferred] `cancelled` itself is inferred, and the
 * American spelling is just as plausible, so both map to one state. Jetpay's guide says a cancelled
 * transaction is "deleted", so a status read may report it with that word too.
 */
export const TRANSACTION_STATE_ALIASES: Readonly<Record<string, string>> = {
  canceled: "cancelled",
  deleted: "cancelled",
}

/**
 * Keys under which a paginated list of webhooks could come back, when `GET /webhooks/` does not
 * answer a bare array. [inferred: the guide does not show the list's shape]
 */
export const WEBHOOK_LIST_KEYS = ["items", "results", "webhooks"] as const

/**
 * `DELETE /transaction/{id}` is documented to answer 200 `{ "ok": true }`; a 204 with an empty
 * body is the other common FastAPI answer, and would mean the same. [inferred]
 */
export const EMPTY_CANCEL_BODY_MEANS_OK = true
