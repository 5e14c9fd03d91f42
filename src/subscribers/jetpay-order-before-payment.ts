import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys, OrderWorkflowEvents } from "@medusajs/framework/utils"
import { errorMessage } from "../domain/error-message"
import { requestPaymentForNewOrderWorkflow } from "../workflows/payment-requests/order-before-payment"

/**
 * `orderBeforePayment`: an order placed with its Jetpay debit unpaid gets that debit's link
 * by email, as a payment request (order-before-payment.ts). Nothing when the option is off.
 */
export default async function requestPaymentForNewOrder({ event, container }: SubscriberArgs<{ id: string }>) {
  await requestPaymentForNewOrderWorkflow(container)
    .run({ input: { order_id: event.data.id } })
    .catch((error: unknown) =>
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(`[jetpay] the payment link of order ${event.data.id} was not emailed: ${errorMessage(error)}`)
    )
}

export const config: SubscriberConfig = {
  event: OrderWorkflowEvents.PLACED,
}
