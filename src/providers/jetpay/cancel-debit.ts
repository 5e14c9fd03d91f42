import { MedusaError } from "@medusajs/framework/utils"
import { JetpayApiError, type JetpayClient } from "../../jetpay-api"
import { toMedusaError } from "../../domain/medusa-errors"
import { cancelRefusal } from "../../domain/cancel-refusal"

/**
 * What cancelling a debit came to. `unknown_to_jetpay`: Jetpay answered 404 (another
 * account or environment, a wiped sandbox); each caller decides what that means.
 */
export type CancelOutcome = "cancelled" | "already_over" | "unknown_to_jetpay"

/**
 * Cancels a debit so its link can never be paid. One already cancelled or failed is
 * "already over"; one the payer has paid is a NOT_ALLOWED Medusa error that says what
 * to do instead, told from Jetpay's live state (its refusal text is not documented).
 * The provider and the admin's cancel button both go through here.
 */
export async function cancelDebit(client: JetpayClient, transactionId: string): Promise<CancelOutcome> {
  try {
    await client.cancelTransaction(transactionId)
    return "cancelled"
  } catch (error) {
    if (!isRefusal(error)) throw toMedusaError(error, `Cancelling Jetpay payment ${transactionId}`)
    if (error.status === 404) return "unknown_to_jetpay"
    let state: string
    try {
      state = (await client.getTransactionStatus(transactionId)).state
    } catch (statusError) {
      throw toMedusaError(statusError, `Reading the status of Jetpay payment ${transactionId}`)
    }
    const refusal = cancelRefusal(transactionId, state, error.detail)
    if (refusal) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, refusal)
    return "already_over"
  }
}

/** Jetpay said no to this cancel (a 4xx about the transaction), as opposed to failing to answer. */
function isRefusal(error: unknown): error is JetpayApiError & { status: number } {
  return (
    error instanceof JetpayApiError &&
    error.status !== undefined &&
    error.status >= 400 &&
    error.status < 500 &&
    ![401, 403, 408, 429].includes(error.status)
  )
}
