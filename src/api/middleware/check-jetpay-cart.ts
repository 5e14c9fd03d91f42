import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { checkJetpayCartAmounts } from "../../workflows/checkout/check-cart-amounts"
import { orderOfCart } from "../../workflows/sync/cart-links"

/**
 * Before the storefront's cart completion: a Jetpay debit must be for the cart's total
 * (check-cart-amounts.ts). A cart that has its order already (the webhook's sync completed it
 * first, or the shopper completes it again) makes no new one: Medusa answers with that order, so
 * there is nothing to check, and the cart's totals are not computed for nothing.
 */
export async function checkJetpayCart(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    if (!(await orderOfCart(req.scope, req.params.id))) await checkJetpayCartAmounts(req.scope, req.params.id)
    next()
  } catch (error) {
    next(error)
  }
}
