import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys, PaymentEvents } from "@medusajs/framework/utils"
import { errorMessage } from "../domain/error-message"
import { creditsToEmail } from "../workflows/refund-emails/refund-emails"
import { sendJetpayRefundEmailWorkflow } from "../workflows/refund-emails/send-refund-email"

/**
 * After Medusa recorded a refund (its refund workflow emits `payment.refunded` once the
 * provider's credit is made and the refund kept): emails the customer each new credit's
 * link, where they enter the bank account to be paid. A refund of a payment made with another
 * provider finds no credit and sends nothing.
 */
export default async function emailJetpayRefunds({ event, container }: SubscriberArgs<{ id: string }>) {
  const credits = await creditsToEmail(container, event.data.id)
  for (const credit of credits) {
    await sendJetpayRefundEmailWorkflow(container)
      .run({ input: { credit_id: credit.id, mode: "first" } })
      .catch((error: unknown) =>
        container
          .resolve(ContainerRegistrationKeys.LOGGER)
          .warn(`[jetpay] the email of refund ${credit.jetpay_id} was not sent: ${errorMessage(error)}`)
      )
  }
}

export const config: SubscriberConfig = {
  event: PaymentEvents.REFUNDED,
}
