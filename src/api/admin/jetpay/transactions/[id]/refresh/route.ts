import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { TransactionResponse } from "../../../../../../lib/medusa-jetpay/admin-responses"
import { jetpayRecord, jetpayTransactionView } from "../../../../../../lib/medusa-jetpay/admin-transactions"
import { JETPAY_MODULE } from "../../../../../../modules/jetpay"
import type JetpayModuleService from "../../../../../../modules/jetpay/service"
import { toMedusaError } from "../../../../../../providers/jetpay/medusa-errors"
import { syncJetpayTransaction } from "../../../../../../workflows/sync-jetpay-transaction"
import { idParamsSchema, parseOrThrow } from "../../../validators"

/**
 * Re-reads the transaction from Jetpay and applies it exactly as a webhook would (same
 * code, same lock, same idempotency): for when webhooks are late, lost or not registered.
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse<TransactionResponse>) => {
  const { id } = parseOrThrow(idParamsSchema, req.params, "transaction id")
  await jetpayRecord(req.scope, id)
  const jetpay = req.scope.resolve<JetpayModuleService>(JETPAY_MODULE)
  const attemptsBefore = await pendingAttempts(jetpay, id)

  try {
    await syncJetpayTransaction(req.scope, id)
  } catch (error) {
    throw toMedusaError(error, `Refreshing Jetpay transaction ${id}`)
  }

  // With unprocessed events, the sync keeps a failure on them (for its retries) instead of
  // throwing: an attempt that this refresh added and that failed is this refresh's failure.
  const failed = (await jetpay.listJetpayWebhookEvents({ jetpay_transaction_id: id, processed_at: null }, { take: null })).find(
    (event) => event.last_error && event.attempts > (attemptsBefore.get(event.id) ?? 0)
  )
  if (failed) {
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `Refreshing Jetpay transaction ${id} failed: ${failed.last_error} (its webhook events will be retried)`
    )
  }
  res.json({ transaction: await jetpayTransactionView(req.scope, id) })
}

async function pendingAttempts(jetpay: JetpayModuleService, id: string): Promise<Map<string, number>> {
  const pending = await jetpay.listJetpayWebhookEvents({ jetpay_transaction_id: id, processed_at: null }, { take: null })
  return new Map(pending.map((event) => [event.id, event.attempts]))
}
