/** A refund credit's outcome as this store knows it (jetpay_transaction.refund_outcome). */
export const REFUND_OUTCOME = {
  /** Recorded before Jetpay was asked. */
  pending: "pending",
  /** Jetpay made the credit. */
  sent: "sent",
  /** Jetpay's answer was lost: the credit may or may not exist. Blocks further refunds of the payment. */
  unknown: "unknown",
  /** Jetpay surely did not make it. */
  notSent: "not_sent",
  /** A person checked Jetpay's dashboard: it was sent; Medusa records it at the next refund of that amount. */
  confirmedSent: "confirmed_sent",
  /** Confirmed and recorded in Medusa. */
  recorded: "recorded",
} as const
