import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ensureWebhook } from "../../../../lib/jetpay"
import type { RegisterWebhookResponse } from "../../../../lib/medusa-jetpay/admin-responses"
import { jetpayServices } from "../../../../lib/medusa-jetpay/jetpay-services"
import { storeWebhookInput, webhookView } from "../../../../lib/medusa-jetpay/store-webhook"
import { toMedusaError } from "../../../../providers/jetpay/medusa-errors"
import { parseOrThrow, registerWebhookBodySchema } from "../validators"

/**
 * The settings page's "register or repair" button: points Jetpay's webhook at this
 * store's `/hooks/jetpay`, active, with the same settings as the register command.
 * Idempotent: a second press answers `unchanged`.
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse<RegisterWebhookResponse>) => {
  const body = parseOrThrow(registerWebhookBodySchema, req.body, "body")
  // Medusa trusts one proxy hop, so behind TLS termination this is still the public https origin.
  const storeUrl = body.store_url ?? `${req.protocol}://${req.get("host")}`
  const { client, options } = jetpayServices(req.scope)
  try {
    const { action, webhook } = await ensureWebhook(client, storeWebhookInput(storeUrl, options.webhookApiKey))
    res.json({ action, webhook: webhookView(webhook) })
  } catch (error) {
    throw toMedusaError(error, "Registering the Jetpay webhook")
  }
}
