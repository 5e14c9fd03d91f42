import { z } from "zod"
import { JETPAY_PATHS } from "./constants"
import { JetpayConfigError } from "./errors"
import { JetpayHttpClient, type JetpayLogger } from "./http-client"
import {
  buildContactBody,
  buildCreditBody,
  buildDebitBody,
  buildRegisterWebhookBody,
  buildUpdateWebhookBody,
  encodePathId,
  type CreateContactInput,
  type CreateCreditInput,
  type CreateDebitInput,
  type RegisterWebhookInput,
  type UpdateWebhookInput,
} from "./request-bodies"
import {
  cancelResultSchema,
  contactSchema,
  creditSchema,
  debitSchema,
  jwksSchema,
  safeParseWith,
  transactionStatusSchema,
  webhookListSchema,
  webhookSchema,
  type JetpayCancelResult,
  type JetpayContact,
  type JetpayCredit,
  type JetpayDebit,
  type JetpayJwks,
  type JetpayTransactionStatus,
  type JetpayWebhook,
  type JetpayWebhookList,
} from "./schemas"

export interface JetpayClientConfig {
  /** API host, e.g. JETPAY_DEMO_BASE_URL, JETPAY_PRODUCTION_BASE_URL, or a sandbox "http://127.0.0.1:4010". */
  baseUrl: string
  /** A Jetpay API token. Sent as a Bearer token; never logged nor put in an error. */
  apiKey: string
  /** Per request, connection to last byte. Default 10_000. */
  timeoutMs?: number
  /** Attempts per call, the first included. Default 3. */
  maxAttempts?: number
  /** Total time for one call, retries and waits included. Default 20_000. */
  maxRetryTimeMs?: number
  /** First backoff ceiling; it doubles per retry (full jitter). Default 250. */
  retryBaseMs?: number
  /** Largest backoff ceiling (a Retry-After from Jetpay is not capped by it). Default 5_000. */
  retryCapMs?: number
  /** Gets one line per retry: method, path, attempt, reason. Never a token or a body. */
  logger?: JetpayLogger
}

export const JETPAY_CLIENT_DEFAULTS = {
  timeoutMs: 10_000,
  maxAttempts: 3,
  maxRetryTimeMs: 20_000,
  retryBaseMs: 250,
  retryCapMs: 5_000,
} as const

const configSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }),
  apiKey: z.string().trim().min(1),
  timeoutMs: z.number().int().positive().default(JETPAY_CLIENT_DEFAULTS.timeoutMs),
  maxAttempts: z.number().int().min(1).max(10).default(JETPAY_CLIENT_DEFAULTS.maxAttempts),
  maxRetryTimeMs: z.number().int().positive().default(JETPAY_CLIENT_DEFAULTS.maxRetryTimeMs),
  retryBaseMs: z.number().int().nonnegative().default(JETPAY_CLIENT_DEFAULTS.retryBaseMs),
  retryCapMs: z.number().int().nonnegative().default(JETPAY_CLIENT_DEFAULTS.retryCapMs),
})

/**
 * Typed access to the Jetpay API. Framework-free (no @medusajs import), so it can be used and
 * tested without a Medusa application.
 * Every method returns a promise rejected with a JetpayError subclass on failure (errors.ts),
 * including invalid arguments (nothing is sent then); a PUT that may have
 * reached Jetpay is never sent twice.
 */
export class JetpayClient {
  private readonly http: JetpayHttpClient

  constructor(config: JetpayClientConfig) {
    const parsed = safeParseWith(configSchema, config)
    if (!parsed.ok) {
      throw new JetpayConfigError(parsed.issues)
    }
    const valid = parsed.value
    this.http = new JetpayHttpClient({
      ...valid,
      // axios joins baseURL and path with a slash of its own.
      baseUrl: valid.baseUrl.replace(/\/+$/, ""),
      logger: config.logger,
    })
  }

