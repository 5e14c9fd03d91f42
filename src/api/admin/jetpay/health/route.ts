import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { JETPAY_MODULE } from "../../../../modules/jetpay"
import type JetpayModuleService from "../../../../modules/jetpay/service"
import { jetpayServices } from "../../../../providers/jetpay/jetpay-services"
import type { JetpayHealth, WebhookHealth } from "../../../../domain/admin-responses"
import { isStoreWebhook, webhookView } from "../../../../domain/store-webhook"
import { findWebhookByUrl } from "../../../../jetpay-api"
import { LAST_RUN_KEY } from "../../../../workflows/reconcile/reconcile"
import type { ReconciliationRun } from "../../../../domain/admin-responses"
import { WEBHOOK_REGISTRATION_KEY, type StoredRegistration } from "../../../../workflows/reconcile/store-webhook-registration"
import { toMedusaError } from "../../../../domain/medusa-errors"
import { isJetpayDemoHost } from "../../../../domain/production-safety"
import { STAFF_EMAILS_KEY } from "../../../../workflows/reconcile/attention-emails"
import type { StaffEmailState } from "../../../../domain/attention-email"

/**
 * The settings page's checks, each answered on its own so one failure does not hide the
 * others: is the store on Jetpay's demo host (test mode), does Jetpay accept the API token
 * (one cheap authenticated call), is a webhook registered for this store, how the event log
 * is doing, the last reconciliation run, and the staff emails about Needs attention items.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse<JetpayHealth>) => {
  const { client, options, providerId } = jetpayServices(req.scope)
  const jetpay = req.scope.resolve<JetpayModuleService>(JETPAY_MODULE)
  let api: JetpayHealth["api"]
  let webhook: WebhookHealth | null = null
  try {
    const [webhooks, registration] = await Promise.all([
      client.listWebhooks(),
      jetpay.readState<StoredRegistration>(WEBHOOK_REGISTRATION_KEY),
    ])
    api = { ok: true, error: null }
    // This store's own webhook: the one it registered; before any registration, one that delivers to a /hooks/jetpay.
    const mine = registration
      ? findWebhookByUrl(webhooks, registration.callback_url)
      : webhooks.find(isStoreWebhook)
    webhook = mine
      ? { registered: true, ...webhookView(mine) }
      : { registered: false, other: webhooks[0] ? webhookView(webhooks[0]) : null }
  } catch (error) {
    // The client's errors never carry the token; this message is safe to show.
    api = { ok: false, error: toMedusaError(error, "Calling the Jetpay API").message }
  }

  const [[last], [, waiting], [, failed], reconciliation, staffEmails] = await Promise.all([
    jetpay.listJetpayWebhookEvents({}, { take: 1, order: { received_at: "DESC" }, select: ["id", "received_at"] }),
    jetpay.listAndCountJetpayWebhookEvents({ processed_at: null, last_error: null }, { take: 1, select: ["id"] }),
    jetpay.listAndCountJetpayWebhookEvents({ processed_at: null, last_error: { $ne: null } }, { take: 1, select: ["id"] }),
    jetpay.readState<ReconciliationRun>(LAST_RUN_KEY),
    jetpay.readState<StaffEmailState>(STAFF_EMAILS_KEY),
  ])

  res.json({
    provider_id: providerId,
    base_url: options.baseUrl,
    test_mode: isJetpayDemoHost(options.baseUrl),
    api,
    webhook,
    events: {
      last_received_at: last ? new Date(last.received_at).toISOString() : null,
      waiting,
      failed,
    },
    reconciliation: reconciliation ?? null,
    staff_emails: {
      recipients: options.attentionEmails.length,
      waiting: staffEmails?.pending.length ?? 0,
      failed: (staffEmails?.failed ?? []).map((email) => ({
        item_id: email.item_id,
        to: email.to,
        attempts: email.attempts,
        error: email.last_error,
      })),
    },
  })
}
