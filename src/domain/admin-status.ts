import { normalizeTransactionState } from "../jetpay-api"
import { REFUND_OUTCOME } from "./refund-outcome"

/**
 * What a merchant reads on the order page: Jetpay's states in plain words. Jetpay's own
 * names (`initiated`, `paid`) say little to someone shipping parcels, and a refund or an
 * EFT return changes what the order's payment means without changing the debit's state.
 */
export type AdminStatusCode =
  | "waiting"
  /** An EFT the payer signed: the funds are being pulled, two to three business days. */
  | "awaiting_settlement"
  | "authorized"
  | "settled"
  | "failed"
  | "reversed"
  | "cancelled"
  | "partially_refunded"
  | "refunded"
  /** The order was canceled while the payer's money was on its way: it is refunded once it settles. */
  | "refund_on_settlement"
  /** The money settled for a canceled order and is not refunded yet (Needs attention when the refund failed). */
  | "refund_due"
  // Credits (refunds): the payee's side.
  /** A refund Jetpay refused: no credit was made. */
  | "not_sent"
  | "awaiting_payee"
  | "paying_out"
  | "paid_out"
  | "unknown"

export type AdminStatus = { code: AdminStatusCode; label: string }

type StatusInput = { kind: string; state: string; reversed_at?: Date | string | null; refund_outcome?: string | null }

const status = (code: AdminStatusCode, label: string): AdminStatus => ({ code, label })

/** One transaction's status: a debit from the payer's side, a credit from the payee's. */
export function transactionStatus(transaction: StatusInput): AdminStatus {
  if (transaction.kind === "debit" && transaction.reversed_at) return status("reversed", "Reversed")
  if (transaction.kind === "credit" && transaction.refund_outcome === REFUND_OUTCOME.notSent) return status("not_sent", "Not sent")
  const normalized = normalizeTransactionState(transaction.state)
  if (!normalized.known) return status("unknown", `Unknown (${transaction.state})`)
  const state = normalized.state
  if (transaction.kind === "credit") {
    switch (state) {
      case "requested":
        return status("awaiting_payee", "Waiting for the payee's bank details")
      case "initiated":
      case "paid":
      case "processing":
        return status("paying_out", "Paying out")
      case "completed":
        return status("paid_out", "Paid out")
      case "failed":
        return status("failed", "Failed")
      case "cancelled":
        return status("cancelled", "Cancelled")
      default: {
        const unhandled: never = state
        throw new Error(`Unhandled Jetpay state: ${String(unhandled)}`)
      }
    }
  }
  switch (state) {
    case "requested":
      return status("waiting", "Waiting for the shopper")
    case "initiated":
      return status("awaiting_settlement", "Awaiting settlement")
    case "paid":
    case "processing":
      return status("authorized", "Authorized")
    case "completed":
      return status("settled", "Settled")
    case "failed":
      return status("failed", "Failed")
    case "cancelled":
      return status("cancelled", "Cancelled")
    default: {
      const unhandled: never = state
      throw new Error(`Unhandled Jetpay state: ${String(unhandled)}`)
    }
  }
}

/**
 * Credits that move, or moved, money back to the payer: a failed or cancelled one refunded
 * nothing, and neither did one Jetpay refused to make.
 */
export function isLiveCredit(credit: { kind: string; state: string; refund_outcome?: string | null }): boolean {
  return (
    credit.kind === "credit" &&
    credit.refund_outcome !== REFUND_OUTCOME.notSent &&
    credit.state !== "failed" &&
    credit.state !== "cancelled" &&
    credit.state !== "canceled"
  )
}

/**
 * The order's payment at a glance: its debit's status, except that a settled debit with
 * refunds reads "refunded" or "partially refunded", and a canceled order's debit still being
 * pulled reads "refund on settlement" (Jetpay cannot cancel it any more; the sync refunds it
 * once it settles), and "refund due" once settled until its refunds cover it. A reversal outranks refunds: the money came back by itself, and that is
 * what the merchant must act on.
 */
export function orderPaymentStatus(
  debit: StatusInput & { amount: number },
  credits: Array<{ kind: string; state: string; amount: number; refund_outcome?: string | null }>,
  orderCanceled = false
): AdminStatus {
  const own = transactionStatus(debit)
  if ((own.code === "authorized" || own.code === "awaiting_settlement") && orderCanceled) {
    return status("refund_on_settlement", "Refund on settlement")
  }
  if (own.code !== "settled") return own
  const refunded = credits.filter(isLiveCredit).reduce((sum, credit) => sum + credit.amount, 0)
  if (orderCanceled && refunded < debit.amount) return status("refund_due", "Refund due")
  if (refunded <= 0) return own
  return refunded >= debit.amount ? status("refunded", "Refunded") : status("partially_refunded", "Partially refunded")
}
