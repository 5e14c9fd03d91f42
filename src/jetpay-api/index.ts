// The Jetpay client's public API. Framework-free: nothing here imports @medusajs.

export { JetpayClient, JETPAY_CLIENT_DEFAULTS, type JetpayClientConfig } from "./client"
export type { JetpayLogger } from "./http-client"
export type {
  CreateContactInput,
  CreateCreditInput,
  CreateDebitInput,
  RegisterWebhookInput,
  UpdateWebhookInput,
} from "./request-bodies"

export {
  CONTACT_LANGUAGES,
  JETPAY_DEMO_BASE_URL,
  JETPAY_PATHS,
  JETPAY_PRODUCTION_BASE_URL,
  STATEMENT_MAX_LENGTH,
  TRANSACTION_STATE_ALIASES,
  WEBHOOK_DUPLICATE_URL_STATUSES,
  WEBHOOK_FAILED_STATE,
  WEBHOOK_HEALTHY_STATES,
  WEBHOOK_JWT,
  WEBHOOK_LIST_KEYS,
  WEBHOOK_MAX_BATCH_SIZE,
  WEBHOOK_MAX_WAIT_SECONDS,
  WEBHOOK_PAUSED_STATE,
  WEBHOOK_STATES,
} from "./constants"

export {
  JETPAY_TRANSACTION_STATES,
  normalizeTransactionState,
  type JetpayTransactionState,
  type NormalizedTransactionState,
} from "./transaction-state"

export {
  JetpayApiError,
  JetpayConfigError,
  JetpayError,
  JetpayInvalidRequestError,
  JetpayNetworkError,
  JetpayResponseError,
  JetpayTimeoutError,
  JetpayWebhookPayloadError,
  WEBHOOK_VERIFICATION_REASONS,
  WebhookVerificationError,
  isNotFound,
  type JetpayHttpMethod,
  type WebhookVerificationReason,
} from "./errors"

export {
  cancelResultSchema,
  contactSchema,
  creditSchema,
  debitSchema,
  eventTransactionOf,
  jwksSchema,
  jwkSchema,
  parseWebhookBatch,
  transactionStatusSchema,
  webhookBatchSchema,
  webhookEventSchema,
  webhookListSchema,
  webhookSchema,
  type JetpayCancelResult,
  type JetpayContact,
  type JetpayCredit,
  type JetpayDebit,
  type JetpayFailDirection,
  type JetpayJwk,
  type JetpayJwks,
  type JetpayTransactionStatus,
  type JetpayWebhook,
  type JetpayWebhookBatch,
  type JetpayWebhookEvent,
  type JetpayWebhookEventTransaction,
  type JetpayWebhookList,
  // Short names, for callers that do not need the prefix.
  type JetpayCancelResult as CancelResult,
  type JetpayContact as Contact,
  type JetpayCredit as Credit,
  type JetpayDebit as Debit,
  type JetpayJwks as Jwks,
  type JetpayTransactionStatus as TransactionStatus,
  type JetpayWebhook as Webhook,
  type JetpayWebhookBatch as WebhookBatch,
  type JetpayWebhookEvent as WebhookEvent,
} from "./schemas"

export {
  isIdempotentMethod,
  parseRetryAfterMs,
  planRetry,
  retryDelayMs,
  shouldRetry,
  type AttemptOutcome,
  type RetryDecision,
  type RetryInput,
} from "./retry-policy"

export {
  createWebhookVerifier,
  payloadHashOf,
  WEBHOOK_VERIFIER_DEFAULTS,
  type VerifiedWebhook,
  type WebhookVerifier,
  type WebhookVerifierOptions,
} from "./verify-webhook"
export { ensureWebhook, replayWebhook, type EnsureWebhookInput, type EnsureWebhookResult } from "./ensure-webhook"
export { planWebhookChange, settingsPatch, type WebhookPlan, type WebhookSettings } from "./webhook-plan"
export { classifyWebhookState, type WebhookStateClass } from "./webhook-plan"
export { findWebhookByUrl, normalizeCallbackUrl, sameCallbackUrl } from "./webhook-url"
