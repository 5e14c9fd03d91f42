import type { JetpayClient } from "./client"
import { JetpayApiError } from "./errors"
import type { JetpayWebhook } from "./schemas"

export type EnsureWebhookInput = {
  callbackUrl: string
  callbackApiKey?: string
  maxBatchSize?: number
  maxWaitSeconds?: number
}

export type EnsureWebhookResult = {
  action: "registered" | "updated" | "unchanged"
  webhook: JetpayWebhook
}

/**
 * Makes Jetpay's one webhook of this company point at `callbackUrl`, active, with
 * these settings: registers it when there is none, updates it when it differs,
 * and leaves it alone otherwise. Safe to run again and again.
 */
export async function ensureWebhook(client: JetpayClient, input: EnsureWebhookInput): Promise<EnsureWebhookResult> {
  const [existing] = await client.listWebhooks()
  if (existing) return updateIfNeeded(client, existing, input)
  try {
    const webhook = await client.registerWebhook(input)
    return { action: "registered", webhook }
  } catch (error) {
    // Another run registered it between our list and our POST: update that one.
    if (error instanceof JetpayApiError && error.status === 409) {
      const [raced] = await client.listWebhooks()
      if (raced) return updateIfNeeded(client, raced, input)
    }
    throw error
  }
}

async function updateIfNeeded(
  client: JetpayClient,
  webhook: JetpayWebhook,
  input: EnsureWebhookInput
): Promise<EnsureWebhookResult> {
  const same =
    webhook.callback_url === input.callbackUrl &&
    webhook.state === "active" &&
    (input.maxBatchSize === undefined || webhook.max_batch_size === input.maxBatchSize) &&
    (input.maxWaitSeconds === undefined || webhook.max_wait_seconds === input.maxWaitSeconds) &&
    // Jetpay never shows the api key back: a configured one is always sent again.
    input.callbackApiKey === undefined
  if (same) return { action: "unchanged", webhook }
  const updated = await client.updateWebhook(webhook.identifier, { ...input, state: "active" })
  return { action: "updated", webhook: updated }
}
