import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { OrderJetpayView } from "../../../../../domain/admin-responses"
import { orderJetpayTransactions } from "../../../../../workflows/reconcile/admin-transactions"
import { idParamsSchema, parseOrThrow } from "../../validators"

/**
 * The order page widget's data: the order's Jetpay payment and refunds, each with its
 * webhook timeline. Read from the plugin's records only: opening an order never calls
 * Jetpay (the refresh route does, on request).
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse<OrderJetpayView>) => {
  const { id } = parseOrThrow(idParamsSchema, req.params, "order id")
  const view = await orderJetpayTransactions(req.scope, id)
  if (!view) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${id} was not found`)
  res.json(view)
}
