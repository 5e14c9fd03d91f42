import { DEFAULT_TIMINGS, type JetpayTimings } from "./timings"

export type ReplayInput = {
  /** The highest event id up to which every id was received, or null before any event. */
  through: bigint | null
  /** The highest event id received at all. */
  highestReceived: bigint | null
  /** When the first event past a gap was received; null when there is no gap. */
  gapSince: Date | null
  /** Jetpay's cursor for this store's webhook: events it counts as delivered (after a 2xx). */
  lastSentEventId: bigint | null
  webhookFailed: boolean
  lastReplay: { from: bigint; at: Date } | null
  now: Date
}

export type ReplayDecision =
  | { replay: false }
  | { replay: true; from: bigint; reason: "webhook_failed" | "gap" | "lost_after_delivery" }

/**
 * Whether to ask Jetpay to deliver again from the first id this store is missing. Ids are
 * never skipped: a gap older than a few seconds is a lost delivery, and so is any id Jetpay
 * counts as delivered that was never recorded (this store records before it answers 2xx).
 */
export function replayDecision(
  input: ReplayInput,
  { gapGraceMs, replayCooldownMs }: Pick<JetpayTimings, "gapGraceMs" | "replayCooldownMs"> = DEFAULT_TIMINGS
): ReplayDecision {
  const from = input.through === null ? null : input.through + 1n
  const decide = (reason: "webhook_failed" | "gap" | "lost_after_delivery"): ReplayDecision => {
    if (from === null) return { replay: false }
    const recent = input.lastReplay && input.lastReplay.from === from && input.now.getTime() - input.lastReplay.at.getTime() < replayCooldownMs
    return recent ? { replay: false } : { replay: true, from, reason }
  }
  if (input.webhookFailed) return decide("webhook_failed")
  if (input.gapSince && input.now.getTime() - input.gapSince.getTime() >= gapGraceMs) return decide("gap")
  if (input.lastSentEventId !== null && (input.highestReceived === null || input.lastSentEventId > input.highestReceived)) {
    return decide("lost_after_delivery")
  }
  return { replay: false }
}
