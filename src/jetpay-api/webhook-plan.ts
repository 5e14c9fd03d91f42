import type { UpdateWebhookInput } from "./request-bodies"
import type { JetpayWebhook } from "./schemas"
import { WEBHOOK_FAILED_STATE, WEBHOOK_HEALTHY_STATES, WEBHOOK_PAUSED_STATE } from "./constants"

/** The settings a store wants its webhook to have; absent ones are left to Jetpay. */
export type WebhookSettings = {
  callbackApiKey?: string
  maxBatchSize?: number
  maxWaitSeconds?: number
  /**
   * Where a repaired (failed) webhook resumes: the id after the last event this store processed
   * contiguously. Ignored for a webhook that is delivering: a replay there only resends.
   */
  replayFromEventId?: number
}

/** What to do with this store's existing webhook. Pure: ensureWebhook carries it out. */
export type WebhookPlan =
  | { action: "unchanged"; needsAttention?: string }
  | { action: "updated"; patch: UpdateWebhookInput }
  | { action: "repaired"; patch: UpdateWebhookInput; replayedFrom?: number }

/** The fields to send so the webhook has `settings`; empty when it already has them. */
export function settingsPatch(webhook: JetpayWebhook, settings: WebhookSettings): UpdateWebhookInput {
  const patch: UpdateWebhookInput = {}
  if (settings.maxBatchSize !== undefined && webhook.max_batch_size !== settings.maxBatchSize) {
    patch.maxBatchSize = settings.maxBatchSize
  }
  if (settings.maxWaitSeconds !== undefined && webhook.max_wait_seconds !== settings.maxWaitSeconds) {
    patch.maxWaitSeconds = settings.maxWaitSeconds
  }
  // Jetpay never shows the api key back, so whether it differs cannot be known: a configured one
  // is always sent again.
  if (settings.callbackApiKey !== undefined) patch.callbackApiKey = settings.callbackApiKey
  return patch
}

/**
 * - healthy (active, scheduled, dispatching, backing off): PATCH only the settings that differ.
 * - failed: PATCH back to active, with the settings, and replay from the caller's event id. With
 *   no id from the caller nothing is replayed rather than a start guessed from
 *   `last_sent_event_id`: that counts what Jetpay sent, not what the store accepted, and a webhook
 *   fails precisely because its last batches were refused, so `last_sent_event_id + 1` would skip
 *   them. A caller that notices a gap later can still call replayWebhook.
 * - paused: the merchant's choice; left as it is, and reported.
 * - any other state: not named by Jetpay's contract; left as it is, and reported.
 */
export function planWebhookChange(webhook: JetpayWebhook, settings: WebhookSettings): WebhookPlan {
  const kind = classifyWebhookState(webhook.state)
  switch (kind) {
    case "healthy": {
      const patch = settingsPatch(webhook, settings)
      return Object.keys(patch).length === 0 ? { action: "unchanged" } : { action: "updated", patch }
    }
    case "failed": {
      const replay = settings.replayFromEventId
      const patch: UpdateWebhookInput = {
        ...settingsPatch(webhook, settings),
        state: "active",
        ...(replay === undefined ? {} : { replayFromEventId: replay }),
      }
      return replay === undefined ? { action: "repaired", patch } : { action: "repaired", patch, replayedFrom: replay }
    }
    case "paused":
      return {
        action: "unchanged",
        needsAttention:
          `Jetpay's webhook ${webhook.identifier} for this store is paused, so no events are delivered; ` +
          "it was left paused: resume it in Jetpay when the store should receive events again",
      }
    case "unknown":
      return {
        action: "unchanged",
        needsAttention:
          `Jetpay's webhook ${webhook.identifier} for this store is in a state this plugin does not know ` +
          `("${webhook.state}"); it was left as it is: check it in Jetpay`,
      }
  }
}

/**
 * What a webhook's state asks of this store: nothing (`healthy`), respect (`paused`), repair
 * (`failed`), or a person's look (`unknown`: a state the contract does not name is never guessed
 * to be healthy nor forced back to active).
 */
export type WebhookStateClass = "healthy" | "paused" | "failed" | "unknown"

export function classifyWebhookState(raw: string): WebhookStateClass {
  const state = raw.trim().toLowerCase()
  if ((WEBHOOK_HEALTHY_STATES as readonly string[]).includes(state)) return "healthy"
  if (state === WEBHOOK_PAUSED_STATE) return "paused"
  if (state === WEBHOOK_FAILED_STATE) return "failed"
  return "unknown"
}