  /** `PUT /contact`: the payer, whose identifier is the contactId of debits and credits. */
  async createContact(input: CreateContactInput): Promise<JetpayContact> {
    return this.http.request({
      method: "PUT",
      path: JETPAY_PATHS.contact,
      body: buildContactBody(input),
      schema: contactSchema,
    })
  }

  /**
   * `PUT /debit`: a payment link for the payer. On a timeout this is NOT retried
   * (JetpayTimeoutError with outcomeUnknown): the debit may exist, and Jetpay documents no
   * idempotency key, so a second PUT could create a second one.
   */
  async createDebit(input: CreateDebitInput): Promise<JetpayDebit> {
    return this.http.request({
      method: "PUT",
      path: JETPAY_PATHS.debit,
      body: buildDebitBody(input),
      schema: debitSchema,
    })
  }

  /**
   * `GET /transaction/{id}/status`; pass `state` to normalizeTransactionState before acting on it.
   * After a cancel (DELETE) Jetpay may no longer know the transaction: that read fails with a
   * JetpayApiError whose status is 404 (see isNotFound), not with a made-up state.
   */
  async getTransactionStatus(transactionId: string): Promise<JetpayTransactionStatus> {
    return this.http.request({
      method: "GET",
      path: encodePathId(transactionId, "GET", JETPAY_PATHS.transactionStatus),
      schema: transactionStatusSchema,
    })
  }

  /** `DELETE /transaction/{id}`: Jetpay refuses once the funds are being pulled. */
  async cancelTransaction(transactionId: string): Promise<JetpayCancelResult> {
    return this.http.request({
      method: "DELETE",
      path: encodePathId(transactionId, "DELETE", JETPAY_PATHS.transaction),
      schema: cancelResultSchema,
    })
  }

  /** `PUT /credit`: pays money out (a refund is a credit to the same contact). Not retried on timeout. */
  async createCredit(input: CreateCreditInput): Promise<JetpayCredit> {
    return this.http.request({
      method: "PUT",
      path: JETPAY_PATHS.credit,
      body: buildCreditBody(input),
      schema: creditSchema,
    })
  }

  /** `POST /webhooks/`. */
  async registerWebhook(input: RegisterWebhookInput): Promise<JetpayWebhook> {
    return this.http.request({
      method: "POST",
      path: JETPAY_PATHS.webhooks,
      body: buildRegisterWebhookBody(input),
      schema: webhookSchema,
    })
  }

  /** `GET /webhooks/`, as an array whatever envelope Jetpay uses. */
  async listWebhooks(): Promise<JetpayWebhookList> {
    return this.http.request({ method: "GET", path: JETPAY_PATHS.webhooks, schema: webhookListSchema })
  }

  /** `GET /webhooks/{identifier}`. */
  async getWebhook(identifier: string): Promise<JetpayWebhook> {
    return this.http.request({
      method: "GET",
      path: encodePathId(identifier, "GET", JETPAY_PATHS.webhook),
      schema: webhookSchema,
    })
  }

  /** `PATCH /webhooks/{identifier}` with the fields given. */
  async updateWebhook(identifier: string, patch: UpdateWebhookInput): Promise<JetpayWebhook> {
    const path = encodePathId(identifier, "PATCH", JETPAY_PATHS.webhook)
    return this.http.request({
      method: "PATCH",
      path,
      body: buildUpdateWebhookBody(patch, path),
      schema: webhookSchema,
    })
  }

  /**
   * `DELETE /webhooks/{identifier}`. The answer's body is not documented, so any JSON (or none)
   * is accepted.
   */
  async deleteWebhook(identifier: string): Promise<void> {
    await this.http.request({
      method: "DELETE",
      path: encodePathId(identifier, "DELETE", JETPAY_PATHS.webhook),
      schema: z.unknown(),
    })
  }

  /** `GET /.well-known/jwks.json`: the keys webhook JWTs are signed with. */
  async getJwks(): Promise<JetpayJwks> {
    return this.http.request({ method: "GET", path: JETPAY_PATHS.jwks, schema: jwksSchema })
  }
}
