import type { TransactionView } from "./transaction-view"
import type { WebhookView } from "./store-webhook"

// The admin API's answers, shared by its routes and the dashboard extensions (type-only
// imports there: nothing of the server reaches the browser bundle).

export type { OrderJetpayView, TransactionView, WebhookEventView } from "./transaction-view"
export type { AdminStatus, AdminStatusCode } from "./admin-status"
export type { WebhookView } from "./store-webhook"

/** `POST /admin/jetpay/transactions/:id/refresh` and `.../cancel`. */
export type TransactionResponse = { transaction: TransactionView }

export type WebhookHealth =
  | ({ registered: true } & WebhookView)
  /** `other`: Jetpay's one webhook of the company when it points somewhere other than a `/hooks/jetpay`. */
  | { registered: false; other: WebhookView | null }

/** `GET /admin/jetpay/health`. */
export type JetpayHealth = {
  provider_id: string
  base_url: string
  /** Whether Jetpay accepts the API token (the error never contains it). */
  api: { ok: boolean; error: string | null }
  /** Null when Jetpay could not be asked (see `api.error`). */
  webhook: WebhookHealth | null
  events: {
    last_received_at: string | null
    /** Recorded, not processed yet, no error. */
    waiting: number
    /** Not processed, with an error: retried with backoff, then by reconciliation. */
    failed: number
  }
}

/** `POST /admin/jetpay/webhook`. */
export type RegisterWebhookResponse = { action: "registered" | "updated" | "unchanged"; webhook: WebhookView }
