import { WEBHOOK_FAILED_STATE, WEBHOOK_HEALTHY_STATES, WEBHOOK_PAUSED_STATE } from "./constants"

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
