import type { JetpayClient } from "./client"
import { WEBHOOK_DUPLICATE_URL_STATUSES } from "./constants"
import { JetpayApiError } from "./errors"
import { validateRegisterWebhookInput } from "./request-bodies"
import type { JetpayWebhook } from "./schemas"
import { planWebhookChange, type WebhookSettings } from "./webhook-plan"
import { findWebhookByUrl } from "./webhook-url"

export type EnsureWebhookInput = WebhookSettings & {
  /** This store's callback URL: it is how the store's webhook is told from the company's others. */
  callbackUrl: string
}

export type EnsureWebhookResult = {
  action: "registered" | "updated" | "repaired" | "unchanged"
  webhook: JetpayWebhook
  /** The event id Jetpay was asked to deliver again from, when it was. */
  replayedFrom?: number
  /** Set when the webhook does not deliver and was deliberately left so (paused, unknown state). */
  needsAttention?: string
}

/**
 * Makes this store's webhook (the company's one whose callback_url is `callbackUrl`) exist, with
 * these settings, and deliver: registers it when there is none, updates settings that differ,
 * repairs a failed one (back to active, replaying from `replayFromEventId` when given), and leaves
 * a paused one paused. Every other webhook of the company is left untouched: only ours is ever
 * PATCHed, and nothing is ever deleted. Safe to run again and again, and by two processes at once.
 * Invalid input is refused (JetpayInvalidRequestError) before anything is sent.
 */
export async function ensureWebhook(client: JetpayClient, input: EnsureWebhookInput): Promise<EnsureWebhookResult> {
  const valid = validateRegisterWebhookInput(input)
  const existing = findWebhookByUrl(await client.listWebhooks(), valid.callbackUrl)
  if (existing) return bringUpToDate(client, existing, valid)
  try {
    const webhook = await client.registerWebhook(valid)
    return valid.replayFromEventId === undefined
      ? { action: "registered", webhook }
      : { action: "registered", webhook, replayedFrom: valid.replayFromEventId }
  } catch (error) {
    // Jetpay answers a URL the company already has with a validation error: another run registered
    // it between our list and our POST, or the list missed it. Any other refusal finds nothing.
    if (error instanceof JetpayApiError && WEBHOOK_DUPLICATE_URL_STATUSES.includes(error.status ?? 0)) {
      const raced = findWebhookByUrl(await client.listWebhooks(), valid.callbackUrl)
      if (raced) return bringUpToDate(client, raced, valid)
    }
    throw error
  }
}

/**
 * Asks Jetpay to deliver this webhook's events again from `fromEventId` (inclusive), e.g. after a
 * gap in the event ids received showed that one was missed. Changes nothing else.
 */
export async function replayWebhook(
  client: JetpayClient,
  webhookIdentifier: string,
  fromEventId: number
): Promise<JetpayWebhook> {
  return client.updateWebhook(webhookIdentifier, { replayFromEventId: fromEventId })
}

async function bringUpToDate(
  client: JetpayClient,
  webhook: JetpayWebhook,
  settings: WebhookSettings
): Promise<EnsureWebhookResult> {
  const plan = planWebhookChange(webhook, settings)
  if (plan.action === "unchanged") {
    return plan.needsAttention === undefined
      ? { action: "unchanged", webhook }
      : { action: "unchanged", webhook, needsAttention: plan.needsAttention }
  }
  const updated = await client.updateWebhook(webhook.identifier, plan.patch)
  if (plan.action === "repaired" && plan.replayedFrom !== undefined) {
    return { action: "repaired", webhook: updated, replayedFrom: plan.replayedFrom }
  }
  return { action: plan.action, webhook: updated }
}
