/**
 * What a failed payment means for the merchant, in words they act on. Jetpay documents one fail
 * reason (`account_frozen`); the others are the usual Canadian EFT and card ones, and an unknown
 * code is shown as it came. Codes (`reason`, `advice`) let the admin translate; the English text
 * is the default.
 */
export type FailureAdvice = {
  reason: string
  reason_text: string
  advice: "do_not_ship" | "hold_shipment" | "refund_not_received"
  advice_text: string
}

const REASONS: Record<string, string> = {
  account_frozen: "the bank refused the debit: account frozen",
  nsf: "not enough funds in the payer's account (NSF)",
  insufficient_funds: "not enough funds in the payer's account (NSF)",
  account_closed: "the payer's bank account is closed",
  invalid_account: "the bank account details are not valid",
  stop_payment: "the payer stopped the payment at their bank",
  payment_stopped: "the payer stopped the payment at their bank",
  pad_dispute: "the payer disputed the pre-authorized debit",
  disputed: "the payer disputed the payment",
  declined: "the card was declined",
  card_declined: "the card was declined",
  expired_card: "the card has expired",
}

const ADVICE: Record<FailureAdvice["advice"], string> = {
  do_not_ship: "Do not ship; contact the customer.",
  hold_shipment: "The money came back after it had settled: hold the shipment if you still can, and contact the customer.",
  refund_not_received: "The refund did not reach the customer: contact them for other bank details.",
}

export function failureAdvice(kind: "debit" | "credit", failReason: string | null, reversed: boolean): FailureAdvice {
  const reason = failReason ?? "unknown"
  const reasonText = REASONS[reason.toLowerCase()] ?? (failReason ? `Jetpay's reason: ${failReason}` : "Jetpay gave no reason")
  const advice: FailureAdvice["advice"] = kind === "credit" ? "refund_not_received" : reversed ? "hold_shipment" : "do_not_ship"
  return { reason, reason_text: reasonText, advice, advice_text: ADVICE[advice] }
}
