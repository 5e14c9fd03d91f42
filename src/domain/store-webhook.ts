import type { EnsureWebhookInput, JetpayWebhook } from "../jetpay-api"

/** The plugin's own webhook route; a registration pointing anywhere else is not this plugin's. */
export const STORE_WEBHOOK_PATH = "/hooks/jetpay"

export type WebhookView = {
  identifier: string
  url: string
  state: string
  last_sent_event_id: number | null
  max_batch_size: number | null
  max_wait_seconds: number | null
}

export function webhookView(webhook: JetpayWebhook): WebhookView {
  return {
    identifier: webhook.identifier,
    url: webhook.callback_url,
    state: webhook.state,
    last_sent_event_id: webhook.last_sent_event_id ?? null,
    max_batch_size: webhook.max_batch_size ?? null,
    max_wait_seconds: webhook.max_wait_seconds ?? null,
  }
}

/** Whether a Jetpay webhook delivers to some store's `/hooks/jetpay`: how a store recognises one it registered before it remembered which. */
export function isStoreWebhook(webhook: JetpayWebhook): boolean {
  return webhook.callback_url.replace(/\/+$/, "").endsWith(STORE_WEBHOOK_PATH)
}

/**
 * What `ensureWebhook` registers for a store at `storeUrl`: the same settings as the
 * `register-jetpay-webhook` command (the provider's webhookApiKey, and the batch sizes of
 * JETPAY_WEBHOOK_MAX_BATCH_SIZE / JETPAY_WEBHOOK_MAX_WAIT_SECONDS), so the admin button and
 * the command never undo each other.
 */
export function storeWebhookInput(
  storeUrl: string,
  webhookApiKey: string | undefined,
  env: NodeJS.ProcessEnv = process.env
): EnsureWebhookInput {
  return {
    callbackUrl: `${storeUrl.replace(/\/+$/, "")}${STORE_WEBHOOK_PATH}`,
    callbackApiKey: webhookApiKey,
    maxBatchSize: envInteger(env, "JETPAY_WEBHOOK_MAX_BATCH_SIZE"),
    maxWaitSeconds: envInteger(env, "JETPAY_WEBHOOK_MAX_WAIT_SECONDS"),
  }
}

function envInteger(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name]
  if (value === undefined || value === "") return undefined
  const number = Number(value)
  if (!Number.isInteger(number)) throw new Error(`${name} must be a whole number`)
  return number
}

/**
 * The Jetpay environment a store talks to, as the key its webhook events are recorded
 * under: the API host. Event ids count per environment, so a store that tested against
 * Jetpay's demo and then went live on the same database never mistakes a production
 * event for one it has already seen.
 */
export function jetpayEnvironment(baseUrl: string): string {
  return new URL(baseUrl).host.toLowerCase()
}
