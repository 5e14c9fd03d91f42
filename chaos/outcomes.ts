// What Medusa must show for one Jetpay debit, decided by Jetpay's truth alone (the
// sandbox's record: its final state and the states it went through). Pure: the verifier
// reads both sides and hands them here, so the rules are table-tested on their own.

/** One Jetpay debit as the sandbox knows it. */
export type DebitTruth = {
  id: string
  state: string
  /** Every state the debit was in, oldest first (the sandbox's `history`). */
  history: readonly string[]
  /** Cents. */
  amount: number
}

/** The family of truths a debit falls in: how the report groups payments. */
export type TruthClass =
  | "never-paid"
  | "cancelled"
  | "authorized"
  | "settled"
  | "failed-after-authorization"
  | "failed-unpaid"
  | "returned"
  /** Paid, but for another amount than the cart's total: no order, listed in Needs attention. */
  | "amount-mismatch"
  | "unknown-state"

/** What the store must show for the debit. */
export type Expectation =
  /** No order pays with this debit, and no payment session is authorized by it. */
  | "no-order"
  /** One order; its payment for this debit authorized, neither captured nor canceled. */
  | "authorized"
  /**
   * One order; its payment awaits the EFT's settlement: no Medusa payment for this debit, its
   * payment session `pending_authorization` (the payer signed, Jetpay has not settled; the
   * plugin's default `eftAuthorizedOn: "completed"`).
   */
  | "awaiting"
  /** One order; its payment captured once, for the full amount. */
  | "captured"
  /**
   * Failed after the payer authorized: no order when the failure was known before one was made,
   * or one order (made while only the authorization was known) whose payment is canceled, never
   * captured; for an EFT whose payment was awaiting settlement, no Medusa payment and its session
   * ended (`error` or `canceled`).
   */
  | "canceled"
  /**
   * Settled, then came back (an EFT return). When the store read the settlement from Jetpay's status
   * before the return: one order, captured once, flagged as reversed. When it saw the settlement only
   * in webhook events (its deliveries came late) the plugin never moves money on that alone: the
   * payment ends as a failure, canceled and never captured, or no order when none was made yet.
   */
  | "reversed"
  /** A state this table does not know: never counted as converged, so a person looks. */
  | "unknown"

const AUTHORIZED_STATES = new Set(["initiated", "paid"])

/**
 * `eftAuthorizedOn`: the store's provider option. With "completed" (the default) an EFT the payer
 * signed awaits settlement; with "initiated" it is authorized as a card payment is.
 */
export function classifyDebit(
  truth: Pick<DebitTruth, "state" | "history">,
  { eftAuthorizedOn = "completed" }: { eftAuthorizedOn?: "completed" | "initiated" } = {}
): { truthClass: TruthClass; expectation: Expectation } {
  const seen = new Set(truth.history)
  switch (truth.state) {
    case "requested":
      return { truthClass: "never-paid", expectation: "no-order" }
    case "cancelled":
    case "canceled":
      return { truthClass: "cancelled", expectation: "no-order" }
    case "initiated":
      return { truthClass: "authorized", expectation: eftAuthorizedOn === "initiated" ? "authorized" : "awaiting" }
    case "paid":
      return { truthClass: "authorized", expectation: "authorized" }
    case "completed":
      return { truthClass: "settled", expectation: "captured" }
    case "failed":
      // The history, not the plugin's view of it, says whether the payer ever authorized: an
      // order made on `initiated` must stay (canceled); made or not depends on what the store
      // saw before the failure, and one never authorized must not appear.
      if (seen.has("completed")) return { truthClass: "returned", expectation: "reversed" }
      if ([...seen].some((state) => AUTHORIZED_STATES.has(state))) {
        return { truthClass: "failed-after-authorization", expectation: "canceled" }
      }
      return { truthClass: "failed-unpaid", expectation: "no-order" }
    default:
      return { truthClass: "unknown-state", expectation: "unknown" }
  }
}

/** Whether a debit with this expectation needs the cart to have an order. */
export function needsOrder(expectation: Expectation): boolean {
  return expectation === "authorized" || expectation === "awaiting" || expectation === "captured"
}

/** Whether a debit with this expectation allows the cart an order that stands. */
export function allowsOrder(expectation: Expectation): boolean {
  return needsOrder(expectation) || expectation === "canceled" || expectation === "reversed"
}

/**
 * A debit the payer authorized for another amount than its cart's total, that the store lists
 * as `amount_mismatch` in Needs attention: it must make no order (the merchant refunds it from
 * there). Seen when a process dies inside Medusa's add-to-cart after the cart changed and
 * before its payment collection's amount did: the shopper's next session is made for the old
 * amount.
 */
export function asAmountMismatch<T extends { amount: number; expectation: Expectation; truthClass: TruthClass }>(
  debit: T,
  cartTotalCents: number | undefined,
  listedAsMismatch: boolean
): T {
  if (!listedAsMismatch || cartTotalCents === undefined || cartTotalCents === debit.amount || !needsOrder(debit.expectation)) return debit
  return { ...debit, truthClass: "amount-mismatch", expectation: "no-order" }
}
