import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { JetpayApiError, type JetpayClient } from "../../../../../../lib/jetpay"
import type { TransactionResponse } from "../../../../../../lib/medusa-jetpay/admin-responses"
import { jetpayRecord, jetpayTransactionView } from "../../../../../../lib/medusa-jetpay/admin-transactions"
import { cancelRefusal } from "../../../../../../lib/medusa-jetpay/cancel-refusal"
import { jetpayServices } from "../../../../../../lib/medusa-jetpay/jetpay-services"
import { toMedusaError } from "../../../../../../providers/jetpay/medusa-errors"
import { syncJetpayTransaction } from "../../../../../../workflows/sync-jetpay-transaction"
import { idParamsSchema, parseOrThrow } from "../../../validators"

/**
 * Cancels a debit whose link has not been paid yet, so it never can be, then lets Medusa
 * follow through the sync (the Medusa payment, if any, is canceled). When Jetpay refuses,
 * its live state explains why, and nothing is changed.
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse<TransactionResponse>) => {
  const { id } = parseOrThrow(idParamsSchema, req.params, "transaction id")
  const record = await jetpayRecord(req.scope, id)
  if (record.kind !== "debit") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Jetpay transaction ${id} is a refund credit: only a payment (debit) can be cancelled here`
    )
  }
  const { client } = jetpayServices(req.scope)
  try {
    await client.cancelTransaction(id)
  } catch (error) {
    if (!isRefusal(error)) throw toMedusaError(error, `Cancelling Jetpay payment ${id}`)
    if (error.status === 404) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Jetpay does not know payment ${id} (another Jetpay account or environment?): there is nothing to cancel at Jetpay`
      )
    }
    const refusal = cancelRefusal(id, await liveState(client, id), error.detail)
    if (refusal) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, refusal)
    // Already cancelled or failed: what was asked is done; the sync below records it.
  }
  await syncJetpayTransaction(req.scope, id)
  res.json({ transaction: await jetpayTransactionView(req.scope, id) })
}

async function liveState(client: JetpayClient, id: string): Promise<string> {
  try {
    return (await client.getTransactionStatus(id)).state
  } catch (error) {
    throw toMedusaError(error, `Reading the status of Jetpay payment ${id}`)
  }
}

/** Jetpay said no to this cancel (a 4xx about the transaction), as opposed to failing to answer. */
function isRefusal(error: unknown): error is JetpayApiError {
  return (
    error instanceof JetpayApiError &&
    error.status !== undefined &&
    error.status >= 400 &&
    error.status < 500 &&
    ![401, 403, 408, 429].includes(error.status)
  )
}
