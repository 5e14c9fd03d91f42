import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"

/**
 * The plugin's module links (`order.jetpay_transactions`, `cart.jetpay_transactions`,
 * `payment_session.jetpay_transactions`) are for a store's own code: the records hold the payer's
 * Jetpay contact and payment link. Medusa 2.21 refuses fields outside each store route's allowed
 * list; Medusa 2.18 to 2.20 let `?fields=*jetpay_transactions` through on the order and cart routes
 * to whoever holds an order or cart id. On every version, a store request whose `fields` names them
 * is refused with 400 and reads nothing.
 */
export function refuseJetpayFields(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const fields = [req.query?.fields].flat().filter((value): value is string => typeof value === "string")
  if (fields.some((value) => /jetpay_transaction/i.test(value))) {
    return next(
      new MedusaError(MedusaError.Types.INVALID_DATA, "Jetpay transactions are not available through the store API (fields).")
    )
  }
  next()
}
