import { actionsFor, type AttentionItem } from "./attention-items"

/**
 * Event ids given up on: replayed `REPLAY_ATTEMPTS` times (replay-decision.ts) and never
 * received. Kept in the sync state; each undismissed one is a Needs attention item.
 */
export type LostEvents = {
  from: string
  to: string
  reason: "gap" | "lost_after_delivery"
  /** Replays asked from `from` before giving up. */
  tries: number
  at: string
  dismissed_at?: string | null
}

export type LostEventsState = { gaps: LostEvents[] }

/** The most recent ranges kept: the older ones were seen and handled long ago. */
export const LOST_EVENTS_KEPT = 20

export const EVENTS_LOST_KIND = "events_lost" as const

export function lostEventsItemId(gap: Pick<LostEvents, "from" | "to">): string {
  return `${EVENTS_LOST_KIND}:${gap.from}-${gap.to}`
}

/** The state with one more range given up on (a range already there is kept as it was). */
export function withLostEvents(state: LostEventsState | undefined, gap: LostEvents): LostEventsState {
  const gaps = state?.gaps ?? []
  if (gaps.some((known) => lostEventsItemId(known) === lostEventsItemId(gap))) return { gaps }
  return { gaps: [...gaps, gap].slice(-LOST_EVENTS_KEPT) }
}

/** The state with that item dismissed, or null when no undismissed range has that id. */
export function dismissLostEvents(state: LostEventsState | undefined, itemId: string, now: Date): LostEventsState | null {
  const gaps = state?.gaps ?? []
  const open = gaps.find((gap) => lostEventsItemId(gap) === itemId && !gap.dismissed_at)
  if (!open) return null
  return { gaps: gaps.map((gap) => (gap === open ? { ...gap, dismissed_at: now.toISOString() } : gap)) }
}

/** One Needs attention item per range not dismissed, newest first. */
export function lostEventsItems(state: LostEventsState | undefined): AttentionItem[] {
  return (state?.gaps ?? [])
    .filter((gap) => !gap.dismissed_at)
    .reverse()
    .map((gap) => ({
      id: lostEventsItemId(gap),
      kind: EVENTS_LOST_KIND,
      transaction_id: null,
      order_id: null,
      cart_id: null,
      amount: 0,
      reason: lostEventsReason(gap),
      since: gap.at,
      actions: actionsFor(EVENTS_LOST_KIND),
    }))
}

function lostEventsReason(gap: LostEvents): string {
  const ids = gap.from === gap.to ? `event ${gap.from}` : `events ${gap.from} to ${gap.to}`
  return (
    `Jetpay never delivered ${ids}, asked again ${gap.tries} times; the store stopped waiting for them. ` +
    `Open payments are still re-read at Jetpay, but compare the payments made around that time in Jetpay's dashboard with your orders.`
  )
}
