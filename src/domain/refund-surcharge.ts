import { MathBN } from "@medusajs/framework/utils"
import { normalizeTransactionState } from "../jetpay-api"

/** The `refundSurcharge` option: whether a full refund of a card payment also returns its card fee. */
export type RefundSurchargePolicy = "never" | "on_full_refund"

/** How the payer paid a debit, as far as its webhook events tell. */
export type DebitMethod = "card" | "eft" | "unknown"

/**
 * How a debit was paid, from the states of its webhook events: a card payment goes
 * `requested -> paid -> completed`, an EFT `requested -> initiated -> completed`
 * (shared/jetpay-api.md; Jetpay's status read names no method). Without either state on
 * record (events missed and never replayed) it is unknown, and no fee is returned.
 */
export function debitMethod(eventStates: readonly (string | null)[]): DebitMethod {
  const states = new Set(
    eventStates.flatMap((raw) => {
      if (raw === null) return []
      const state = normalizeTransactionState(raw)
      return state.known ? [state.state] : []
    })
  )
  if (states.has("initiated")) return "eft"
  if (states.has("paid")) return "card"
  return "unknown"
}

export type RefundSurchargeInput = {
  policy: RefundSurchargePolicy
  /** The debit's amount in cents (what Medusa captured). */
  paidCents: number
  /** Medusa's refunds of the payment before this one, in cents. */
  refundedBeforeCents: number
  /** This refund, in cents. */
  refundCents: number
  /** The card fee Jetpay quoted for the debit, in cents. */
  surchargeCents: number
  method: DebitMethod
}

/**
 * The card fee a refund credit adds on top of Medusa's refund, in cents: with
 * `on_full_refund`, the refund that brings a card payment's refunds to its whole amount
 * returns the fee once (the earlier partial refunds return none); otherwise 0.
 */
export function refundSurchargeCents(input: RefundSurchargeInput): number {
  if (input.policy !== "on_full_refund") return 0
  if (input.method !== "card" || input.surchargeCents <= 0) return 0
  const after = MathBN.add(input.refundedBeforeCents, input.refundCents)
  return MathBN.eq(after, input.paidCents) ? input.surchargeCents : 0
}

/** The cents Jetpay's credit carries: Medusa's refund plus the fee it returns. */
export function creditCents(refundCents: number, surchargeCents: number): number {
  return MathBN.add(refundCents, surchargeCents).toNumber()
}
