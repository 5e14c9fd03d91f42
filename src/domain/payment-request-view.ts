import { z } from "zod"
import { normalizeTransactionState } from "../jetpay-api"
import { formatCents } from "./money"
import type { JetpayLanguage } from "./locale-format"
import type { RequestRefusal } from "./payment-request-rules"

/** One sending of the request's email, as recorded in the request's `request` json. */
export const requestNotificationSchema = z.object({
  at: z.string(),
  /** The Notification Module's notification id, when it accepted it. */
  notification_id: z.string().nullable(),
  error: z.string().nullable(),
  /** `orderBeforePayment`: the one reminder of an unpaid order's link, not a sending an admin asked for. */
  reminder: z.boolean().optional(),
})

/**
 * A payment request's own details, kept in its Jetpay transaction record's `request` json
 * (`purpose: "payment_request"`). Parsed, never cast: an older or hand-edited row reads as
 * far as it is valid.
 */
export const requestDetailsSchema = z.object({
  /** The order it asks payment for (the record's own order_id may be rewritten by the webhook's sync). */
  order_id: z.string().optional(),
  email: z.string(),
  name: z.string(),
  language: z.enum(["en", "fr"]),
  language_source: z.string().optional(),
  /** Major units, as text (Medusa's amount of the payment collection when requested). */
  amount: z.string(),
  currency_code: z.string(),
  requested_by: z.string().nullable().optional(),
  notifications: z.array(requestNotificationSchema).default([]),
  canceled_at: z.string().nullable().default(null),
  canceled_by: z.string().nullable().optional(),
  /**
   * Why it was canceled: by a person, replaced by a request for a new amount, or its order
   * (`orderBeforePayment`) still unpaid at its expiry.
   */
  cancel_reason: z.enum(["canceled", "superseded", "expired"]).nullable().optional(),
  /** `orderBeforePayment`: when its order, still unpaid, is canceled with its debit (ISO date). */
  expires_at: z.string().nullable().optional(),
  /** `orderBeforePayment`: when its order, still unpaid, gets its one reminder (ISO date); null: none. */
  remind_at: z.string().nullable().optional(),
  /** When that reminder was sent (or tried: the outcome is in `notifications`); null: not yet. */
  reminded_at: z.string().nullable().optional(),
})
export type RequestDetails = z.infer<typeof requestDetailsSchema>

/** How many sendings are kept on the record (the latest ones). */
export const MAX_KEPT_NOTIFICATIONS = 20

export function readRequestDetails(value: unknown): RequestDetails | null {
  const parsed = requestDetailsSchema.safeParse(value)
  return parsed.success ? parsed.data : null
}

export type PaymentRequestStatus = "open" | "authorized" | "paid" | "failed" | "canceled"

/** The record of a payment request, as much of it as the view needs. */
export type PaymentRequestRecord = {
  id: string
  jetpay_id: string
  state: string
  amount: number
  surcharge: number
  link: string | null
  fail_reason: string | null
  payment_id: string | null
  payment_collection_id: string | null
  payment_session_id: string | null
  order_id: string | null
  created_at: Date | string
  request: unknown
}

export type PaymentRequestView = {
  /** The request's id (the plugin's record id, `jptx_...`). */
  id: string
  jetpay_transaction_id: string
  order_id: string | null
  status: PaymentRequestStatus
  state: string
  currency_code: string
  /** Cents. */
  amount: number
  amount_formatted: string
  surcharge: number
  /** The payment link, while it can be paid. */
  link: string | null
  email: string | null
  name: string | null
  language: JetpayLanguage | null
  language_source: string | null
  sent_at: string | null
  sent_count: number
  /** The last sending's error (no email provider for the channel, a provider failure), if it failed. */
  notification_error: string | null
  fail_reason: string | null
  canceled_at: string | null
  cancel_reason: "canceled" | "superseded" | "expired" | null
  /** `orderBeforePayment`: when the unpaid order's reminder was sent; null: none (yet). */
  reminded_at: string | null
  payment_id: string | null
  payment_collection_id: string | null
  created_at: string
}

export type OrderPaymentRequestsView = {
  order_id: string
  currency_code: string
  /** What is left to collect on the order now, in cents, computed by the server. */
  outstanding_amount: number
  outstanding_amount_formatted: string
  /** Whether a new request can be made now; `refusal` says why not. */
  can_request: boolean
  refusal: RequestRefusal | null
  payment_requests: PaymentRequestView[]
}

/** Open while its link can be paid; then what happened to the money. */
export function paymentRequestStatus(record: Pick<PaymentRequestRecord, "state">, details: RequestDetails | null): PaymentRequestStatus {
  const state = normalizeTransactionState(record.state)
  if (details?.canceled_at && (!state.known || state.state === "requested" || state.state === "cancelled")) return "canceled"
  if (!state.known) return "open"
  switch (state.state) {
    case "requested":
      return "open"
    case "initiated":
    case "processing":
    case "paid":
      return "authorized"
    case "completed":
      return "paid"
    case "failed":
      return "failed"
    case "cancelled":
      return "canceled"
    default: {
      const unhandled: never = state.state
      return unhandled
    }
  }
}

export function paymentRequestView(record: PaymentRequestRecord, currencyCode: string): PaymentRequestView {
  const details = readRequestDetails(record.request)
  const status = paymentRequestStatus(record, details)
  const sent = (details?.notifications ?? []).filter((notification) => !notification.error)
  const last = details?.notifications.at(-1)
  return {
    id: record.id,
    jetpay_transaction_id: record.jetpay_id,
    order_id: details?.order_id ?? record.order_id,
    status,
    state: record.state,
    currency_code: currencyCode,
    amount: record.amount,
    amount_formatted: formatCents(record.amount, currencyCode),
    surcharge: record.surcharge,
    link: status === "open" ? record.link : null,
    email: details?.email ?? null,
    name: details?.name ?? null,
    language: details?.language ?? null,
    language_source: details?.language_source ?? null,
    sent_at: sent.at(-1)?.at ?? null,
    sent_count: sent.length,
    notification_error: last?.error ?? null,
    fail_reason: record.fail_reason,
    canceled_at: status === "canceled" ? details?.canceled_at ?? null : null,
    cancel_reason: status === "canceled" ? details?.cancel_reason ?? "canceled" : null,
    reminded_at: details?.reminded_at ?? null,
    payment_id: record.payment_id,
    payment_collection_id: record.payment_collection_id,
    created_at: new Date(record.created_at).toISOString(),
  }
}

// The payment-request admin API's answers, for its routes and the admin extensions
// (type-only imports there: nothing of the server reaches the browser bundle).

export type { RequestRefusal } from "./payment-request-rules"

/** `POST /admin/jetpay/orders/:id/payment-requests`, `.../:request_id/resend` and `.../:request_id/cancel`. */
export type PaymentRequestResponse = { payment_request: PaymentRequestView }
