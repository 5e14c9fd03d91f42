import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { ConfigModule } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { RegisterWebhookResponse } from "../../../../domain/admin-responses"
import { webhookView } from "../../../../domain/store-webhook"
import { registerStoreWebhook } from "../../../../workflows/reconcile/store-webhook-registration"
import { toMedusaError } from "../../../../domain/medusa-errors"
import type { RegisterWebhookBody } from "../validators"

/**
 * The settings page's "register or repair" button (it sends the backend URL the admin talks to):
 * this store's own webhook (the one with its `/hooks/jetpay` URL; no other is touched) registered, or a failed one reactivated with
 * a replay of what was missed, with the same settings as the register command.
 * Idempotent: a second press answers `unchanged`.
 */
export const POST = async (req: MedusaRequest<RegisterWebhookBody>, res: MedusaResponse<RegisterWebhookResponse>) => {
  const body = req.validatedBody
  // Never the request's Host header: the store's public URL is the admin's word or Medusa's config.
  const storeUrl = body.store_url ?? configuredBackendUrl(req)
  if (!storeUrl) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "store_url is required: the store's public backend URL (https://api.your-store.com), to which /hooks/jetpay is added " +
        "(Medusa's admin.backendUrl is not set in medusa-config.ts)"
    )
  }
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

/** Medusa's `admin.backendUrl` when it is an absolute http(s) URL (the admin's default "/" is not). */
function configuredBackendUrl(req: MedusaRequest): string | null {
  const config = req.scope.resolve<ConfigModule>(ContainerRegistrationKeys.CONFIG_MODULE)
  const backendUrl = config.admin?.backendUrl
  return typeof backendUrl === "string" && /^https?:\/\//.test(backendUrl) ? backendUrl : null
}
