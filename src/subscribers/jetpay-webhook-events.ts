import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { JetpayEvents } from "../lib/medusa-jetpay/events"
import { syncJetpayTransaction } from "../workflows/sync-jetpay-transaction"

/** After the webhook route answered: apply the recorded events, one transaction at a time. */
export default async function applyJetpayWebhookEvents({
  event,
  container,
}: SubscriberArgs<{ jetpay_transaction_ids: string[] }>) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  for (const id of event.data.jetpay_transaction_ids) {
    await syncJetpayTransaction(container, id).catch((error: Error) => {
      logger.error(`[jetpay] could not apply webhook events of transaction ${id}: ${error.message}`)
    })
  }
}

export const config: SubscriberConfig = {
  event: JetpayEvents.WEBHOOK_EVENTS_RECORDED,
}
