import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { checkJetpayCartAmounts } from "../../workflows/checkout/check-cart-amounts"

/** Before the storefront's cart completion: a Jetpay debit must be for the cart's total (check-cart-amounts.ts). */
export async function checkJetpayCart(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    await checkJetpayCartAmounts(req.scope, req.params.id)
    next()
  } catch (error) {
    next(error)
  }
}
