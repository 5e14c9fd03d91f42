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
  const pending = await jetpay.listJetpayWebhookEvents(
    { jetpay_transaction_id: ids, processed_at: null },
    { select: ["jetpay_transaction_id"], take: null }
  )
  const withEvents = [...new Set(pending.flatMap((row) => (row.jetpay_transaction_id ? [row.jetpay_transaction_id] : [])))]
  const acknowledged = new Set(await jetpay.acknowledgeRequestedEvents(withEvents))
  const toApply = withEvents.filter((id) => !acknowledged.has(id))
  if (toApply.length) await applyJetpayWebhookBatchWorkflow(container).run({ input: { jetpay_transaction_ids: toApply } })
}

export const config: SubscriberConfig = {
  event: JetpayEvents.WEBHOOK_EVENTS_RECORDED,
}
