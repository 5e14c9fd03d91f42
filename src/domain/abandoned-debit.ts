import type { PaymentFacts } from "./payment-facts"
import { DEFAULT_TIMINGS, type JetpayTimings } from "./timings"

export type AbandonInput = {
  kind: "debit" | "credit"
  /** A checkout's debit, or one an admin requested for an order's outstanding amount. */
  purpose: "checkout" | "payment_request"
  facts: Pick<PaymentFacts, "outcome" | "authorized" | "state"> & Partial<Pick<PaymentFacts, "unknownLiveState">>
  createdAt: Date
}

/**
 * When a checkout debit whose link the payer never used (Jetpay still says `requested`) counts
 * as abandoned, or null for any other transaction: the reconciliation then cancels it at Jetpay
 * and stops re-reading it. A debit in a state this plugin does not know is left alone, and so is
 * a payment request (the merchant emailed it and cancels it from the order page).
 */
export function abandonAt(
  input: AbandonInput,
  { abandonedDebitAfterMs }: Pick<JetpayTimings, "abandonedDebitAfterMs"> = DEFAULT_TIMINGS
): Date | null {
  const { facts } = input
  const unused = facts.outcome === "pending" && !facts.authorized && facts.state === "requested" && !facts.unknownLiveState
  if (input.kind !== "debit" || input.purpose !== "checkout" || !unused) return null
  return new Date(input.createdAt.getTime() + abandonedDebitAfterMs)
}

export function isAbandoned(input: AbandonInput, now: Date, timings: Pick<JetpayTimings, "abandonedDebitAfterMs"> = DEFAULT_TIMINGS): boolean {
  const at = abandonAt(input, timings)
  return at !== null && now.getTime() >= at.getTime()
}
