import { PaymentSessionStatus, PaymentActions } from "@medusajs/framework/utils"
import { normalizeTransactionState, type JetpayTransactionState } from "../../jetpay-api"
import type { JetpayOptions } from "../../domain/options"

/** When an EFT counts as authorized: the provider's `eftAuthorizedOn` option. */
export type EftAuthorizedOn = JetpayOptions["eftAuthorizedOn"]

/**
 * Jetpay transaction state -> Medusa payment session status (design.md, section 2).
 * An EFT the payer signed (`initiated`) is `pending_authorization` (the order is made, its
 * payment awaiting) until it settles, or `authorized` under `eftAuthorizedOn: "initiated"`;
 * a card charge (`paid`) is authorized.
 * Exhaustive: a new state in JetpayTransactionState fails to compile here.
 */
export function sessionStatusForState(state: JetpayTransactionState, eftAuthorizedOn: EftAuthorizedOn = "completed"): PaymentSessionStatus {
  switch (state) {
    case "requested":
    case "processing":
      return PaymentSessionStatus.PENDING
    case "initiated":
      return eftAuthorizedOn === "initiated" ? PaymentSessionStatus.AUTHORIZED : PaymentSessionStatus.PENDING_AUTHORIZATION
    case "paid":
      return PaymentSessionStatus.AUTHORIZED
    case "completed":
      return PaymentSessionStatus.CAPTURED
    case "failed":
      return PaymentSessionStatus.ERROR
    case "cancelled":
      return PaymentSessionStatus.CANCELED
    default:
      return assertNever(state)
  }
}

/**
 * Same, for a state string as Jetpay sent it. An unknown state is never treated
 * as paid: it is reported as pending, and `known: false` tells the caller to log it.
 */
export function sessionStatusForRawState(
  raw: string,
  eftAuthorizedOn: EftAuthorizedOn = "completed"
): { status: PaymentSessionStatus; known: boolean } {
  const normalized = normalizeTransactionState(raw)
  if (!normalized.known) return { status: PaymentSessionStatus.PENDING, known: false }
  return { status: sessionStatusForState(normalized.state, eftAuthorizedOn), known: true }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled Jetpay state: ${String(value)}`)
}

/**
 * The Medusa webhook action for a transaction's live Jetpay state (design.md, section 2),
 * for Medusa's generic webhook route. Unknown states do nothing, never "captured".
 * `initiated` is "authorized" there: Medusa's payment workflow then completes the cart, and the
 * provider's `authorizePayment` decides whether the order's payment is authorized or awaiting.
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
