import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { setTimeout as sleep } from "node:timers/promises"
import { JETPAY_MODULE } from "../modules/jetpay"
import type JetpayModuleService from "../modules/jetpay/service"
import { applyJetpayTransactions } from "../workflows/sync/apply-jetpay-transactions"
import { JetpayEvents } from "../domain/events"
import { jetpayServices } from "../providers/jetpay/jetpay-services"

/**
 * After the webhook route answered: applies the batch's transactions, several at once, each
 * under its own lock. Events that only say a transaction was created are acknowledged without
 * a sync. If any failed within the wait, it throws so the event bus retries it; a
 * retry applies only the transactions whose events are still unprocessed.
 *
 * It waits for them at most the `subscriberWaitMs` timing: Medusa's event bus runs one job
 * after another by default, and a batch waiting on a hung Jetpay read (seconds, with its
 * retries) would hold up every payment behind it. Past it, the transactions still running
 * finish on their own, and what fails is recorded and retried by the reconciliation job.
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
  const outcomes = await Promise.race([applyJetpayTransactions(container, toApply), sleep(jetpayServices(container).options.timings.subscriberWaitMs, null)])
  if (!outcomes) return
  const failed = outcomes.filter((outcome) => !outcome.ok)
  if (failed.length) {
    throw new Error(
      `${failed.length} of ${toApply.length} Jetpay transactions could not be applied yet: ` +
        failed.map((outcome) => `${outcome.jetpayTransactionId} (${"error" in outcome ? outcome.error : ""})`).join("; ")
    )
  }
}

export const config: SubscriberConfig = {
  event: JetpayEvents.WEBHOOK_EVENTS_RECORDED,
}
