import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { JetpayEvents, type JetpayPaymentEventData } from "../domain/events"
import { ensurePaymentRequestOrderTransactions } from "../workflows/payment-requests/payment-request-capture"

/**
 * A captured Jetpay payment of an admin's payment request: its capture counts on the order
 * (payment-request-capture.ts says why this is needed). A checkout's payment is left alone.
 */
export default async function countPaymentRequestCapture({ event, container }: SubscriberArgs<JetpayPaymentEventData>) {
  await ensurePaymentRequestOrderTransactions(container, event.data.transaction_id)
}

export const config: SubscriberConfig = {
  event: JetpayEvents.PAYMENT_CAPTURED,
  context: { subscriberId: "jetpay-payment-request-captured" },
}
