import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { ILockingModule } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { paidJetpayDebitOfCollection } from "../../workflows/checkout/paid-collection"
import { sessionCollection } from "./session-collection"
import { collectionHasOpenRequest } from "../../workflows/payment-requests/payment-requests"

/** Seconds a session creation waits for the one before it on the same collection. */
const LOCK_WAIT_SECONDS = 30

/**
 * Before the store API makes a payment session on a collection, one at a time per collection
 * (Medusa's locking module, shared by every server when the store configures a shared provider):
 * double clicks and two tabs each delete the session before theirs, so exactly one debit stays
 * payable and the others are cancelled at Jetpay. Refused, with the reason in English and French:
 * - a collection whose payment was requested by email: anyone holding the order id can read the
 *   collection's id, and a new session would cancel the emailed link;
 * - a collection whose Jetpay debit the payer already paid: the cart is paid, and completing it
 *   makes (or shows) the order.
 */
export async function guardPaymentSessions(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const collectionId = req.params.id
  const locking = req.scope.resolve<ILockingModule>(Modules.LOCKING)
  try {
    await locking.execute(
      `jetpay:payment-collection:${collectionId}`,
      async () => {
        await refuseTakenCollection(req, collectionId)
        // Held until Medusa's route has answered: the next creation sees this one's session.
        await new Promise<void>((resolve) => {
          res.once("finish", resolve)
          res.once("close", resolve)
          next()
        })
      },
      { timeout: LOCK_WAIT_SECONDS }
    )
  } catch (error) {
    if (!res.headersSent) next(error)
  }
}

async function refuseTakenCollection(req: MedusaRequest, collectionId: string) {
  if (await collectionHasOpenRequest(req.scope, collectionId)) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "This amount was requested by email with a Jetpay payment link: pay it with that link. " +
        "Ce montant a été demandé par courriel avec un lien de paiement Jetpay : payez-le avec ce lien."
    )
  }
  const paid = await paidJetpayDebitOfCollection(req.scope, await sessionCollection(req))
  if (paid) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `This cart is already paid with Jetpay (payment ${paid}): complete the cart to see its order. ` +
        `Ce panier est déjà payé avec Jetpay (paiement ${paid}) : finalisez le panier pour voir sa commande.`
    )
  }
}
