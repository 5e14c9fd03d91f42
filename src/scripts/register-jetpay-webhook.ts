import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { registerStoreWebhook } from "../workflows/reconcile/store-webhook-registration"

/**
 * Registers this store's webhook URL with Jetpay, or updates the registration:
 *
 *   npx medusa exec ./node_modules/medusa-payment-jetpay/.medusa/server/src/scripts/register-jetpay-webhook.js https://shop.example.com
 *
 * The argument is the store's public backend URL (default: MEDUSA_BACKEND_URL).
 * It uses the Jetpay provider's own options (apiKey, baseUrl, webhookApiKey) and the batch
 * settings JETPAY_WEBHOOK_MAX_BATCH_SIZE / JETPAY_WEBHOOK_MAX_WAIT_SECONDS. Only the webhook
 * with this store's URL is ever changed. Idempotent.
 */
export default async function registerJetpayWebhook({ container, args }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const storeUrl = (args?.[0] ?? process.env.MEDUSA_BACKEND_URL ?? "").replace(/\/+$/, "")
  if (!/^https?:\/\//.test(storeUrl)) {
    throw new Error(
      "Give the store's public backend URL: npx medusa exec <this script> https://shop.example.com (or set MEDUSA_BACKEND_URL)"
    )
  }
  const { action, webhook, needsAttention, replayedFrom } = await registerStoreWebhook(container, storeUrl)
  logger.info(
    `Jetpay webhook ${action}: ${webhook.callback_url} (id ${webhook.identifier}, state ${webhook.state}, ` +
      `batches of up to ${webhook.max_batch_size ?? "?"} events, sent at least every ${webhook.max_wait_seconds ?? "?"} s)` +
      (replayedFrom !== undefined ? `; Jetpay delivers again from event ${replayedFrom}` : "")
  )
  if (needsAttention) logger.warn(`Jetpay webhook needs attention: ${needsAttention}`)
  return { action, webhook }
}

