import { DEFAULT_TIMINGS, type JetpayTimings } from "./timings"

/**
 * How many times the same replay (from the same first missing id) is asked before the events
 * it names count as lost for good: the delivery cursor moves past them and Needs attention
 * lists them. A replay Jetpay answered but whose events never came will not bring them later.
 */
export const REPLAY_ATTEMPTS = 3

export type ReplayReason = "webhook_failed" | "gap" | "lost_after_delivery"

export type ReplayInput = {
  /** The highest event id up to which every id was received, or null before any event. */
  through: bigint | null
  /** The highest event id received at all. */
  highestReceived: bigint | null
  /** The first id received past a gap; null when there is no gap. */
  nextReceived?: bigint | null
  /** When the first event past a gap was received; null when there is no gap. */
  gapSince: Date | null
  /** Jetpay's cursor for this store's webhook: events it counts as delivered (after a 2xx). */
  lastSentEventId: bigint | null
  webhookFailed: boolean
  /** The last replay asked, and how many times in a row it was asked from that id (1 when not told). */
  lastReplay: { from: bigint; at: Date; tries?: number } | null
  now: Date
}

export type ReplayDecision =
  | { replay: false }
  | { replay: true; from: bigint; reason: ReplayReason; tries: number }
  /** The ids `from`..`to` were asked again `REPLAY_ATTEMPTS` times and never came: lost for good. */
  | { replay: false; giveUp: { from: bigint; to: bigint; reason: Exclude<ReplayReason, "webhook_failed">; tries: number } }

/**
 * Whether to ask Jetpay to deliver again from the first id this store is missing. Ids are
 * never skipped: a gap older than a few seconds is a lost delivery, and so is any id Jetpay
 * counts as delivered that was never recorded (this store records before it answers 2xx).
 * After `REPLAY_ATTEMPTS` replays from the same id, each given its cooldown, the missing ids are
 * given up on (the run moves the delivery cursor past them and tells the merchant). A failed
 * webhook is always repaired: without it nothing is delivered at all.
 */
export function replayDecision(
  input: ReplayInput,
  { gapGraceMs, replayCooldownMs }: Pick<JetpayTimings, "gapGraceMs" | "replayCooldownMs"> = DEFAULT_TIMINGS,
  attempts: number = REPLAY_ATTEMPTS
): ReplayDecision {
  const from = input.through === null ? null : input.through + 1n
  const decide = (reason: ReplayReason, lostThrough: bigint | null): ReplayDecision => {
    if (from === null) return { replay: false }
    const same = input.lastReplay && input.lastReplay.from === from ? input.lastReplay : null
    if (same && input.now.getTime() - same.at.getTime() < replayCooldownMs) return { replay: false }
    const tries = same ? (same.tries ?? 1) : 0
    if (reason !== "webhook_failed" && lostThrough !== null && lostThrough >= from && tries >= attempts) {
      return { replay: false, giveUp: { from, to: lostThrough, reason, tries } }
    }
    return { replay: true, from, reason, tries: tries + 1 }
  }
  if (input.webhookFailed) return decide("webhook_failed", null)
  if (input.gapSince && input.now.getTime() - input.gapSince.getTime() >= gapGraceMs) {
    return decide("gap", input.nextReceived != null ? input.nextReceived - 1n : null)
  }
  if (input.lastSentEventId !== null && (input.highestReceived === null || input.lastSentEventId > input.highestReceived)) {
    return decide("lost_after_delivery", input.lastSentEventId)
  }
  return { replay: false }
}
