import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { RegisterWebhookResponse } from "../../../../domain/admin-responses"
import { webhookView } from "../../../../domain/store-webhook"
import { registerStoreWebhook } from "../../../../workflows/reconcile/store-webhook-registration"
import { toMedusaError } from "../../../../domain/medusa-errors"
import type { RegisterWebhookBody } from "../validators"

/**
 * The settings page's "register or repair" button: this store's own webhook (the one with
 * its `/hooks/jetpay` URL; no other is touched) registered, or a failed one reactivated with
 * a replay of what was missed, with the same settings as the register command.
 * Idempotent: a second press answers `unchanged`.
 */
export const POST = async (req: MedusaRequest<RegisterWebhookBody>, res: MedusaResponse<RegisterWebhookResponse>) => {
  const body = req.validatedBody
  // Medusa trusts one proxy hop, so behind TLS termination this is still the public https origin.
  const storeUrl = body.store_url ?? `${req.protocol}://${req.get("host")}`
  try {
    const { action, webhook, needsAttention, replayedFrom } = await registerStoreWebhook(req.scope, storeUrl)
    res.json({
      action,
      webhook: webhookView(webhook),
      needs_attention: needsAttention ?? null,
      replayed_from: replayedFrom ?? null,
    })
  } catch (error) {
    throw toMedusaError(error, "Registering the Jetpay webhook")
  }
}
