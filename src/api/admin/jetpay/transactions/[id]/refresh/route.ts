import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { TransactionResponse } from "../../../../../../domain/admin-responses"
import { jetpayRecord, jetpayTransactionView } from "../../../../../../workflows/reconcile/admin-transactions"
import { applyJetpayTransaction } from "../../../../../../workflows/sync/apply-jetpay-transactions"
import { idParamsSchema, parseOrThrow } from "../../../validators"

/**
 * Re-reads the transaction from Jetpay and applies it exactly as a webhook or the
 * reconciliation job would (the same sync, lock and idempotency): for when webhooks are
 * late, lost or not registered. A failure is kept on the transaction for the job's retry.
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse<TransactionResponse>) => {
  const { id } = parseOrThrow(idParamsSchema, req.params, "transaction id")
  await jetpayRecord(req.scope, id)
  const outcome = await applyJetpayTransaction(req.scope, id)
  if (!outcome.ok) {
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `Refreshing Jetpay transaction ${id} failed: ${outcome.error} (the reconciliation job tries again)`
    )
  }
  res.json({ transaction: await jetpayTransactionView(req.scope, id) })
}
