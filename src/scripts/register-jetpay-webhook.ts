import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { ensureWebhook } from "../lib/jetpay"
import { jetpayServices } from "../lib/medusa-jetpay/jetpay-services"

/**
 * Registers this store's webhook URL with Jetpay, or updates the registration:
 *
 *   npx medusa exec ./node_modules/medusa-payment-jetpay/.medusa/server/src/scripts/register-jetpay-webhook.js https://shop.example.com
 *
 * The argument is the store's public backend URL (default: MEDUSA_BACKEND_URL).
 * It uses the Jetpay provider's own options (apiKey, baseUrl, webhookApiKey). Idempotent.
 */
export default async function registerJetpayWebhook({ container, args }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const storeUrl = (args?.[0] ?? process.env.MEDUSA_BACKEND_URL ?? "").replace(/\/+$/, "")
  if (!/^https?:\/\//.test(storeUrl)) {
    throw new Error(
      "Give the store's public backend URL: npx medusa exec <this script> https://shop.example.com (or set MEDUSA_BACKEND_URL)"
    )
  }
  const { client, options } = jetpayServices(container)
  const callbackUrl = `${storeUrl}/hooks/jetpay`
  const { action, webhook } = await ensureWebhook(client, {
    callbackUrl,
    callbackApiKey: options.webhookApiKey,
    maxBatchSize: envNumber("JETPAY_WEBHOOK_MAX_BATCH_SIZE"),
    maxWaitSeconds: envNumber("JETPAY_WEBHOOK_MAX_WAIT_SECONDS"),
  })
  logger.info(
    `Jetpay webhook ${action}: ${webhook.callback_url} (id ${webhook.identifier}, state ${webhook.state}, ` +
      `batches of up to ${webhook.max_batch_size ?? "?"} events, sent at least every ${webhook.max_wait_seconds ?? "?"} s)`
  )
  return { action, webhook }
}

function envNumber(name: string): number | undefined {
  const value = process.env[name]
  if (value === undefined || value === "") return undefined
  const number = Number(value)
  if (!Number.isInteger(number)) throw new Error(`${name} must be a whole number`)
  return number
}
