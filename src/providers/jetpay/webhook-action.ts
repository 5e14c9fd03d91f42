import { PaymentActions } from "@medusajs/framework/utils"
import { normalizeTransactionState } from "../../jetpay-api"

/**
 * The Medusa webhook action for a transaction's live Jetpay state (design.md, section 2),
 * for Medusa's generic webhook route. Unknown states do nothing, never "captured".
 */
export function webhookActionForState(raw: string): PaymentActions {
  const normalized = normalizeTransactionState(raw)
  if (!normalized.known) return PaymentActions.NOT_SUPPORTED
  switch (normalized.state) {
    case "requested":
    case "processing":
      return PaymentActions.NOT_SUPPORTED
    case "initiated":
    case "paid":
      return PaymentActions.AUTHORIZED
    case "completed":
      return PaymentActions.SUCCESSFUL
    case "failed":
      return PaymentActions.FAILED
    case "cancelled":
      return PaymentActions.CANCELED
    default: {
      const unhandled: never = normalized.state
      throw new Error(`Unhandled Jetpay state: ${String(unhandled)}`)
    }
  }
}
