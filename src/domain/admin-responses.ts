import type { TransactionView } from "./transaction-view"
import type { WebhookView } from "./store-webhook"

// The admin API's answers, shared by its routes and the dashboard extensions (type-only
// imports there: nothing of the server reaches the browser bundle).

export type { OrderJetpayView, TransactionView, WebhookEventView } from "./transaction-view"
export type { AdminStatus, AdminStatusCode } from "./admin-status"
export type { WebhookView } from "./store-webhook"
export type { RefundEmailView, CreditClaim } from "./refund-email"

/** `POST /admin/jetpay/transactions/:id/refresh` and `.../cancel`. */
export type TransactionResponse = { transaction: TransactionView }

export type { PaymentMethod, TransactionListRow } from "./transaction-list"
/** `GET /admin/jetpay/transactions`: one page, and how many match in all. */
export type TransactionListResponse = {
  transactions: import("./transaction-list").TransactionListRow[]
  count: number
  limit: number
  offset: number
}

export type WebhookHealth =
  | ({ registered: true } & WebhookView)
  /** `other`: Jetpay's one webhook of the company when it points somewhere other than a `/hooks/jetpay`. */
  | { registered: false; other: WebhookView | null }

/** `GET /admin/jetpay/health`. */
export type JetpayHealth = {
  provider_id: string
  base_url: string
  /** Whether `base_url` is Jetpay's demo host, whose payment links take no real money. */
  test_mode: boolean
  /** Whether Jetpay accepts the API token (the error never contains it). */
  api: { ok: boolean; error: string | null }
  /** Null when Jetpay could not be asked (see `api.error`). */
  webhook: WebhookHealth | null
  events: {
    last_received_at: string | null
    /** Recorded, not processed yet, no error. */
    waiting: number
    /** Not processed, with an error: retried with backoff by the reconciliation job. */
    failed: number
  }
  /** The last run of the reconciliation job (on the worker); null before its first. */
  reconciliation: ReconciliationRun | null
  /**
   * Staff emails about new Needs attention items (option `attentionEmails`): how many addresses,
   * how many emails wait for a try, and those given up after their tries (while their item is listed).
   */
  staff_emails: {
    recipients: number
    waiting: number
    failed: Array<{ item_id: string; to: string; attempts: number; error: string | null }>
  }
}

/** `POST /admin/jetpay/webhook`. */
export type RegisterWebhookResponse = {
  action: "registered" | "updated" | "repaired" | "unchanged"
  webhook: WebhookView
  /** Why the webhook still needs a person (paused, or a state Jetpay does not document). */
  needs_attention: string | null
  /** The event id a repair asked Jetpay to deliver again from. */
  replayed_from: number | null
}

export type { AttentionAction, AttentionItem, AttentionKind } from "./attention-items"

/** `GET /admin/jetpay/attention`, and `POST` (an action) answering the list afterwards. */
export type AttentionResponse = { items: import("./attention-items").AttentionItem[]; count: number }

/** What the admin's settings page shows of the last reconciliation run. */
export type ReconciliationRun = {
  started_at: string
  finished_at: string
  /** Transactions whose unprocessed webhook events were due, and how many of them applied. */
  due_transactions: number
  /** Debits whose cart completion was checked for an order it left unpaid (absent in runs stored before it was counted). */
  completions_checked?: number
  /** Open transactions whose status was re-read. */
  rechecked: number
  /** Of both, those where Medusa was brought in line (an order, a capture, a cancel, a flag). */
  changed: number
  failed: number
  errors: string[]
  webhook: { state: string | null; last_sent_event_id: number | null; error: string | null } | null
  events_whole_through: string | null
  /** The replay this run asked Jetpay for. */
  replay: { from: string; reason: string } | null
  /** The last replay any run asked for, so the settings page still shows it runs later; `tries`: asked that many times in a row. */
  last_replay: { from: string; reason: string; at: string; tries: number } | null
  /** Event ids this run gave up on after replaying them again and again (listed in Needs attention). */
  gave_up?: { from: string; to: string } | null
  /** Processed webhook events past their retention that this run deleted (absent when none). */
  pruned_events?: number
}
