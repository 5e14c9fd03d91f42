import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { TransactionResponse } from "../../../../../../domain/admin-responses"
import { jetpayRecord, jetpayTransactionView } from "../../../../../../workflows/reconcile/admin-transactions"
import { cancelDebit } from "../../../../../../providers/jetpay/cancel-debit"
import { jetpayServices } from "../../../../../../providers/jetpay/jetpay-services"
import { applyJetpayTransaction } from "../../../../../../workflows/sync/apply-jetpay-transactions"
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
  // Already cancelled or failed is done too; the sync below records what Jetpay says.
  if ((await cancelDebit(client, id)) === "unknown_to_jetpay") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Jetpay does not know payment ${id} (another Jetpay account or environment?): there is nothing to cancel at Jetpay`
    )
  }
  // A failure here is kept on the transaction and retried by the reconciliation job.
  await applyJetpayTransaction(req.scope, id)
  res.json({ transaction: await jetpayTransactionView(req.scope, id) })
}
