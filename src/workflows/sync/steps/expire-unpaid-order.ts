import { cancelOrderWorkflow } from "@medusajs/core-flows"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { cancelDebit } from "../../../providers/jetpay/cancel-debit"
import { jetpayServices } from "../../../providers/jetpay/jetpay-services"
import type { JetpaySnapshot } from "./read-jetpay-transaction"

/**
 * `orderBeforePayment`: an order made before its payment, still unpaid past its expiry. The
 * debit is cancelled at Jetpay first, so its emailed link can no longer pay for an order about
 * to be canceled; once the payer has paid, Jetpay refuses and this step fails with that reason,
 * and the next sync authorizes the order instead. Then the order is canceled through Medusa's
 * own workflow (reservations released, `order.canceled` emitted).
 */
export const expireUnpaidOrderStep = createStep(
  "expire-unpaid-jetpay-order",
  async (snapshot: JetpaySnapshot, { container }) => {
    if (!snapshot.plan.expireUnpaidOrder || !snapshot.orderId) return new StepResponse(undefined)
    const { client } = jetpayServices(container)
    await cancelDebit(client, snapshot.jetpayId)
    await cancelOrderWorkflow(container).run({ input: { order_id: snapshot.orderId } })
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .info(`[jetpay] canceled order ${snapshot.orderId}: made before its payment, still unpaid at its expiry; Jetpay payment ${snapshot.jetpayId} is cancelled`)
    return new StepResponse(undefined)
  }
)
