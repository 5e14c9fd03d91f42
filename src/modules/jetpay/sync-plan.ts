import type { PaymentFacts } from "./payment-facts"

/** What Medusa already shows for one transaction, read just before the plan is made. */
export type MedusaSide = {
  kind: "debit" | "credit"
  /** The debit's payment session still exists (a changed cart deletes the old one). */
  hasSession: boolean
  /** The Medusa payment made from that session, once authorized. */
  payment: { captured: boolean; canceled: boolean } | null
  /** The session belongs to a cart, which must become an order once the payer authorized. */
  forCart: boolean
  hasOrder: boolean
  /** What this store recorded (and told merchants) before: the record's timestamps. */
  told: { authorized: boolean; settled: boolean; failed: boolean; reversed: boolean }
}

export type PluginEventKind = "authorized" | "captured" | "failed" | "reversed" | "refund_failed"

export type SyncPlan = {
  /** Authorize the session through Medusa's payment workflow; it completes the cart too. */
  authorize: boolean
  capture: boolean
  cancelPayment: boolean
  /** Flag the order as reversed (the money came back after settling). */
  flagReversal: boolean
  /** Plugin events, each once per transaction in its life. */
  emit: PluginEventKind[]
  /** Record timestamps to set now. */
  record: { authorized: boolean; settled: boolean; failed: boolean; reversed: boolean }
}

/**
 * The Medusa side follows the facts: an order exists once the payer authorized, a payment
 * is captured once it settled, and a failure cancels the Medusa payment unless the payment
 * had settled (then it is a reversal: the capture stays as the record of what happened).
 * Every step is "make it so", so running the plan again changes nothing.
 */
export function planSync(facts: PaymentFacts, medusa: MedusaSide): SyncPlan {
  const ended = facts.outcome === "failed" || facts.outcome === "cancelled"
  const reversed = facts.outcome === "reversed"
  const record = {
    authorized: facts.authorized && !medusa.told.authorized,
    settled: facts.settled && !medusa.told.settled,
    failed: ended && !medusa.told.failed,
    reversed: reversed && !medusa.told.reversed,
  }
  const paysHere = medusa.kind === "debit" && medusa.hasSession
  if (!paysHere) {
    // A refund that failed (or came back) after it was sent: the customer was not refunded.
    const emit: PluginEventKind[] = medusa.kind === "credit" && (record.failed || record.reversed) ? ["refund_failed"] : []
    return { authorize: false, capture: false, cancelPayment: false, flagReversal: false, emit, record }
  }

  const authorize = facts.authorized && (!medusa.payment || (medusa.forCart && !medusa.hasOrder))
  // A payment canceled on an earlier reading cannot be captured; its return is still flagged.
  const capture = facts.settled && !medusa.payment?.captured && !medusa.payment?.canceled
  const willHavePayment = !!medusa.payment || authorize
  const cancelPayment = ended && !facts.settled && willHavePayment && !medusa.payment?.canceled
  const emit: PluginEventKind[] = []
  if (record.authorized) emit.push("authorized")
  if (record.settled) emit.push("captured")
  if (record.failed) emit.push("failed")
  if (record.reversed) emit.push("reversed")
  return { authorize, capture, cancelPayment, flagReversal: record.reversed, emit, record }
}
