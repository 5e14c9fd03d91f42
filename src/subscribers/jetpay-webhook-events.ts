import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { JETPAY_MODULE } from "../modules/jetpay"
import type JetpayModuleService from "../modules/jetpay/service"
import { applyJetpayWebhookBatchWorkflow } from "../workflows/sync/apply-webhook-batch"
import { JetpayEvents } from "../domain/events"

/**
 * After the webhook route answered: acknowledges the events that only say a transaction was
 * created, and hands the batch's other transactions to a background workflow that applies
 * them, several at once, each under its own lock. The event bus goes on to its next job.
 */
export default async function applyJetpayWebhookEvents({
  event,
  container,
}: SubscriberArgs<{ jetpay_transaction_ids: string[] }>) {
  const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
  const ids = event.data.jetpay_transaction_ids
  // One statement: the `requested`-only ones acknowledged, the others (still unprocessed) to apply.
  const toApply = await jetpay.transactionsToApply(ids)
  if (toApply.length) await applyJetpayWebhookBatchWorkflow(container).run({ input: { jetpay_transaction_ids: toApply } })
}

export const config: SubscriberConfig = {
  event: JetpayEvents.WEBHOOK_EVENTS_RECORDED,
}
