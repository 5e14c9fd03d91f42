import { deletePaymentSessionsWorkflow } from "@medusajs/core-flows"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { cancelDebit } from "../../../providers/jetpay/cancel-debit"
import { jetpayServices } from "../../../providers/jetpay/jetpay-services"
import type { JetpaySnapshot } from "./read-jetpay-transaction"

/**
 * A checkout debit whose link the payer never used, past `abandonedDebitAfterMs`: its payment
 * session is deleted through Medusa's workflow, whose provider call cancels the debit at Jetpay
 * (without a session, the debit is cancelled directly). The cart keeps no session that could
 * later authorize, no order is made, and the record step stops its re-reads. Once the payer has
 * paid, Jetpay refuses the cancel and this step fails with that reason; the next sync authorizes.
 */
export const cancelAbandonedDebitStep = createStep(
  "cancel-abandoned-jetpay-debit",
  async (snapshot: JetpaySnapshot, { container }) => {
    if (!snapshot.plan.cancelAbandoned) return new StepResponse(undefined)
    if (snapshot.session) {
      await deletePaymentSessionsWorkflow(container).run({ input: { ids: [snapshot.session.id] } })
    } else {
      await cancelDebit(jetpayServices(container).client, snapshot.jetpayId)
    }
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .info(
        `[jetpay] cancelled Jetpay payment ${snapshot.jetpayId}: its link was never used and it is older than abandonedDebitAfterMs` +
          (snapshot.session ? ` (payment session ${snapshot.session.id} removed)` : "")
      )
    return new StepResponse(undefined)
  }
)
