/**
 * Events the plugin emits on Medusa's event bus. Merchants subscribe to the
 * `jetpay.payment.*` ones; each carries `{ order_id, transaction_id, payment_id, idempotency_key }`
 * (`order_id` is null while no order exists, and `fail_reason` is set on failures).
 */
export const JetpayEvents = {
  /** Internal: the webhook route recorded new events; carries `{ jetpay_transaction_ids }`. */
  WEBHOOK_EVENTS_RECORDED: "jetpay.webhook_events.recorded",
  PAYMENT_AUTHORIZED: "jetpay.payment.authorized",
  PAYMENT_CAPTURED: "jetpay.payment.captured",
  PAYMENT_FAILED: "jetpay.payment.failed",
  PAYMENT_REVERSED: "jetpay.payment.reversed",
  /** A refund credit failed after it was sent: the customer was not refunded. */
  REFUND_FAILED: "jetpay.refund.failed",
  /** The debit's amount differs from its session's or the cart's: no order was made. */
  PAYMENT_AMOUNT_MISMATCH: "jetpay.payment.amount_mismatch",
  /** Something needs a person (see the admin's needs-attention list); carries the item. */
  ATTENTION_REQUIRED: "jetpay.attention.required",
} as const

/**
 * The internal event the webhook route emits, with retries on Medusa's event bus (Redis):
 * a subscriber run that fails is tried again, and what is left after that is the
 * reconciliation job's. Priority 10 is Medusa's "critical business event" level: a payment
 * that makes an order goes ahead of the store's routine events in the queue.
 */
export function webhookEventsRecordedMessage(jetpayTransactionIds: string[]) {
  return {
    name: JetpayEvents.WEBHOOK_EVENTS_RECORDED,
    data: { jetpay_transaction_ids: jetpayTransactionIds },
    options: { attempts: 4, backoff: { type: "exponential", delay: 1_000 }, priority: 10 },
  }
}

export type JetpayPaymentEventData = {
  order_id: string | null
  transaction_id: string
  payment_id: string | null
  fail_reason?: string | null
  /**
   * The same for every delivery of one event (`<transaction_id>:<kind>`): the plugin's events
   * go out at least once, so a subscriber that must act once drops a key it has seen.
   */
  idempotency_key: string
}
