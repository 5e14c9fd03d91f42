import { normalizeTransactionState } from "../jetpay-api"
import { isLiveCredit, orderPaymentStatus, transactionStatus, type AdminStatus } from "./admin-status"
import { failureAdvice, type FailureAdvice } from "./failure-advice"
import { formatCents } from "./money"
import { refundEmailView, type RefundEmailView } from "./refund-email"

/** The plugin's record of a transaction, as much of it as the admin is shown. */
export type TransactionRecordInput = {
  jetpay_id: string
  kind: string
  state: string
  amount: number
  surcharge: number
  fail_reason: string | null
  fail_direction: string | null
  link: string | null
  reversed_at: Date | string | null
  payment_id: string | null
  order_id: string | null
  debit_jetpay_id: string | null
  status_checked_at: Date | string | null
  created_at: Date | string
  refund_outcome?: string | null
  /** A refund credit's email record (refund-email.ts), and when the reconciliation tries it again. */
  refund_email?: unknown
  refund_email_retry_at?: Date | string | null
}

export type WebhookEventRecordInput = {
  jetpay_event_id: string
  jetpay_transaction_id: string | null
  type: string
  state: string | null
  occurred_at: Date | string | null
  received_at: Date | string
  processed_at: Date | string | null
  attempts: number
  last_error: string | null
}

export type WebhookEventView = {
  /** Jetpay's event id. */
  id: string
  type: string
  state: string
  occurred_at: string | null
  received_at: string
  processed_at: string | null
  attempts: number
  error: string | null
}

export type TransactionView = {
  /** Jetpay's transaction id. */
  id: string
  kind: "debit" | "credit"
  state: string
  status: AdminStatus
  currency_code: string
  /** Cents. */
  amount: number
  amount_formatted: string
  /** Cents: the card fee the payer adds on top; never part of Medusa's amounts. */
  surcharge: number
  surcharge_formatted: string
  fail_reason: string | null
  fail_direction: string | null
  reversed: boolean
  reversed_at: string | null
  /** When it failed (or came back): what happened and what to do, in words. */
  failure: FailureAdvice | null
  /** A refund credit whose outcome is unknown (Jetpay's answer was lost), or a person's verdict on it. */
  refund_outcome: string | null
  /** A debit's payment link while it can be paid; a credit's payee link (where bank details go). */
  link: string | null
  /** For a credit: the debit it refunds. */
  debit_id: string | null
  /** For a credit: whether its payee claimed it (entered a bank account) and its emails; null for a debit. */
  refund_email: RefundEmailView | null
  payment_id: string | null
  order_id: string | null
  created_at: string
  status_checked_at: string | null
  events: WebhookEventView[]
}

export type OrderJetpayView = {
  order_id: string
  currency_code: string
  /** The order's payment at a glance; null when it has no Jetpay payment. */
  status: AdminStatus | null
  /** The debit that `status` follows: the one that paid the order, else the newest. */
  debit_id: string | null
  refunded_amount: number
  refunded_amount_formatted: string
  transactions: TransactionView[]
}

function iso(value: Date | string | null): string | null {
  if (value === null) return null
  return new Date(value).toISOString()
}

/** Jetpay's event ids are integers that only grow; as text, "10" would sort before "9". */
function compareEventIds(a: string, b: string): number {
  try {
    const x = BigInt(a)
    const y = BigInt(b)
    return x < y ? -1 : x > y ? 1 : 0
  } catch {
    return a.localeCompare(b)
  }
}

function isFailed(record: TransactionRecordInput): boolean {
  if (record.reversed_at) return true
  const state = normalizeTransactionState(record.state)
  return state.known && state.state === "failed"
}

function linkShown(record: TransactionRecordInput): string | null {
  if (record.kind === "credit") return record.link
  // A used, cancelled or failed payment link only confuses: it cannot take money any more.
  const state = normalizeTransactionState(record.state)
  return state.known && state.state === "requested" ? record.link : null
}

export function transactionView(
  record: TransactionRecordInput,
  events: WebhookEventRecordInput[],
  currencyCode: string
): TransactionView {
  const own = events
    .filter((event) => event.jetpay_transaction_id === record.jetpay_id)
    .sort((a, b) => compareEventIds(a.jetpay_event_id, b.jetpay_event_id))
  return {
    id: record.jetpay_id,
    kind: record.kind === "credit" ? "credit" : "debit",
    state: record.state,
    status: transactionStatus(record),
    currency_code: currencyCode,
    amount: record.amount,
    amount_formatted: formatCents(record.amount, currencyCode),
    surcharge: record.surcharge,
    surcharge_formatted: formatCents(record.surcharge, currencyCode),
    fail_reason: record.fail_reason,
    fail_direction: record.fail_direction,
    reversed: record.reversed_at !== null,
    reversed_at: iso(record.reversed_at),
    failure: isFailed(record) ? failureAdvice(record.kind === "credit" ? "credit" : "debit", record.fail_reason, record.reversed_at !== null) : null,
    refund_outcome: record.refund_outcome ?? null,
    link: linkShown(record),
    debit_id: record.debit_jetpay_id,
    refund_email: refundEmailView(record),
    payment_id: record.payment_id,
    order_id: record.order_id,
    created_at: iso(record.created_at) ?? "",
    status_checked_at: iso(record.status_checked_at),
    events: own.map((event) => ({
      id: event.jetpay_event_id,
      type: event.type,
      state: event.state ?? "",
      occurred_at: iso(event.occurred_at),
      received_at: iso(event.received_at) ?? "",
      processed_at: iso(event.processed_at),
      attempts: event.attempts,
      error: event.last_error,
    })),
  }
}

/**
 * Everything Jetpay did for one order: its debits and refund credits, oldest first, each
 * with its webhook events. The order's status follows the debit that paid it (the one
 * with a Medusa payment), else the newest debit.
 */
export function orderJetpayView(
  orderId: string,
  currencyCode: string,
  records: TransactionRecordInput[],
  events: WebhookEventRecordInput[],
  orderCanceled = false
): OrderJetpayView {
  const sorted = [...records].sort((a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime())
  const debits = sorted.filter((record) => record.kind === "debit")
  const credits = sorted.filter((record) => record.kind === "credit")
  const main = debits.filter((debit) => debit.payment_id).at(-1) ?? debits.at(-1)
  const refunded = credits.filter(isLiveCredit).reduce((sum, credit) => sum + credit.amount, 0)
  return {
    order_id: orderId,
    currency_code: currencyCode,
    status: main ? orderPaymentStatus(main, credits, orderCanceled) : null,
    debit_id: main?.jetpay_id ?? null,
    refunded_amount: refunded,
    refunded_amount_formatted: formatCents(refunded, currencyCode),
    transactions: sorted.map((record) => transactionView(record, events, currencyCode)),
  }
}
