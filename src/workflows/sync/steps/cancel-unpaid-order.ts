import { cancelOrderWorkflow } from "@medusajs/core-flows"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { cancelDebit } from "../../../providers/jetpay/cancel-debit"
import { jetpayServices } from "../../../providers/jetpay/jetpay-services"
import type { JetpaySnapshot } from "./read-jetpay-transaction"

/**
 * An order that Medusa's cart completion made and never paid for: the completion died
 * between making the order and authorizing the payment (its process killed), so its own
 * compensation never removed the order. The debit is cancelled at Jetpay first, so the link
 * can no longer pay for an order about to be canceled; once the payer has paid, Jetpay
 * refuses and this step fails with that reason, and the next sync authorizes the order
 * instead. Then the order is canceled through Medusa's own workflow (reservations released,
 * `order.canceled` emitted).
 */
export const cancelUnpaidOrderStep = createStep(
  "cancel-unpaid-jetpay-order",
  async (snapshot: JetpaySnapshot, { container }) => {
    if (!snapshot.plan.cancelUnpaidOrder || !snapshot.orderId) return new StepResponse(undefined)
    const { client } = jetpayServices(container)
    const outcome = await cancelDebit(client, snapshot.jetpayId)
    await cancelOrderWorkflow(container).run({ input: { order_id: snapshot.orderId } })
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(
        `[jetpay] canceled order ${snapshot.orderId}: Medusa made it from cart ${snapshot.cartId} and never authorized ` +
          `its payment (the cart completion stopped part-way, as when its process dies), and the payer never authorized Jetpay payment ` +
          `${snapshot.jetpayId} (${outcome === "cancelled" ? "cancelled at Jetpay now" : "it can no longer be paid"})`
      )
    return new StepResponse(undefined)
  }
)
