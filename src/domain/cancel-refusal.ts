import { normalizeTransactionState } from "../jetpay-api"

/**
 * Why Jetpay refused to cancel a debit, told from its live state (re-read after the
 * refusal: Jetpay's error text is not documented, its state is), with what to do instead.
 * `null` when the debit is already cancelled or failed: nothing is left to cancel.
 */
export function cancelRefusal(transactionId: string, rawState: string, jetpayDetail?: string): string | null {
  const prefix = `Jetpay payment ${transactionId} can no longer be cancelled.`
  const state = normalizeTransactionState(rawState)
  if (!state.known) return `${prefix} Jetpay reports it as "${rawState}"${detail(jetpayDetail)}.`
  switch (state.state) {
    case "cancelled":
    case "failed":
      return null
    case "initiated":
    case "paid":
    case "processing":
      return `${prefix} The payer has already paid (${state.state}): refund it once it is captured.`
    case "completed":
      return `${prefix} The payment has already settled (completed): refund it instead.`
    case "requested":
      return `${prefix} Jetpay refused although the payer has not paid yet${detail(jetpayDetail)}.`
    default: {
      const unhandled: never = state.state
      throw new Error(`Unhandled Jetpay state: ${String(unhandled)}`)
    }
  }
}

function detail(text: string | undefined): string {
  return text ? ` (Jetpay: ${text})` : ""
}
