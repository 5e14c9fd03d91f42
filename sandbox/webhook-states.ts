// Jetpay documents a webhook's states as `active`, `scheduled`, `dispatching`, `backing off` and
// `failed` [doc]. Only `active`, `paused` and `failed` are set (by the API or by a give-up); the
// other three are moments of delivery, read off the webhook's lane when the webhook is shown.

/** The wire spelling of Jetpay's "backing off" is not shown in its guide [inferred]: one place to fix. */
export const WEBHOOK_BACKING_OFF = "backing_off"

/** What the API or a give-up sets. `paused` is the sandbox's way to stop a webhook by hand. */
export type StoredWebhookState = "active" | "paused" | "failed"

/** What an active webhook's delivery is doing right now. */
export type DeliveryPhase = "idle" | "scheduled" | "dispatching" | "backing_off"

export type WireWebhookState =
  | "active"
  | "scheduled"
  | "dispatching"
  | typeof WEBHOOK_BACKING_OFF
  | "failed"
  | "paused"

export function wireWebhookState(stored: StoredWebhookState, phase: DeliveryPhase): WireWebhookState {
  if (stored !== "active") return stored
  switch (phase) {
    case "idle":
      return "active"
    case "scheduled":
      return "scheduled"
    case "dispatching":
      return "dispatching"
    case "backing_off":
      return WEBHOOK_BACKING_OFF
  }
}

/** Whether a run of consecutive failures is long enough to give up. */
export function shouldGiveUp(consecutiveFailures: number, giveUpAfter: number): boolean {
  return consecutiveFailures >= giveUpAfter
}
