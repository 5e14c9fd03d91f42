import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { collectionHasOpenRequest } from "../../workflows/payment-requests/payment-requests"

/**
 * Before the store API makes a payment session on a collection: a collection whose payment was
 * requested by email keeps its request's session. Anyone holding the order id can read its
 * collection's id, and a new session would cancel the emailed link; the request is paid with
 * that link, or an admin cancels it first.
 */
export async function protectPaymentRequests(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    if (await collectionHasOpenRequest(req.scope, req.params.id)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "This amount was requested by email with a Jetpay payment link: pay it with that link. " +
          "Ce montant a été demandé par courriel avec un lien de paiement Jetpay : payez-le avec ce lien."
      )
    }
    next()
  } catch (error) {
    next(error)
  }
}
