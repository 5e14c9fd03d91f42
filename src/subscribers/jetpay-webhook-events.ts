import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { JETPAY_MODULE } from "../modules/jetpay"
import type JetpayModuleService from "../modules/jetpay/service"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { applyJetpayTransactions } from "../workflows/sync/apply-jetpay-transactions"
import { JetpayEvents } from "../domain/events"
import { errorMessage } from "../domain/error-message"

/**
 * After the webhook route answered: acknowledges the events that only say a transaction was
 * created, and starts applying the batch's other transactions, several at once, each under its
 * own lock, without waiting for them: the event bus goes on to its next job. Each sync is a
 * workflow of its own; a transaction that fails is recorded on its unprocessed events with its
 * next try, and events this process never applied (it stopped meanwhile) are due to the
 * reconciliation job after `neverTriedGraceMs`.
 */
export default async function applyJetpayWebhookEvents({
  event,
  container,
}: SubscriberArgs<{ jetpay_transaction_ids: string[] }>) {
  const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
  const ids = event.data.jetpay_transaction_ids
  // One statement: the `requested`-only ones acknowledged, the others (still unprocessed) to apply.
  const toApply = await jetpay.transactionsToApply(ids)
  if (!toApply.length) return
  void applyJetpayTransactions(container, toApply).catch((error: unknown) =>
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`[jetpay] applying a webhook batch failed: ${errorMessage(error)}`)
  )
}

export const config: SubscriberConfig = {
  event: JetpayEvents.WEBHOOK_EVENTS_RECORDED,
}
